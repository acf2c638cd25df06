"""Which language a resident wrote in: Korean when there is Hangul, English when there
are Latin words, otherwise the hint (the channel's or the previous choice). An English sentence that
names a Korean place ("Hello, I live in 옥수동. When is trash day?") is English: when Latin words
outnumber the Hangul words three to one (and there are at least three), the Latin words win.

Standard library only: the Rasa engine uses it too (``bot.nlu.language``).
"""
from __future__ import annotations

import re

from bot.complaints.tickets import IN_TEXT as TICKET

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")   # syllables and jamo (ㅇㅇ, ㄱㅅ)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str, hint: str | None = None) -> str | None:
    # A ticket number's code ("2026-000123-K7MQ") is not an English word.
    latin = len(LATIN_WORD.findall(TICKET.sub(" ", text or "")))
    if HANGUL.search(text or ""):
        hangul = sum(1 for word in (text or "").split() if HANGUL.search(word))
        return "en" if latin >= 3 and latin >= 3 * hangul else "ko"
    if latin:
        return "en"
    return hint if hint in {"ko", "en"} else None
