"""Staff lines for a KakaoTalk resident. A skill answers only the message Kakao sent it, so the lines
staff write (outbox rows of channel ``kakao``, written in the transaction of the line) reach the resident
the first of three ways that can:

1. with the skill's answer to the resident's next message, before it (any gateway worker: the rows are
   in the database);
2. through the callbackUrl of the resident's last message while a person holds the conversation: the
   gateway answers ``useCallback`` and holds the URL up to ``kakao_callback_hold_seconds`` (Kakao keeps
   it valid one minute, for one answer); the first lines staff write in that time are posted there, else
   a line saying where the answer will come;
3. still unseen after ``kakao_reply_notice_seconds``: the outbox's sender sends it to the phone the resident
   left with consent (bot/notify/alimtalk.KakaoStaffLines: 알림톡, else SMS).

Each row is claimed before it is used (bot.notify.outbox), so no line goes two ways at once and none
reaches the chat twice. The gateway answers the resident while a person holds the conversation (never
Rasa: channels/handoff_gate.py), so bot and staff lines never interleave."""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.handoff.inbox import Inbox
from bot.handoff.texts import say
from bot.notify.models import OutboxMessage
from bot.notify.outbox import Outbox
from bot.settings import Settings
from bot.storage import DatabaseUnavailable
from channels import kakao_callback
from channels.conversation import Reply
from channels.kakao import render, split_text

logger = logging.getLogger(__name__)
LIVE = ("waiting", "talking")   # states in which a person may still write
BLOCK = 1000                    # staff lines handed over at once: one Kakao text (later ones come next time)


class KakaoLive:
    def __init__(self, settings: Settings, broker) -> None:
        self.settings, self.broker = settings, broker
        self.outbox = Outbox(settings.database, settings.notify_claim_seconds)
        self.inbox = Inbox(settings.database)
        self.holds = threading.BoundedSemaphore(settings.handoff_max_streams)   # each holds a thread

    def lines_waiting(self, user_id: str) -> list[OutboxMessage]:
        """Claimed staff lines the resident has not seen, oldest first, as many as one text holds."""
        try:
            rows = self.outbox.claim_for("kakao", user_id)
        except Exception:   # no database: the resident still gets the answer; the lines wait
            logger.exception("kakao: staff lines unavailable")
            return []
        taken, size = [], 0
        for row in rows:
            if taken and size + len(row.text) > BLOCK:
                break
            taken.append(row)
            size += len(row.text) + 2
        if len(taken) < len(rows):
            self.outbox.release(rows[len(taken):])
        return taken

    def with_lines(self, reply: Reply, user_id: str) -> Reply:
        """The reply to this message, after the staff lines the resident has not seen yet."""
        rows = self.lines_waiting(user_id)
        if rows:
            reply.messages.insert(0, {"text": "\n\n".join(r.text for r in rows)})
            try:
                self.outbox.sent(*[r.id for r in rows])
            except (SQLAlchemyError, DatabaseUnavailable):   # shown now; their claim lapses and they may come again
                logger.exception("kakao: staff lines shown but not marked sent")
        return reply

    def answer(self, reply: Reply, user_id: str, callback: Callable[[], kakao_callback.CallbackTarget | None],
               lang: str) -> dict[str, Any]:
        """The skill response: waiting staff lines and this reply; or, while a person holds the conversation
        and nothing is waiting, ``useCallback`` with this reply as the waiting text, the callback held for
        the staff member's next lines."""
        shown = len(reply.messages)
        reply = self.with_lines(reply, user_id)
        try:
            if len(reply.messages) == shown and reply.source == "handoff" and self.held_live(user_id):
                target = callback()
                if target and self.hold(user_id, target, lang):
                    text = " ".join(m["text"] for m in reply.messages) or say("passed_on", lang)
                    return {"version": "2.0", "useCallback": True, "data": {"text": text}}
        except (SQLAlchemyError, DatabaseUnavailable):   # no inbox to read: this reply, without holding Kakao's
            logger.exception("kakao: handoff state unavailable")   # callback (the lines wait in the outbox)
        return render(reply)

    def held_live(self, user_id: str) -> bool:
        held = self.inbox.held(f"kakao:{user_id}")
        return held is not None and held.state in LIVE

    def hold(self, user_id: str, target: kakao_callback.CallbackTarget, lang: str) -> bool:
        """Keep the callback for the next staff lines; False when every hold slot is taken."""
        if not self.holds.acquire(blocking=False):
            return False
        since = self.inbox.last_resident_line(f"kakao:{user_id}")
        threading.Thread(target=self._wait_and_post, args=(user_id, target, lang, since), daemon=True,
                         name="kakao-callback-hold").start()
        return True

    def _wait_and_post(self, user_id: str, target: kakao_callback.CallbackTarget, lang: str, since: int) -> None:
        conversation = f"kakao:{user_id}"
        listener = self.broker.listen(conversation)
        deadline = time.monotonic() + self.settings.kakao_callback_hold_seconds
        try:
            while (left := deadline - time.monotonic()) > 0:
                rows = self.lines_waiting(user_id)
                if rows:
                    return self._post(target, rows)
                if self.inbox.last_resident_line(conversation) > since:
                    return None   # the resident wrote again: that message's answer carries the lines
                listener.wait(min(left, self.settings.handoff_heartbeat_seconds))
            phone = self.inbox.consented_phone(conversation)
            kakao_callback.post(target, text_payload(say("kakao_later_phone" if phone else "kakao_later", lang)))
        except Exception:   # the callback simply expires; the lines wait for the next message
            logger.exception("kakao: holding the callback failed")
        finally:
            listener.close()
            self.holds.release()
        return None

    def _post(self, target: kakao_callback.CallbackTarget, rows: list[OutboxMessage]) -> None:
        status = kakao_callback.post(target, text_payload("\n\n".join(r.text for r in rows)))
        if status is not None and 200 <= status < 300:
            self.outbox.sent(*[r.id for r in rows])
        else:   # Kakao did not take it: the lines go with the next message (or to the phone)
            self.outbox.release(rows)


def text_payload(text: str) -> dict[str, Any]:
    return {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": part}} for part in split_text(text)[:3]]}}
