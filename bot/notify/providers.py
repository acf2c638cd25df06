"""Where notifications go out: the Telegram Bot API (python-telegram-bot), SMS through NHN Cloud's
SMS API v3.0 (https://docs.nhncloud.com/ko/Notification/SMS/ko/api-guide/) and 카카오 알림톡 through
NHN Cloud's KakaoTalk Bizmessage API (bot/notify/alimtalk.py). Outbox channels: ``telegram`` (a chat
id), ``sms`` (a phone number: 알림톡 when configured, else SMS), ``kakao`` (a KakaoTalk user's staff
lines not seen in the chat: to the phone they left with consent). A district plugs in another provider
(its own SMS gateway, another 비즈메시지 partner) by writing a class with ``channel`` and
``send(recipient, text, message_id)`` and naming it in ``MINWON_NOTIFY_PROVIDERS`` (docs/channels.md)."""
from __future__ import annotations

import asyncio
import importlib
import re

import requests

from bot.notify.alimtalk import REPLY_TEXT, AlimtalkNotices, KakaoStaffLines, NhnCloudAlimtalk
from bot.notify.outbox import ProviderError
from bot.settings import Settings

__all__ = ["ProviderError", "TelegramProvider", "NhnCloudSms", "providers_from", "reaches_kakao_phones"]


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
    sms = NhnCloudSms(settings.sms_app_key, settings.sms_secret_key, settings.sms_sender,
                      settings.sms_base_url) if settings.sms_app_key else None
    alimtalk = _alimtalk(settings)
    if alimtalk and settings.alimtalk_notice_template:
        found["sms"] = AlimtalkNotices(alimtalk, settings.alimtalk_notice_template)
    elif sms:
        found["sms"] = sms
    staff_line = _staff_line_by_phone(settings, alimtalk, sms)
    if staff_line:
        from bot.handoff.inbox import Inbox   # bot.handoff writes into the outbox: imported when used

        found["kakao"] = KakaoStaffLines(Inbox(settings.database).consented_phone, staff_line)
    for dotted in filter(None, settings.notify_providers.split("|")):
        module, _, name = dotted.partition(":")
        provider = getattr(importlib.import_module(module), name)(settings)
        found[provider.channel] = provider
    return found


def reaches_kakao_phones(settings: Settings) -> bool:
    """Can a staff line a KakaoTalk resident missed in the chat go to a phone they leave?"""
    return bool((settings.alimtalk_app_key and settings.alimtalk_reply_template) or settings.sms_app_key)


def _alimtalk(settings: Settings) -> NhnCloudAlimtalk | None:
    if not settings.alimtalk_app_key:
        return None
    fallback = settings.sms_sender if settings.alimtalk_sms_fallback else ""
    return NhnCloudAlimtalk(settings.alimtalk_app_key, settings.alimtalk_secret_key, settings.alimtalk_sender_key,
                            settings.alimtalk_base_url, settings.district, fallback)


def _staff_line_by_phone(settings: Settings, alimtalk: NhnCloudAlimtalk | None, sms: NhnCloudSms | None):
    """How a missed staff line reaches a phone: the 알림톡 reply template, else an SMS saying the same."""
    if alimtalk and settings.alimtalk_reply_template:
        return lambda phone, text, message_id: alimtalk.send(phone, settings.alimtalk_reply_template, REPLY_TEXT,
                                                             text, message_id)
    if sms:
        return lambda phone, text, message_id: sms.send(
            phone, f"[{settings.district}] 상담 직원이 답했어요: {text} 카카오톡 채널에서 이어서 대화하세요.", message_id)
    return None
