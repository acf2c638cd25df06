"""Uploads are checked on a staging copy of the whole knowledge folder
(data_dir/staging/<id>/knowledge); only a copy without errors is put live and published."""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass, fields
from pathlib import Path

from bot.knowledge.contacts import faq_contact_problems
from bot.knowledge.district import load_district
from bot.knowledge.faq import FAQ_SUFFIXES, FaqRow, load_faq
from bot.knowledge.files import KnowledgeError, Problem
from bot.knowledge.taught import load_taught, taught_problems
from bot.publishing import Published, publish, published_rows
from bot.search.versions import IndexStore
from bot.settings import Settings

STAGING_ID = re.compile(r"^[0-9a-f]{16}$")
KEEP_STAGING = dt.timedelta(days=1)
_COMPARED = [f.name for f in fields(FaqRow) if f.name not in ("row", "file")]


@dataclass
class Staged:
    id: str
    root: Path
    meta: dict

    @property
    def knowledge(self) -> Path:
        return self.root / "knowledge"


@contextlib.contextmanager
def knowledge_lock(settings: Settings):
    """One change to the live knowledge at a time, across worker processes."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "knowledge.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_root(settings: Settings) -> Path:
    return settings.data_dir / "staging"


def new_staging(settings: Settings, meta: dict) -> Staged:
    root = staging_root(settings)
    _clean_old(root)
    staging_id = secrets.token_hex(8)
    staged = Staged(staging_id, root / staging_id, meta)
    staged.root.mkdir(parents=True)
    shutil.copytree(settings.knowledge_dir, staged.knowledge)
    return staged


def save_meta(staged: Staged) -> None:
    (staged.root / "meta.json").write_text(json.dumps(staged.meta, ensure_ascii=False), encoding="utf-8")


def stage_file(settings: Settings, target: str, data: bytes, meta: dict) -> Staged:
    """Copy the knowledge folder and put ``data`` at ``target`` (e.g. "faq/taxes.csv"). A FAQ
    file saved with the other extension (taxes.xlsx for taxes.csv) is replaced too."""
    staged = new_staging(settings, {**meta, "target": target, "removes": []})
    path = staged.knowledge / target
    if target.startswith("faq/"):
        for suffix in FAQ_SUFFIXES:
            other = path.with_suffix(suffix)
            if other != path and other.exists():
                other.unlink()
                staged.meta["removes"].append(f"faq/{other.name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    save_meta(staged)
    return staged


def open_staged(settings: Settings, staging_id: str) -> Staged | None:
    if not STAGING_ID.match(staging_id):
        return None
    root = staging_root(settings) / staging_id
    try:
        meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return Staged(staging_id, root, meta)


def problems_in(folder: Path, today: dt.date) -> list[Problem]:
    """Every problem of every table and FAQ file (phone numbers against departments.csv too), errors first."""
    district = load_district(folder / "tables", base=folder, strict=False)
    faq = load_faq(folder / "faq", today, base=folder, strict=False)
    found = district.problems + faq.problems + faq_contact_problems(district.departments, faq.rows + faq.expired)
    found += taught_problems(load_taught(folder), faq.rows + faq.expired)
    return sorted(found, key=lambda p: p.severity != "error")


def faq_rows(folder: Path, today: dt.date) -> dict[str, FaqRow]:
    """The rows publishing this folder would make live."""
    faq = load_faq(folder / "faq", today, base=folder, strict=False)
    district = load_district(folder / "tables", base=folder, strict=False)
    return {row.id: row for row in published_rows(faq.rows + faq.expired, district, load_taught(folder))}


def live_rows(settings: Settings, today: dt.date) -> dict[str, FaqRow]:
    """What residents see now: the live published version's rows (after a rollback, not the files on
    disk); before anything was published, the files."""
    store = IndexStore(settings.index_dir)
    version = store.current_version()
    if version is None:
        return faq_rows(settings.knowledge_dir, today)
    return {row.id: row for row in store.rows(version)}


def faq_changes(settings: Settings, staged: Path, today: dt.date) -> dict[str, list]:
    """Rows added, changed and removed by publishing ``staged``, compared with what residents see now."""
    before, after = live_rows(settings, today), faq_rows(staged, today)
    changed = [(before[i], after[i]) for i in after if i in before
               and [getattr(before[i], n) for n in _COMPARED] != [getattr(after[i], n) for n in _COMPARED]]
    return {"added": [after[i] for i in after if i not in before], "changed": changed,
            "removed": [before[i] for i in before if i not in after]}


def go_live(settings: Settings, staged: Staged, embedder=None) -> Published:
    """Validate the staged copy again, copy its file live and publish. If publishing fails,
    the live files are put back as they were."""
    with knowledge_lock(settings):
        errors = [p for p in problems_in(staged.knowledge, settings.current_date()) if p.severity == "error"]
        if errors:
            raise KnowledgeError(errors)
        touched = [staged.meta["target"], *staged.meta.get("removes", [])]
        backup = {name: _read(settings.knowledge_dir / name) for name in touched}
        try:
            _copy_live(settings, staged)
            result = publish(settings, embedder=embedder)
        except Exception:
            _restore(settings, backup)
            raise
    shutil.rmtree(staged.root, ignore_errors=True)
    return result


def _copy_live(settings: Settings, staged: Staged) -> None:
    target = settings.knowledge_dir / staged.meta["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.uploading")
    shutil.copyfile(staged.knowledge / staged.meta["target"], temp)
    temp.replace(target)
    for name in staged.meta.get("removes", []):
        (settings.knowledge_dir / name).unlink(missing_ok=True)


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def _restore(settings: Settings, backup: dict[str, bytes | None]) -> None:
    for name, data in backup.items():
        path = settings.knowledge_dir / name
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)


def _clean_old(root: Path) -> None:
    if not root.exists():
        return
    cutoff = time.time() - KEEP_STAGING.total_seconds()
    for folder in root.iterdir():
        if folder.is_dir() and STAGING_ID.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
