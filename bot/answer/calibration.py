"""The answer threshold calibrated at publish from the FAQ itself (issue 25 §3; docs/adr/0003-retrieval.md).

A district publishes its own FAQ with no labelled questions, and the similarity a resident's question
reaches depends on the FAQ (its wording, its language) and on the embedder (e5-small's cosines sit in
0.8–1, other models' lower). So at publish the FAQ is asked questions whose answer we know without labels,
through the same steps as a resident's (guard, retrieve, decide's rules, noun coverage):

- *near misses*: each row's question with that row left out (its nearest other row: a question on a
  neighbouring topic this FAQ does not answer); a row's own question is no probe of a paraphrase, it finds
  itself at a similarity of about 1;
- *paraphrases*: each alternate, searched with every alternate left out of the index (only for a FAQ with
  alternates: staff's own or taught ones);
- *off-topic questions* we wrote (``bot/search/off_topic_questions.csv``).

The threshold of the FAQ's own language refuses 9 in 10 of the off-topic questions in that language that the
rules let through (those the rules refuse say nothing of the scale); with too few of them, it is the lowest
tenth of the near misses. The other language keeps the configured offset (``english_threshold_offset``).
Chosen on our three FAQs' dev queries among quantiles of each probe kind (docs/adr/0003-retrieval.md);
the other probes are reported with it. Stored with the published index
(``calibration.json``) and used by decide when ``calibrated_threshold`` is on.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np

from bot.answer.context import AnswerContext
from bot.answer.decide import decide
from bot.answer.guard import guard
from bot.answer.pipeline import retrieve_as_set
from bot.knowledge.faq import FaqRow, mostly_korean
from bot.language import detect_language
from bot.search.embedders import Embedder
from bot.search.index import FaqIndex
from bot.settings import Settings

METHOD = "off-topic-q90-own-language-1"   # changes with the method: part of the index's fingerprint
OFF_TOPIC = Path(__file__).resolve().parent.parent / "search" / "off_topic_questions.csv"
OFF_TOPIC_REFUSED = 0.9    # of the off-topic questions the rules let through (chosen on our dev queries)
NEAR_MISS_QUANTILE = 0.1
MAX_PROBES = 200          # probes of a kind (evenly spread) per language: enough for a quantile, bounded cost
MIN_PROBES = 10           # fewer probes passing the rules in a language: no quantile from them
PROBE_DEPTH = 5


def off_topic_questions(path: Path | None = None) -> list[tuple[str, str]]:
    with (path or OFF_TOPIC).open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(r["question"], r["lang"]) for r in csv.DictReader(lines)]


def probes_key() -> str:
    """What the calibration depends on besides the FAQ, the embedder and the settings: the method and our
    off-topic questions as they are now (a question added or reworded calibrates the next publish again)."""
    return f"{METHOD}:{hashlib.sha256(OFF_TOPIC.read_bytes()).hexdigest()[:16]}"


def probe(question: str, lang: str, index: FaqIndex, embedder: Embedder, settings: Settings,
          left_out: str | None = None) -> float | None:
    """The similarity decide would compare with the threshold (None: a rule refuses the question whatever
    the threshold); ``left_out``: a row id searched as if it were not in the FAQ."""
    ctx = AnswerContext(question, lang, settings.current_date())
    guard(ctx, settings.election_period)
    if ctx.done:
        return None
    retrieve_as_set(ctx, index, embedder, settings, PROBE_DEPTH)
    ctx.candidates = [c for c in ctx.candidates if c.row.id != left_out]
    decide(ctx, float("-inf"), home_places=settings.home_place_names,
           coverage_weight=settings.coverage_weight)
    if ctx.refusal or not ctx.candidates:
        return None
    return ctx.candidates[0].similarity(settings.coverage_weight)


def spread(items: list, most: int) -> list:
    """At most ``most`` of ``items``, evenly spread (the same ones every time)."""
    if len(items) <= most:
        return items
    return [items[i] for i in np.linspace(0, len(items) - 1, most).round().astype(int)]


def near_misses(index: FaqIndex, embedder: Embedder, settings: Settings) -> dict[str, list[float | None]]:
    found: dict[str, list[float | None]] = {}
    today = settings.current_date()
    for lang in ("ko", "en"):
        rows = [r for r in index.rows if r.lang == lang and r.in_force(today)]
        found[lang] = [probe(r.question, lang, index, embedder, settings, left_out=r.id)
                       for r in spread(rows, MAX_PROBES)]
    return found


def paraphrases(index: FaqIndex, embedder: Embedder, settings: Settings,
                without_alternates: FaqIndex | None) -> dict[str, list[float | None]]:
    found: dict[str, list[float | None]] = {"ko": [], "en": []}
    if without_alternates is None:
        return found
    # Filed by the gateway's own detector: "café near Seongsu?" is English, "쓰레기 봉투 price?" Korean.
    alternates = [(a, detect_language(a, "ko")) for row in index.rows for a in row.alternates]
    for alternate, lang in spread(alternates, MAX_PROBES):
        found[lang].append(probe(alternate, lang, without_alternates, embedder, settings))
    return found


def _share_answered(scores: list[float | None], threshold: float) -> float | None:
    return round(sum(s is not None and s >= threshold for s in scores) / len(scores), 4) if scores else None


def threshold_of(off_topic: list[float | None], near: list[float | None]) -> float | None:
    """The similarity that refuses ``OFF_TOPIC_REFUSED`` of the off-topic questions the rules let through;
    with too few of those, the lowest ``NEAR_MISS_QUANTILE`` of the near misses; None with neither."""
    for scores, share in ((off_topic, OFF_TOPIC_REFUSED), (near, NEAR_MISS_QUANTILE)):
        passing = [s for s in scores if s is not None]
        if len(passing) >= MIN_PROBES:
            return round(float(np.quantile(passing, share)), 3)
    return None


def calibrate(index: FaqIndex, embedder: Embedder, settings: Settings,
              index_rows: Callable[[list[FaqRow]], FaqIndex]) -> dict:
    """The thresholds for this FAQ and embedder, per language, and what each probe kind shows at them.
    ``index_rows``: indexes rows as ``index`` was (for the paraphrase probes, the FAQ without alternates)."""
    off_topic: dict[str, list[float | None]] = {"ko": [], "en": []}
    for question, lang in off_topic_questions():
        off_topic[lang].append(probe(question, lang, index, embedder, settings))
    near = near_misses(index, embedder, settings)
    # The FAQ's own language is calibrated; the other keeps the configured offset from it (calibrating both
    # apart answered fewer English questions about a Korean FAQ: docs/adr/0003-retrieval.md).
    own = "ko" if mostly_korean(index.rows) else "en"
    found = threshold_of(off_topic[own], near[own])
    if found is None:
        return {"method": METHOD, "thresholds": {}, "probes": {}}
    offset = settings.english_threshold_offset
    thresholds = {"ko": found, "en": round(found - offset, 3)} if own == "ko" else \
        {"ko": round(found + offset, 3), "en": found}
    without_alternates = (index_rows([replace(r, alternates=()) for r in index.rows])
                          if any(r.alternates for r in index.rows) else None)
    kinds = {"off_topic": off_topic, "near_miss": near,
             "paraphrase": paraphrases(index, embedder, settings, without_alternates)}
    report = {kind: {lang: {"n": len(s), "answered": _share_answered(s, thresholds[lang])}
                     for lang, s in by_lang.items() if s} for kind, by_lang in kinds.items()}
    return {"method": METHOD, "thresholds": thresholds, "probes": report}
