"""While a person holds a conversation, the gateway keeps the resident's messages from Rasa:
they go to the staff inbox instead, so bot and staff replies never interleave. The same gate
collects a callback request (the message, then a phone number only with consent) after hours
or after a wait nobody answered. State lives in the database (bot/handoff), so every gateway
worker agrees."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from bot.complaints.phone_vault import PhoneVault
from bot.complaints.triage import category_in, normalise_phone
from bot.handoff.inbox import Inbox
from bot.handoff.models import Handoff
from bot.handoff.texts import (NO_PHONE, for_the_bot, is_end, leaves_queue, reaching_us, say,
                               signs_off, when)
from bot.dialogue.reading import asks_what_bot_does
from bot.privacy import PHONE_REFERENCE
from bot.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Held:
    """What the gate says now (``before`` the bot's answer, ``after`` it) and whether the bot answers too:
    a question asked while waiting for a person is answered meanwhile, never left to the queue alone."""
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    ask_bot: bool = False
    instead: list[str] = field(default_factory=list)    # when the bot has no answer of its own


class HandoffGate:
    def __init__(self, settings: Settings, vault: PhoneVault, broker, district=None) -> None:
        self.settings = settings
        self.district = district or (lambda: None)   # the published tables (Reception.district), for the categories
        self.inbox = Inbox(settings.database)
        self.vault = vault
        self.broker = broker

    def intercept(self, sender: str, text: str, now: dt.datetime, lang: str | None = None) -> Held | None:
        """None: no person holds the conversation, Rasa answers. Otherwise the lines the resident
        gets now (possibly none: a staff member will answer through the live stream). ``lang``: the
        language this message is written in, when its words tell; the lines answer in it (a resident who
        asked for a person in Korean and writes in English while waiting reads English), else in the
        language of the request."""
        handoff = self.inbox.held(sender)
        if handoff is None:
            return None
        if handoff.state == "collecting":
            return self._collect(handoff, sender, text, now, lang or handoff.lang)
        kept = self._kakao_phone(handoff, text) if handoff.channel == "kakao" else None
        if kept:
            text = PHONE_REFERENCE.sub(_masked(kept), text)
        self.inbox.add(handoff.id, "resident", text)
        lang = lang or handoff.lang
        if is_end(text):
            self.inbox.finish(handoff.id, "returned")
            self.broker.publish(sender)
            return Held([say("back_to_bot", lang)])
        if handoff.state == "waiting" and leaves_queue(text):   # "아 됐어요, 그냥 물어볼게요. …"
            self.inbox.finish(handoff.id, "returned")
            self.broker.publish(sender)
            back = say("back_to_bot", lang)   # whatever else it says goes to the bot ("됐다 고맙데이": thanks)
            return Held([say("left_queue", lang)], ask_bot=True, instead=[back]) if len(text.split()) > 1 \
                else Held([back])
        self.broker.publish(sender)
        told = [say("phone_kept", lang, phone=_masked(kept))] if kept else []
        if handoff.state == "talking":   # the staff member answers; a Kakao skill must still say something
            return Held(told or ([say("passed_on", lang)] if handoff.channel == "kakao" else []))
        if self.timed_out(handoff, now):
            return Held([say("timed_out", lang)])
        place = self.inbox.place(handoff)
        waiting = say("still_waiting", lang, position=place.position, minutes=place.wait_minutes)
        if for_the_bot(text):   # staff will see it too; the resident need not wait for what the bot knows
            return Held(told + [say("meanwhile", lang, position=place.position)], ask_bot=True, instead=told + [waiting])
        return Held(told + [waiting])

    def _kakao_phone(self, handoff: Handoff, text: str) -> str | None:
        """A KakaoTalk resident asked for a number (bot.handoff.request) wrote one: kept with their consent,
        for the staff lines they miss in the chat."""
        phone = self._phone(text) if PHONE_REFERENCE.search(text) else None
        if phone:
            self.inbox.keep_phone(handoff.id, phone)
        return phone

    def timed_out(self, handoff: Handoff, now: dt.datetime) -> bool:
        """Nobody took it in time: the live request is abandoned and a callback request begins."""
        waited = dt.datetime.now(dt.timezone.utc) - _aware(handoff.requested_at)
        if handoff.state != "waiting" or waited.total_seconds() < self.settings.handoff_wait_seconds:
            return False
        if self.inbox.finish(handoff.id, "abandoned"):
            self.inbox.open_request(handoff.conversation_id, handoff.channel, handoff.lang, handoff.department,
                                    handoff.topic, kind="callback")
        return True

    def _collect(self, handoff: Handoff, sender: str, text: str, now: dt.datetime, lang: str) -> Held:
        if is_end(text):
            self.inbox.finish(handoff.id, "closed")
            return Held([say("back_to_bot", lang)])
        if not handoff.question:
            if signs_off(text) or leaves_queue(text):   # "알겠어요 고마워요": no message to leave
                self.inbox.finish(handoff.id, "closed")
                closed = say("no_message_left", lang)
                return Held([closed], ask_bot=True, instead=[closed])
            if reaching_us(text) or asks_what_bot_does(text) and not self._names_a_problem(text):
                # "내일 몇 시부터 전화하면 돼요?", "so what can you help me with right now?": for the bot, not the message
                again = say("still_collecting", lang)
                return Held(after=[again], ask_bot=True, instead=[again])
            self.inbox.keep_question(handoff.id, text)
            self.vault.expect(sender)   # the next message's phone number is kept (consent), not masked away
            return Held([say("ask_phone", lang)])
        phone = self._phone(text)
        filed = self.inbox.file_callback(handoff.id, phone)
        opens = _aware(filed.visible_from).astimezone(self.settings.seoul)
        shown = say("callback_phone", lang, phone=_masked(phone)) if phone else ""
        self.broker.publish("inbox")
        return Held([say("callback_filed", lang, reference=filed.reference,
                         opens=when(max(opens, now), lang), phone=shown)])

    def _names_a_problem(self, text: str) -> bool:
        """"소음 문제로 뭘 할 수 있어요?": a problem the staff member should read, a message for them."""
        district = self.district()
        return bool(district and category_in(text, district.complaint_categories))

    def _phone(self, text: str) -> str | None:
        if text.strip().lower() in NO_PHONE:
            return None
        found = PHONE_REFERENCE.search(text)
        raw = self.vault.look_up(found.group(1)) if found else None
        if found:
            self.vault.forget(found.group(1))
        return normalise_phone(raw or "") if raw else None


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _masked(phone: str) -> str:
    head, *middle, tail = phone.split("-")
    return "-".join([head, *["*" * len(m) for m in middle], tail])
