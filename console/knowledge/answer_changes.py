"""The preview's "now answered": the queue's questions of the last 30 days (attached or not), searched
in the version residents see and in the staged copy; the ones the staged copy answers otherwise."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.knowledge.faq import FaqRow
from bot.teaching import AnswerChange, changed_answers, index_of
from console.common import embedder, live_index, settings
from console.knowledge.staging import Staged, faq_rows, live_rows

logger = logging.getLogger(__name__)


@dataclass
class AnswerChanges:
    asked: int                                                   # questions searched
    now: list[AnswerChange] = field(default_factory=list)        # not answered before, answered after
    other: list[AnswerChange] = field(default_factory=list)      # answered by another row
    lost: list[AnswerChange] = field(default_factory=list)       # answered before, not after
    rows: dict[str, FaqRow] = field(default_factory=dict)        # every row named, live or staged


def answer_changes(staged: Staged) -> AnswerChanges | None:
    """None when it cannot be worked out (no embedder, or the search failed): the preview says so."""
    from console.unanswered.clusters import gather, questions_of   # the queue's module imports this package

    model = embedder()
    if model is None:
        return None
    questions = questions_of(gather(settings(), open_only=False))
    if not questions:
        return AnswerChanges(0)
    today = settings().current_date()
    try:
        after_rows = faq_rows(staged.knowledge, today)
        after = index_of(list(after_rows.values()), settings(), model)
        changes = changed_answers(questions, live_index(), after, model, settings())
    except Exception:   # the rest of the preview still helps
        logger.exception("could not search the queue's questions in the staged FAQ")
        return None
    return AnswerChanges(len(questions), [c for c in changes if c.before is None],
                         [c for c in changes if c.before and c.after], [c for c in changes if c.after is None],
                         {**live_rows(settings(), today), **after_rows})
