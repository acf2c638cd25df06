"""Staff teach the bot: which FAQ rows a resident's question is nearest to, which row (if any) the bot
would answer it with, and which past questions a change to the FAQ would answer differently.

Every search here is the bot's own (``understand``: guard → retrieve → decide, no LLM), so what the
console shows is what residents would get.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.answer.context import AnswerContext
from bot.answer.pipeline import understand
from bot.knowledge.faq import FaqRow, FaqSet
from bot.publishing import build, calibration_for
from bot.search.embedders import Embedder
from bot.search.index import Candidate, FaqIndex
from bot.settings import Settings


@dataclass(frozen=True)
class Question:
    text: str        # masked of personal data
    lang: str        # "ko" | "en"


@dataclass
class Search:
    candidates: list[Candidate]     # nearest rows first, answered or not
    answer: str | None              # the row the bot would answer with, None when it would not answer


@dataclass(frozen=True)
class AnswerChange:
    question: Question
    before: str | None              # the row answering it now (None: not answered)
    after: str | None               # the row answering it after the change


def search(question: Question, index: FaqIndex, embedder: Embedder, settings: Settings, k: int = 3,
           today: dt.date | None = None) -> Search:
    ctx = understand(AnswerContext(question.text, question.lang, today or settings.current_date()), index, embedder,
                     settings, k)
    answer = ctx.candidates[0].row.id if ctx.refusal is None and ctx.candidates else None
    return Search(ctx.candidates, answer)


def answers(questions: list[Question], index: FaqIndex | None, embedder: Embedder,
            settings: Settings) -> dict[Question, str | None]:
    """The row each question is answered with by ``index`` (no index: none is answered)."""
    if index is None:
        return dict.fromkeys(questions)
    return {q: search(q, index, embedder, settings, k=1).answer for q in questions}


def changed_answers(questions: list[Question], before: FaqIndex | None, after: FaqIndex, embedder: Embedder,
                    settings: Settings) -> list[AnswerChange]:
    """The questions ``after`` answers otherwise than ``before``: newly answered (before is None), answered
    by another row, or no longer answered (after is None)."""
    old, new = answers(questions, before, embedder, settings), answers(questions, after, embedder, settings)
    return [AnswerChange(q, old[q], new[q]) for q in questions if old[q] != new[q]]


def index_of(rows: list[FaqRow], settings: Settings, embedder: Embedder) -> FaqIndex:
    """An index of these rows, as publishing would build it (texts already embedded come from the cache),
    with its calibrated thresholds when they decide (``calibrated_threshold``)."""
    index = build(settings, FaqSet(rows=list(rows)), embedder)[0]
    if settings.calibrated_threshold:
        index.calibration = calibration_for(settings, index, embedder)
    return index
