"""Korean personal data: find it and mask it before anything stores, logs or sends it.

Resident and foreigner registration numbers, card numbers (Luhn), bank accounts,
passports, car plates, e-mail addresses and phone numbers. Phone numbers are the one
kind a resident may need to give (for a reply to a complaint, with consent): the
gateway replaces them with a reference (``[전화번호#ab12cd34]``) whose number only
the complaint store can look up; everything else is masked for good.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

LABELS = {"rrn": "주민등록번호", "frn": "외국인등록번호", "card": "카드번호", "account": "계좌번호",
          "passport": "여권번호", "plate": "차량번호", "email": "이메일", "phone": "전화번호"}

_RRN = re.compile(r"(?<![\d-])(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s?-?\s?([1-8])(\d{6})(?![\d-])")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_ACCOUNT_SHAPE = re.compile(r"(?<![\d-])\d{3,6}-\d{2,6}-\d{2,7}(?:-\d{1,3})?(?![\d-])")
_ACCOUNT_WORDS = re.compile(r"계좌|통장|입금|송금|이체|은행|뱅크|account|bank", re.I)
_LONG_DIGITS = re.compile(r"(?<![\d-])\d{10,14}(?![\d-])")
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])(?:[MSRODG]\d{8}|M\d{3}[A-Z]\d{4})(?![A-Za-z0-9])")
_PLATE = re.compile(r"(?<![\d가-힣])(?:[가-힣]{2}\s?)?\d{2,3}\s?[가-힣]\s?\d{4}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d-])(?:01[016789][ -]?\d{3,4}[ -]?\d{4}|0(?:2|[3-6][1-5]|70)[ -]?\d{3,4}[ -]?\d{4})(?![\d-])")
_TICKET = re.compile(r"^20\d{2}-\d{6}$")
PLATE_LETTERS = set("가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주바사아자배하허호")


@dataclass
class Masked:
    text: str
    found: list[str] = field(default_factory=list)     # kinds, in order
    phones: dict[str, str] = field(default_factory=dict)   # reference → phone, for the vault


def _rrn_checksum_ok(digits: str) -> bool:
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    total = sum(int(d) * w for d, w in zip(digits[:12], weights))
    return (11 - total % 11) % 10 == int(digits[12])


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _rrn_kind(m: re.Match) -> str | None:
    digits = "".join(m.groups())
    gender = int(m.group(4))
    century = 1900 if gender in (1, 2, 5, 6) else 2000
    try:
        dt.date(century + int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    hyphenated = "-" in m.group(0)
    # Numbers issued since October 2020 carry no checksum: a hyphenated, dated number is enough.
    if not (_rrn_checksum_ok(digits) or hyphenated):
        return None
    return "frn" if gender >= 5 else "rrn"


def _plate_ok(m: re.Match) -> bool:
    letters = [c for c in m.group(0) if "가" <= c <= "힣"]
    return bool(letters) and letters[-1] in PLATE_LETTERS


def mask(text: str, keep_phone: Callable[[str], str | None] | None = None) -> Masked:
    """Mask personal data. ``keep_phone(number) -> reference`` vaults a phone number instead
    (returning None masks it like the rest)."""
    result = Masked(text)

    def replace(pattern: re.Pattern, kind_of: Callable[[re.Match], str | None]) -> None:
        def swap(m: re.Match) -> str:
            kind = kind_of(m)
            if kind is None:
                return m.group(0)
            result.found.append(kind)
            if kind == "phone" and keep_phone:
                number = re.sub(r"\D", "", m.group(0))
                reference = keep_phone(number)
                if reference:
                    result.phones[reference] = number
                    return f"[{LABELS['phone']}#{reference}]"
            return f"[{LABELS[kind]}]"
        result.text = pattern.sub(swap, result.text)

    replace(_EMAIL, lambda m: "email")
    replace(_RRN, _rrn_kind)
    replace(_CARD, lambda m: "card" if 13 <= len(re.sub(r"\D", "", m.group(0))) <= 19
            and _luhn_ok(re.sub(r"\D", "", m.group(0))) else None)
    replace(_PHONE, lambda m: "phone")
    account_context = bool(_ACCOUNT_WORDS.search(text))
    replace(_ACCOUNT_SHAPE, lambda m: "account" if not _TICKET.match(m.group(0))
            and (account_context or len(re.sub(r"\D", "", m.group(0))) >= 10) else None)
    if account_context:
        replace(_LONG_DIGITS, lambda m: "account")
    replace(_PASSPORT, lambda m: "passport")
    replace(_PLATE, lambda m: "plate" if _plate_ok(m) else None)
    return result


def masked(text: str) -> str:
    """Text safe to log or store: every kind masked, phones included."""
    return mask(text).text


PHONE_REFERENCE = re.compile(r"\[전화번호#([0-9a-f]{8,32})\]")
