"""Questions of different topics in one message: "쓰레기 버리는 요일이랑, 1미터 넘는 책상 버리는 비용이랑, 전입신고는
언제까지 해야 되는지 알려주세요" gets the 동's collection days, the desk's fee and the FAQ's answer, one after
another. Items of one kind ("소파랑 의자") stay with their topic's own answer, which already lists each."""
from __future__ import annotations

import re

from actions.talk import Talk
from bot.dialogue import reading
from bot.dialogue.cues import topics_in
from bot.guidance import Guidance, joined, waste

# Where one question ends and the next begins: "요일이랑, …", "…, 그리고 …", "…; and also …"
_CLAUSES = re.compile(r"(?:이랑|랑|하고|와|과)\s*,\s*|(?<=[가-힣])(?:이랑|랑)\s+|,\s*(?:그리고|또|and)?\s*|\s그리고\s|;\s*|"
                      r"\band also\b", re.I)
_WHEN = re.compile(r"요일|언제|무슨\s*날|몇\s*시|what day|which day|when", re.I)
_ASKS = re.compile(r"알려|가르쳐|궁금|tell me|let me know|\?")


def answer_each(talk: Talk) -> bool:
    """Answer each of several questions of different kinds; False (nothing said) when the message is not that."""
    from actions.places import dong_in

    words = talk.text
    if not words or not (reading.is_question(words) or _ASKS.search(words)):
        return False
    parts = [p.strip() for p in _CLAUSES.split(words) if len(p.strip()) >= 4]
    if not 2 <= len(parts) <= 4:
        return False
    dongs = dong_in(talk.turn, words)
    found = [(kind, answer) for kind, answer in (_answer(talk, part, dongs) for part in parts) if answer is not None]
    if len({kind for kind, _ in found}) < 2:
        return False
    talk.say(joined([answer for _, answer in found]))
    return True


def _answer(talk: Talk, part: str, dongs: list[str]) -> tuple[str, Guidance | None]:
    district, lang = talk.turn.district, talk.lang
    from bot.guidance.followups import MODAL_CAN

    kinds = waste.waste_types_in(part)
    schedule = next((s for s in district.schedules if len(dongs) == 1 and s.dong == dongs[0]), None)
    # "… 일반쓰레기는 언제 내놔요 그리고 재활용도요": a kind of waste named after the question shares its "when";
    # "음식물은 언제 내놔요" asks its days, not how to sort leftover food
    if kinds and schedule and "waste" in topics_in(part) and (_WHEN.search(part) or _WHEN.search(talk.text)):
        return "days", waste.collection_days(schedule, lang, waste.waste_type_in(part))
    # "what money can we get": a modal "can" names no drink can
    recycled, bulky = district.items_named(MODAL_CAN.sub(" ", part), prefer_bulky=True)
    if bulky:
        return "bulky", waste.bulky_fees(district, bulky, lang)
    if recycled:
        return "sorting", waste.sortings(recycled, lang)
    if "waste" in topics_in(part) and _WHEN.search(part) and schedule:
        return "days", waste.collection_days(schedule, lang, waste.waste_type_in(part))
    from actions.knowledge import answer_service, from_faq
    from actions.turn import settings

    turn = talk.turn
    answer = answer_service().answer(part, lang, threshold=settings().faq_instead_threshold, today=turn.today,
                                     checked=turn.meta.checked)
    return "faq", from_faq(answer) if answer.status == "answered" else None
