"""Which table row a resident names in passing: "숲 산책은 미리 신청해야 돼요?", "돌봄 서비스는…".

Residents shorten names ("김장 축제" for 성동 김장 나눔 축제, "돌봄" for 노인맞춤돌봄서비스) and add
particles ("김장은"). A word names a row when its longest beginning (two syllables or more;
four letters or more in English) is found in exactly one row's name, or in exactly one of the
rows the last answer cited. Words found in several names ("겨울", "축제", "어르신") name none.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, Sequence, TypeVar

from bot.knowledge.matching import squash
from bot.settings import Settings

T = TypeVar("T")
_WORD = re.compile(r"[가-힣]+|[a-z0-9]+(?:-[a-z0-9]+)*")   # "year-end" is one word, as names are squashed
# Words in many names, about the city, or everyday words ("카드로 내요": paying by card, not the Christmas card
# workshop): never a row's name on their own; nor are the district's own names (_never).
_NEVER = frozenset({"구청", "서울", "서울시", "주민", "센터", "신청", "행사", "지원", "복지", "서비스",
                    "카드", "인터넷", "온라인", "전화", "시간", "가족", "우리", "저희", "요새", "요즘", "이번", "다음",
                    "같은", "동네", "아이", "어른",
                    "프로그램", "event", "events", "seoul", "support", "programme", "program"})


@lru_cache(maxsize=1)
def _never() -> frozenset[str]:
    """_NEVER and the district's names ("성동", "성동구", "seongdong" for the demo: Settings.home_place_names)."""
    return _NEVER | frozenset(Settings.load().home_place_names)


# English words too common to name a row on their own, though a single title may contain them.
_COMMON_EN = frozenset({"about", "after", "again", "their", "there", "these", "thing", "things", "which", "where", "would",
                        "could", "should", "other", "every", "today", "tomorrow", "weekend", "week", "year", "years",
                        "with", "what", "when", "this", "that", "have", "need", "free", "people", "please", "older",
                        "family", "families", "children", "child", "kids", "seniors", "senior", "young", "winter",
                        "spring", "class", "classes", "day", "days", "time", "near", "open", "small", "little", "big",
                        "large", "great", "good", "first", "second", "last", "next"})


def _verb_starts(text: str) -> set[int]:
    """Where a Korean verb or adjective begins ("만들려면", "보내고"): a verb names no row, though a title
    may hold its noun form ("카드 만들기")."""
    if not re.search(r"[가-힣]", text):
        return set()
    from bot.search.lexical import tokenize

    return {t.start for t in tokenize(text) if t.tag.startswith(("VV", "VA"))}


def _WHOLE_EN(part: str) -> re.Pattern:
    return re.compile(rf"{re.escape(part)}(s|es|ing|ed|er|ers|'s)?(?![a-z])")


def _shortest(word: str) -> int:
    return 2 if re.match(r"[가-힣]", word) else 5


def named_rows(text: str, rows: Sequence[T], names: Callable[[T], Iterable[str]],
               cited: Sequence[T] = (), in_text_order: bool = False) -> list[T]:
    """Rows named in ``text``, the best named first (most of the text matched) or, with
    ``in_text_order``, in the order the text names them; [] when none."""
    squashed = [[squash(n) for n in names(row) if n] for row in rows]
    raw = [[v for n in names(row) if n for v in (n.lower().replace("-", " "), n.lower().replace("-", ""))] for row in rows]
    scores: dict[int, int] = {}
    first: dict[int, int] = {}
    verbs, never = _verb_starts(text), _never()
    words = [m.group(0).replace("-", "") for m in _WORD.finditer(text.lower()) if m.start() not in verbs]
    for position in range(len(words) - 1):
        # "year end concert": an English name of several words, read as one ("Seongdong Year-End Concert")
        for n in (3, 2):
            window = words[position:position + n]
            part = "".join(window)
            if len(window) < n or not re.fullmatch(r"[a-z]+", part) or len(part) < 10 or \
                    any(w in _COMMON_EN or w in never for w in window[-1:]):
                continue
            hits = [i for i, found in enumerate(squashed) if any(part in name for name in found)]
            if len(hits) == 1:
                scores[hits[0]] = scores.get(hits[0], 0) + len(part)
                first.setdefault(hits[0], position)
                break
    for position, word in enumerate(words):
        for size in range(len(word), _shortest(word) - 1, -1):
            part = word[:size]
            if re.match(r"[a-z]", word) and size * 10 < len(word) * 7:
                break     # "grand" of "grandmother" names no "Grandparent-Led Families": a Latin word nearly whole
            if part in never or part in _COMMON_EN:
                break
            hits = [i for i, found in enumerate(squashed) if any(part in n for n in found)]
            if hits and re.match(r"[a-z]", part):
                # a title's English word or its end, not the start of a longer one: "grandpa" names no
                # "Grandparent-Led Families" ("concerts", "walking", "phone" still name "Concert", "Walk", "Smartphone")
                hits = [i for i in hits if any(_WHOLE_EN(part).search(n) for n in raw[i])]
            if not hits:
                continue
            if len(hits) > 1:   # the rows just shown decide; a long name ("아동양육비") takes the first row
                hits = [i for i in hits if rows[i] in cited] or (hits[:1] if size >= 4 and part[0] >= "가" else [])
            if len(hits) == 1:
                scores[hits[0]] = scores.get(hits[0], 0) + size
                first.setdefault(hits[0], position)
            break   # a longer beginning was ambiguous: a shorter one only more so
    order = (lambda i: first[i]) if in_text_order else (lambda i: (-scores[i], i))
    return [rows[i] for i in sorted(scores, key=order)]
