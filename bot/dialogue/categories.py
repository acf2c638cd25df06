"""The kind of problem a complaint message names: the staff's keywords (complaint_categories.csv) first,
then the labels, then a few everyday words residents use that the keywords do not cover."""
from __future__ import annotations

import re

from bot.complaints.triage import ComplaintCategory, category_in
from bot.knowledge.matching import squash

# Everyday phrasings seen in residents' reports (Korean and English); the table's own keywords win.
EVERYDAY = {
    "illegal_parking": r"주차|차가\s*(서|세워|막)|차를?\s*(맨날|항상|계속|자꾸)?\s*(대|세워|받쳐)\s*(놓|두|놔)|parked|parking|"
                       r"car (is )?blocking|blocking the crosswalk|leaves? (his|her|their|a) car|"
                       r"(차|승용차|트럭|화물차|차량|봉고|승합차)\S{0,2}\s*(딱\s*|떡\s*|맨날\s*)?(대\s*놨|대\s*놓|대\s*났|세워\s*(놨|놓|뒀|두))|"
                       # a vehicle left at a hydrant is a parking report however it is said ("big truck park in front
                       # fire hydrant")
                       r"(truck|car|van|vehicle|bus)s?\b.{0,20}\bparks?\b|소화전\s*(앞|옆|막)|(fire )?hydrant",
    "trash_uncollected": r"안\s*가져가|수거를?\s*안|picked up|not (been )?collected|hasn't been collected|collection",
    "dirty_street": r"거리\s*청소|청소\s*민원|쓰레기통|street cleaning|rubbish everywhere|trash everywhere",
    "road_damage": r"보도\s*블[럭록]|\broad problem|problem (with |on |in )?(the )?(road|pavement|sidewalk)|"
                   r"도로\s*(문제|이상|파손)|도로가?\s*(깨|파)|깨진\s*(보도|길)|broken (pavement|sidewalk)|sidewalk|"
                   r"구덩이|구뎅이|웅덩이|움푹|(길|도로|찻길|바닥|아스팔트)\S{0,3}\s*(이|가)?\s*.{0,6}(패였|패인|패여|팼|꺼졌|갈라)|"
                   r"\bhole in the (road|street)|cracked (road|pavement)|"
                   r"(구멍|구덩)\S{0,2}\s*(이|가)?\s*(크게\s*)?(패|났|생겼|뚫)|\bholes? (on|in) (the )?(road|street|pavement)|"
                   r"pot ?holes?|paving( slabs?| stones?)?|(slabs?|tiles|blocks) (are )?(all )?(loose|broken|cracked)",
    "streetlight": r"불이\s*(안|꺼)|lamp ?post|light is (out|off|broken)",
    "noise": r"쿵쾅|시끄러|굉음|공사\s*(소리|소음)|drilling|jackhammer|hammering|construction (noise|work at night)|"
             r"loud|스피커|노래\s*(소리|를\s*불러|불러)|음악\s*(소리|을|를)|떠들|고성방가|music|shouting|speakers?\b",
    "odor": r"하수구|stink|sewage",
    "illegal_dumping": r"버리고\s*가|버려\s*놓|몰래.{0,8}버|갖다\s*버|dump",
    "e_scooter": r"킥보드|scooter|kick ?board",
}


def category_named(text: str, categories: list[ComplaintCategory]) -> ComplaintCategory | None:
    found = category_in(text, categories)
    if found:
        return found
    squashed = squash(text)
    for category in categories:
        if category.category != "other" and (squash(category.label) in squashed or
                                             (category.label_en and squash(category.label_en) in squashed)):
            return category
    for category in categories:
        pattern = EVERYDAY.get(category.category)
        if pattern and re.search(pattern, text, re.I):
            return category
    return None


# "둘 다 신고하고 싶어요", "가로등도", "and also": the report names more than one problem on purpose
SEVERAL = re.compile(r"둘\s*다|두\s*가지|두\s*개\s*다|모두|그리고|또\s|[가-힣]도\s|\balso\b|\bboth\b|as well|\btoo\b", re.I)


def second_category(text: str, categories: list[ComplaintCategory], first: str | None) -> ComplaintCategory | None:
    """Another kind of problem a report names besides ``first`` ("킥보드가 쓰러져 있고요 바로 옆 가로등도 며칠째
    꺼져 있어요 둘다 신고하고 싶어요" → the streetlight), when the words say there are several; None otherwise."""
    if not text or not first or not SEVERAL.search(text):
        return None
    # clauses joined by "-고 / -며 / -구" ("냄새도 지독하고 가로등도 나가서 깜깜해요") are problems side by side; a "-서" clause
    # ("쓰레기통이 넘쳐서 냄새도") is what the first one causes, and stays with it
    for clause in re.split(r"(?<=[.!?])\s+|고요\s+|구요\s+|그리고|\band\b|,|(?<=[가-힣])(?:고|며|구)\s+", text):
        found = category_named(clause, categories)
        if found is not None and found.category not in (first, "other"):
            return found
    return None
