"""Masking before anything reaches the model, keeping the district's own public phone numbers (a reply
names its department's number; a resident's number never leaves)."""
from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.district import District
from bot.privacy import mask

_KEPT = re.compile(r"\[전화번호#public(\d+)\]")


def public_phones(district: District) -> set[str]:
    """Every phone number the district's tables publish (departments, complaint categories, offices)."""
    found = set()
    for rows in (district.departments, district.complaint_categories, district.offices):
        for row in rows:
            for number in re.split(r"[|,/]", getattr(row, "phone", "") or ""):
                if re.sub(r"\D", "", number):
                    found.add(re.sub(r"\D", "", number))
    return found


def masked_for_model(text: str, public: Iterable[str] = ()) -> str:
    """``bot.privacy.mask`` of everything, except phone numbers in ``public`` (digits), kept as written."""
    kept = set(public)
    written: dict[str, str] = {}

    def keep(number: str) -> str | None:
        return f"public{number}" if number in kept else None

    for match in re.finditer(r"[\d][\d -]{7,}\d", text):
        written.setdefault(re.sub(r"\D", "", match.group(0)), match.group(0).strip())
    result = mask(text, keep_phone=keep).text
    return _KEPT.sub(lambda m: written.get(m.group(1), m.group(1)), result)
