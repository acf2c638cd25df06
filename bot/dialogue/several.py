"""Two things asked at once: "재산세랑 자동차세 내는 달이 각각 언제예요?" is two questions, "재산세 내는 달이 언제예요?"
and "자동차세 내는 달이 언제예요?"; "둘 다 카드로 내도 돼요?" right after asks the new question of each."""
from __future__ import annotations

import re

# "A랑 B …", "A하고 B …", "A와 B …", "A, B …": two words joined, the rest of the sentence shared
_PAIR = re.compile(r"(?P<before>.*?)(?P<a>[가-힣A-Za-z0-9]{2,}?)(?:이랑|랑|하고|와|과|및|,)\s*(?P<b>[가-힣A-Za-z0-9]{2,}?)"
                   r"(?P<particle>은|는|이|가|을|를|도|의)?(?P<rest>\s.*|[?.!]*)$")
BOTH = re.compile(r"둘\s*다|각각|두\s*(개|가지)\s*다|모두|both|each|either", re.I)


def split_pair(text: str) -> tuple[str, str] | None:
    """The two questions a sentence with two joined words asks, or None."""
    found = _PAIR.match((text or "").strip())
    if not found:
        return None
    before, rest = found.group("before"), BOTH.sub(" ", found.group("rest"))
    first = re.sub(r"\s+", " ", f"{before}{found.group('a')} {rest}").strip()
    second = re.sub(r"\s+", " ", f"{before}{found.group('b')} {rest}").strip()
    return first, second


def each_of(pair: tuple[str, str], question: str) -> tuple[str, str]:
    """"둘 다 카드로 내도 돼요?" after "재산세랑 자동차세 …": the new question about each of the two."""
    asked = BOTH.sub(" ", question).strip()
    first, second = (_subject(p) for p in pair)
    return f"{first} {asked}", f"{second} {asked}"


def _subject(question: str) -> str:
    return question.split()[0] if question.split() else question
