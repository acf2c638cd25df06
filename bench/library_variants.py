"""Ranking variants of the staff library, each dev file apart (issue 22, fourth pass): does an idea that
helps one set of staff questions help the others? The shipped ranking against sub-article (항) BM25
max-pooled to the article, a title BM25 field, a chapter prior, dense pseudo-relevance feedback,
z-score fusion, law names out of the BM25 query, the glossary's words in the embedded question, and a
listwise re-ranker over 20 features trained on all sets but the one it is scored on. hit@1 / hit@3 / MRR
per file; docs/benchmarks.md ("Fourth pass") has the figures. Dev files only: never the held-out set.

    nice -n 10 .venv/bin/python bench/library_variants.py [--sets dev,dev2,dev3,dev4,dev5A,dev5B] [--body]

Sixth pass: dev 5 in its fixed halves (``minwon library eval --half``), and five more variants (the act before its
decrees, a title-miss penalty, a law-centroid prior, office-context nouns out of BM25, the glossary off). The
listwise re-ranker scored on dev 5B is trained on the other files, dev 5A among them.

``--body`` adds the heading + first 100 characters vectors (max with the heading's): about 50 CPU-s more
to embed on an empty cache.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot.knowledge.matching import squash  # noqa: E402
from bot.library.evaluation import folder_documents, half_of, load_queries  # noqa: E402
from bot.library.index import dense_text  # noqa: E402
from bot.library.live import build_index  # noqa: E402
from bot.library.names import _LAW_WORD, _NOT_LAWS  # noqa: E402
from bot.library.query import QUESTION_WORDS, question_terms, staff_terms  # noqa: E402
from bot.search.cache import EmbeddingCache, embed_cached  # noqa: E402
from bot.search.embedders import embedder_from  # noqa: E402
from bot.search.lexical import BM25, _kiwi  # noqa: E402
from bot.settings import Settings  # noqa: E402

SETS = {"dev": "laws_queries", "dev2": "laws_dev2", "dev3": "laws_dev3", "dev4": "laws_dev4",
        "dev5A": "laws_dev5", "dev5B": "laws_dev5"}     # dev 5 in its fixed halves (evaluation.half_of)
CONTEXT_NOUNS = frozenset("구청 주민센터 동사무소 행정복지센터 민원인 직원 담당 담당자 공무원 우리 구청장 주무관 센터".split())
PENALTY_TITLE = ("벌칙", "과태료", "벌금", "양벌", "과징금", "이행강제금", "처벌")
PENALTY_QUESTION = ("과태료", "벌금", "처벌", "벌칙", "과징금", "이행강제금", "범칙금", "징역")
CANDIDATES = 30      # the re-ranker's depth


def z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9)


def scaled(bm25: BM25, nouns: list[str], size: int, owner: np.ndarray | None = None) -> np.ndarray:
    """BM25 scaled as the index scales it; rows of sub-units max-pooled to their ``owner`` unit."""
    out = np.zeros(size)
    for row, score in bm25.scores(nouns).items():
        unit = row if owner is None else owner[row]
        out[unit] = max(out[unit], score)
    return out / bm25.max_score(nouns) if nouns else out


def without_law_names(question: str) -> str:
    kept = []
    for word in question.split():
        law = _LAW_WORD.match(re.sub(r"[^가-힣ㆍ·]", "", word))
        if not (law and len(law.group(1)) >= 3 and not law.group(1).endswith(_NOT_LAWS)):
            kept.append(word)
    return " ".join(kept)


def without_glossary(question: str) -> list[str]:
    """The question's nouns as question_terms finds them, without the staff-terms glossary's words."""
    found = [t.form.lower() for t in _kiwi().tokenize(question) if t.tag.startswith(("NN", "XR", "SL", "SN", "SH", "NR"))]
    return [t for t in found if t not in QUESTION_WORDS]


def glossary_appended(question: str) -> str:
    words = [statute for everyday, statute in staff_terms().items() if everyday in squash(question)]
    return question + (" (" + ", ".join(words) + ")" if words else "")


class Features:
    """Every unit-level signal the variants combine, for one index."""

    def __init__(self, index, embedder, body: bool, cache: EmbeddingCache) -> None:
        self.index, self.embedder = index, embedder
        entries = index.entries
        self.size = len(entries)
        paragraphs, owner = [], []
        for n, entry in enumerate(entries):
            groups: dict[str, list[str]] = {}
            for line, found in zip(entry.unit.lines, index.line_terms[n]):
                groups.setdefault(line.paragraph or "0", []).extend(found)
            title, law = index.head_terms[n]
            for group in groups.values():
                paragraphs.append(group + title * index.tuning.title_repeats + law)
                owner.append(n)
        self.paragraph_bm25, self.owner = BM25(paragraphs, k1=1.2, b=0.3), np.array(owner)
        self.title_bm25 = BM25([index.head_terms[n][0] for n in range(self.size)], k1=1.2, b=0.3)
        chapters = [(e.document.doc_id, e.unit.path) for e in entries]
        numbers = {key: n for n, key in enumerate(dict.fromkeys(chapters))}
        self.chapter = np.array([numbers[key] for key in chapters])
        self.chapters = len(numbers)
        self.body = None
        if body:
            texts = [dense_text(e.document, e.unit, 100) for e in entries]
            self.body = embed_cached(embedder, texts, "passage", cache, 2)[0]
        titles = [e.unit.title for e in entries]
        self.penalty = np.array([any(w in t for w in PENALTY_TITLE) for t in titles], float)
        self.definition = np.array(["정의" in t for t in titles], float)
        self.decree = np.array([e.document.kind in ("시행령", "시행규칙") for e in entries], float)
        self.lines = np.log1p(np.array([len(e.unit.lines) for e in entries], float))
        self.title_terms = [set(index.head_terms[n][0]) for n in range(self.size)]
        families = [e.document.doc_id.split("/")[0] for e in entries]    # a law with its decrees
        numbers = {key: n for n, key in enumerate(dict.fromkeys(families))}
        self.family = np.array([numbers[key] for key in families])
        centroids = np.zeros((len(numbers), index.vectors.shape[1]))
        np.add.at(centroids, self.family, index.vectors)
        self.centroids = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
        self.title_questions = embed_cached(embedder, [e.unit.title or e.unit.heading for e in entries], "query",
                                            cache, 2)[0]

    def question(self, text: str, expected: frozenset[str]) -> dict:
        index, embed = self.index, self.embedder
        vectors = embed.embed([text, glossary_appended(text)], "query")
        as_passage = embed.embed([text], "passage")[0]
        nouns = question_terms(text).nouns
        named, _ = index.laws_named(text)
        q = {"text": text, "nouns": nouns, "dense": index.vectors @ vectors[0],
             "dense_glossary": index.vectors @ vectors[1], "dense_passage": index.vectors @ as_passage,
             "lex": index.lexical(nouns), "lex_no_law": index.lexical(question_terms(without_law_names(text)).nouns),
             "paragraph": scaled(self.paragraph_bm25, nouns, self.size, self.owner),
             "title": scaled(self.title_bm25, nouns, self.size), "named": named[index.document_of],
             "target": np.array([e.unit_id in expected for e in index.entries]), "vector": vectors[0],
             "title_question": self.title_questions @ vectors[0],
             "asks_decree": "시행령" in text or "시행규칙" in text,
             "lex_no_context": index.lexical([n for n in nouns if n not in CONTEXT_NOUNS]),
             "lex_no_glossary": index.lexical(without_glossary(text))}
        if self.body is not None:
            q["dense_body"] = self.body @ vectors[0]
        return q

    def title_miss(self, q: dict, scores: np.ndarray, depth: int = 20) -> np.ndarray:
        """Over the top ``depth``: the idf share of a unit's title terms the question does not hold."""
        out = np.zeros(self.size)
        nouns = set(q["nouns"])
        for i in np.argsort(-scores)[:depth]:
            total = sum(self.index.idf(t) for t in self.title_terms[i]) or 1.0
            out[i] = sum(self.index.idf(t) for t in self.title_terms[i] - nouns) / total
        return out

    def chapter_mean(self, scores: np.ndarray) -> np.ndarray:
        total, count = np.zeros(self.chapters), np.zeros(self.chapters)
        np.add.at(total, self.chapter, scores)
        np.add.at(count, self.chapter, 1)
        return (total / count)[self.chapter]

    def rerank_features(self, q: dict) -> tuple[np.ndarray, np.ndarray]:
        shipped = q["dense"] + 0.3 * q["lex"] + 0.05 * q["named"]
        top = np.argsort(-shipped)[:CANDIDATES]
        dense_rank = np.argsort(np.argsort(-q["dense"]))
        lex_rank = np.argsort(np.argsort(-q["lex"]))
        best_in_chapter = np.full(self.chapters, -1e9)
        np.maximum.at(best_in_chapter, self.chapter, shipped)
        asks_penalty = float(any(w in q["text"] for w in PENALTY_QUESTION))
        asks_decree = float("시행령" in q["text"] or "시행규칙" in q["text"])
        nouns = set(q["nouns"])
        idf = {t: self.index.idf(t) for t in nouns}
        total = sum(idf.values()) or 1.0
        coverage = [sum(idf[t] for t in nouns & self.index.unit_terms[i]) / total for i in top]
        title_coverage = [sum(idf[t] for t in nouns & self.title_terms[i]) / total for i in top]
        columns = [shipped[top] - shipped[top].max(), q["dense"][top] - q["dense"].max(), q["lex"][top],
                   q["paragraph"][top], q["title"][top], q["named"][top], np.log1p(dense_rank[top]),
                   np.log1p(lex_rank[top]), best_in_chapter[self.chapter[top]] - shipped[top], self.definition[top],
                   asks_penalty * self.penalty[top], (1 - asks_penalty) * self.penalty[top],
                   asks_decree * self.decree[top], (1 - asks_decree) * self.decree[top], np.array(coverage),
                   np.array(title_coverage), self.lines[top],
                   q["dense_glossary"][top] - q["dense_glossary"].max(),
                   q["dense_passage"][top] - q["dense_passage"].max()]
        return top, np.column_stack(columns)


def fit_reranker(items: list[tuple[np.ndarray, np.ndarray]], l2: float = 3.0):
    """A linear listwise (softmax) re-ranker on standardised features; returns a scoring function."""
    from scipy.optimize import minimize

    items = [(x, y) for x, y in items if y.any()]
    stacked = np.vstack([x for x, _ in items])
    mean, spread = stacked.mean(0), stacked.std(0) + 1e-9

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for x, y in items:
            zx = (x - mean) / spread
            s = zx @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            hit = (p * y).sum() + 1e-12
            total -= np.log(hit)
            grad -= zx.T @ (p * y / hit - p)
        return total + l2 * w @ w, grad + 2 * l2 * w

    start = np.zeros(stacked.shape[1])
    start[0] = 1.0
    weights = minimize(loss, start, jac=True, method="L-BFGS-B").x
    return lambda x: ((x - mean) / spread) @ weights


def variants(features: Features) -> dict:
    f = features

    def shipped(q):
        return q["dense"] + 0.3 * q["lex"] + 0.05 * q["named"]

    def prf(q, k=3, a=0.3):
        top = np.argsort(-shipped(q))[:k]
        feedback = f.index.vectors @ f.index.vectors[top].mean(0)
        return (q["dense"] + a * feedback) / (1 + a) + 0.3 * q["lex"] + 0.05 * q["named"]

    found = {
        "shipped: heading cosine + 0.3 BM25 + 0.05 named law": shipped,
        "law names out of the BM25 query": lambda q: q["dense"] + 0.3 * q["lex_no_law"] + 0.05 * q["named"],
        "z-score fusion z(cos) + 1.5 z(BM25) + 0.5 named": lambda q: z(q["dense"]) + 1.5 * z(q["lex"]) + 0.5 * q["named"],
        "question + glossary words embedded": lambda q: q["dense_glossary"] + 0.3 * q["lex"] + 0.05 * q["named"],
        "+ 0.1 항-level BM25, max-pooled": lambda q: shipped(q) + 0.1 * q["paragraph"],
        "항-level BM25 instead (0.3)": lambda q: q["dense"] + 0.3 * q["paragraph"] + 0.05 * q["named"],
        "+ 0.05 title BM25 field": lambda q: shipped(q) + 0.05 * q["title"],
        "+ 0.1 chapter mean (neighbour articles)": lambda q: shipped(q) + 0.1 * f.chapter_mean(shipped(q)),
        "dense pseudo-relevance feedback (top 3, 0.3)": prf,
        "+ 0.1 × the unit title asked as a question (fifth pass)": lambda q: shipped(q) + 0.1 * q["title_question"],
        "+ 0.5 × the unit title asked as a question": lambda q: shipped(q) + 0.5 * q["title_question"],
        # sixth pass (dev 5 in halves)
        "the act before its decrees: − 0.01 on decree units unless 시행령/시행규칙 is asked":
            lambda q: shipped(q) - (0.0 if q["asks_decree"] else 0.01) * f.decree,
        "− 0.04 × idf share of the title's terms the question lacks (top 20)":
            lambda q: shipped(q) - 0.04 * f.title_miss(q, shipped(q)),
        "+ 0.3 × cosine to the law's centroid (law with its decrees)":
            lambda q: shipped(q) + 0.3 * (f.centroids @ q["vector"])[f.family],
        "office-context nouns out of BM25 (구청, 민원인, 공무원 …)":
            lambda q: q["dense"] + 0.3 * q["lex_no_context"] + 0.05 * q["named"],
        "staff-terms glossary off": lambda q: q["dense"] + 0.3 * q["lex_no_glossary"] + 0.05 * q["named"],
    }
    if f.body is not None:
        found["max(heading, heading + 100 characters) cosine"] = (
            lambda q: np.maximum(q["dense"], q["dense_body"]) + 0.3 * q["lex"] + 0.05 * q["named"])
    return found


def scores_of(scorer, q) -> tuple[int, int, float]:
    s = scorer(q)
    best = s[q["target"]].max()
    rank = int((s > best).sum()) + 1
    return int(rank == 1), int(rank <= 3), 1 / rank if rank <= 10 else 0.0


def table(per_set: dict[str, list[dict]], features: Features) -> dict[str, dict[str, tuple]]:
    out: dict[str, dict[str, tuple]] = {}
    for label, scorer in variants(features).items():
        out[label] = {name: tuple(round(float(v), 3) for v in np.mean([scores_of(scorer, q) for q in qs], axis=0))
                      for name, qs in per_set.items()}
    label = "listwise re-ranker, trained on the other files"
    out[label] = {}
    ranked = {name: [features.rerank_features(q) + (q,) for q in qs] for name, qs in per_set.items()}
    for name in per_set:
        train = [(x, q["target"][top]) for other, items in ranked.items() if other != name for top, x, q in items]
        score = fit_reranker(train)
        rows = []
        for top, x, q in ranked[name]:
            order = top[np.argsort(-score(x))]
            where = np.flatnonzero(q["target"][order])
            rank = int(where[0]) + 1 if len(where) else 999
            rows.append((int(rank == 1), int(rank <= 3), 1 / rank if rank <= 10 else 0.0))
        out[label][name] = tuple(round(float(v), 3) for v in np.mean(rows, axis=0))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="dev,dev2,dev3,dev4,dev5A,dev5B")
    parser.add_argument("--body", action="store_true", help="also the heading + 100 characters vectors")
    args = parser.parse_args()
    names = [n for n in args.sets.split(",") if (ROOT / "eval" / f"{SETS[n]}.csv").is_file()]
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.load({"data_dir": os.environ.get("MINWON_DATA_DIR", data)})
        embedder = embedder_from(settings)
        index, _ = build_index(folder_documents(settings.statutes_dir)[0], settings, embedder)
        features = Features(index, embedder, args.body, EmbeddingCache(settings.data_dir / "embeddings.sqlite"))
        per_set = {n: [features.question(q.text, q.expected) for q in load_queries(ROOT / "eval" / f"{SETS[n]}.csv")
                       if q.expected and (not n.startswith("dev5") or half_of(q.text) == n[-1])] for n in names}
        found = table(per_set, features)
    print("variant | " + " | ".join(f"{n} hit@1 / hit@3 / MRR" for n in names))
    for label, cells in found.items():
        print(f"{label} | " + " | ".join(" / ".join(f"{v:.3f}" for v in cells[n]) for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
