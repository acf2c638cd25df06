"""Unanswered questions and thumbs-down answers, grouped by meaning (cosine ≥ 0.88 with the
group's first question), biggest group first. Without an embedder: groups of the same text.
Questions staff attached to a FAQ row have left the queue."""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from bot.feedback import FeedbackStore
from bot.knowledge.taught import same_wording
from bot.language import detect_language
from bot.settings import Settings
from bot.teaching import Question
from bot.unanswered import ItemRef, UnansweredStore

logger = logging.getLogger(__name__)
SIMILAR = 0.88


@dataclass(frozen=True)
class Item:
    text: str
    kind: str                 # "unanswered" | "down"
    at: dt.datetime
    id: int = 0
    lang: str = "ko"

    @property
    def ref(self) -> ItemRef:
        return self.kind, self.id


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
        return self.wordings[:5]

    @property
    def wordings(self) -> list[tuple[str, int]]:
        """Every distinct wording with how often it came, most often first."""
        return Counter(i.text for i in self.items).most_common()

    @property
    def unanswered(self) -> int:
        return sum(1 for i in self.items if i.kind == "unanswered")

    @property
    def disliked(self) -> int:
        return sum(1 for i in self.items if i.kind == "down")

    @property
    def last_at(self) -> dt.datetime:
        return max(i.at for i in self.items)

    @property
    def lang(self) -> str:
        return next(i.lang for i in self.items if i.text == self.question)

    @property
    def refs(self) -> str:
        """The items as one form value: "unanswered:12,down:3"."""
        return refs_value(i.ref for i in self.items)


def refs_value(refs) -> str:
    return ",".join(f"{kind}:{item_id}" for kind, item_id in sorted(refs))


def parse_refs(value: str, limit: int = 500) -> list[ItemRef]:
    """"unanswered:12,down:3" → [("unanswered", 12), ("down", 3)]; anything else is left out."""
    found = []
    for part in value.split(",")[:limit]:
        kind, _, number = part.strip().partition(":")
        if kind in ("unanswered", "down") and number.isdigit():
            found.append((kind, int(number)))
    return found


def gather(settings: Settings, days: int = 30, open_only: bool = True) -> list[Item]:
    """The queue: the last ``days`` days' unanswered and thumbs-down questions (``open_only``: not those
    already attached to a FAQ row)."""
    items = [Item(q.question.strip(), "unanswered", q.created_at, q.id, q.lang)
             for q in UnansweredStore(settings.database).recent(days=days) if q.question.strip()]
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    items += [Item(f.question.strip(), "down", f.created_at, f.id, detect_language(f.question, "ko") or "ko")
              for f in FeedbackStore(settings.database).recent(limit=1000)
              if f.rating == "down" and f.question.strip() and _aware(f.created_at) >= since]
    if open_only:
        resolved = UnansweredStore(settings.database).resolutions()
        items = [i for i in items if i.ref not in resolved]
    return items


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def questions_of(items: list[Item], limit: int = 200) -> list[Question]:
    """The distinct wordings of these items, most recent first (for the preview's "now answered")."""
    seen: dict[str, Question] = {}
    for item in sorted(items, key=lambda i: _aware(i.at), reverse=True):
        seen.setdefault(same_wording(item.text), Question(item.text, item.lang))
    return list(seen.values())[:limit]


def by_text(items: list[Item]) -> list[Cluster]:
    groups: dict[str, Cluster] = {}
    for item in items:
        groups.setdefault(same_wording(item.text), Cluster()).items.append(item)
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
