"""Which language a resident wrote in: Korean when there is Hangul, English when there
are Latin words, otherwise the hint (the channel's or the previous choice).

Standard library only: the Rasa engine uses it too (``bot.nlu.language``).
"""
from __future__ import annotations

import re

from bot.complaints.tickets import IN_TEXT as TICKET

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")   # syllables and jamo (ㅇㅇ, ㄱㅅ)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str, hint: str | None = None) -> str | None:
    if HANGUL.search(text or ""):
        return "ko"
    # A ticket number's code ("2026-000123-K7MQ") is not an English word.
    if LATIN_WORD.search(TICKET.sub(" ", text or "")):
        return "en"
    return hint if hint in {"ko", "en"} else None
