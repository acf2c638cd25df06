"""Korean personal data: find it and mask it before anything stores, logs or sends it.

Resident and foreigner registration numbers, card numbers, bank accounts, passports, car
plates, e-mail addresses and phone numbers. Phone numbers are the one kind a resident may
need to give (for a reply to a complaint, with consent): the gateway replaces them with a
reference (``[전화번호#ab12cd34]``) whose number only the complaint store can look up;
everything else is masked for good.

How sure each rule is, and why:

- A registration number is six digits that are a real date, then a gender/century digit
  (1–8), then six digits, with a hyphen, a space, a dot or nothing between. Numbers issued
  since October 2020 end in random digits, so no checksum is asked for.
- Cue words widen the net: after 주민번호/외국인등록번호 any 6+7 digits (and either half
  alone), after 카드 any 13–19 digit number (no Luhn check) and groups of four, after
  계좌/은행 account-shaped and long numbers, after 여권 a letter and 7–8 digits.
- A number split over two messages ("900101" … "1234567") is caught when the gateway
  passes the end of the previous message as ``before``: what lies in this message of a
  number that straddles the two is masked (the first part has already gone).
- Full-width digits and dashes are read as ASCII (one character for one, so the text
  around a number is returned untouched).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterator

LABELS = {"rrn": "주민등록번호", "frn": "외국인등록번호", "card": "카드번호", "account": "계좌번호",
          "passport": "여권번호", "plate": "차량번호", "email": "이메일", "phone": "전화번호"}

# Full-width digits, the dashes phones and word processors type, the full-width dot and spaces.
_SAME_WIDTH = str.maketrans("０１２３４５６７８９－‐‑‒–—―﹣−．\u3000\u00a0", "0123456789---------.  ")
_CUE_REACH = 60   # characters before a number that a cue word may stand in

_RRN = re.compile(r"(?<!\d)(?<!\d[-.])(\d{2})(\d{2})(\d{2})\s*[-.]?\s*([1-8])\d{6}(?!\d)(?![-.]\d)")
_SIX_SEVEN = re.compile(r"(?<!\d)(?<!\d[-.])\d{6}\s*[-.]?\s*\d{7}(?!\d)(?![-.]\d)")
_RRN_FRONT = re.compile(r"(?<!\d)(?<!\d[-.])(\d{2})(\d{2})(\d{2})(?:\s*-)?(?!\s*\d)(?![-.]\d)")
_RRN_BACK = re.compile(r"(?<!\d)(?<!\d[-.])[1-8]\d{6}(?!\d)(?![-.]\d)")
_CARD = re.compile(r"(?<!\d)(?<!\d[-.])(?:\d{13,19}|\d{4}([ .-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?"
                   r"|\d{4}([ .-])\d{6}\2\d{4,5})(?!\d)(?![-.]\d)")
_CARD_GROUPS = re.compile(r"(?<!\d)(?<!\d[-.])\d{4}([ .-])\d{4}(?:\1\d{4}){0,2}(?!\d)(?![-.]\d)")
# 1588-0903, 1577-0199: a company's or a helpline's number, never a resident's
_REPRESENTATIVE = re.compile(r"(?<!\d)(?<!\d[-.])1[5-9]\d\d[ .-]?\d{4}(?!\d)(?![-.]\d)")
_ACCOUNT_SHAPE = re.compile(r"(?<![\d-])\d{3,6}-\d{2,6}-\d{2,7}(?:-\d{1,3})?(?![\d-])")
# After an account cue: any run of 8-16 digits with single separators, unless it is an amount
_DIGIT_RUN = re.compile(r"(?<![\d.,-])\d+(?:[ .-]\d+)*(?![\d,])(?!\s*(?:원|만|천|억|won|krw|%))", re.I)
_DATE_SHAPE = re.compile(r"(19|20)\d\d[ .-]?(0?[1-9]|1[0-2])[ .-]?(0?[1-9]|[12]\d|3[01])")
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])(?:[MSRODG]\d{8}|M\d{3}[A-Z]\d{4})(?![A-Za-z0-9])")
_PASSPORT_CUED = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d{7,8}(?![A-Za-z0-9])")
_PLATE = re.compile(r"(?<![\d가-힣])(?:[가-힣]{2}\s?)?\d{2,3}\s?[가-힣]\s?\d{4}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<!\d)(?<!\d[-.])(?:(?:\+82[ .-]?|0)(?:1[016789]|2|[3-6][1-5]|70)[ .-]?\d{3,4}[ .-]?\d{4})"
                    r"(?!\d)(?![-.]\d)")
_TICKET = re.compile(r"^20\d{2}-\d{6}$")
PLATE_LETTERS = set("가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주바사아자배하허호")

_RRN_CUE = re.compile(r"주민\s*(등록\s*(증\s*)?)?번호|외국인\s*(등록\s*(증\s*)?)?번호|resident\s+registration|"
                      r"alien\s+registration|\b(ARC|RRN)\b", re.I)
_FOREIGNER_CUE = re.compile(r"외국인|alien|\bARC\b", re.I)
_CARD_CUE = re.compile(r"카드|\bcard\b", re.I)
_ACCOUNT_CUE = re.compile(r"계좌|통장|입금|송금|이체|은행|뱅크|account|bank", re.I)
_PASSPORT_CUE = re.compile(r"여권|passport", re.I)

Span = tuple[int, int, str]


@dataclass
class Masked:
    text: str
    found: list[str] = field(default_factory=list)     # kinds, in order
    phones: dict[str, str] = field(default_factory=dict)   # reference → phone, for the vault


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _is_date(yy: str, mm: str, dd: str, centuries: tuple[int, ...] = (1900, 2000)) -> bool:
    for century in centuries:
        try:
            dt.date(century + int(yy), int(mm), int(dd))
            return True
        except ValueError:
            continue
    return False


def _cued(cue: re.Pattern, text: str, start: int) -> bool:
    return bool(cue.search(text, max(0, start - _CUE_REACH), start))


def _registration(text: str) -> Iterator[Span]:
    for m in _RRN.finditer(text):
        gender = int(m.group(4))
        if _is_date(m.group(1), m.group(2), m.group(3), (1900 if gender in (1, 2, 5, 6) else 2000,)):
            foreign = gender >= 5 or _cued(_FOREIGNER_CUE, text, m.start())
            yield m.start(), m.end(), "frn" if foreign else "rrn"
    for m in _SIX_SEVEN.finditer(text):
        if _cued(_RRN_CUE, text, m.start()):
            yield m.start(), m.end(), "frn" if _cued(_FOREIGNER_CUE, text, m.start()) else "rrn"


def _registration_halves(text: str) -> Iterator[Span]:
    """After a registration cue, either half alone ("앞자리 900101", "뒷자리 1234567")."""
    for pattern in (_RRN_FRONT, _RRN_BACK):
        for m in pattern.finditer(text):
            if _cued(_RRN_CUE, text, m.start()) and (pattern is _RRN_BACK or _is_date(*m.groups())):
                yield m.start(), m.end(), "frn" if _cued(_FOREIGNER_CUE, text, m.start()) else "rrn"


def _cards(text: str) -> Iterator[Span]:
    for m in _CARD.finditer(text):
        if 13 <= len(_digits(m.group(0))) <= 19 and (_luhn_ok(_digits(m.group(0))) or _cued(_CARD_CUE, text, m.start())):
            yield m.start(), m.end(), "card"
    for m in _CARD_GROUPS.finditer(text):   # part of a card number, after 카드
        if _cued(_CARD_CUE, text, m.start()):
            yield m.start(), m.end(), "card"


def _public_numbers(public: Collection[str]) -> Callable[[str], Iterator[Span]]:
    """Numbers anyone may see (helplines, the district's published office numbers): kept as
    they are, and no later rule may read them as part of a card or an account."""
    def find(text: str) -> Iterator[Span]:
        for m in _REPRESENTATIVE.finditer(text):
            yield m.start(), m.end(), "public"
        for m in _PHONE.finditer(text):
            if _digits(m.group(0)) in public:
                yield m.start(), m.end(), "public"
    return find


def _phones(text: str) -> Iterator[Span]:
    for m in _PHONE.finditer(text):
        yield m.start(), m.end(), "phone"


def _accounts(text: str) -> Iterator[Span]:
    for pattern in (_ACCOUNT_SHAPE, _DIGIT_RUN):
        for m in pattern.finditer(text):
            run = m.group(0)
            if _TICKET.fullmatch(run) or _DATE_SHAPE.fullmatch(run):
                continue
            cued = _cued(_ACCOUNT_CUE, text, m.start())
            if (pattern is _ACCOUNT_SHAPE and (cued or len(_digits(run)) >= 10)) or \
                    (cued and 8 <= len(_digits(run)) <= 16):
                yield m.start(), m.end(), "account"


def _passports(text: str) -> Iterator[Span]:
    for m in _PASSPORT.finditer(text):
        yield m.start(), m.end(), "passport"
    for m in _PASSPORT_CUED.finditer(text):
        if _cued(_PASSPORT_CUE, text, m.start()):
            yield m.start(), m.end(), "passport"


def _plates(text: str) -> Iterator[Span]:
    for m in _PLATE.finditer(text):
        letters = [c for c in m.group(0) if "가" <= c <= "힣"]
        if letters and letters[-1] in PLATE_LETTERS:
            yield m.start(), m.end(), "plate"


def _emails(text: str) -> Iterator[Span]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end(), "email"


def find_personal_data(text: str, public_phones: Collection[str] = ()) -> list[Span]:
    """Spans of personal data, first rule first: a span overlapping an earlier one is dropped."""
    readable = text.translate(_SAME_WIDTH)
    taken: list[Span] = []
    for finder in (_emails, _public_numbers(public_phones), _registration, _cards, _phones, _registration_halves,
                   _accounts, _passports, _plates):
        for start, end, kind in finder(readable):
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, kind))
    return sorted(span for span in taken if span[2] != "public")


def mask(text: str, keep_phone: Callable[[str], str | None] | None = None, before: str = "",
         public_phones: Collection[str] = ()) -> Masked:
    """Mask personal data. ``keep_phone(number) -> reference`` vaults a phone number instead
    (returning None masks it like the rest). ``before``: the end of the previous message of the
    same conversation, so a number split over the two is caught. ``public_phones``: digits of
    published office numbers, which are not personal data."""
    joined = f"{before} " if before else ""
    result = Masked(text)
    pieces, last = [], 0
    for start, end, kind in find_personal_data(joined + text, public_phones):
        if end <= len(joined):
            continue   # all in the previous message
        whole = start >= len(joined)   # not straddling the two messages
        start, end = max(start - len(joined), 0), end - len(joined)
        result.found.append(kind)
        label = f"[{LABELS[kind]}]"
        if kind == "phone" and keep_phone and whole:
            number = _digits(text[start:end].translate(_SAME_WIDTH))
            reference = keep_phone(number)
            if reference:
                result.phones[reference] = number
                label = f"[{LABELS['phone']}#{reference}]"
        pieces += [text[last:start], label]
        last = end
    result.text = "".join(pieces) + text[last:]
    return result


def masked(text: str) -> str:
    """Text safe to log or store: every kind masked, phones included."""
    return mask(text).text


PHONE_REFERENCE = re.compile(r"\[전화번호#([0-9a-f]{8,32})\]")
