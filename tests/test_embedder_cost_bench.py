"""bench/embedder_cost.py's own tools: its scoring, its Matryoshka cut, and what it does without the model."""
import subprocess
import sys

import numpy as np
import pytest

from bench.embedder_cost import quality, shortened
from bot.evaluation import Query
from bot.settings import ROOT


def test_scoring_counts_hits_and_refusals_at_the_threshold_that_answers_nine_in_ten():
    passages = np.eye(3, dtype=np.float32)                        # rows a, b, c
    ids = ["a", "b", "c"]
    queries = [Query(f"q{i}", {"a"}, "en") for i in range(8)] + [Query("q8", {"b"}, "en"), Query("q9", {"c"}, "en")]
    queries += [Query("off1", set(), "en"), Query("off2", set(), "en")]
    vectors = [[0.9, 0.1, 0.0]] * 8 + [[0.6, 0.5, 0.0], [0.0, 0.0, 0.95]] + [[0.3, 0.2, 0.1], [0.0, 0.0, 0.92]]
    report = quality(ids, passages, queries, np.array(vectors, dtype=np.float32))
    assert report["n_inscope"] == 10 and report["n_oos"] == 2
    assert report["hit_at_1"] == 0.9                               # q8's best row is a, its own (b) second
    assert report["hit_at_3"] == 1.0
    assert report["threshold_at_0_90_answered"] == pytest.approx(0.9, abs=2e-3)   # nine of ten reach 0.9
    assert report["oos_rejection"] == 0.5                          # 0.3 refused, 0.92 answered


def test_fewer_dimensions_are_normalised_again():
    vectors = np.array([[0.6, 0.0, 0.8], [0.0, 1.0, 0.0]], dtype=np.float32)
    cut = shortened(vectors, 2)
    assert cut.shape == (2, 2)
    assert np.allclose(cut, [[1.0, 0.0], [0.0, 1.0]])
    assert shortened(vectors, 0) is vectors


def test_without_the_model_it_says_how_to_get_it_and_succeeds(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "embedder_cost.py"), "--model", str(tmp_path / "none"),
                          "--out", str(tmp_path / "out.json")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "make embedder-gemma" in run.stdout and "nothing measured" in run.stdout
    assert not (tmp_path / "out.json").exists()


def test_the_runtime_bench_without_a_converted_model_says_how_and_succeeds(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "onnx_runs.py"), "--model", str(tmp_path / "none"),
                          "--out", str(tmp_path / "out.json")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "make embedder-gemma-onnx" in run.stdout and "nothing measured" in run.stdout
    assert not (tmp_path / "out.json").exists()


def test_the_runtime_bench_reads_threads_and_texts_at_once_from_a_configuration_name():
    pytest.importorskip("onnxruntime")
    from bench.onnx_runs import runs_of
    from bot.search.onnx_model import OnnxRuns

    assert runs_of("t1w2") == OnnxRuns(threads=1, workers=2)
    assert runs_of("t2w1") == OnnxRuns(threads=2, workers=1)
    with pytest.raises(SystemExit, match="t<threads>w<workers>"):
        runs_of("two-threads")
