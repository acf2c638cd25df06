"""The one object the answer steps read and write."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.search.index import Candidate


@dataclass
class AnswerContext:
    question: str                       # already masked of personal data
    lang: str                           # "ko" | "en"
    today: dt.date
    checked: bool = False               # the gateway masked it and ran the guard (bot/message_meta.py)
    refusal: str | None = None          # canned-text key when the guard or decide step says no
    candidates: list[Candidate] = field(default_factory=list)
    translation: str | None = None      # the LLM's Korean for an English question (translate step)
    specificity: float = 1.0            # 0..1: does the question name anything the FAQ knows?
    sources: list[Candidate] = field(default_factory=list)   # what compose may use, numbered from 1
    draft: str | None = None            # the LLM's answer before check
    llm_down: bool = False              # the LLM did not answer this turn: no second call (and wait) for it
    answer: str | None = None
    source: str = "fallback"            # faq | llm | fallback
    notes: list[str] = field(default_factory=list)           # why: for logs and tests

    @property
    def done(self) -> bool:
        return self.refusal is not None or self.answer is not None

    def citations(self) -> list[dict[str, str]]:
        return [{"id": c.row.id, "title": c.row.question, "url": c.row.url} for c in self.sources]
