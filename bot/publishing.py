"""Publish the knowledge: validate everything, build the index, switch atomically.

Nothing is half-published: any error in any file stops before the switch, and
the version residents see stays as it was.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.answer.calibration import calibrate, probes_key
from bot.knowledge.contacts import faq_contact_problems, with_department_phones
from bot.knowledge.district import District, load_district
from bot.knowledge.faq import FaqRow, FaqSet, load_faq
from bot.knowledge.files import KnowledgeError
from bot.knowledge.taught import Taught, load_taught, with_taught
from bot.search.cache import EmbeddingCache
from bot.search.embedders import Embedder, embedder_from
from bot.search.index import FaqIndex
from bot.search.versions import IndexStore, rows_fingerprint
from bot.settings import Settings


@dataclass
class Published:
    version: str
    changed: bool
    rows: int
    embedded: int
    seconds: float
    due_for_review: int
    calibrated: dict | None = None   # the thresholds calibrated from the FAQ (bot/answer/calibration.py)


def embedding_cache(settings: Settings) -> EmbeddingCache:
    return EmbeddingCache(settings.data_dir / "embeddings.sqlite")


def index_rows(settings: Settings, rows: list[FaqRow], embedder: Embedder):
    return FaqIndex.build(rows, embedder, embedding_cache(settings), settings.embed_workers,
                          settings.hnsw_threshold, settings.answer_head_chars, settings.english_model,
                          settings.retrieval_units, settings.passage_chars, uses_lexicon(settings))


def uses_lexicon(settings: Settings) -> bool:
    """Whether a Korean FAQ's index keeps its Korean lexicon: for English words (lexicon_similarity) or noun
    coverage (coverage_weight); with both off its nouns are not embedded."""
    return bool(settings.lexicon_similarity or settings.coverage_weight)


def build(settings: Settings, faq: FaqSet, embedder: Embedder):
    """Rows not yet (or no longer) in force are indexed too; retrieval filters by date, so a
    row whose valid_from arrives needs no new publish."""
    return index_rows(settings, faq.rows + faq.expired, embedder)


def calibration_for(settings: Settings, index: FaqIndex, embedder: Embedder) -> dict:
    """The answer thresholds calibrated from the FAQ itself (bot/answer/calibration.py)."""
    return calibrate(index, embedder, settings, lambda rows: index_rows(settings, rows, embedder)[0])


def calibration_key(settings: Settings, out_of_force: list[FaqRow] = ()) -> str:
    """What the calibrated thresholds depend on besides the rows and the embedder (part of the fingerprint);
    with calibration off nothing is calibrated, so nothing of it can make a publish stale.

    Besides the ranking settings: the election period (the guard refuses more probes then) and which rows are
    out of force on the publish date (``out_of_force``: probes neither ask nor find them; a row coming into
    force is a new calibration, though the rows themselves did not change). Not in it, because the
    calibration does not read them: the configured answer thresholds (the probes are decided at -inf),
    translate_questions (probes are not translated) and top_k (probes look PROBE_DEPTH deep)."""
    if not settings.calibrated_threshold:
        return "calibration off"
    return "|".join(str(v) for v in (probes_key(), settings.lexical_weight, settings.answer_weight,
                                     settings.latent_weight, settings.lexicon_similarity, settings.english_weight,
                                     settings.rrf_k, settings.coverage_weight, settings.english_threshold_offset,
                                     "|".join(settings.home_place_names), settings.english_lexical_weight,
                                     f"election:{settings.election_period}",
                                     "out:" + ",".join(sorted(r.id for r in out_of_force))))


def published_rows(rows: list[FaqRow], district: District, taught: Taught | None = None) -> list[FaqRow]:
    """Rows as a publish makes them live: one that names its department and leaves the phone
    empty gets the department's number (tables/departments.csv); the questions staff taught
    (taught_questions.csv) join their row's alternates."""
    return with_department_phones(with_taught(rows, taught or Taught()), district.departments)


def publish(settings: Settings, faq_path: Path | None = None, embedder: Embedder | None = None,
            force: bool = False) -> Published:
    district = load_district(settings.tables_dir, base=settings.knowledge_dir)   # raises on any table error
    faq = load_faq(faq_path or settings.faq_dir, settings.current_date(), base=settings.knowledge_dir)
    contradictions = [p for p in faq_contact_problems(district.departments, faq.rows + faq.expired)
                      if p.severity == "error"]
    if contradictions:
        raise KnowledgeError(contradictions)
    # Taught questions belong to the knowledge folder; a single FAQ file is published without them.
    taught = load_taught(settings.knowledge_dir) if faq_path is None else Taught()
    if any(p.severity == "error" for p in taught.problems):
        raise KnowledgeError([p for p in taught.problems if p.severity == "error"])
    faq.rows, faq.expired = published_rows(faq.rows, district, taught), published_rows(faq.expired, district, taught)
    embedder = embedder or embedder_from(settings)
    store = IndexStore(settings.index_dir)
    fingerprint = rows_fingerprint(faq.rows + faq.expired, embedder.name, settings.answer_head_chars,
                                   settings.english_model, f"{settings.retrieval_units}:{settings.passage_chars}"
                                   + ("" if uses_lexicon(settings) else ":no-lexicon"),
                                   calibration_key(settings, faq.expired))
    current = store.current_version()
    if current and not force and store.manifest(current).get("fingerprint") == fingerprint:
        return Published(current, False, len(faq.rows), 0, 0.0, len(faq.due_for_review))
    index, stats = build(settings, faq, embedder)
    # ~12 CPU-s for the demo FAQ, inside the staff's "go live" request: only when the thresholds are used
    index.calibration = calibration_for(settings, index, embedder) if settings.calibrated_threshold else None
    version = store.save(index, stats, fingerprint, {"embedder": embedder.name})
    store.switch(version)
    return Published(version, True, stats.rows, stats.embedded, stats.seconds, len(faq.due_for_review),
                     (index.calibration or {}).get("thresholds"))
