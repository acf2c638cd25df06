"""POST /telegram/webhook: Telegram pushes updates here once a webhook is set (docs/channels.md).

Flask views are synchronous and python-telegram-bot is asyncio, so each gateway
process keeps one Application on a private event loop in a background thread.
The view hands the update over and answers Telegram at once; the reply goes out
through the Bot API, as with polling.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import threading
from concurrent.futures import Future
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from telegram import Update
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from bot.settings import Settings
from channels.conversation import Conversation

bp = Blueprint("telegram_hook", __name__)
logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_create_lock = threading.Lock()


class WebhookRunner:
    """The Telegram Application of this process and the event loop it runs on."""

    def __init__(self, settings: Settings, conversation: Conversation) -> None:
        from channels.telegram import build_application  # python-telegram-bot loads only when used

        self.application = build_application(settings, conversation)
        self.loop = asyncio.new_event_loop()
        self._initialized = False
        self._init_lock = asyncio.Lock()  # binds to self.loop on first use
        self.thread = threading.Thread(target=self.loop.run_forever, name="telegram-webhook", daemon=True)
        self.thread.start()

    def submit(self, data: dict[str, Any]) -> Future:
        update = Update.de_json(data, self.application.bot)
        future = asyncio.run_coroutine_threadsafe(self._process(update), self.loop)
        future.add_done_callback(_log_failure)
        return future

    async def _process(self, update: Update) -> None:
        async with self._init_lock:  # the first updates wait for one initialize() (getMe), not one each
            if not self._initialized:
                await self.application.initialize()
                self._initialized = True
        await self.application.process_update(update)


def _log_failure(future: Future) -> None:
    # Handler errors reach the bot's error handler; this catches what happens around it (getMe failing).
    if not future.cancelled() and future.exception() is not None:
        logger.error("telegram webhook: processing an update failed", exc_info=future.exception())


def _runner() -> WebhookRunner:
    with _create_lock:  # gthread workers: two first requests must not build two Applications
        runner = current_app.extensions.get("minwon.telegram")
        if runner is None:
            runner = WebhookRunner(current_app.extensions["minwon.settings"],
                                   current_app.extensions["minwon.conversation"])
            current_app.extensions["minwon.telegram"] = runner
    return runner


@bp.post("/telegram/webhook")
def webhook():
    settings: Settings = current_app.extensions["minwon.settings"]
    if not settings.telegram_token:
        raise NotFound("Telegram is not configured on this gateway.")
    given = request.headers.get(SECRET_HEADER, "").encode()
    secret = settings.telegram_webhook_secret.encode()
    # Without a configured secret anyone could post fake updates: refuse them all.
    if not secret or not hmac.compare_digest(given, secret):
        raise Forbidden("Wrong or missing secret token.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
        raise BadRequest("The body must be a Telegram Update (JSON with an integer update_id).")
    try:
        _runner().submit(body)
    except (KeyError, TypeError, ValueError) as exc:
        raise BadRequest("The body is not a Telegram Update.") from exc
    return jsonify(ok=True)
