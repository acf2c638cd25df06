"""Rasa's REST channel, answering with the recognised intent as well.

The gateway needs the intent name and confidence for every reply (the
``/api/chat`` contract), which the stock REST channel does not return. This
channel is the stock one plus that: it replies
``{"messages": [...], "intent": {...}, "lang": ..., "ok": bool}`` and uses
HTTP 500 when Rasa failed to handle the message, instead of an empty 200.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import SlotSet, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.nlu.forgetting import forget_conversation, forgets
from bot.nlu.versions import written_for

logger = logging.getLogger(__name__)
# Keeping the tracker Rasa just saved wraps its tracker store's save(): only on the Rasa it was written for.
KEEP_SAVED_TRACKERS = written_for("the minwon channel's saved-tracker cache")


class MinwonInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "minwon"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("minwon_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            metadata = self.get_metadata(request) or {}
            collector = CollectingOutputChannel()
            if KEEP_SAVED_TRACKERS:
                _remember_saved_trackers(request.app.ctx.agent.tracker_store)
            try:
                await on_new_message(UserMessage(text, collector, sender_id,
                                                 input_channel=self._extract_input_channel(request),
                                                 metadata=metadata))
            except Exception:  # reported to the gateway as a status, never as a traceback
                logger.exception("minwon channel: handling a message failed")
                return response.json({"ok": False, "messages": collector.messages}, status=500)
            understood = await _understanding(request, sender_id)
            if understood.pop("forgot", False):   # "지워 주세요": the stored conversation goes too
                try:
                    await forget_conversation(request.app.ctx.agent, sender_id)
                except Exception:   # the reply still goes out; the failure is logged for the operator
                    logger.exception("minwon channel: deleting a conversation's stored events failed")
            return response.json({"ok": True, "messages": collector.messages, **understood})

        return hook

    def get_metadata(self, request: Request) -> Dict[str, Any]:
        return (request.json or {}).get("metadata") or {}


def _remember_saved_trackers(store: Any) -> Dict[str, Any]:
    """Keep the tracker Rasa just saved, so reading the intent back costs no second
    retrieval (which deserialises the whole conversation, growing with its length)."""
    if not hasattr(store, "_minwon_saved"):
        store._minwon_saved = {}
        original = store.save

        async def save(tracker: Any, *args: Any, **kwargs: Any) -> None:
            await original(tracker, *args, **kwargs)
            if len(store._minwon_saved) > 10000:   # saves nobody asked about (other endpoints)
                store._minwon_saved.clear()
            store._minwon_saved[tracker.sender_id] = tracker

        store.save = save
    return store._minwon_saved


async def _understanding(request: Request, sender_id: str) -> Dict[str, Any]:
    agent = request.app.ctx.agent
    saved = _remember_saved_trackers(agent.tracker_store) if KEEP_SAVED_TRACKERS else {}
    tracker = saved.pop(sender_id, None) or await agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return {"intent": {"name": None, "confidence": 0.0}, "lang": None}
    intent = tracker.latest_message.intent or {}
    turn = list(tracker.events_after_latest_restart())
    last_user = max((i for i, e in enumerate(turn) if isinstance(e, UserUttered)), default=-1)
    slots_set = sorted({e.key for e in turn[last_user + 1:] if isinstance(e, SlotSet) and e.value is not None})
    return {"intent": {"name": intent.get("name"), "confidence": float(intent.get("confidence") or 0.0)},
            "lang": tracker.get_slot("lang"), "slots_set": slots_set,
            "requested_slot": tracker.get_slot("requested_slot"), "forgot": forgets(turn[last_user + 1:])}
