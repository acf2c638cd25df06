"""Phone numbers residents are told: ``tables/departments.csv`` is the one source of truth.

Other files name a department (its Korean or English name) and may give a phone only if it
agrees; a text that writes a department's name with a number ("청소행정과(02-2286-5525)")
must agree too. A contradiction is an error naming both files, rows and columns, so
``minwon validate`` and publishing fail on it. A department no row of the table names is a
warning: add it there, so its number is kept in one place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, TypeVar

from bot.knowledge.faq import FaqRow
from bot.knowledge.files import Problem
from bot.knowledge.tables import Department

T = TypeVar("T")

DEPARTMENTS_FILE = "tables/departments.csv"
_PHONE = r"(?:0\d{1,2}-\d{3,4}-\d{4}|1[5-9]\d\d-\d{4}|1\d{2,3})(?!\d)"


@dataclass(frozen=True)
class Mention:
    """Where a file names a department: a department column, or a name written with a number in a text."""
    file: str
    row: int
    column: str
    department: str
    phone: str          # "" when none is given
    phone_column: str


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def contact_problems(departments: list[Department], mentions: Iterable[Mention],
                     departments_file: str = DEPARTMENTS_FILE) -> list[Problem]:
    by_name: dict[str, Department] = {}
    for department in departments:
        by_name[department.name] = by_name[department.name_en] = department
    problems = []
    for mention in mentions:
        found = by_name.get(mention.department.strip())
        if found is None:
            problems.append(Problem(mention.file, mention.row, mention.column,
                                    f"'{mention.department}' is not in {departments_file}: add it there (with its phone and "
                                    "English name) so its number is kept in one place and residents who write in "
                                    "English are told who it is", "warning"))
        elif mention.phone and digits(mention.phone) != digits(found.phone):
            problems.append(Problem(mention.file, mention.row, mention.phone_column,
                                    f"{mention.phone} for {mention.department} contradicts {departments_file} row {found.row}, "
                                    f"column phone ({found.phone}): give the same number or leave it empty"))
    return problems


def mentions_in_text(departments: list[Department], file: str, row: int, column: str, text: str) -> list[Mention]:
    """Department names written right before a phone number in free text: "환경과(02-2286-5451)", "청소행정과 ☎2286-5525"."""
    found = []
    for department in departments:
        for name in {department.name, department.name_en}:
            pattern = re.compile(re.escape(name) + r"\s*[(:]?\s*(?:☎|전화|tel\.?|phone)?\s*(" + _PHONE + r"|\d{4}-\d{4})",
                                 re.IGNORECASE)
            for match in pattern.finditer(text):
                number = match.group(1)
                phone = number if not re.fullmatch(r"\d{4}-\d{4}", number) or number.startswith("1") \
                    else "02-" + number     # "2286-5525" is a Seoul number without its area code
                found.append(Mention(file, row, column, name, phone, column))
    return found


# Tables whose rows name a department in a ``department`` column (and may give its ``phone``)
DEPARTMENT_COLUMNS = ("welfare.csv", "complaint_categories.csv")


def table_mentions(loaded: dict[str, list], shown: Callable[[str], str]) -> list[Mention]:
    """Every department a table names: in its department columns, and with a number in its texts."""
    departments = loaded.get("departments.csv", [])
    found: list[Mention] = []
    for file_name, records in loaded.items():
        if file_name == "departments.csv":
            continue
        for record in records:
            if file_name in DEPARTMENT_COLUMNS:
                found.append(Mention(shown(file_name), record.row, "department", record.department, record.phone, "phone"))
            for column_name, value in vars(record).items():
                if isinstance(value, str) and column_name not in ("phone", "department", "department_en"):
                    found += mentions_in_text(departments, shown(file_name), record.row, column_name, value)
    return found


def faq_mentions(departments: list[Department], rows: Iterable[FaqRow]) -> list[Mention]:
    found: list[Mention] = []
    for row in rows:
        if row.department:
            found.append(Mention(row.file, row.row, "department", row.department, row.phone, "phone"))
        found += mentions_in_text(departments, row.file, row.row, "answer", row.answer)
    return found


def with_department_phones(records: list[T], departments: list[Department]) -> list[T]:
    """Records that name a department and leave the phone empty get the department's number."""
    by_name = {name: d.phone for d in departments for name in (d.name, d.name_en)}
    return [replace(r, phone=by_name[r.department]) if not r.phone and r.department in by_name else r for r in records]


def faq_contact_problems(departments: list[Department], rows: Iterable[FaqRow],
                         departments_file: str = DEPARTMENTS_FILE) -> list[Problem]:
    """FAQ rows against departments.csv: what `minwon validate`, publishing and the console check."""
    return contact_problems(departments, faq_mentions(departments, rows), departments_file)
