"""Who to send a resident to when the bot has no answer.

A district department only when the question is the district's business: a department's
(or an outside body's) topic words name it. A question about another place goes to that
place (another Seoul district: its office or 다산콜센터 120; elsewhere in Korea: the
government call centre 110). A question no public office handles (weather, lottery numbers,
recipes, trivia) gets no referral. Anything else: 다산콜센터 120, which answers for all of
Seoul. The nearest FAQ row is never used for this: being the least distant of our rows says
nothing about whose business a question is (pasta is not the recycling division's).
"""
from __future__ import annotations

import re

from bot.answer.decide import NOT_OUR_TOPIC, places_named
from bot.guidance import pick
from bot.knowledge.district import District
from bot.knowledge.tables import Department
from bot.texts import text

SEOUL_DISTRICTS = ("강남구", "강동구", "강북구", "강서구", "관악구", "광진구", "구로구", "금천구", "노원구", "도봉구",
                   "동대문구", "동작구", "마포구", "서대문구", "서초구", "성북구", "송파구", "양천구", "영등포구",
                   "용산구", "은평구", "종로구", "중구", "중랑구", "gangnam")
ABROAD = ("denver", "new york", "seattle", "austin", "chicago", "los angeles", "san francisco", "longmont", "aurora",
          "fort collins")


def _names(topic: str, question: str) -> bool:
    """A Korean topic inside a word ("주차장에"); a Latin one as whole words ("care" is not in "careful")."""
    if re.search(r"[가-힣]", topic):
        return topic in question
    return re.search(rf"(?<![a-z]){re.escape(topic.lower())}(?![a-z])", question.lower()) is not None


def department_for(district: District, question: str) -> Department | None:
    """The department (or outside body) whose longest topic word the question names."""
    best: tuple[int, Department] | None = None
    for department in district.departments:
        for topic in department.topics:
            if _names(topic, question) and (best is None or len(topic) > best[0]):
                best = (len(topic), department)
    return best[1] if best else None


def referral(district: District, question: str, lang: str, home_places: tuple[str, ...],
             names: dict[str, str]) -> str | None:
    """The line to add after "I have no answer", or None when nobody should be named. ``names``: the district's
    own (``Settings.district_names``), said when the question is about a place outside Seoul."""
    elsewhere = [p for p in places_named(question) if p not in home_places]
    if elsewhere:
        place = elsewhere[0]
        if place in ABROAD:
            return None
        key = "refer_seoul_district" if place in SEOUL_DISTRICTS else "refer_elsewhere"
        return text(key, lang, district, **names,
                    place=place if place != "gangnam" else pick(lang, "강남구", "Gangnam-gu"))
    if NOT_OUR_TOPIC.search(question):
        return None
    department = department_for(district, question)
    if department is not None:
        return text("who_to_call", lang, name=pick(lang, department.name, department.name_en), phone=department.phone)
    office = district.office_of("call_centre")
    return text("who_to_call", lang, name=pick(lang, office.name, office.name_en), phone=office.phone) if office else None
