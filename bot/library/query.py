"""What a staff question asks, for the library's lexical search: its nouns (Kiwi), less the words
that say nothing about the topic ("근거", "조항", "며칠"), plus the statute words for staff's
everyday ones (staff_terms.tsv: "CCTV" → "고정형 영상정보처리기기", "돌아가셨" → "사망")."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.knowledge.matching import squash
from bot.search.lexical import _kiwi, terms

STAFF_TERMS = Path(__file__).with_name("staff_terms.tsv")
# Nouns a question to the library uses whatever it is about: asking for a legal basis, a number, a
# person or a time, not naming the topic.
QUESTION_WORDS = frozenset(
    "근거 조항 조문 규정 법 법령 법적 관련 내용 여부 해당 경우 가능 방법 무엇 뭐 며칠 얼마 얼마나 언제 누구 "
    "어디 것 수 등 때 데 좀 거 알 정도 이상 이하".split())
_NOUN_TAGS = ("NN", "XR", "SL", "SN", "SH", "NR")


@dataclass(frozen=True)
class QuestionTerms:
    nouns: list[str]          # what BM25 scores and the in-scope decision covers
    everyday: list[str]       # the staff words that were translated (for the notes)


@lru_cache(maxsize=1)
def staff_terms() -> dict[str, str]:
    with STAFF_TERMS.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {squash(r["everyday"]): r["statute"] for r in rows if r.get("everyday") and r.get("statute")}


def question_terms(question: str) -> QuestionTerms:
    found = [t.form.lower() for t in _kiwi().tokenize(question) if t.tag.startswith(_NOUN_TAGS)]
    nouns = [t for t in found if t not in QUESTION_WORDS]
    squashed = squash(question)
    everyday = [word for word in staff_terms() if word in squashed]
    for word in everyday:
        nouns.extend(t for t in terms(staff_terms()[word]) if t not in QUESTION_WORDS)
    return QuestionTerms(nouns, everyday)
