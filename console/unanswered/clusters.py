"""Unanswered questions and thumbs-down answers, grouped by meaning (cosine ≥ 0.88 with the
group's first question), biggest group first. Without an embedder: groups of the same text."""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from bot.feedback import FeedbackStore
from bot.settings import Settings
from bot.unanswered import UnansweredStore

logger = logging.getLogger(__name__)
SIMILAR = 0.88


@dataclass(frozen=True)
class Item:
    text: str
    kind: str                 # "unanswered" | "down"
    at: dt.datetime


@dataclass
class Cluster:
    items: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def question(self) -> str:
        return Counter(i.text for i in self.items).most_common(1)[0][0]

    @property
    def variants(self) -> list[tuple[str, int]]:
        return Counter(i.text for i in self.items).most_common(5)

    @property
    def unanswered(self) -> int:
        return sum(1 for i in self.items if i.kind == "unanswered")

    @property
    def disliked(self) -> int:
        return sum(1 for i in self.items if i.kind == "down")

    @property
    def last_at(self) -> dt.datetime:
        return max(i.at for i in self.items)


def gather(settings: Settings, days: int = 30) -> list[Item]:
    items = [Item(q.question.strip(), "unanswered", q.created_at)
             for q in UnansweredStore(settings.database).recent(days=days) if q.question.strip()]
    items += [Item(f.question.strip(), "down", f.created_at)
              for f in FeedbackStore(settings.database).recent(limit=1000) if f.rating == "down" and f.question.strip()]
    return items


def _same_text(text: str) -> str:
    return re.sub(r"[\s?!.,~]+", " ", text.lower()).strip()


def by_text(items: list[Item]) -> list[Cluster]:
    groups: dict[str, Cluster] = {}
    for item in items:
        groups.setdefault(_same_text(item.text), Cluster()).items.append(item)
    return sorted(groups.values(), key=lambda c: (-c.count, c.question))


def by_meaning(items: list[Item], embedder, threshold: float = SIMILAR) -> list[Cluster]:
    texts = sorted({i.text for i in items})
    vectors = dict(zip(texts, embedder.embed(texts, "query"))) if texts else {}
    clusters: list[Cluster] = []
    heads: list[np.ndarray] = []
    for item in sorted(items, key=lambda i: i.text):
        vector = vectors[item.text]
        scores = np.stack(heads) @ vector if heads else np.zeros(0)
        best = int(np.argmax(scores)) if len(scores) else -1
        if best >= 0 and scores[best] >= threshold:
            clusters[best].items.append(item)
        else:
            clusters.append(Cluster([item]))
            heads.append(vector)
    return sorted(clusters, key=lambda c: (-c.count, c.question))


def grouped(items: list[Item], embedder) -> tuple[list[Cluster], bool]:
    """(groups, whether they are grouped by meaning)."""
    if embedder is not None:
        try:
            return by_meaning(items, embedder), True
        except Exception:  # grouping by text still helps staff
            logger.exception("grouping by meaning failed")
    return by_text(items), False
