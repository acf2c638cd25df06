"""Send one resident message to Rasa and normalise what comes back into a ``Reply``.

Every channel (web widget, Telegram, KakaoTalk) goes through ``Conversation.send``.
When Rasa cannot answer, the resident gets canned text with a next step, never
silence or a traceback.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import threading
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

import urllib3
from sqlalchemy.exc import SQLAlchemyError

from bot.complaints.phone_vault import PhoneVault
from bot.complaints.store import DatabaseUnavailable
from bot.handoff.live import broker_for
from bot.knowledge.district import District
from bot.notify import is_opt_out
from bot.notify.outbox import Outbox
from bot.settings import Settings
from bot.texts import text as canned
from channels.handoff_gate import HandoffGate
from channels.offered import OfferedButtons
from channels.reception import Received, Reception
from channels.recent import Recent

logger = logging.getLogger(__name__)


@dataclass
class Reply:
    session_id: str
    messages: list[dict[str, Any]]
    source: str = "intent"
    intent: dict[str, Any] = field(default_factory=lambda: {"name": None, "confidence": 0.0})
    citations: list[dict[str, str]] = field(default_factory=list)
    lang: str = "ko"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def held_reply(held, answer: Reply) -> Reply:
    """A question asked while a person is awaited: the queue's line, then the bot's answer when it has
    one; a refusal (or another handoff) adds nothing, the staff member will answer."""
    if answer.source in ("fallback", "handoff") or not answer.messages:
        return Reply(answer.session_id, [{"text": line} for line in held.instead], source="handoff", lang=answer.lang)
    answer.messages = [{"text": line} for line in held.before] + answer.messages + \
        [{"text": line} for line in held.after]
    return answer


class RasaUnavailable(Exception):
    """Rasa did not answer (down, restarting, timed out or failed)."""

    def __init__(self, reason: str, answered: bool = False) -> None:
        super().__init__(reason)
        self.answered = answered   # it responded with an error: another replica won't do better


class RasaClient:
    """The one place that speaks HTTP to the Rasa engine's minwon channel.

    With several Rasa processes (``rasa_url`` = "http://a|http://b") the routing is one of:

    - ``sticky`` (default; each process keeps its own in-memory tracker store): a new
      conversation goes to the process with the fewest turns in flight and its later turns
      follow it, so no process sees half a conversation. The gateway process remembers
      where each of the last 50,000 conversations went; with several gateway processes in
      front of in-memory stores use ``hash``.
    - ``hash``: a conversation sticks to a process chosen by a hash of its sender id, the
      same in every gateway process (and after a gateway restart), whatever the load.
    - ``round_robin`` (production: shared tracker and lock stores): any process answers any
      turn; the one with the fewest turns in flight, taking turns between equals.

    When the chosen process is down the next one answers (and, sticky, keeps the conversation).
    """

    ROUTINGS = ("sticky", "hash", "round_robin")

    def __init__(self, base_urls: str, timeout: float, routing: str = "sticky") -> None:
        if routing not in self.ROUTINGS:
            raise ValueError(f"MINWON_RASA_ROUTING must be one of {', '.join(self.ROUTINGS)}, not {routing!r}")
        self.urls = [u.rstrip("/") + "/webhooks/minwon/webhook" for u in base_urls.split("|") if u.strip()]
        self.routing = routing
        self.timeout = timeout
        self._turns = itertools.count()
        self._in_flight = [0] * len(self.urls)
        self._counting = threading.Lock()
        self._placed: Recent[str, int] = Recent(50000)
        # urllib3 directly: requests' per-call environment, proxy and cookie handling cost the
        # gateway ~10 % of its CPU on a loopback call to our own engine.
        self.http = urllib3.PoolManager(num_pools=4, maxsize=64, retries=urllib3.Retry(0, read=False, redirect=False),
                                        headers={"Content-Type": "application/json"})

    def send(self, sender: str, message: str, metadata: dict[str, Any]) -> dict[str, Any]:
        first = self._first_choice(sender)
        failure: Exception | None = None
        for offset in range(len(self.urls)):
            index = (first + offset) % len(self.urls)
            try:
                answer = self._post(index, sender, message, metadata)
            except RasaUnavailable as exc:
                failure = exc
                if not exc.answered:
                    continue
                self._keep(sender, index)    # it has the conversation, even if this turn failed there
                break
            self._keep(sender, index)
            return answer
        raise failure or RasaUnavailable("no Rasa configured")

    def _keep(self, sender: str, index: int) -> None:
        if self.routing == "sticky" and index != self._placed.get(sender):
            self._placed.put(sender, index)

    def _first_choice(self, sender: str) -> int:
        if not self.urls:
            return 0
        if self.routing == "hash":
            return zlib.crc32(sender.encode()) % len(self.urls)
        placed = self._placed.get(sender) if self.routing == "sticky" else None
        if placed is not None:
            return placed
        # Least busy; between equals, take turns (so an idle system still spreads conversations).
        turn = next(self._turns)
        with self._counting:
            loads = list(self._in_flight)
        return min(range(len(loads)), key=lambda i: (loads[i], (i - turn) % len(loads)))

    def _post(self, index: int, sender: str, message: str, metadata: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps({"sender": sender, "message": message, "metadata": metadata}).encode()
        with self._counting:
            self._in_flight[index] += 1
        try:
            response = self.http.request("POST", self.urls[index], body=body, timeout=self.timeout)
        except urllib3.exceptions.HTTPError as exc:
            raise RasaUnavailable(str(exc)) from exc
        finally:
            with self._counting:
                self._in_flight[index] -= 1
        if response.status != 200:
            raise RasaUnavailable(f"HTTP {response.status}", answered=True)
        try:
            return json.loads(response.data)
        except ValueError as exc:
            raise RasaUnavailable("not JSON") from exc


class Conversation:
    def __init__(self, settings: Settings, rasa: RasaClient | None = None,
                 offered: OfferedButtons | None = None) -> None:
        self.settings = settings
        self.rasa = rasa or RasaClient(settings.rasa_url, settings.rasa_timeout, settings.rasa_routing)
        self.vault = PhoneVault(settings.database)
        self.offered = offered or OfferedButtons(settings)
        self.reception = Reception(settings, self.vault, self.offered)
        self._warned: Recent[str, bool] = Recent(50000)
        self._answers = None
        self.broker = broker_for(settings.redis_url)
        self.handoffs = HandoffGate(settings, self.vault, self.broker, self.reception.district)

    def canned(self, key: str, lang: str, **values: str) -> str:
        """A canned line naming this district (its configured name), its own office and call centre (offices.csv)."""
        return canned(key, lang, self.reception.district(), **{**self.settings.district_names, **values})

    def send(self, channel: str, user_id: str, message: str, lang: str | None = None,
             now: dt.datetime | None = None) -> Reply:
        """``now``: this turn's Seoul time (default: the clock; the gateway's test clock sets it)."""
        session_id, sender = user_id, f"{channel}:{user_id}"
        received = self.reception.receive(sender, message, lang)
        meta = received.meta
        if received.refusal:
            logger.info("guard refused a message (%s)", channel)
            return Reply(session_id, [{"text": self.canned(received.refusal, meta.lang)}], source="fallback", lang=meta.lang)
        if is_opt_out(received.text):
            return self.opt_out(channel, user_id, session_id, meta.lang)
        # the queue's lines in the language of this message when its words tell, else the request's
        held = self._held(sender, received.text, now, meta.lang if meta.lang_from == "text" else None)
        if held is not None and not held.ask_bot:   # a person has this conversation (or a callback request is left)
            return Reply(session_id, [{"text": line} for line in held.before], source="handoff", lang=meta.lang)
        try:
            stamp = (now or self.settings.now()).isoformat(timespec="seconds")   # the actions read it (actions/turn.py)
            answer = self.rasa.send(sender, received.text, {"channel": channel, "lang": meta.lang, "now": stamp,
                                                            **meta.as_metadata()})
        except RasaUnavailable as exc:
            logger.warning("rasa unavailable for %s: %s", channel, exc)
            if held is not None:
                return Reply(session_id, [{"text": line} for line in held.instead], source="handoff", lang=meta.lang)
            return self.degraded(session_id, received)
        reply = normalise(session_id, answer, meta.lang, self.reception.district())
        if held is not None:
            reply = held_reply(held, reply)
        self.offered.remember(sender, [b for m in reply.messages for b in m.get("buttons") or []])
        if answer.get("requested_slot") == "complaint_phone":
            self._expect_phone(sender)
        if self._should_warn(sender, list(meta.pii), answer.get("slots_set") or []):
            reply.messages.insert(0, {"text": canned("pii_notice", reply.lang)})
        return reply

    def opt_out(self, channel: str, user_id: str, session_id: str, lang: str) -> Reply:
        """"알림 끄기": no more notices on this channel (queued ones are dropped too)."""
        try:
            Outbox(self.settings.database).opt_out(channel, user_id)
        except (SQLAlchemyError, DatabaseUnavailable):
            logger.exception("opt-out not stored")
            return Reply(session_id, [{"text": self.canned("unavailable", lang)}], source="fallback", lang=lang)
        done = ("You will get no more notices here." if lang == "en"
                else "이제 이곳으로 알림을 보내지 않아요. 다시 받으려면 민원을 접수할 때 동의해 주세요.")
        return Reply(session_id, [{"text": done}], source="intent", lang=lang)

    def _held(self, sender: str, text: str, now: dt.datetime | None, lang: str | None = None):
        try:
            return self.handoffs.intercept(sender, text, now or self.settings.now(), lang)
        except (SQLAlchemyError, DatabaseUnavailable):   # no inbox: the bot answers rather than nobody
            logger.exception("handoff state unavailable; the bot answers")
            return None

    def degraded(self, session_id: str, received: Received) -> Reply:
        """Rasa is down or restarting: answer FAQ questions straight from the knowledge base."""
        answer, lang = None, received.meta.lang
        if not received.meta.payload:
            try:
                answer = self.answers().answer(received.text, lang, checked=True)
            except Exception:  # the last line of defence: the resident still gets words
                logger.exception("degraded answer failed")
        if answer is None or answer.status != "answered":
            return Reply(session_id, [{"text": self.canned("unavailable", lang)}], source="fallback", lang=lang)
        return Reply(session_id, [{"text": canned("degraded", lang)}, {"text": answer.text}], source=answer.source,
                     citations=answer.citations, lang=lang)

    def answers(self):
        if self._answers is None:
            from bot.answer.pipeline import AnswerService

            self._answers = AnswerService(self.settings)
        return self._answers

    def _expect_phone(self, sender: str) -> None:
        try:
            self.vault.expect(sender)
        except SQLAlchemyError:
            logger.warning("phone vault unavailable: the number will be masked")

    def _should_warn(self, sender: str, found: list[str], slots_set: list[str]) -> bool:
        """Once per conversation, and not for the phone number the complaint form asked for."""
        if not found or (set(found) == {"phone"} and "complaint_phone" in slots_set):
            return False
        return self._warned.first_time(sender, True)


def normalise(session_id: str, answer: dict[str, Any], lang: str, district: District | None = None) -> Reply:
    """Rasa's messages → one Reply: texts with buttons, and the citations actions attached."""
    reply = Reply(session_id, [], lang=answer.get("lang") or lang)
    intent = answer.get("intent") or {}
    reply.intent = {"name": intent.get("name"), "confidence": round(float(intent.get("confidence") or 0.0), 4)}
    for message in answer.get("messages") or []:
        custom = message.get("custom")
        if isinstance(custom, dict):
            reply.source = custom.get("source") or reply.source
            for citation in custom.get("citations") or []:
                if citation not in reply.citations:
                    reply.citations.append({k: str(citation.get(k, "")) for k in ("id", "title", "url")})
            continue
        if message.get("text"):
            shown: dict[str, Any] = {"text": message["text"]}
            if message.get("buttons"):
                shown["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                                    for b in message["buttons"]]
            reply.messages.append(shown)
    if not reply.messages:
        reply.messages.append({"text": canned("unavailable", reply.lang, district)})
        reply.source = "fallback"
    return reply
