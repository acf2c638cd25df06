"""An answer the bot cannot use, outside a form: "그거요", "아 그거 있잖아요", "the thing", "?" right after a topic's
question or answer. Nothing in it is a yes, a thank-you or a name, so it is read as none of them: the topic's
question comes again with examples from the district's own tables, and the second unusable answer in a row gets a
way out (other words, or a person) — as inside a form (docs/dialogue.md)."""
from __future__ import annotations

from actions.talk import TOPIC_INTENTS, Talk, person_button
from bot.dialogue import reading
from bot.dialogue.texts import examples, said, spread
from bot.guidance import Button, Guidance, payload, pick

# What each topic asks for, and where its examples come from
ASKED = {
    "bulky_waste": ("어떤 물건을 버리시려는지 이름을 알려 주세요. 예: {items}",
                    "Which item is it? Please type its name, e.g. {items}."),
    "recycling_guide": ("어떤 물건을 버리시려는지 이름을 알려 주세요. 예: {items}",
                        "Which item is it? Please type its name, e.g. {items}."),
    "waste_collection_schedule": ("어느 동인지 알려 주세요. 예: {dongs}. 가까운 역 이름(예: {landmark})도 괜찮아요.",
                                  "Which neighbourhood (dong)? e.g. {dongs}. A nearby station (e.g. {landmark}) is fine too."),
    "office_info": ("어느 곳을 찾으세요? 예: 구청, {dong} 주민센터", "Which office? e.g. the district office, or "
                    "{dong} community centre."),
    "events_search": ("언제, 누구와 가실 행사를 찾으세요? 예: 이번 주말, 아이와 함께, 무료",
                      "What kind of event are you looking for? e.g. this weekend, with children, free."),
}


def unusable_outside(talk: Talk) -> bool:
    """An empty reply ("그거요") right after a topic's question or answer: asked again with examples, or the way out."""
    state, words = talk.state, talk.text
    topic = state.asked_for if state.asked == "topic" else state.last_intent
    if not words or not reading.empty_reply(words) or topic not in TOPIC_INTENTS:
        return False
    misses = state.misses + 1 if state.asked == "topic" and state.asked_for == topic else 1
    if misses > 2:
        return False      # the way out was given: a third time would be the same words again (read as usual)
    state.ask("topic", topic)
    state.misses = misses
    talk.topic = topic
    if misses >= 2:
        talk.say(Guidance(said("way_out_topic", talk.lang, talk.turn.district), [person_button(talk.lang)]))
        return True
    if topic in ("welfare_programs", "welfare_apply"):
        from bot.guidance.community import group_examples

        talk.say(group_examples(talk.turn.district, talk.lang, topic))
        return True
    talk.say(Guidance(asked_again(talk, topic), item_buttons(talk, topic)))
    return True


def item_buttons(talk: Talk, topic: str) -> list[Button]:
    """The fee table's first items as buttons under the bulky-waste question asked again (a tap is easier than typing
    for many residents); none for other topics."""
    if topic != "bulky_waste":
        return []
    fees = talk.turn.district.bulky_fees
    items = list(dict.fromkeys(f.item for f in fees))[:4]
    names = {f.item: f.item_en or f.item for f in fees}
    return [Button(pick(talk.lang, i, names[i]), payload(topic, bulky_item=i)) for i in items]


def asked_again(talk: Talk, topic: str) -> str:
    district, lang = talk.turn.district, talk.lang
    values = examples(district, lang)
    english = lang == "en"
    if topic == "bulky_waste":
        names = list(dict.fromkeys(f.item_en if english and f.item_en else f.item for f in district.bulky_fees))
    else:
        names = list(dict.fromkeys(i.item_en if english and i.item_en else i.item for i in district.recycling))
    values["items"] = ", ".join(spread(names, 4)) if names else pick(lang, "소파", "a sofa")
    ko, en = ASKED[topic]
    return (en if english else ko).format(**values)
