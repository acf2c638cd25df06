"""Which topic a message's own words are about, to second-guess a weak intent: "지금 가서 볼 수 있는 전시회
있어요?" read as welfare at 0.59 names an exhibition and nothing of welfare, so it is an events question.

The cue words are deliberately few and plain; a topic is also supported by the names in its table (a 동, an
item, a programme), which the dialogue manager checks itself (actions/outside.py)."""
from __future__ import annotations

import re

from bot.guidance.followups import TOPIC_CUES

TOPIC_OF_INTENT = {"waste_collection_schedule": "waste", "recycling_guide": "waste", "bulky_waste": "bulky",
                   "welfare_programs": "welfare", "welfare_apply": "welfare", "events_search": "events",
                   "office_info": "offices"}
# The intent to answer when the words name this topic alone (waste is split three ways: never guessed)
INTENT_OF_TOPIC = {"events": "events_search", "welfare": "welfare_programs", "bulky": "bulky_waste",
                   "offices": "office_info"}
_MORE = {
    "events": r"체험|교실|음악회|영화|상영|전시회|박람회|마켓|장터|exhibition|workshop|screening|show|fair|market",
    "welfare": r"돌봄|장애인|수급|생계|월세\s*지원|난방비|기초\s*연금|benefit|disab|caregiv|pension",
    "offices": r"주민\s*센터|동사무소|구청\s*(은|이|도)?\s*(어디|위치|주소)|opening hours|office hours",
}
_CUES = {topic: re.compile(words + ("|" + _MORE[topic] if topic in _MORE else ""), re.I)
         for topic, words in TOPIC_CUES.items()}


def topics_in(text: str) -> set[str]:
    """The topics whose cue words the text has ("전시회" → {"events"})."""
    return {topic for topic, cues in _CUES.items() if cues.search(text or "")}
