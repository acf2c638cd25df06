"""A person when a resident needs one: office hours and holidays, the staff inbox queue per
department, callback requests after hours (see docs/channels.md and docs/staff-guide.md).

``request`` is what the dialogue calls when a resident asks for a person."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.complaints.phone_vault import PhoneVault
from bot.guidance import Guidance
from bot.handoff.hours import DEFAULT_HOURS, OfficeHours
from bot.handoff.inbox import Inbox
from bot.handoff.queues import department_for
from bot.handoff.texts import say, when
from bot.knowledge.district import District
from bot.knowledge.holidays import load_holidays
from bot.notify.providers import reaches_kakao_phones
from bot.settings import Settings


@dataclass(frozen=True)
class Request:
    conversation_id: str                     # "web:<session>", "telegram:<chat id>"
    channel: str
    lang: str
    topic: str = ""
    transcript: tuple[tuple[str, str], ...] = ()   # (resident|bot, masked text), oldest first


def office_hours(settings: Settings, district: District | None) -> tuple[OfficeHours, str]:
    """The district office's hours (offices.csv) with the public holidays (holidays.csv)."""
    office = district.office_of("district_office") if district else None
    text = office.hours if office else DEFAULT_HOURS
    holidays = district.holidays if district else frozenset(load_holidays(settings.tables_dir))
    return OfficeHours.parse(text, holidays), text


def request(settings: Settings, district: District | None, asked: Request, now: dt.datetime) -> Guidance:
    """Open hours: the conversation joins its department's queue. Closed: say so, when it opens,
    and start a callback request (the gateway collects the message and, with consent, a phone)."""
    hours, hours_text = office_hours(settings, district)
    department = department_for(asked.topic, district)
    inbox = Inbox(settings.database)
    if hours.is_open(now):
        handoff = inbox.open_request(asked.conversation_id, asked.channel, asked.lang, department, asked.topic,
                                     list(asked.transcript))
        place = inbox.place(handoff)
        text = say("queued", asked.lang, department=department, position=place.position, minutes=place.wait_minutes,
                   phone=district.phone_for(department) if district else "120")
        if asked.channel == "kakao" and reaches_kakao_phones(settings):
            PhoneVault(settings.database).expect(asked.conversation_id)   # the number they write next is kept
            text += say("kakao_phone_offer", asked.lang)
        return Guidance(text, source="handoff")
    opens = hours.next_opening(now)
    inbox.open_request(asked.conversation_id, asked.channel, asked.lang, department, asked.topic,
                       list(asked.transcript), kind="callback", visible_from=opens)
    hours_shown = office.hours_en if (office := _office(district)) and asked.lang == "en" else hours_text
    return Guidance(say("closed_now", asked.lang, hours=hours_shown, opens=when(opens, asked.lang)),
                    source="handoff")


def _office(district: District | None):
    return district.office_of("district_office") if district else None


def asked_in(tracker, lang: str, turns: int = 20) -> Request:
    """The request as a rasa-sdk tracker holds it: who, where from, the topic, and the transcript
    (the gateway masked every resident message before Rasa saw it)."""
    transcript = [("resident" if e.get("event") == "user" else "bot", e.get("text") or "")
                  for e in tracker.events if e.get("event") in ("user", "bot") and e.get("text")]
    metadata = tracker.latest_message.get("metadata") or {}
    sender = tracker.sender_id
    channel = metadata.get("channel") or (sender.split(":", 1)[0] if ":" in sender else "web")
    return Request(sender, channel, lang, tracker.get_slot("topic") or "", tuple(transcript[-turns:]))
