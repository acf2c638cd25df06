"""Typed rows of the structured tables in ``knowledge/tables/`` (see knowledge/README.md)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.complaints.triage import ComplaintCategory
from bot.knowledge.schema import DAY_LETTERS, column

SIGNUP = ("required", "not_needed", "on_site")
TARGET_GROUPS = ("seniors", "disabled", "low_income", "single_parent", "children", "youth", "families", "all")


@dataclass(frozen=True)
class DongSchedule:
    dong: str = column(required=True)
    dong_en: str = column(required=True)
    aliases: tuple[str, ...] = column("list", default=())
    general_days: tuple[str, ...] = column("days", required=True, default=())
    food_days: tuple[str, ...] = column("days", required=True, default=())
    recyclables_days: tuple[str, ...] = column("days", required=True, default=())
    put_out_from: str = column("time", required=True)
    put_out_until: str = column("time", required=True)
    place: str = column()
    place_en: str = column()
    note: str = column()
    note_en: str = column()
    source_url: str = column("url")
    row: int = 0


@dataclass(frozen=True)
class BulkyFee:
    item: str = column(required=True)
    item_en: str = column(required=True)
    aliases: tuple[str, ...] = column("list", default=())
    size: str = column()
    size_en: str = column()
    fee_krw: int = column("int", required=True, default=0)
    source_url: str = column("url")
    row: int = 0


@dataclass(frozen=True)
class BookingMethod:
    method: str = column(required=True)
    method_en: str = column(required=True)
    how: str = column(required=True)
    how_en: str = column(required=True)
    contact: str = column()
    url: str = column("url")
    source_url: str = column("url")
    row: int = 0


@dataclass(frozen=True)
class RecyclingItem:
    item: str = column(required=True)
    item_en: str = column(required=True)
    aliases: tuple[str, ...] = column("list", default=())
    category: str = column(required=True)
    category_en: str = column(required=True)
    how: str = column(required=True)
    how_en: str = column(required=True)
    source_url: str = column("url")
    row: int = 0


@dataclass(frozen=True)
class Event:
    id: str = column(required=True)
    title: str = column(required=True)
    title_en: str = column(required=True)
    category: str = column(choices=("festival", "class", "programme", "exhibition", "sports"))
    target_group: str = column(choices=TARGET_GROUPS, default="all")
    start_date: dt.date = column("date", required=True, default=None)
    end_date: dt.date = column("date", required=True, default=None)
    weekdays: tuple[str, ...] = column("days", default=())   # a class on 화|목 only; empty: every day
    time: str = column()
    place: str = column()
    place_en: str = column()
    description: str = column()
    description_en: str = column()
    fee: str = column()
    fee_en: str = column()
    signup: str = column(choices=SIGNUP)            # required | not_needed | on_site (empty: not known)
    signup_how: str = column()                      # how and where to sign up, places
    signup_how_en: str = column()
    audience: str = column()                        # who may come, in the resident's words
    audience_en: str = column()
    area: tuple[str, ...] = column("list", default=())   # 동, stations, landmarks it is near
    url: str = column("url")
    source_url: str = column("url")
    row: int = 0

    def is_free(self) -> bool:
        return self.fee.startswith("무료") or self.fee_en.lower().startswith("free")

    def runs_on(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date and (not self.weekdays or DAY_LETTERS[day.weekday()] in self.weekdays)


@dataclass(frozen=True)
class WelfareProgramme:
    id: str = column(required=True)
    name: str = column(required=True)
    name_en: str = column(required=True)
    target_group: str = column(required=True, choices=TARGET_GROUPS)
    eligibility: str = column(required=True)
    eligibility_en: str = column(required=True)
    benefit: str = column(required=True)
    benefit_en: str = column(required=True)
    how_to_apply: str = column(required=True)
    how_to_apply_en: str = column(required=True)
    documents: tuple[str, ...] = column("list", default=())
    documents_en: tuple[str, ...] = column("list", default=())
    proxy_application: str = column()      # may family (or others) apply on the resident's behalf, and how
    proxy_application_en: str = column()
    department: str = column(required=True)
    department_en: str = column()
    phone: str = column()   # empty: the department's, from departments.csv
    source_url: str = column("url")
    row: int = 0


# Said to staff when an English name is missing: English-speaking residents are told it (bot/answer/korean_only.py)
ENGLISH_NAME = "the English name residents who write in English are told, e.g. '{example}'"


@dataclass(frozen=True)
class Office:
    id: str = column(required=True)
    name: str = column(required=True)
    name_en: str = column(required=True, why=ENGLISH_NAME.format(example="Seongdong-gu Office"))
    kind: str = column(required=True, choices=("district_office", "community_centre", "call_centre", "duty_office"))
    dong: str = column()
    address: str = column()
    address_en: str = column()
    phone: str = column(required=True)
    hours: str = column(required=True)
    hours_en: str = column(required=True, why="the opening hours residents who write in English are told, "
                                                "e.g. 'Weekdays 09:00-18:00'")
    source_url: str = column("url")
    row: int = 0


@dataclass(frozen=True)
class TargetGroup:
    group: str = column(required=True, choices=TARGET_GROUPS)
    label: str = column(required=True)
    label_en: str = column(required=True)
    aliases: tuple[str, ...] = column("list", default=())
    row: int = 0


@dataclass(frozen=True)
class Department:
    """A district department or an outside body residents are sent to: the one place its phone is kept."""
    id: str = column(required=True)
    name: str = column(required=True)
    name_en: str = column(required=True, why=ENGLISH_NAME.format(example="Parking Management Division"))
    kind: str = column(choices=("district", "outside"), default="district")
    topics: tuple[str, ...] = column("list", default=())
    phone: str = column(required=True)
    source_url: str = column("url")
    row: int = 0


# file name in knowledge/tables/ → (record type, unique key column or None)
TABLES: dict[str, tuple[type, str | None]] = {
    "waste_collection.csv": (DongSchedule, "dong"),
    "bulky_fees.csv": (BulkyFee, None),
    "bulky_booking.csv": (BookingMethod, "method"),
    "recycling.csv": (RecyclingItem, "item"),
    "events.csv": (Event, "id"),
    "welfare.csv": (WelfareProgramme, "id"),
    "offices.csv": (Office, "id"),
    "target_groups.csv": (TargetGroup, "group"),
    "departments.csv": (Department, "id"),
    "complaint_categories.csv": (ComplaintCategory, "category"),
}
