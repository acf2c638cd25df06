"""Office hours, address and phone; who to call when a person is needed."""
from __future__ import annotations

from bot.guidance import Guidance, cite, pick
from bot.knowledge.district import District
from bot.knowledge.tables import Office


def office_card(office: Office, lang: str) -> Guidance:
    name, hours = pick(lang, office.name, office.name_en), pick(lang, office.hours, office.hours_en)
    address = pick(lang, office.address, office.address_en or office.address)
    if lang == "en":
        text = f"{name}\n• Hours: {hours}\n• Phone: {office.phone}" + (f"\n• Address: {address}" if address else "")
    else:
        text = f"{name}\n• 운영 시간: {hours}\n• 전화: {office.phone}" + (f"\n• 주소: {address}" if address else "")
    return Guidance(text, citations=cite("offices", office.id, name, office.source_url))


def person_to_call(district: District, lang: str) -> Guidance:
    """Live handoff is not there yet: give the numbers and hours of people who can help."""
    lines = []
    for kind in ("district_office", "call_centre"):
        office = district.office_of(kind)
        if office:
            lines.append(f"• {pick(lang, office.name, office.name_en)}: {office.phone} "
                         f"({pick(lang, office.hours, office.hours_en)})")
    text = pick(lang, "직원과 직접 이야기하시려면 아래로 전화해 주세요.",
                "To talk to a person, please call:") + "\n" + "\n".join(lines)
    office = district.office_of("district_office")
    citations = cite("offices", office.id, pick(lang, office.name, office.name_en), office.source_url) if office else []
    return Guidance(text, citations=citations)

