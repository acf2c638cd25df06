"""The live library on disk: the files staff added (``documents/<folder>/<stem>.<ext>``), what they
said about each (``catalogue.json``: title, kind, department, effective date, source URL), the
versions they replaced or deleted (``history/``), and the search index built over them.

A document's id is ``<folder>/<file stem>``: a file added from a folder keeps its path under that
folder (``경범죄처벌법/법률.md`` → ``경범죄처벌법/법률``), a single file takes its folder's name, and
an upload from the console ``<file name>/<kind>``. Adding a document whose id exists replaces it;
the old file stays in the history. Every change is handed to ``audit``."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bot.library.formats import SUFFIXES, LibraryFileError, read_file
from bot.library.names import kind_of, short_name
from bot.library.splitting import split
from bot.library.units import KINDS, Document

Audit = Callable[[str, str, str], None]          # action, target, detail
_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")
SKIPPED_NAMES = {"readme.md", "readme.txt"}       # a folder's own description, not a document


@dataclass(frozen=True)
class Metadata:
    """What staff say about a document; empty fields are read from the file where it says."""
    kind: str = ""
    department: str = ""
    title: str = ""
    short_name: str = ""
    effective: str = ""
    source_url: str = ""


def safe_part(text: str) -> str:
    cleaned = _UNSAFE.sub(" ", text).strip().strip(".")
    return cleaned[:80] or "문서"


def parse_document(path: Path, doc_id: str, metadata: Metadata = Metadata(), name: str | None = None) -> Document:
    """Read and split one file; ``LibraryFileError`` in plain words when it cannot be used."""
    if metadata.kind and metadata.kind not in KINDS:
        raise LibraryFileError(f"종류 '{metadata.kind}'는 쓸 수 없어요. {', '.join(KINDS)} 중에서 골라 주세요.")
    parsed = read_file(path, name)
    units = split(parsed)
    if not units:
        raise LibraryFileError(f"{name or path.name}: 나눌 수 있는 본문을 찾지 못했어요.")
    meta = parsed.meta
    first_heading = next((b.text for b in parsed.blocks if b.level == 1), "")
    title = metadata.title or str(meta.get("제목") or "") or first_heading or Path(name or path.name).stem
    effective = metadata.effective or str(meta.get("시행일자") or "")
    return Document(doc_id, title.strip(), metadata.kind or kind_of(meta, path.stem),
                    metadata.short_name or short_name(title.strip()), metadata.department,
                    effective, metadata.source_url or str(meta.get("출처") or ""), units)


def documents_in(folder: Path) -> list[tuple[Path, str]]:
    """Every readable file under ``folder`` with its id, ``<sub folder>/<stem>`` (README files skipped)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and path.name.lower() not in SKIPPED_NAMES:
            relative = path.relative_to(folder).with_suffix("")
            found.append((path, relative.as_posix() if len(relative.parts) > 1 else f"{folder.name}/{path.stem}"))
    return found


class Library:
    def __init__(self, root: Path, audit: Audit | None = None) -> None:
        self.root = root
        self.audit = audit or (lambda action, target, detail: None)
        self._lock = threading.Lock()

    @property
    def catalogue_path(self) -> Path:
        return self.root / "catalogue.json"

    def catalogue(self) -> dict[str, dict]:
        try:
            return json.loads(self.catalogue_path.read_text(encoding="utf-8"))["documents"]
        except FileNotFoundError:
            return {}

    def _write(self, catalogue: dict[str, dict]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temp = self.catalogue_path.with_name(f".catalogue.{os.getpid()}.tmp")
        temp.write_text(json.dumps({"documents": catalogue}, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temp, self.catalogue_path)

    def add(self, path: Path, doc_id: str, metadata: Metadata = Metadata(), by: str = "",
            name: str | None = None) -> tuple[Document, bool]:
        """Parse, then store the file (replacing any document with the same id). Returns the document
        and whether it replaced one. Nothing is stored when the file cannot be read."""
        document = parse_document(path, doc_id, metadata, name)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with self._lock:
            catalogue = self.catalogue()
            old = catalogue.get(doc_id)
            history = list(old.get("history", [])) if old else []
            if old:
                history.append(self._retire(doc_id, old, "replaced", by))
            target = self.root / "documents" / f"{doc_id}{path.suffix.lower()}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            catalogue[doc_id] = {"title": document.title, "kind": document.kind, "department": document.department,
                                 "short_name": document.short_name, "effective": document.effective,
                                 "source_url": document.source_url, "file": target.relative_to(self.root).as_posix(),
                                 "sha256": digest, "units": len(document.units), "added_at": _now(), "added_by": by,
                                 "original_name": name or path.name, "history": history}
            self._write(catalogue)
        self.audit("library_replace" if old else "library_add", doc_id,
                   f"{document.title} ({document.kind}, {len(document.units)}개 단위)")
        return document, bool(old)

    def _retire(self, doc_id: str, entry: dict, why: str, by: str) -> dict:
        """Move a document's file into the history; the record of it stays with the document."""
        source = self.root / entry["file"]
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        kept = self.root / "history" / doc_id / f"{stamp}{source.suffix}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        if source.exists():
            os.replace(source, kept)
        return {"file": kept.relative_to(self.root).as_posix(), "title": entry["title"], "sha256": entry["sha256"],
                "added_at": entry["added_at"], "retired_at": _now(), "why": why, "by": by}

    def delete(self, doc_id: str, by: str = "") -> None:
        with self._lock:
            catalogue = self.catalogue()
            entry = catalogue.pop(doc_id, None)
            if entry is None:
                raise KeyError(doc_id)
            deleted = entry.get("history", []) + [self._retire(doc_id, entry, "deleted", by)]
            self._write(catalogue)
            (self.root / "history" / doc_id / "deleted.json").write_text(
                json.dumps({"title": entry["title"], "history": deleted}, ensure_ascii=False), encoding="utf-8")
        self.audit("library_delete", doc_id, entry["title"])

    def documents(self) -> list[Document]:
        """Every document as the catalogue describes it, parsed from its stored file."""
        found = []
        for doc_id, entry in sorted(self.catalogue().items()):
            metadata = Metadata(entry["kind"], entry["department"], entry["title"], entry["short_name"],
                                entry["effective"], entry["source_url"])
            found.append(parse_document(self.root / entry["file"], doc_id, metadata))
        return found


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
