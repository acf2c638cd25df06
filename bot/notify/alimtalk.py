"""카카오 알림톡 through NHN Cloud's KakaoTalk Bizmessage API v2.3
(https://docs.nhncloud.com/ko/Notification/KakaoTalk%20Bizmessage/ko/alimtalk-api-guide/):
``POST /alimtalk/v2.3/appkeys/{appkey}/messages`` with the ``X-Secret-Key`` header, the district's
``senderKey`` (발신 프로필), a ``templateCode`` Kakao approved and, per recipient, ``recipientNo`` and the
template's ``templateParameter`` values.

알림톡 goes to a phone number and carries only a template Kakao approved, so minwon fills two templates the
district registers (docs/channels.md): ``#{기관}`` with the district's name, and ``#{안내}`` (a complaint
notice) or ``#{답변}`` (a staff line to a KakaoTalk resident) with our text.

Idempotent at the receiver: our message id goes as ``X-NC-API-IDEMPOTENCY-KEY`` (NHN refuses the same key
again within ten minutes) and as the recipient's ``recipientGroupingKey``. When NHN refuses a send, the
provider asks NHN's message list for that grouping key: a message already there was delivered before (the
answer to the first send was lost, or the sender crashed before recording it), so it is not sent again."""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

import requests

from bot.notify.outbox import ProviderError, Unreachable

NOTICE_TEXT, REPLY_TEXT = "안내", "답변"        # the template variables our text fills
ORGANISATION = "기관"
MAX_VALUE = 900                                 # a template holds 1,000 characters with its fixed text
NOT_DELIVERED = ("FAILED", "CANCEL")             # NHN's messageStatus of a message it did not send


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


class NhnCloudAlimtalk:
    def __init__(self, app_key: str, secret_key: str, sender_key: str, base_url: str, organisation: str,
                 sms_fallback_sender: str = "", timeout: float = 10.0) -> None:
        self.url = f"{base_url.rstrip('/')}/alimtalk/v2.3/appkeys/{app_key}/messages"
        self.secret_key, self.sender_key, self.organisation = secret_key, sender_key, organisation
        self.sms_fallback_sender, self.timeout = digits(sms_fallback_sender), timeout

    def send(self, phone: str, template: str, variable: str, text: str, message_id: str) -> None:
        """One 알림톡 of ``template`` with ``#{variable}`` = ``text``; raises ProviderError."""
        recipient = {"recipientNo": digits(phone), "recipientGroupingKey": message_id,
                     "templateParameter": {ORGANISATION: self.organisation, variable: text[:MAX_VALUE]}}
        if self.sms_fallback_sender:   # NHN sends the filled template as SMS/LMS when the phone cannot get 알림톡
            recipient["resendParameter"] = {"isResend": True, "resendSendNo": self.sms_fallback_sender}
        body = {"senderKey": self.sender_key, "templateCode": template, "recipientList": [recipient]}
        try:
            response = requests.post(self.url, json=body, timeout=self.timeout, headers=self._headers(message_id))
            header = response.json().get("header") or {}
        except (requests.RequestException, ValueError, AttributeError) as exc:
            raise ProviderError(f"NHN Cloud 알림톡 did not answer: {exc}") from exc
        if response.status_code == 200 and header.get("isSuccessful"):
            return
        if self.already_sent(message_id):
            return
        raise ProviderError(f"NHN Cloud 알림톡 refused: HTTP {response.status_code} {header.get('resultCode')} "
                              f"{header.get('resultMessage')}")

    def already_sent(self, message_id: str) -> bool:
        """NHN's message list has a message with this grouping key (sent within the last week)."""
        until = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))) + dt.timedelta(minutes=5)
        since = until - dt.timedelta(days=7)
        query = {"recipientGroupingKey": message_id, "startCreateDate": f"{since:%Y-%m-%d %H:%M}",
                 "endCreateDate": f"{until:%Y-%m-%d %H:%M}"}
        try:
            response = requests.get(self.url, params=query, timeout=self.timeout, headers=self._headers())
            found = (response.json().get("messageSearchResultResponse") or {}).get("messages") or []
        except (requests.RequestException, ValueError, AttributeError):
            return False
        return response.status_code == 200 and any(m.get("messageStatus") not in NOT_DELIVERED for m in found)

    def _headers(self, message_id: str = "") -> dict[str, str]:
        headers = {"X-Secret-Key": self.secret_key, "Content-Type": "application/json;charset=UTF-8"}
        if message_id:
            headers["X-NC-API-IDEMPOTENCY-KEY"] = message_id
        return headers


class AlimtalkNotices:
    """Complaint notices to the phone a resident left with consent (outbox channel ``sms``: a phone
    number) as 알림톡 instead of SMS; NHN falls back to SMS itself when configured."""
    channel = "sms"

    def __init__(self, alimtalk: NhnCloudAlimtalk, template: str) -> None:
        self.alimtalk, self.template = alimtalk, template

    def send(self, recipient: str, text: str, message_id: str) -> None:
        self.alimtalk.send(recipient, self.template, NOTICE_TEXT, text, message_id)


class KakaoStaffLines:
    """A staff line a KakaoTalk resident has not seen in the chat (outbox channel ``kakao``, recipient
    the Kakao user): to the phone they left with consent in this conversation, by ``deliver(phone, text,
    message_id)`` (알림톡, or SMS). No phone: Unreachable, and the line waits for the resident's next message."""
    channel = "kakao"

    def __init__(self, phone_for: Callable[[str], str | None], deliver: Callable[[str, str, str], None]) -> None:
        self.phone_for, self.deliver = phone_for, deliver

    def send(self, recipient: str, text: str, message_id: str) -> None:
        phone = self.phone_for(f"kakao:{recipient}")
        if not phone:
            raise Unreachable("no phone left with consent: waits for the resident's next KakaoTalk message")
        self.deliver(phone, text, message_id)
