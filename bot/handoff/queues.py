"""Which department's queue a conversation goes to: from its topic (the intent the bot last
answered), through that topic's word in departments.csv; anything else goes to 민원실."""
from __future__ import annotations

from bot.knowledge.district import District

GENERAL_QUEUE = "민원실"
# The topic slot holds intent names; each is looked up by one of its words in departments.csv topics
TOPIC_WORDS = {"waste_collection_schedule": "쓰레기", "bulky_waste": "대형폐기물", "report_cleaning_issue": "청소",
               "recycling_guide": "재활용", "welfare_programs": "복지", "welfare_apply": "복지",
               "events_search": "행사"}


def department_for(topic: str | None, district: District | None) -> str:
    word = TOPIC_WORDS.get(topic or "")
    if not word or district is None:
        return GENERAL_QUEUE
    for department in district.departments:
        if department.kind == "district" and word in department.topics:
            return department.name
    return GENERAL_QUEUE
