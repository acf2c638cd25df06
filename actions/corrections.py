"""A correction of the value the last answer was about, read against that answer before the NLU's intent.

After the fee of a 2-seat sofa, "sorry not two. three people sofa" (read as report_cleaning_issue at 0.58), "아니
3인용이요", "아 2개 말고 3개"; after 행당1동's days, "행당1동 말고 2동": the resident takes back a value the answer
used and gives another. A counsellor answers again with the new value; the NLU, which reads one message alone,
guesses a new intent — at moderate confidence that guess does not win over the answer just given.
"""
from __future__ import annotations

import re

from actions.context import names_a_row
from actions.talk import COMPLAINT_INTENTS, Talk, confident, leaves_for_another_topic, topic_answer
from bot.dialogue.corrections import corrected, count_in, size_in
from bot.dialogue.cues import TOPIC_OF_INTENT
from bot.guidance import Guidance, cited_keys, waste
from bot.guidance.followups import follow_up, variant_named

# The tables whose rows an answer is about, and the topic their follow-ups belong to
TABLES = ("bulky_fees", "recycling", "waste_collection", "events", "welfare", "offices")
# A problem to report named with the correction ("아니 가로등 말고 신호등이 고장이에요"): a report, not a fee
REPORTING = re.compile(r"신고|민원|접수|고장|\breport|complain|broken", re.I)


def corrects_last_answer(talk: Talk) -> bool:
    """Answer again with the value the resident gives instead, when the message takes back a value and what it says
    instead is a value of the last answer's table (a size, a number of things, an item, a 동, a row); else False."""
    words, state = talk.text, talk.state
    instead = corrected(words) if words and not state.task else None
    rows = [c for c in state.last_citations if c.split(":", 1)[0] in TABLES]
    if instead is None or not rows or not state.last_intent:
        return False
    if confident(talk, 0.9) and talk.turn.intent != state.last_intent or \
            talk.turn.intent in COMPLAINT_INTENTS and REPORTING.search(words) or leaves_for_another_topic(talk, instead):
        return False      # the last: "아 그거 말고요 … 휠체어 버리는 건 얼마예요" after welfare is a new question
    found = _answer_again(talk, instead, rows)
    if found is None:
        return False
    talk.topic = state.last_intent
    talk.followed_up = True
    talk.say(found)
    return True


def _answer_again(talk: Talk, instead: str, rows: list[str]) -> Guidance | None:
    turn, state = talk.turn, talk.state
    district = turn.district
    items = cited_keys(rows, "bulky_fees")
    variant = variant_named(district, items, instead)     # "스탠드형이에요" after the 김치냉장고 fees: its size, no lamp
    if variant:
        return waste.bulky_fee(district, variant, talk.lang, said=instead)
    _, named = district.items_named(instead, prefer_bulky=True)
    if items or named and cited_keys(rows, "recycling"):
        if not (named or size_in(instead) or count_in(instead)):
            return None
        chosen = named or items[:1]
        return waste.bulky_fees(district, chosen, talk.lang, said=instead)
    found = follow_up(district, state.last_intent, rows, instead, talk.lang, turn.now, person=state.person)
    if found is not None:
        return found
    reworded = turn.rewording(instead)
    topic = TOPIC_OF_INTENT.get(state.last_intent or "")
    if topic and names_a_row(Talk(reworded, state), topic):
        answer = topic_answer(talk, state.last_intent, reworded)
        return answer if answer.citations else None
    return None

