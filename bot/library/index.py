"""The library's search index: one vector per unit (the law's name and the article's heading, by the
FAQ's embedder) and Kiwi BM25 over each unit's whole text (its title counted ``title_repeats``
times, the law's name once). A unit ranks by ``cosine + lexical_weight × BM25`` (BM25 scaled to
0..1 by what a unit holding every question noun would score); docs/adr/0005-library-search.md
says why, with the figures.

For the answer decision (decision.py) the index also holds our off-topic staff questions
(``off_topic_questions.csv``: tasks under laws a 구청 works with that are not in a library, HR, IT,
weather), embedded as questions are; the threshold is calibrated from them when the index is built
(calibration.py)."""
from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.library.names import citation, name_of, named_laws, names_document
from bot.library.query import question_terms
from bot.library.splitting import without_notes
from bot.library.units import Document, Line, Unit, document_from_json, document_to_json
from bot.search.cache import EmbeddingCache, embed_cached
from bot.search.embedders import Embedder
from bot.search.lexical import BM25, analyse_many

if TYPE_CHECKING:
    from bot.library.decision import Ranking

INDEX_FORMAT = 2
OFF_TOPIC = Path(__file__).with_name("off_topic_questions.csv")


class OutdatedIndex(ValueError):
    """A saved index of another format (an older minwon): rebuild it from the catalogue."""


def off_topic_questions(path: Path | None = None) -> list[str]:
    with (path or OFF_TOPIC).open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")][1:]


@dataclass(frozen=True)
class Tuning:
    """How units are represented and ranked, and when a question counts as answered."""
    lexical_weight: float = 0.3
    title_repeats: int = 3
    k1: float = 1.2
    b: float = 0.3              # long articles are not the less relevant for being long
    head_chars: int = 0         # characters of the body embedded after the heading (pages and sections: 120)
    first_paragraph: bool = False   # an article's first 항 embedded after its heading (EmbeddingGemma-300M's default)
    threshold: float = 0.0      # confidence below which the library does not answer (decision.py)
    law_boost: float = 0.05     # added to the units of a law the question names ("건축법에 따른 …")
    absent_law_penalty: float = 0.1   # off the confidence when the question names only laws the library lacks
    heading_weight: float = 4.0       # × the question's best cosine to a unit (its law and heading)
    off_topic_weight: float = 12.0    # × its best cosine to one of our off-topic staff questions


@dataclass
class Entry:
    document: Document
    unit: Unit

    @property
    def unit_id(self) -> str:
        return f"{self.document.doc_id}#{self.unit.key}"


@dataclass
class Hit:
    entry: Entry
    position: int               # in the index's entries
    score: float
    dense: float
    lexical: float
    lines: list[int]            # matching lines, best first
    terms: list[str] = field(default_factory=list)   # the question's nouns found in the unit

    @property
    def unit_id(self) -> str:
        return self.entry.unit_id

    @property
    def best_line(self) -> Line | None:
        return self.entry.unit.lines[self.lines[0]] if self.lines else None

    @property
    def citation(self) -> str:
        return citation(self.entry.document, self.entry.unit, self.best_line)


def dense_text(document: Document, unit: Unit, head_chars: int, first_paragraph: bool = False) -> str:
    """What is embedded for a unit: the law's name as staff say it (its short name where it has one),
    the article's heading; with ``first_paragraph`` its first 항 after it (the embedder's token limit cuts a
    long one); a page or section without a telling heading also gets the start of its text."""
    name = name_of(document)
    if first_paragraph and unit.key.startswith("제"):
        return " ".join(part for part in (name, unit.heading, opening_paragraph(unit)) if part)
    head = head_chars if unit.key.startswith("제") else max(head_chars, 120)
    body = without_notes(unit.text)[:head] if head else ""
    return " ".join(part for part in (name, unit.heading, body) if part)


def opening_paragraph(unit: Unit) -> str:
    """An article's first 항 (the lines before its second 항: the whole text of an article without 항),
    amendment notes left out."""
    if not unit.lines:
        return ""
    first = unit.lines[0].paragraph
    return " ".join(filter(None, (without_notes(line.text).strip() for line in unit.lines if line.paragraph == first)))


class TermsCache:
    """Kiwi's terms of each line, by the line's hash: re-indexing after one upload analyses only its lines."""

    def __init__(self, path: Path | None) -> None:
        self._db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self._db.execute("create table if not exists terms (key text primary key, terms text)")

    def analysed(self, texts: list[str], workers: int) -> list[list[str]]:
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        known: dict[str, list[str]] = {}
        if self._db is not None:
            for start in range(0, len(keys), 500):
                chunk = sorted(set(keys[start:start + 500]))
                marks = ",".join("?" * len(chunk))
                known.update((k, json.loads(v)) for k, v in
                             self._db.execute(f"select key, terms from terms where key in ({marks})", chunk))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in known))
        fresh = {hashlib.sha256(t.encode()).hexdigest(): found for t, (found, _) in
                 zip(missing, analyse_many(missing, workers))}
        if self._db is not None and fresh:
            with self._db:
                self._db.executemany("insert or replace into terms values (?, ?)",
                                     [(k, json.dumps(v, ensure_ascii=False)) for k, v in fresh.items()])
        known.update(fresh)
        return [known[k] for k in keys]


@dataclass
class BuildStats:
    documents: int
    units: int
    embedded: int
    seconds: float


class LibraryIndex:
    def __init__(self, entries: list[Entry], vectors: np.ndarray, line_terms: list[list[list[str]]],
                 head_terms: list[list[list[str]]], tuning: Tuning, embedder_name: str,
                 off_topic_vectors: np.ndarray | None = None, off_topic: list[str] | None = None) -> None:
        self.entries, self.vectors, self.tuning, self.embedder_name = entries, vectors, tuning, embedder_name
        dim = vectors.shape[1] if vectors.ndim == 2 else 0
        self.off_topic_vectors = off_topic_vectors if off_topic_vectors is not None else np.zeros((0, dim), np.float32)
        self.off_topic = off_topic or []     # the off-topic questions, in the order of their vectors
        self.line_terms, self.head_terms = line_terms, head_terms
        # head_terms: [title terms, law-name terms] of each unit
        documents = [[t for line in lines for t in line] + title * tuning.title_repeats + law
                     for lines, (title, law) in zip(line_terms, head_terms)]
        self.bm25 = BM25(documents, k1=tuning.k1, b=tuning.b)
        self.unit_terms = [set(d) for d in documents]
        self.documents = list({id(e.document): e.document for e in entries}.values())
        positions = {id(d): n for n, d in enumerate(self.documents)}
        self.document_of = np.array([positions[id(e.document)] for e in entries], dtype=int)
        self._everything = np.ones(len(entries), dtype=bool)   # the filter mask without filters, shared
        self._everything.flags.writeable = False

    @classmethod
    def build(cls, documents: list[Document], embedder: Embedder, tuning: Tuning = Tuning(),
              cache: EmbeddingCache | None = None, terms_cache: TermsCache | None = None,
              workers: int = 1, off_topic: list[str] | None = None) -> tuple["LibraryIndex", BuildStats]:
        """``off_topic``: questions no document here answers (default: ours, ``off_topic_questions.csv``)."""
        start = time.perf_counter()
        entries = [Entry(d, u) for d in documents for u in d.units if not u.repealed]
        texts = [dense_text(e.document, e.unit, tuning.head_chars, tuning.first_paragraph) for e in entries]
        lines = [without_notes(line.text) for e in entries for line in e.unit.lines]
        titles = [e.unit.title for e in entries]
        laws = [" ".join(dict.fromkeys((name_of(e.document), e.document.title))) for e in entries]
        # The embedder's processes and Kiwi's threads at the same time: neither keeps both cores busy
        # alone (process start-up, model loading), and on a shared machine more runnable threads get
        # a larger share of it (docs/adr/0005-library-search.md).
        off_topic = off_topic_questions() if off_topic is None else off_topic

        def embed_all() -> tuple[np.ndarray, np.ndarray, int]:
            vectors, embedded = embed_cached(embedder, texts, "passage", cache, workers)
            if not off_topic:
                return vectors, np.zeros((0, embedder.dim), np.float32), embedded
            # a few dozen short questions: in this process (a pool would load the model again, ~4 CPU-s)
            asked, more = embed_cached(embedder, off_topic, "query", cache, 1)
            return vectors, asked, embedded + more

        with ThreadPoolExecutor(1) as background:
            embedding = background.submit(embed_all)
            analysed = (terms_cache or TermsCache(None)).analysed(lines + titles + laws, workers)
            vectors, asked, embedded = embedding.result()
        line_terms, position = [], 0
        for entry in entries:
            line_terms.append(analysed[position:position + len(entry.unit.lines)])
            position += len(entry.unit.lines)
        head_terms = [[title, law] for title, law in zip(analysed[position:position + len(entries)],
                                                          analysed[position + len(entries):])]
        index = cls(entries, vectors, line_terms, head_terms, tuning, embedder.name, asked, off_topic)
        return index, BuildStats(len(documents), len(entries), embedded, time.perf_counter() - start)

    def lexical(self, nouns: list[str]) -> np.ndarray:
        scores = np.zeros(len(self.entries))
        for i, score in self.bm25.scores(nouns).items():
            scores[i] = score
        return scores / self.bm25.max_score(nouns) if nouns else scores

    def search(self, question: str, embedder: Embedder, k: int = 5, kinds: tuple[str, ...] = (),
               departments: tuple[str, ...] = ()) -> "Ranking":
        from bot.library.decision import Ranking

        asked = question_terms(question)
        query = embedder.embed([question], "query")[0]
        dense = self.vectors @ query if len(self.entries) else np.zeros(0)
        lexical = self.lexical(asked.nouns)
        fused = dense + self.tuning.lexical_weight * lexical
        named, absent = self.laws_named(question)
        if named.any():
            fused = fused + self.tuning.law_boost * named[self.document_of]
        allowed = self._allowed(kinds, departments)
        fused = np.where(allowed, fused, -np.inf)
        order = [int(i) for i in np.argsort(-fused)[:k] if allowed[i]]
        hits = [Hit(self.entries[i], i, float(fused[i]), float(dense[i]), float(lexical[i]),
                    self.matching_lines(i, asked.nouns), sorted(set(asked.nouns) & self.unit_terms[i]))
                for i in order]
        return Ranking(question, hits, asked, dense, lexical, allowed, self,
                       absent_laws=[] if named.any() else absent, query=query)

    def laws_named(self, question: str) -> tuple[np.ndarray, list[str]]:
        """Which documents the question names (one flag per document), and the laws it names that the
        library does not hold."""
        named = np.zeros(len(self.documents))
        absent = []
        for law in named_laws(question):
            found = [n for n, d in enumerate(self.documents) if names_document(law, d)]
            named[found] = 1.0
            if not found:
                absent.append(law)
        return named, absent

    def _allowed(self, kinds: tuple[str, ...], departments: tuple[str, ...]) -> np.ndarray:
        if not kinds and not departments:
            return self._everything
        return np.array([(not kinds or e.document.kind in kinds) and
                         (not departments or e.document.department in departments) for e in self.entries],
                        dtype=bool)

    def matching_lines(self, position: int, nouns: list[str]) -> list[int]:
        """Lines holding the question's nouns, the rarest matches first (idf-weighted)."""
        wanted = set(nouns)
        scored = []
        for number, found in enumerate(self.line_terms[position]):
            weight = sum(self.bm25.idf.get(t, 0.0) for t in wanted & set(found))
            if weight > 0:
                scored.append((-weight, number))
        return [number for _, number in sorted(scored)[:3]]

    def idf(self, term: str) -> float:
        """A term's idf; a term no unit holds counts as the rarest possible."""
        return self.bm25.idf.get(term, math.log(1 + (len(self.entries) + 0.5) / 0.5))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        documents = self.documents
        np.save(folder / "vectors.npy", self.vectors)
        np.save(folder / "off_topic_vectors.npy", self.off_topic_vectors)
        payload = {"format": INDEX_FORMAT, "embedder": self.embedder_name, "tuning": vars(self.tuning),
                   "documents": [document_to_json(d) for d in documents],
                   "entries": [[documents.index(e.document), e.unit.key] for e in self.entries],
                   "line_terms": self.line_terms, "head_terms": self.head_terms, "off_topic": self.off_topic}
        (folder / "index.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "LibraryIndex":
        payload = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        if payload.get("format") != INDEX_FORMAT:
            raise OutdatedIndex(f"{folder}: an index of another format; rebuild it (`minwon library add` or the console)")
        documents = [document_from_json(d) for d in payload["documents"]]
        entries = [Entry(documents[d], documents[d].unit(key)) for d, key in payload["entries"]]
        return cls(entries, np.load(folder / "vectors.npy"), payload["line_terms"], payload["head_terms"],
                   Tuning(**payload["tuning"]), payload["embedder"], np.load(folder / "off_topic_vectors.npy"), payload["off_topic"])


