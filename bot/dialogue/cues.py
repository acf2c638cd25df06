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


# Words that bear out a topic the NLU guessed, though too common to switch to it: "지원 받을 수 있는 거 있어요?"
# is a welfare question, "지원" alone does not make a bulky-waste question one.
_SUPPORT = {
    "welfare": r"지원|도움|혜택|받을\s*수|수급|어르신|노인|장애|한부모|청년|아이|아기|help|support|assist|benefit|money|"
               r"elderly|senior|disab|single parent|youth|child|baby",
    "events": r"뭐\s*(해|하|있)|할\s*만한|갈\s*만한|다니\S{0,2}\s*만한|anything (for|to do)|"
              r"구경|놀\s*거리|프로그램|things to do|what'?s on|anything (to do|on)|"
              r"programme|program|activit",
    "offices": r"몇\s*시|문\s*(열|닫)|전화번호|주소|어디\s*있|hours|open|close|phone|address|where is",
    "waste": r"요일|내놓|내놔|수거|collect|pick ?up|what day|which day",
    "bulky": r"대형|스티커|수수료|얼마|fee|sticker|how much|large item",
}
_SUPPORTS = {topic: re.compile(words, re.I) for topic, words in _SUPPORT.items()}


def supports(topic: str | None, text: str) -> bool:
    """The text has words that go with ``topic`` (broader than its cue words)."""
    found = _SUPPORTS.get(topic or "")
    return bool(found and found.search(text or ""))
