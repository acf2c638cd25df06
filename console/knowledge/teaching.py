"""Residents' questions attached to FAQ rows, waiting to be published. They wait in
data_dir/faq_teaching.csv (never live), each attachment with its own id so it can be detached; a
published question can be marked for removal the same way. Staging applies them to a copy of
knowledge/taught_questions.csv, which the usual check, preview and publish put live."""
from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from dataclasses import dataclass

from bot.knowledge.taught import TAUGHT_FILE, TaughtQuestion, load_taught, same_wording, taught_csv
from bot.privacy import masked
from bot.settings import Settings
from console.knowledge.staging import Staged, knowledge_lock, new_staging, save_meta

COLUMNS = ["attachment", "action", "id", "question", "added_by", "added_at"]
QUESTION_LIMIT = 500


@dataclass(frozen=True)
class Pending:
    attachment: str      # one staff action: detaching it undoes all its questions
    action: str          # "add" | "remove"
    id: str              # the FAQ row
    question: str
    added_by: str
    added_at: str        # ISO time, UTC


def _path(settings: Settings):
    return settings.data_dir / "faq_teaching.csv"


def read_pending(settings: Settings) -> list[Pending]:
    path = _path(settings)
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [Pending(**{c: row.get(c) or "" for c in COLUMNS}) for row in csv.DictReader(handle)]


def _write(settings: Settings, pending: list[Pending]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([[getattr(p, c) for c in COLUMNS] for p in pending])
    path = _path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(".faq_teaching.csv.tmp")
    temp.write_text(out.getvalue(), encoding="utf-8")
    temp.replace(path)


def clean_question(text: str) -> str:
    """A resident's wording as it may be kept: personal data masked, one line, at most 500 characters."""
    return " ".join(masked(text).split())[:QUESTION_LIMIT]


def attach(settings: Settings, faq_id: str, questions: list[str], username: str) -> tuple[str, list[str]]:
    """Attach wordings to a FAQ row as one attachment: (its id, the wordings added). A wording the row
    already has, live or waiting, is not added again."""
    attachment = secrets.token_hex(6)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with knowledge_lock(settings):
        pending = read_pending(settings)
        taken = {same_wording(q.question) for q in load_taught(settings.knowledge_dir).questions if q.id == faq_id}
        taken |= {same_wording(p.question) for p in pending if p.id == faq_id and p.action == "add"}
        added = []
        for text in map(clean_question, questions):
            if text and same_wording(text) not in taken:
                taken.add(same_wording(text))
                added.append(text)
        _write(settings, pending + [Pending(attachment, "add", faq_id, t, username, now) for t in added])
    return attachment, added


def mark_for_removal(settings: Settings, faq_id: str, question: str, username: str) -> str | None:
    """Ask for a published taught question to be removed at the next publish; its attachment id, or
    None when no such question is published."""
    live = [q for q in load_taught(settings.knowledge_dir).questions if q.id == faq_id and q.question == question]
    if not live:
        return None
    attachment = secrets.token_hex(6)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with knowledge_lock(settings):
        _write(settings, read_pending(settings) + [Pending(attachment, "remove", faq_id, question, username, now)])
    return attachment


def detach(settings: Settings, attachment: str) -> list[Pending]:
    """Take an attachment back before it is published; what it held."""
    with knowledge_lock(settings):
        pending = read_pending(settings)
        _write(settings, [p for p in pending if p.attachment != attachment])
    return [p for p in pending if p.attachment == attachment]


def stage_teaching(settings: Settings, username: str) -> Staged:
    """A staging copy whose taught_questions.csv has every waiting attachment applied."""
    pending = read_pending(settings)
    staged = new_staging(settings, {"target": TAUGHT_FILE, "removes": [], "uploaded_by": username,
                                    "source": "teaching", "original_name": "가르친 질문",
                                    "attachments": sorted({p.attachment for p in pending})})
    live = load_taught(staged.knowledge).questions
    removed = {(p.id, p.question) for p in pending if p.action == "remove"}
    kept = [q for q in live if (q.id, q.question) not in removed]
    added = [TaughtQuestion(p.id, p.question, p.added_by, _date(p.added_at)) for p in pending if p.action == "add"]
    (staged.knowledge / TAUGHT_FILE).write_text(taught_csv(kept + added), encoding="utf-8")
    save_meta(staged)
    return staged


def _date(iso_time: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(iso_time).date()
    except ValueError:
        return None


def still_waiting(settings: Settings, staged: Staged) -> bool:
    """Every attachment the staged copy applied is still waiting (none detached since the preview)."""
    return set(staged.meta.get("attachments", [])) <= {p.attachment for p in read_pending(settings)}


def published(settings: Settings, staged: Staged) -> None:
    """The staged attachments are live now: they wait no more."""
    done = set(staged.meta.get("attachments", []))
    with knowledge_lock(settings):
        _write(settings, [p for p in read_pending(settings) if p.attachment not in done])
