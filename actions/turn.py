"""What one turn of the conversation holds, as the actions need it."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.dates import DateRange, find_date, seoul_time
from bot.guidance import Guidance
from bot.knowledge.district import District
from bot.knowledge.live import LiveDistrict
from bot.knowledge.matching import squash
from bot.message_meta import MessageMeta
from bot.settings import Settings

# What is left of "행당2동은요?" once the name is taken out: a follow-up, not a new question.
_FOLLOW_UP_REST = re.compile(r"^(은|는|이|가|도|요|은요|는요|이요|이에요|예요|요\?|그럼|그러면|그럼요|and|what about|how about|\?|\.)*$")


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.load()


@lru_cache(maxsize=1)
def live_district() -> LiveDistrict:
    return LiveDistrict(settings().knowledge_dir)


def message_meta(tracker: Tracker) -> MessageMeta:
    """What the gateway found in the latest message: its language, the personal data it masked,
    whether it is a button the bot offered, and that the guard passed it. The one place actions
    read it (the contract is in bot/message_meta.py). A message that did not come through the
    gateway is marked unchecked, so the answer pipeline masks and guards it itself."""
    meta = MessageMeta.from_metadata(tracker.latest_message.get("metadata"))
    return meta or MessageMeta.unchecked(tracker.latest_message.get("text") or "", settings().default_lang)


def now_of(tracker: Tracker) -> dt.datetime:
    """This turn's time in Seoul: the one the gateway sent in the message metadata (its clock, or
    the test clock), else this process's own (``Settings.now``, on the pinned day if one is set)."""
    stamp = (tracker.latest_message.get("metadata") or {}).get("now")
    if isinstance(stamp, str):
        try:
            return seoul_time(stamp, settings().seoul)
        except ValueError:
            pass
    return settings().now()


@dataclass
class Turn:
    tracker: Tracker
    district: District
    now: dt.datetime
    # Values the dialogue manager already knows ("여기" in a complaint about 왕십리2동 is 왕십리2동):
    # read before the message's own entities.
    known: dict[str, str] = field(default_factory=dict)
    told: dict[str, str] = field(default_factory=dict)    # read from the resident's words: before the NLU's
    # What the resident says instead of a value they took back ("2인용 말고 3인용" → "3인용"): read in place of the
    # message, and the NLU's entities (found in the whole message, the taken-back value too) are not read
    reworded: str | None = None

    @classmethod
    def of(cls, tracker: Tracker) -> "Turn":
        return cls(tracker, live_district().current(), now_of(tracker))

    @property
    def today(self) -> dt.date:
        return self.now.date()

    @property
    def text(self) -> str:
        if self.reworded is not None:
            return self.reworded
        return self.tracker.latest_message.get("text") or ""

    @property
    def intent(self) -> str:
        return (self.tracker.latest_message.get("intent") or {}).get("name") or ""

    @property
    def intent_confidence(self) -> float:
        return float((self.tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)

    @cached_property
    def meta(self) -> MessageMeta:
        """Read once per turn (the dialogue asks it dozens of times: is_payload, checked, lang)."""
        return message_meta(self.tracker)

    @property
    def lang(self) -> str:
        """The conversation's language (the slot the gateway's finding fills), else this message's."""
        lang = self.tracker.get_slot("lang")
        return lang if lang in {"ko", "en"} else self.meta.lang

    @property
    def is_payload(self) -> bool:
        """A button the bot offered was pressed (its text is a payload, not the resident's words)."""
        return self.meta.payload

    def knowing(self, **values: str | None) -> "Turn":
        """This turn, with values the conversation already gave (used where the message names none)."""
        return replace(self, known={**self.known, **{k: v for k, v in values.items() if v}})

    def telling(self, **values: str | None) -> "Turn":
        """This turn, with values the dialogue read from the resident's own words ("일흔여덟" → seniors),
        taken before the NLU's entities (which may have found "주민" in "주민번호")."""
        return replace(self, told={**self.told, **{k: v for k, v in values.items() if v}})

    def entity(self, name: str) -> str | None:
        """The value of an entity in this message (button payloads included), else one already known."""
        if name in self.told:
            return self.told[name]
        for entity in [] if self.reworded is not None else self.tracker.latest_message.get("entities") or []:
            if entity.get("entity") == name and entity.get("value"):
                return str(entity["value"])
        return self.known.get(name)

    def rewording(self, instead: str) -> "Turn":
        """This turn, read as if the resident had said only ``instead`` (what a correction says in place of a value)."""
        return replace(self, reworded=instead)

    def slot(self, name: str) -> Any:
        return self.tracker.get_slot(name)

    def date_range(self) -> DateRange | None:
        phrase = self.entity("date")
        return find_date(phrase or self.text, self.today)

    def names_elsewhere(self) -> bool:
        """The message names another city or district (and none of ours)."""
        from bot.answer.decide import places_named

        home = set(settings().home_place_names)
        return any(place not in home for place in places_named(self.text))

    def is_follow_up(self) -> bool:
        """True for "행당2동은요?": only a name the NLU found, and a particle or two."""
        rest = squash(self.text)
        for entity in [] if self.reworded is not None else self.tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "lang":
                continue
            start, end = entity.get("start"), entity.get("end")
            if start is not None and end is not None:
                rest = rest.replace(squash(self.text[start:end]), "", 1)
        return bool(self.text) and bool(_FOLLOW_UP_REST.match(rest))


def send(dispatcher: CollectingDispatcher, guidance: Guidance) -> None:
    buttons = [{"title": b.title, "payload": b.payload} for b in guidance.buttons]
    dispatcher.utter_message(text=guidance.text, buttons=buttons)
    dispatcher.utter_message(json_message=guidance.as_json())
