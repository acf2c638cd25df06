"""Where notifications go out: the Telegram Bot API (python-telegram-bot) and SMS through NHN
Cloud's SMS API v3.0 (https://docs.nhncloud.com/ko/Notification/SMS/ko/api-guide/). A district
plugs in another provider (its own SMS gateway, 카카오 알림톡 through a 비즈메시지 partner) by
writing a class with ``channel`` and ``send(recipient, text, message_id)`` and naming it in
``MINWON_NOTIFY_PROVIDERS`` (docs/channels.md)."""
from __future__ import annotations

import asyncio
import importlib
import re

import requests

from bot.settings import Settings


class ProviderError(Exception):
    """The provider refused or did not answer; the outbox retries later."""


class TelegramProvider:
    channel = "telegram"

    def __init__(self, token: str, base_url: str = "") -> None:
        self.token = token
        self.base_url = base_url.rstrip("/")

    def send(self, recipient: str, text: str, message_id: str) -> None:
        # Telegram has no idempotency key: a message sent but not acknowledged (a crash between the
        # two) can arrive twice; the outbox marks it sent straight after Telegram's answer.
        asyncio.run(self._send(int(recipient), text))

    async def _send(self, chat_id: int, text: str) -> None:
        from telegram import Bot
        from telegram.error import TelegramError

        kwargs = {"base_url": f"{self.base_url}/bot"} if self.base_url else {}
        try:
            async with Bot(self.token, **kwargs) as bot:
                await bot.send_message(chat_id, text)
        except TelegramError as exc:
            raise ProviderError(str(exc)) from exc


class NhnCloudSms:
    """POST /sms/v3.0/appKeys/{appKey}/sender/sms with the X-Secret-Key header. Our message id
    travels as the recipient's ``recipientGroupingKey`` (NHN shows it in its delivery search), so a
    receiver can drop a message it already has."""
    channel = "sms"

    def __init__(self, app_key: str, secret_key: str, sender: str, base_url: str) -> None:
        self.url = f"{base_url.rstrip('/')}/sms/v3.0/appKeys/{app_key}/sender/sms"
        self.secret_key, self.sender = secret_key, re.sub(r"\D", "", sender)

    def send(self, recipient: str, text: str, message_id: str) -> None:
        body = {"body": text, "sendNo": self.sender,
                "recipientList": [{"recipientNo": re.sub(r"\D", "", recipient), "recipientGroupingKey": message_id}]}
        try:
            response = requests.post(self.url, json=body, timeout=10,
                                     headers={"X-Secret-Key": self.secret_key,
                                              "Content-Type": "application/json;charset=UTF-8"})
            answer = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderError(f"NHN Cloud SMS did not answer: {exc}") from exc
        header = answer.get("header") or {}
        if response.status_code != 200 or not header.get("isSuccessful"):
            raise ProviderError(f"NHN Cloud SMS refused: HTTP {response.status_code} {header.get('resultCode')} "
                                f"{header.get('resultMessage')}")


def providers_from(settings: Settings) -> dict[str, object]:
    """The configured providers by channel (the web widget needs none: it fetches its notices)."""
    found: dict[str, object] = {}
    if settings.telegram_token:
        found["telegram"] = TelegramProvider(settings.telegram_token, settings.telegram_base_url)
    if settings.sms_app_key:
        found["sms"] = NhnCloudSms(settings.sms_app_key, settings.sms_secret_key, settings.sms_sender,
                                   settings.sms_base_url)
    for dotted in filter(None, settings.notify_providers.split("|")):
        module, _, name = dotted.partition(":")
        provider = getattr(importlib.import_module(module), name)(settings)
        found[provider.channel] = provider
    return found
