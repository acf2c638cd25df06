"""The kind of problem a complaint message names: the staff's keywords (complaint_categories.csv) first,
then the labels, then a few everyday words residents use that the keywords do not cover."""
from __future__ import annotations

import re

from bot.complaints.triage import ComplaintCategory, category_in
from bot.knowledge.matching import squash

# Everyday phrasings seen in residents' reports (Korean and English); the table's own keywords win.
EVERYDAY = {
    "illegal_parking": r"주차|차가\s*(서|세워|막)|차를?\s*(맨날|항상|계속|자꾸)?\s*(대|세워|받쳐)\s*(놓|두|놔)|parked|parking|"
                       r"car (is )?blocking|blocking the crosswalk|leaves? (his|her|their|a) car",
    "trash_uncollected": r"안\s*가져가|수거를?\s*안|picked up|not (been )?collected|hasn't been collected|collection",
    "dirty_street": r"거리\s*청소|청소\s*민원|쓰레기통|street cleaning|rubbish everywhere|trash everywhere",
    "road_damage": r"보도\s*블[럭록]|도로가?\s*(깨|파)|깨진\s*(보도|길)|broken (pavement|sidewalk)|sidewalk",
    "streetlight": r"불이\s*(안|꺼)|lamp ?post|light is (out|off|broken)",
    "noise": r"쿵쾅|시끄러|loud",
    "odor": r"하수구|stink|sewage",
    "illegal_dumping": r"버리고\s*가|버려\s*놓|몰래.{0,8}버|갖다\s*버|dump",
    "e_scooter": r"킥보드|scooter",
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
