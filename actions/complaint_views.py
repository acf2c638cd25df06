"""What the complaint form shows and reads besides its questions: the summary to confirm, the buttons,
the handling time of a kind, a phone number kept in the vault."""
from __future__ import annotations

import re

import actions.phones
from actions.phones import resolve_phone, shown
from actions.talk import Talk
from bot.dialogue.categories import category_named as category_in
from bot.dialogue.texts import said
from bot.guidance import Button, Guidance, pick
from bot.privacy import PHONE_REFERENCE
from bot.texts import text


def summary(talk: Talk) -> Guidance:
    values, lang, district = talk.state.values, talk.lang, talk.turn.district
    category = district.complaint_category(values.get("category"))
    body = text("complaint_summary", lang,
                category=pick(lang, category.label, category.label_en) if category else "-",
                dong=district.dong_shown(values["dong"], lang) if values.get("dong") else "-", location=values.get("location") or "-",
                description=values.get("description") or "-",
                phone=shown(values.get("phone")) or text("complaint_no_phone", lang))
    labels = [("접수", "Submit"), ("위치 고치기", "Fix place"), ("내용 고치기", "Fix details"),
              ("연락처 고치기", "Fix contact"), ("취소", "Cancel")]
    return Guidance(body, [Button(pick(lang, ko, en), pick(lang, ko, en)) for ko, en in labels])


def how_long(talk: Talk) -> Guidance | None:
    """"보통 며칠 걸려요?", "가로등은 어느 부서에서 고쳐요?": the handling days and the department of the kind named, else
    the kind being reported, else the kind just filed."""
    district = talk.turn.district
    named = category_in(talk.turn.text, district.complaint_categories)
    category = named or district.complaint_category(talk.state.values.get("category") or talk.state.filed)
    if category is None:
        return None
    return Guidance(said("handling_days", talk.lang, label=pick(talk.lang, category.label, category.label_en),
                         days=str(category.handling_days),
                         department=pick(talk.lang, category.department, category.department_en or category.department),
                         phone=category.phone))


def phone_in(words: str) -> str | None:
    """The reference of a number the gateway kept, or one typed straight to Rasa (kept in the vault now)."""
    given = PHONE_REFERENCE.search(words or "")
    if given:
        return given.group(0)
    for candidate in re.findall(r"0\d{1,2}[\s.-]?\d{3,4}[\s.-]?\d{4}", words or ""):
        phone = resolve_phone(candidate)
        if phone:
            return f"[전화번호#{actions.phones.phone_vault().keep(phone)}]"
    return None


def category_buttons(talk: Talk) -> list[Button]:
    kind = talk.state.values.get("kind") or "general"
    lang = talk.lang
    return [Button(pick(lang, c.label, c.label_en), pick(lang, c.label, c.label_en))
            for c in talk.turn.district.complaint_categories
            if kind == "general" or c.group == kind or c.category == "other"]


def dong_buttons(talk: Talk, names: list[str] | None) -> list[Button]:
    schedules = talk.turn.district.schedules
    return [Button(pick(talk.lang, s.dong, s.dong_en), s.dong) for s in schedules if not names or s.dong in names]
