"""Triage on creation: category facts from the staff table, priority from words staff can edit."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.matching import squash
from bot.knowledge.schema import column


@dataclass(frozen=True)
class ComplaintCategory:
    """A row of knowledge/tables/complaint_categories.csv."""
    category: str = column(required=True)
    label: str = column(required=True)
    label_en: str = column(required=True)
    group: str = column(choices=("cleaning", "general"), default="general")
    keywords: tuple[str, ...] = column("list", default=())
    urgent_words: tuple[str, ...] = column("list", default=())
    department: str = column(required=True)
    department_en: str = column()
    phone: str = column()   # empty: the department's, from departments.csv
    handling_days: int = column("int", required=True, default=7)
    row: int = 0


# Safety words that make any complaint urgent, whatever its category.
URGENT_ALWAYS = ("다쳤", "다칠", "넘어졌", "넘어진", "사고", "위험", "가스", "누수", "화재", "불이", "전선", "감전",
                 "싱크홀", "무너", "붕괴", "injur", "danger", "gas leak", "fire", "fell", "collapsed")


def priority_of(category: ComplaintCategory | None, location: str, description: str) -> str:
    text = squash(f"{location} {description}")
    words = URGENT_ALWAYS + (category.urgent_words if category else ())
    return "urgent" if any(squash(w) in text for w in words if w.strip()) else "normal"


def category_in(text: str, categories: list[ComplaintCategory]) -> ComplaintCategory | None:
    """The category a report names ("횡단보도를 막은 킥보드" → e_scooter), if any."""
    squashed = squash(text)
    for category in categories:
        if any(_names(k, text, squashed) for k in category.keywords if k.strip()):
            return category
    return None


def _names(keyword: str, text: str, squashed: str) -> bool:
    """A Korean keyword anywhere in the squashed text; a Latin one only as a word of its own, and a short one
    ("PM", personal mobility) never as a time ("until 11pm", "3 PM")."""
    if re.search(r"[가-힣]", keyword):
        return squash(keyword) in squashed
    words = r"[\s-]*".join(re.escape(w) for w in re.split(r"[\s-]+", keyword.strip()))
    left = r"(?<![A-Za-z0-9])(?<!\d\s)" if len(keyword.strip()) <= 3 else r"(?<![A-Za-z])"
    right = r"(?![A-Za-z])" if len(keyword.strip()) <= 3 else ""
    return bool(re.search(left + words + right, text, re.I))


PHONE = re.compile(r"^(01[016789])-?(\d{3,4})-?(\d{4})$|^(0\d{1,2})-?(\d{3,4})-?(\d{4})$")


def normalise_phone(text: str) -> str | None:
    digits = re.sub(r"[\s.()]", "", text)
    m = PHONE.match(digits)
    if not m:
        return None
    parts = [p for p in m.groups() if p]
    return "-".join(parts)
