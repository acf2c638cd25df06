"""The preview's "now answered": the queue's questions of the last 30 days (attached or not), searched
in the version residents see and in the staged copy; the ones the staged copy answers otherwise."""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field

from bot.knowledge.faq import FaqRow
from bot.search.versions import IndexStore
from bot.teaching import AnswerChange, Question, changed_answers, index_of
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
    model = embedder()
    if model is None:
        return None
    today = settings().current_date()
    after_rows = faq_rows(staged.knowledge, today)
    found = _worked_out(staged, model, after_rows)
    if found is None:
        return None
    asked, changes = found
    return AnswerChanges(asked, [c for c in changes if c.before is None], [c for c in changes if c.before and c.after],
                         [c for c in changes if c.after is None], {**live_rows(settings(), today), **after_rows})


def _worked_out(staged: Staged, model, after_rows: dict[str, FaqRow]) -> tuple[int, list[AnswerChange]] | None:
    """(questions searched, changes), kept in the staging folder for the live version they were compared
    with: the staged copy does not change, and building its index takes a while on a big FAQ."""
    from console.unanswered.clusters import gather, questions_of   # the queue's module imports this package

    kept, live = staged.root / "answer_changes.json", IndexStore(settings().index_dir).current_version()
    try:
        cached = json.loads(kept.read_text(encoding="utf-8"))
        if cached["live"] == live:
            return cached["asked"], [AnswerChange(Question(**c["question"]), c["before"], c["after"])
                                     for c in cached["changes"]]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        pass
    questions = questions_of(gather(settings(), open_only=False))
    try:
        after = index_of(list(after_rows.values()), settings(), model) if questions else None
        changes = changed_answers(questions, live_index(), after, model, settings()) if questions else []
    except Exception:   # the rest of the preview still helps
        logger.exception("could not search the queue's questions in the staged FAQ")
        return None
    kept.write_text(json.dumps({"live": live, "asked": len(questions), "changes": [asdict(c) for c in changes]},
                               ensure_ascii=False), encoding="utf-8")
    return len(questions), changes
