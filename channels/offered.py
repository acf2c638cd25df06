"""The buttons the bot offered in each conversation's latest reply.

A message starting with "/" is a Rasa payload (an intent, maybe with entities) and skips
the NLU, so the gateway accepts one only when the bot itself offered it in this
conversation's latest buttons, or it is one of the few payloads every channel always offers
(the greeting, starting over and the topic menu). Anything else a resident sends is text.

Kept in the gateway's memory, or in Redis when ``MINWON_REDIS_URL`` is set, so that with
several gateway processes a button works whichever of them answers the press. The titles
of a few earlier buttons are kept too: a press on an old button (still on the screen in
a messenger) is sent as its title, as if the resident had typed it.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any

import redis

from bot.settings import Settings
from channels.recent import Recent

logger = logging.getLogger(__name__)

# The widget's topic menu, Telegram's /start and /reset, the greeting's buttons: offered always
STANDING = ("/greet", "/restart", "/waste_collection_schedule", "/bulky_waste", "/welfare_programs",
            "/events_search", "/file_complaint", "/complaint_status")
EARLIER_TITLES = 40
TTL_SECONDS = 24 * 3600
REDIS_RETRY_SECONDS = 30   # after a Redis failure, this process's memory alone for a while

Buttons = list[dict[str, str]]


def payload_key(payload: str) -> str | None:
    """One spelling of a payload: the intent and its entities, less the language a channel adds
    (``/bulky_waste{"bulky_item":"소파","lang":"ko"}`` is the button ``/bulky_waste{"bulky_item":"소파"}``)."""
    text = payload.strip()
    if not text.startswith("/"):
        return None
    intent, brace, entities = text[1:].partition("{")
    if not intent or any(ch.isspace() for ch in intent) or "@" in intent:
        return None
    try:
        values = json.loads(brace + entities) if brace else {}
    except ValueError:
        return None
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        return None
    values.pop("lang", None)
    return intent + (json.dumps(values, ensure_ascii=False, sort_keys=True) if values else "")


class OfferedButtons:
    def __init__(self, settings: Settings, client: Any = None) -> None:
        self._memory: Recent[str, dict[str, Any]] = Recent(50000)
        self._redis = client
        if client is None and settings.redis_url:
            self._redis = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=1)
        self._standing = {payload_key(p) for p in STANDING}
        self._redis_off_until = 0.0

    def remember(self, sender: str, buttons: Buttons) -> None:
        """This reply's buttons are now the ones the conversation may press."""
        state = self._load(sender)
        earlier = state.get("earlier", {})
        for button in state.get("latest", []):
            earlier[payload_key(button["payload"]) or button["payload"]] = button["title"]
        earlier = dict(list(earlier.items())[-EARLIER_TITLES:])
        latest = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))} for b in buttons]
        self._save(sender, {"latest": latest, "earlier": earlier})

    def latest(self, sender: str) -> Buttons:
        return list(self._load(sender).get("latest", []))

    def accepts(self, sender: str, message: str) -> bool:
        key = payload_key(message)
        if key is None:
            return False
        return key in self._standing or any(payload_key(b["payload"]) == key for b in self.latest(sender))

    def earlier_title(self, sender: str, message: str) -> str | None:
        """The title of an older button with this payload (pressed after the conversation moved on)."""
        key = payload_key(message)
        return self._load(sender).get("earlier", {}).get(key) if key else None

    def _load(self, sender: str) -> dict[str, Any]:
        if self._use_redis():
            try:
                raw = self._redis.get(f"minwon:offered:{sender}")
                return json.loads(raw) if raw else {}
            except (redis.RedisError, ValueError) as exc:
                self._redis_failed(exc)
        return self._memory.get(sender) or {}

    def _save(self, sender: str, state: dict[str, Any]) -> None:
        self._memory.put(sender, state)
        if self._use_redis():
            try:
                self._redis.set(f"minwon:offered:{sender}", json.dumps(state, ensure_ascii=False), ex=TTL_SECONDS)
            except redis.RedisError as exc:
                self._redis_failed(exc)

    def _use_redis(self) -> bool:
        return self._redis is not None and time.monotonic() >= self._redis_off_until

    def _redis_failed(self, exc: Exception) -> None:
        logger.warning("offered buttons: Redis unavailable, this process's memory for %d s (%s)",
                       REDIS_RETRY_SECONDS, type(exc).__name__)
        self._redis_off_until = time.monotonic() + REDIS_RETRY_SECONDS


def with_lang(payload: str, lang: str) -> str:
    """A button payload carries the chosen language, so a greeting button answers in it."""
    intent, brace, entities = payload.partition("{")
    try:
        values = json.loads(brace + entities) if brace else {}
    except ValueError:
        return payload
    if not isinstance(values, dict):
        return payload
    values.setdefault("lang", lang)
    return intent + json.dumps(values, ensure_ascii=False, separators=(",", ":"))
