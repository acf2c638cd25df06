"""Play conversations against a running gateway, turn by turn, as the web widget would.

Each conversation gets a fresh session id. Every message goes to ``POST {url}/api/chat``
with the conversation's ``lang`` and, in the ``X-Minwon-Now`` header, its time (the gateway
honours it only with ``MINWON_TEST_CLOCK=true``). ``slots`` checks read the conversation's
tracker from Rasa's HTTP API; ``complaint`` checks read the complaints database.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import requests

from bot.conversations.checks import (Observation, Unverifiable, always, expected, last_message, needs_ticket, new_tickets,
                                     plain, with_ticket)
from bot.conversations.corpus import Conversation, Turn
from bot.conversations.report import ConversationResult, Result, TurnResult

# The corpus' world (tests/conversations/README.md): Wednesday 2026-11-25, 14:00 in Seoul.
WORLD_NOW = "2026-11-25T14:00"
CHANNEL = "web"            # the gateway's channel for /api/chat: Rasa's sender id is "web:<session_id>"
BUSY = (429, 503)          # rate limited or busy: wait as told and send again, up to MAX_TRIES
MAX_TRIES = 6


class GatewayUnreachable(Exception):
    """Nothing answers at the gateway's URL (it is not running, or the URL is wrong)."""


@dataclass
class Player:
    url: str
    rasa_url: str = ""                  # '|'-separated when several Rasa processes share the conversations
    rasa_token: str = ""                # Rasa's --auth-token, when its HTTP API has one
    database: str = ""                  # the complaints database (SQLAlchemy URL)
    timeout: float = 60.0
    clock_ignored: bool = False         # a reply came without X-Minwon-Now: the gateway's own clock ran
    http: requests.Session = field(default_factory=requests.Session)
    _store: Any = None

    def play(self, conversation: Conversation) -> ConversationResult:
        session_id = f"converse-{uuid.uuid4().hex}"
        played = ConversationResult(conversation, session_id)
        said: list[str] = []                      # everything said so far, resident and bot
        lasts: list[str | None] = []              # the last message of each reply
        given: list[str] = []                     # ticket numbers the bot gave, as shown
        last_reply: dict[str, Any] = {}
        for turn in conversation.turns:
            ticket = given[-1] if given else None
            message, problem = self._message(turn, last_reply, ticket)
            if problem:
                played.turns.append(TurnResult(turn, message, {}, [problem]))
                continue
            status, reply = self.send(session_id, message, conversation.lang, conversation.now or WORLD_NOW)
            said.append(message if turn.user is not None else f"{turn.button} {message}")
            obs = Observation(reply, status, "\n".join(said), lasts[-2:],
                              slots=(lambda: self.slots(session_id)) if self.rasa_url else None,
                              complaint=self.complaint if self.database else None)
            failures = always(obs)
            if status == 200 and needs_ticket(turn.expect) and not ticket:
                failures.append("{ticket} in the checks: no ticket number was given earlier in this conversation")
            elif status == 200:
                failures += expected(with_ticket(turn.expect, ticket), obs)
            played.turns.append(TurnResult(turn, message, reply, failures))
            given += new_tickets(obs.text, obs.earlier)
            said.append(obs.text)
            lasts.append(last_message(reply) if status == 200 else None)
            last_reply = reply
        return played

    def _message(self, turn: Turn, last_reply: dict[str, Any], ticket: str | None) -> tuple[str, str | None]:
        """What the resident sends: the typed text ({ticket} filled in), or the pressed button's payload."""
        if turn.user is not None:
            if needs_ticket(turn.user) and not ticket:
                return turn.user, "{ticket}: no ticket number was given earlier in this conversation"
            return with_ticket(turn.user, ticket), None
        offered = [b for m in last_reply.get("messages") or [] for b in m.get("buttons") or []]
        wanted = plain(turn.button or "")
        exact = [b for b in offered if plain(str(b.get("title") or "")) == wanted]
        containing = [b for b in offered if wanted in plain(str(b.get("title") or ""))]
        if not (exact or containing):
            titles = [b.get("title") for b in offered]
            return f"[{turn.button}]", f"no button {turn.button!r} in the last reply (offered: {titles or 'none'})"
        button = (exact or containing)[0]
        return str(button.get("payload") or button.get("title")), None

    def send(self, session_id: str, message: str, lang: str | None, now: str) -> tuple[int, dict[str, Any]]:
        body = {"session_id": session_id, "message": message, **({"lang": lang} if lang else {})}
        for attempt in range(MAX_TRIES):
            try:
                response = self.http.post(self.url.rstrip("/") + "/api/chat", json=body, timeout=self.timeout,
                                          headers={"X-Minwon-Now": now})
            except requests.ConnectionError as exc:
                raise GatewayUnreachable(f"nothing answers at {self.url} ({type(exc).__name__})") from exc
            except requests.Timeout:
                return 504, {"error": {"message": f"no answer within {self.timeout:.0f} s"}}
            if response.status_code in BUSY and attempt < MAX_TRIES - 1:
                time.sleep(min(float(response.headers.get("Retry-After") or 2), 20))
                continue
            break
        try:
            reply = response.json()
        except ValueError:
            reply = {"error": {"message": response.text[:200]}}
        if response.status_code == 200 and "X-Minwon-Now" not in response.headers:
            self.clock_ignored = True
        return response.status_code, reply if isinstance(reply, dict) else {"error": {"message": str(reply)[:200]}}

    def slots(self, session_id: str) -> dict[str, Any]:
        """The slots of the conversation's tracker. With several Rasa processes, the one that has
        the conversation (the others answer with an empty tracker)."""
        best: dict[str, Any] | None = None
        problems = []
        for base in (u.strip().rstrip("/") for u in self.rasa_url.split("|") if u.strip()):
            url = f"{base}/conversations/{CHANNEL}:{session_id}/tracker"
            params = {"include_events": "NONE", **({"token": self.rasa_token} if self.rasa_token else {})}
            try:
                response = self.http.get(url, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                problems.append(f"{base}: {type(exc).__name__}")
                continue
            if response.status_code != 200:
                hint = " (give --rasa-token)" if response.status_code in (401, 403) else ""
                problems.append(f"{base}: HTTP {response.status_code}{hint}")
                continue
            tracker = response.json()
            if (tracker.get("latest_message") or {}).get("text") and \
                    (best is None or (tracker.get("latest_event_time") or 0) > (best.get("latest_event_time") or 0)):
                best = tracker
        if best is None:
            raise Unverifiable("no Rasa has this conversation's tracker" + (f" ({'; '.join(problems)})" if problems else ""))
        return best.get("slots") or {}

    def complaint(self, ticket: str) -> dict[str, str] | None:
        """The stored complaint's fields. A ticket with a check part (2026-000123-K7) is also looked
        up by its short form."""
        from bot.complaints.store import ComplaintStore, DatabaseUnavailable

        if self._store is None:
            self._store = ComplaintStore(self.database)
        try:
            found = self._store.by_ticket(ticket) or (self._store.by_ticket(ticket[:11]) if len(ticket) > 11 else None)
        except DatabaseUnavailable as exc:
            raise Unverifiable(f"the complaints database did not answer: {exc}") from exc
        if found is None:
            return None
        return {"description": found.description, "location": found.location, "dong": found.dong,
                "category": found.category}


def play(conversations: Iterable[Conversation], player: Player,
         progress: Callable[[ConversationResult], None] | None = None) -> Result:
    """Play every conversation in turn; ``progress`` sees each one as it finishes."""
    result = Result()
    for conversation in conversations:
        played = player.play(conversation)
        result.conversations.append(played)
        if progress:
            progress(played)
    return result
