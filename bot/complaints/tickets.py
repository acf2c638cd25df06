"""Ticket numbers. A resident is given ``2026-000123-K7MQ``: the year, the number in the year (the
short form staff use), three random characters nobody can guess from the number, and a check
character that catches a mistyped or swapped character before anything is looked up.

Residents may type the code in lower case, with O for 0 and I or L for 1: it is read as meant.
"""
from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"     # Crockford's base 32: no I, L, O, U
LETTERS = "".join(c for c in ALPHABET if c.isalpha())
_SAME = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
SHORT = re.compile(r"20\d{2}-\d{6}")
IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(20\d{2}-\d{6})(?:-([0-9A-Za-z]{4}))?(?![0-9A-Za-z])")


def check_character(short: str, random_part: str) -> str:
    """Luhn mod 32 over the number's digits and the random characters: any single wrong
    character, and nearly every swap of two neighbours, changes it."""
    values = [ALPHABET.index(c) for c in short.replace("-", "") + random_part]
    total = 0
    for position, value in enumerate(reversed(values)):
        if position % 2 == 0:
            value *= 2
            value = value // 32 + value % 32
        total += value
    return ALPHABET[(32 - total % 32) % 32]


def new_code(short: str) -> str:
    """The four characters after the number: a letter first (so the code never reads as a number)."""
    random_part = secrets.choice(LETTERS) + "".join(secrets.choice(ALPHABET) for _ in range(2))
    return random_part + check_character(short, random_part)


@dataclass(frozen=True)
class TicketInput:
    """A ticket number as a resident typed it."""
    short: str
    code: str | None = None       # None: the short form only

    @property
    def typo(self) -> bool:
        return self.code is not None and check_character(self.short, self.code[:3]) != self.code[3]

    def __str__(self) -> str:
        return f"{self.short}-{self.code}" if self.code else self.short

    def code_matches(self, stored_code: str) -> bool:
        return bool(self.code and stored_code) and hmac.compare_digest(self.code.encode(), stored_code.encode())


def read_ticket(text: str) -> TicketInput | None:
    found = IN_TEXT.search(text or "")
    if not found:
        return None
    code = found.group(2).upper().translate(_SAME) if found.group(2) else None
    return TicketInput(found.group(1), code)


def full_ticket(short: str, code: str) -> str:
    return f"{short}-{code}" if code else short
