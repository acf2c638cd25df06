"""Run the answer steps in order, with the parts they need (index, embedder, LLM)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import cached_property

from bot.answer.check import check
from bot.answer.compose import compose
from bot.answer.context import AnswerContext
from bot.answer.decide import decide
from bot.answer.guard import guard
from bot.answer.korean_only import for_english_resident
from bot.answer.llm import ChatLLM, llm_from
from bot.answer.retrieve import retrieve
from bot.answer.translate import translate
from bot.knowledge.district import District
from bot.knowledge.files import KnowledgeError
from bot.knowledge.live import LiveDistrict
from bot.privacy import masked
from bot.search.embedders import Embedder, embedder_from
from bot.search.index import FaqIndex
from bot.search.versions import IndexStore, LiveIndex
from bot.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Answer:
    status: str                     # answered | refused | out_of_scope | no_index
    text: str | None
    source: str                     # faq | llm | fallback
    citations: list[dict[str, str]] = field(default_factory=list)
    refusal: str | None = None
    notes: list[str] = field(default_factory=list)


def threshold_for(lang: str, settings: Settings, threshold: float | None = None,
                  calibration: dict | None = None) -> float:
    """The similarity the best row needs. English questions reach lower cosines with e5, against
    Korean and English rows alike, so theirs is lower (docs/adr/0003-retrieval.md). With
    ``calibrated_threshold`` on, the FAQ's own thresholds from publish (``calibration``,
    bot/answer/calibration.py) replace the settings'; a stricter ``threshold`` asked for
    (``faq_instead_threshold``) keeps its margin over the answer threshold."""
    fixed = (threshold or settings.answer_threshold) - (settings.english_threshold_offset if lang == "en" else 0.0)
    calibrated = (calibration or {}).get("thresholds", {}).get(lang) if settings.calibrated_threshold else None
    if calibrated is None:
        return fixed
    return calibrated + (fixed - threshold_for(lang, settings) if threshold else 0.0)


def lexical_weight_for(lang: str, settings: Settings) -> float:
    """BM25's weight in the ranking for a question in ``lang``: an English question's own when it is set."""
    if lang == "en" and settings.english_lexical_weight >= 0:
        return settings.english_lexical_weight
    return settings.lexical_weight


def retrieve_as_set(ctx: AnswerContext, index: FaqIndex, embedder: Embedder, settings: Settings,
                    depth: int) -> AnswerContext:
    """Retrieve with the settings' ranking signals, as a resident's question is (and the calibration's probes)."""
    return retrieve(ctx, index, embedder, depth, lexical_weight_for(ctx.lang, settings), settings.answer_weight,
                    settings.latent_weight, settings.lexicon_similarity, settings.english_weight, settings.rrf_k,
                    bool(settings.coverage_weight))


def understand(ctx: AnswerContext, index: FaqIndex, embedder: Embedder, settings: Settings, depth: int,
               threshold: float | None = None, llm: ChatLLM | None = None) -> AnswerContext:
    """guard → translate (with an LLM) → retrieve (``depth`` candidates) → decide: what `minwon eval` measures."""
    guard(ctx, settings.election_period)
    if ctx.done:
        return ctx
    if settings.translate_questions:
        translate(ctx, llm, index)
    retrieve_as_set(ctx, index, embedder, settings, depth)
    # A translated question is also matched in Korean, on Korean's (stricter) similarity scale.
    return decide(ctx, threshold_for("ko" if ctx.translation else ctx.lang, settings, threshold, index.calibration),
                  home_places=settings.home_place_names, coverage_weight=settings.coverage_weight)


def run_steps(ctx: AnswerContext, index: FaqIndex, embedder: Embedder, llm: ChatLLM | None,
              settings: Settings, threshold: float | None = None, district: District | None = None) -> AnswerContext:
    """``district``: the tables an English resident's answer from a Korean row takes its contact from."""
    understand(ctx, index, embedder, settings, max(settings.top_k, 3), threshold, llm)
    if ctx.done:
        return ctx
    compose(ctx, llm, settings.district)
    check(ctx)
    return for_english_resident(ctx, index, llm, district)


class AnswerService:
    def __init__(self, settings: Settings, index: FaqIndex | None = None, embedder: Embedder | None = None,
                 llm: ChatLLM | None = None, districts: LiveDistrict | None = None) -> None:
        self.settings = settings
        self._fixed_index = index
        self._embedder = embedder
        self._llm = llm
        self.live = LiveIndex(IndexStore(settings.index_dir))
        self.districts = districts or LiveDistrict(settings.knowledge_dir)

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or embedder_from(self.settings)

    @cached_property
    def llm(self) -> ChatLLM | None:
        return self._llm if self._llm is not None else llm_from(self.settings)

    def district(self) -> District | None:
        """The tables as they are now; None when they cannot be read (the answer then names no department)."""
        try:
            return self.districts.current()
        except (KnowledgeError, OSError) as exc:
            logger.warning("knowledge tables unavailable for the answer's contact: %s", type(exc).__name__)
            return None

    def index(self) -> FaqIndex | None:
        if self._fixed_index is not None:
            return self._fixed_index
        loaded = self.live.current()
        return loaded[1] if loaded else None

    def answer(self, question: str, lang: str, threshold: float | None = None, today: dt.date | None = None,
               checked: bool = False) -> Answer:
        """``today`` decides which FAQ rows are in force (default: ``Settings.current_date``). ``checked``:
        the gateway already masked the question and ran the guard (a resident's message); otherwise
        (`minwon ask`, any other caller) both happen here."""
        if not checked:
            question = masked(question)
        index = self.index()
        if index is None:
            return Answer("no_index", None, "fallback", refusal="out_of_scope",
                          notes=["no published FAQ index: run `minwon publish`"])
        ctx = run_steps(AnswerContext(question, lang, today or self.settings.current_date(), checked), index,
                        self.embedder, self.llm, self.settings, threshold, self.district() if lang == "en" else None)
        logger.info("answer pipeline: %s", " | ".join(ctx.notes))
        if ctx.refusal:
            # No referral from the nearest row: the closest of our rows says nothing about whose
            # business the question is (bot/guidance/referral.py decides who to name).
            status = "out_of_scope" if ctx.refusal in ("out_of_scope", "unclear") else "refused"
            return Answer(status, None, "fallback", refusal=ctx.refusal, notes=ctx.notes)
        return Answer("answered", ctx.answer, ctx.source, ctx.citations(), notes=ctx.notes)
