"""Answers to structured questions, built from the district's tables.

Each function takes what the resident asked (already resolved to records) and the
language, and returns a ``Guidance``: the text, buttons to choose from, and the
rows it came from. Actions only send it; channels only render it.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    url: str


@dataclass
class Guidance:
    text: str
    buttons: list[Button] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    source: str = "intent"
    # False when the table had nothing specific (no item, no programme named): a clearly
    # matching FAQ row is then the better answer.
    specific: bool = True

    def as_json(self) -> dict:
        return {"source": self.source,
                "citations": [c.__dict__ for c in self.citations]}


def pick(lang: str, ko: str, en: str) -> str:
    return en if lang == "en" else ko


def payload(intent: str, **entities: str) -> str:
    """A Rasa button payload that sets entities, e.g. /bulky_waste{"bulky_item":"소파"}."""
    import json

    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def cite(table: str, key: str, title: str, url: str) -> list[Citation]:
    """The row an answer came from, "<table>:<key>" (e.g. "events:ev-001"), with or without a link:
    a follow-up question ("미리 신청해야 돼요?") finds the row again by this id."""
    return [Citation(f"{table}:{key}", title, url or "")]


def cited_keys(citation_ids: list[str], table: str) -> list[str]:
    """The keys of ``table``'s rows among citation ids, in order: ["events:ev-001"] → ["ev-001"]."""
    prefix = table + ":"
    return [c[len(prefix):] for c in citation_ids if c.startswith(prefix)]


def joined(answers: list[Guidance]) -> Guidance:
    """Several answers as one reply ("응봉동이랑 송정동", "기초연금이랑 노인일자리"): each in turn, every citation kept."""
    if len(answers) == 1:
        return answers[0]
    return Guidance("\n\n".join(a.text for a in answers), [b for a in answers for b in a.buttons],
                    [c for a in answers for c in a.citations])
