"""FAQ drafts made from unanswered questions. They wait in data_dir/faq_drafts.csv (never
live) until a staff member reviews one; then it goes to knowledge/faq/added.csv and is published."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from bot.settings import Settings
from console.knowledge.staging import Staged, knowledge_lock, new_staging, save_meta

FAQ_COLUMNS = ["id", "question", "answer", "alternates", "category", "department", "phone", "url", "lang",
               "valid_from", "valid_to", "review_by"]
DRAFT_COLUMNS = FAQ_COLUMNS[:9]
ADDED = "faq/added.csv"
FAQ_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
LIMITS = {"id": 64, "question": 500, "answer": 4000, "alternates": 1000, "url": 500}


def drafts_path(settings: Settings) -> Path:
    return settings.data_dir / "faq_drafts.csv"


def read_drafts(settings: Settings) -> list[dict[str, str]]:
    path = drafts_path(settings)
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{c: row.get(c) or "" for c in DRAFT_COLUMNS} for row in csv.DictReader(handle)]


def find_draft(settings: Settings, draft_id: str) -> dict[str, str] | None:
    return next((d for d in read_drafts(settings) if d["id"] == draft_id), None)


def _write(settings: Settings, drafts: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, DRAFT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(drafts)
    path = drafts_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(".faq_drafts.csv.tmp")
    temp.write_text(out.getvalue(), encoding="utf-8")
    temp.replace(path)


def save_draft(settings: Settings, draft: dict[str, str], replaces: str | None = None) -> None:
    """Add a draft, or replace the one with id ``replaces`` (or the same id)."""
    with knowledge_lock(settings):
        drafts = [d for d in read_drafts(settings) if d["id"] not in {draft["id"], replaces}]
        _write(settings, [*drafts, draft])


def remove_draft(settings: Settings, draft_id: str) -> None:
    with knowledge_lock(settings):
        _write(settings, [d for d in read_drafts(settings) if d["id"] != draft_id])


def draft_from_form(form) -> tuple[dict[str, str], list[str]]:
    """The draft in a submitted form, and what is wrong with it (in plain Korean)."""
    draft = {c: " ".join(form.get(c, "").split()) if c != "answer" else form.get(c, "").strip() for c in DRAFT_COLUMNS}
    draft["lang"] = draft["lang"] if draft["lang"] in ("ko", "en") else "ko"
    errors = []
    if not FAQ_ID.match(draft["id"]):
        errors.append("번호(id)는 영문, 숫자, -, _ 로 64자까지 써 주세요. 예: new-001")
    if not draft["question"]:
        errors.append("질문을 써 주세요.")
    errors += [f"'{name}' 칸은 {limit}자까지 쓸 수 있어요." for name, limit in LIMITS.items() if len(draft[name]) > limit]
    return draft, errors


def suggest_id(settings: Settings, used: set[str]) -> str:
    taken = used | {d["id"] for d in read_drafts(settings)}
    number = 1
    while f"new-{number:03d}" in taken:
        number += 1
    return f"new-{number:03d}"


def stage_draft(settings: Settings, draft: dict[str, str], username: str) -> Staged:
    """A staging copy with the reviewed row appended to faq/added.csv (made with the FAQ header if missing)."""
    staged = new_staging(settings, {"target": ADDED, "removes": [], "uploaded_by": username,
                                    "source": "draft", "draft_id": draft["id"], "original_name": "FAQ 초안"})
    path = staged.knowledge / ADDED
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ",".join(FAQ_COLUMNS) + "\n"
    if not text.endswith("\n"):
        text += "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([draft.get(c, "") for c in _header_of(text)])
    path.write_text(text + out.getvalue(), encoding="utf-8")
    save_meta(staged)
    return staged


def _header_of(text: str) -> list[str]:
    """The column order of an existing added.csv (after any # comment lines)."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return [h.strip().lstrip("\ufeff").lower() for h in next(csv.reader([line]))]
    return FAQ_COLUMNS
