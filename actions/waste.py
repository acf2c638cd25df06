"""Collection days by dong, bulky-waste fees and booking, sorting of an item."""
from __future__ import annotations

import re

from actions.topics import TopicAction, answers
from actions.turn import Turn
from bot.guidance import Guidance, joined, pick, waste
from bot.knowledge.matching import squash

_NOT_ITEM = re.compile(r"(대형|폐기물|버리|버려|버릴|수수료|스티커|얼마|신청|어떻게|방법|가격|수거|처리|"
                       r"dispose|throw|fee|bulky|how|much|pick|sticker)", re.I)


def several_dongs(turn: Turn, answer) -> Guidance | None:
    """"응봉동이랑 송정동 둘 다": one answer per 동 when the message names several, each clearly."""
    groups = turn.district.dong_index.find_each(turn.text)
    if len(groups) < 2 or any(len(g) != 1 for g in groups):
        return None
    return joined([answer(g[0]) for g in groups])


def dong_or_question(turn: Turn, intent: str, answer) -> Guidance:
    """Resolve the dong (this message, else the one given earlier), or ask which one."""
    several = several_dongs(turn, answer)
    if several:
        return several
    named = turn.entity("dong") or turn.slot("dong")
    if not named and turn.text and not turn.is_payload:
        from actions.places import dong_in     # a 동 (or a landmark) the NLU did not mark

        found = dong_in(turn, turn.text)
        named = found[0] if len(found) == 1 else None
    if not named:
        return waste.ask_dong(turn.district, turn.lang, intent)
    matches = turn.district.dong_index.exact(named) or turn.district.dongs_named(named)
    if len(matches) != 1 and turn.text and not turn.is_payload:
        from actions.places import dong_in     # "haengdang 2 dong": the whole name, where the NLU took "haengdang"

        whole = dong_in(turn, turn.text)
        matches = [s for s in turn.district.schedules if s.dong in whole] if len(whole) == 1 else matches
    if len(matches) == 1:
        return answer(matches[0])
    return waste.ask_dong(turn.district, turn.lang, intent, matches or None, asked=named)


# "몇 시부터 내놔요?" asks the hours only; "무슨 요일 몇 시에" asks the days too (those need the 동)
HOURS_ASKED = re.compile(r"몇\s*시|시간|\btime\b|\bhours?\b|how late|how early|(from|until|till) when", re.I)
DAYS_ASKED = re.compile(r"요일|무슨\s*날|며칠|언제|\bdays?\b|which day|monday|tuesday|wednesday|thursday|friday|"
                        r"saturday|sunday|[월화수목금토일]요일", re.I)
SCHEDULE_WORDS = re.compile(r"언제|요일|몇\s*시|시간|며칠|배출일|수거일|내놓|내놔|when|day|time|schedule|collect", re.I)


# Rubbish in general, no kind named ("한대앞 원룸 자취하는데 쓰레기 언제버림?")
_RUBBISH = re.compile(r"쓰레기|trash|garbage|rubbish", re.I)
BULKY_ASKED = re.compile(r"대형|스티커|수수료|얼마|신고|fee|sticker|how much|bulky|large item", re.I)


@answers("waste_collection_schedule")
def collection_days(turn: Turn) -> Guidance:
    named = waste.waste_types_in(turn.text or "")
    kind = named if len(named) > 1 else waste.waste_type_in(turn.entity("waste_type") or turn.text)
    guidance = dong_or_question(turn, "waste_collection_schedule",
                                lambda schedule: waste.collection_days(schedule, turn.lang, kind))
    if guidance.buttons and not guidance.citations and turn.text and HOURS_ASKED.search(turn.text) and \
            not DAYS_ASKED.search(turn.text):
        guidance = waste.put_out_window(turn.district, turn.lang, kind) or guidance   # no 동 needed for the hours
    guidance.specific = bool(turn.entity("dong") or SCHEDULE_WORDS.search(turn.text) or turn.is_payload)
    window = shared_window(turn)
    if window and guidance.buttons and not turn.is_payload and HOURS_ASKED.search(turn.text):
        # "일반쓰레기는 몇 시부터 내놓을 수 있어요?": the hour is every 동's, the days are asked for
        guidance.text = pick(turn.lang, f"배출 시간은 모든 동이 같아요: {window}. 요일은 동마다 달라요.",
                             f"The put-out time is the same in every neighbourhood: {window}. The days differ by "
                             f"neighbourhood.") + "\n" + guidance.text
        guidance.specific = True
    return guidance


def shared_window(turn: Turn) -> str | None:
    """The put-out hours, when every 동 of the table has the same ones."""
    window = waste.shared_put_out(turn.district)
    return "~".join(window) if window else None


# Words that never name a thing to throw away: "and a big one, over 300?" names none
_NO_THING = frozenset("a an the and or but so is are was it its this that one ones my your his her our their he she "
                      "they we i you me him them wait well also too then big small large over under more less than "
                      "can could do does did what which how about please ok okay yes no hi hello".split()) | \
    frozenset({"그럼", "그리고", "아", "저", "그", "이", "저기", "혹시", "그거", "이거", "큰", "작은", "네", "좀", "그냥", "건",
               "거", "요", "그건", "이건", "저거", "the", "just"})


def _unknown_item_words(text: str) -> str:
    """The words that may name the thing asked about, once request words and fillers are taken out ("… 말고 그냥 휠체어
    버리는 건": what comes after the last thing taken back)."""
    text = re.split(r"말고|아니고|아니라|instead of|rather than|not the", text)[-1]
    words = [w for w in re.split(r"\s+", text) if w and not _NOT_ITEM.search(w)]
    words = [w for w in words if re.sub(r"[^\w]", "", w.lower()) not in _NO_THING and not re.fullmatch(r"[\d\W]+", w)]
    return " ".join(words[:2])


def _both(recycled: list, bulky: list[str], district, lang: str, said: str = "") -> Guidance:
    """One answer per item named, sorting rows and bulky items alike (a size the words give leads a single fee)."""
    parts = ([waste.sortings(recycled, lang)] if recycled else []) + \
        ([waste.bulky_fees(district, bulky, lang, said if not recycled else "")] if bulky else [])
    if len(parts) == 1:
        return parts[0]
    return Guidance("\n\n".join(p.text for p in parts), citations=[c for p in parts for c in p.citations])


@answers("bulky_waste")
def bulky(turn: Turn) -> Guidance:
    district = turn.district
    named = turn.entity("bulky_item")
    recycled, items = district.items_named(turn.text, prefer_bulky=True)
    if named and len(items) < 2:
        items = district.bulky_index.exact(named) or items
    if items:
        return _both(recycled if len(recycled) + len(items) > 1 else [], items, district, turn.lang,
                     "" if turn.is_payload else turn.text)
    if turn.text and not turn.is_payload and (waste.waste_types_in(turn.text) or _RUBBISH.search(turn.text)) and \
            SCHEDULE_WORDS.search(turn.text) and not BULKY_ASKED.search(turn.text):
        return collection_days(turn)   # "한대앞 자취하는데 일반쓰레기 언제 버려요?" read as bulky waste: its days
    recycled = [r for r in recycled if r.category_en.lower() != "bulky waste"]    # "big furniture": the booking, below
    if recycled and not turn.is_payload and not BULKY_ASKED.search(turn.text):
        # "남은 알약이랑 식용유 한 통 … 어떻게 버려요?" read as bulky waste: no bulky item named, the sorting rows are
        return waste.sortings(recycled, turn.lang)
    asked = _unknown_item_words(turn.text) if not turn.is_payload else ""
    near = district.bulky_items_near(asked) if squash(asked) else []
    if near:
        guidance = waste.bulky_choices(district, turn.lang, near, asked)
    else:  # staff list the most asked-about items first in bulky_fees.csv
        guidance = waste.bulky_choices(district, turn.lang, list(dict.fromkeys(f.item for f in district.bulky_fees))[:8])
    guidance.specific = False
    return guidance


@answers("recycling_guide")
def sorting(turn: Turn) -> Guidance:
    district = turn.district
    recycled, items = district.items_named(turn.text)
    if any(r.category_en.lower() == "bulky waste" for r in recycled):   # "소파": its fee beats "가구: 대형폐기물"
        _, bulky_items = district.items_named(turn.text, prefer_bulky=True)
        if bulky_items:
            recycled, items = [r for r in recycled if r.category_en.lower() != "bulky waste"], bulky_items
    if recycled or items:
        return _both(recycled, items, district, turn.lang)
    guidance = waste.sorting_choices(turn.lang, district.recycling_index.nearest(_unknown_item_words(turn.text)))
    guidance.specific = False
    return guidance


class ActionCollectionDays(TopicAction):
    intent, action_name = "waste_collection_schedule", "action_collection_days"


class ActionBulkyWaste(TopicAction):
    intent, action_name = "bulky_waste", "action_bulky_waste"


class ActionSortingGuide(TopicAction):
    intent, action_name = "recycling_guide", "action_sorting_guide"
