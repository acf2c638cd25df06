"""An English question answered from a Korean FAQ row: never a bare Korean paragraph.

A row with an English twin (``<id>-en``, in force) is answered with the twin, as staff wrote it.
Otherwise, with an LLM, the row's answer is translated and the translation checked against the row
(bot/answer/translate.py). Without an LLM, or when the translation fails the check, the resident gets
what can be said in English without translating: who to contact (the department's English name, phone
and opening hours from knowledge/tables/), the row's web page and its English title if it has one; then
the Korean text, labelled, to show someone or to paste into a translator. Every channel renders the
same text: plain lines, the phone on a line of its own (the web widget makes it a tel: link).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.answer.compose import verbatim
from bot.answer.context import AnswerContext
from bot.answer.llm import ChatLLM
from bot.answer.translate import translated_answer
from bot.knowledge.district import District
from bot.knowledge.faq import FaqRow
from bot.search.index import FaqIndex
from bot.texts import text

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Contact:
    """Who to contact about a row, in English: each part empty when the tables do not say."""
    name_en: str = ""
    phone: str = ""
    hours_en: str = ""


def contact_for(row: FaqRow, district: District | None) -> Contact:
    """The row's department from departments.csv (its hours from offices.csv); only the row's own phone
    when the table does not know the department; the district office when the row names nobody."""
    department = district.department_named(row.department) if district else None
    if department is not None:
        office = district.office_hours_of(department)
        return Contact(department.name_en, row.phone or department.phone, office.hours_en if office else "")
    if row.phone or district is None:
        return Contact(phone=row.phone)
    office = district.office_of("district_office")
    return Contact(office.name_en, office.phone, office.hours_en) if office else Contact()


def english_title(row: FaqRow) -> str:
    """The row's first alternate written in English (words, not an abbreviation like "RFID"), if staff gave one."""
    return next((a for a in row.alternates if not _HANGUL.search(a) and len(_ENGLISH_WORD.findall(a)) >= 2), "")


def contact_lines(contact: Contact, url: str) -> list[str]:
    lines = [contact.name_en] if contact.name_en else []
    if contact.phone:
        lines.append(text("contact_phone", "en", phone=contact.phone))
    if contact.hours_en:
        lines.append(text("contact_hours", "en", hours=contact.hours_en))
    if url:
        lines.append(text("contact_page", "en", url=url))
    return ["• " + line for line in lines]


def frame(row: FaqRow, contact: Contact) -> str:
    """The English frame, then the Korean text, labelled."""
    lines = contact_lines(contact, row.url)
    title = english_title(row)
    head = [text("korean_only_about", "en", title=title)] if title else []
    head.append(text("korean_only_contact" if lines else "korean_only", "en"))
    return "\n".join(head + lines) + "\n\n" + text("in_korean", "en") + "\n" + row.answer


def translated(english: str, row: FaqRow, contact: Contact) -> str:
    lines = contact_lines(contact, row.url)
    return english + "\n\n" + "\n".join([text("machine_translated_contact" if lines else "machine_translated", "en"),
                                          *lines])


def twin_of(row: FaqRow, index: FaqIndex, ctx: AnswerContext) -> FaqRow | None:
    return next((r for r in index.rows if r.id == f"{row.id}-en" and r.lang == "en" and r.in_force(ctx.today)), None)


def for_english_resident(ctx: AnswerContext, index: FaqIndex, llm: ChatLLM | None,
                         district: District | None) -> AnswerContext:
    """After check: an English question about to be answered with a Korean row as it is."""
    if ctx.lang != "en" or ctx.source != "faq" or not ctx.sources or ctx.sources[0].row.lang == "en":
        return ctx
    row = ctx.sources[0].row
    twin = twin_of(row, index, ctx)
    if twin is not None:
        ctx.notes.append(f"english: answered with the English twin {twin.id}")
        ctx.sources = [replace(ctx.sources[0], row=twin)]
        return verbatim(ctx)
    contact = contact_for(row, district)
    english = translated_answer(ctx, llm, row)
    if english is not None:
        ctx.answer, ctx.source = translated(english, row, contact), "llm"
        return ctx
    ctx.notes.append("english: the Korean row in an English frame")
    ctx.answer = frame(row, contact)
    return ctx
