"""The grounding check every assistant draft passes, the resident side's (bot/answer/check.py) plus
article numbers: every 제N조 a draft names, and every amount, date, number and phone in it, must
appear in the sources it was given; cited source numbers must exist."""
from __future__ import annotations

import re

from bot.answer.check import CITATION, unsupported_facts
from bot.knowledge.matching import squash

ARTICLE = re.compile(r"제\s*\d+\s*조(?:\s*의\s*\d+)?")
NO_ANSWER = ("자료에 없어요", "not in the sources")


def unsupported_articles(draft: str, sources: str) -> list[str]:
    known = squash(sources)
    return [found for found in ARTICLE.findall(draft) if squash(found) not in known]


def problems(draft: str, sources: str, source_count: int = 0, must_cite: bool = True) -> list[str]:
    """What is wrong with a draft, in plain words; empty when it may be shown."""
    found = []
    cited = {int(n) for n in CITATION.findall(draft)}
    if must_cite and not cited:
        found.append("근거 번호를 달지 않았어요")
    if source_count and any(n < 1 or n > source_count for n in cited):
        found.append("주지 않은 자료 번호를 달았어요")
    articles = unsupported_articles(draft, sources)
    if articles:
        found.append("자료에 없는 조문: " + ", ".join(dict.fromkeys(articles)))
    facts = unsupported_facts(draft, sources)
    if facts:
        found.append("자료에 없는 숫자: " + ", ".join(dict.fromkeys(facts[:5])))
    if any(phrase in draft for phrase in NO_ANSWER):
        found.append("자료에서 답을 찾지 못했다고 했어요")
    return found
