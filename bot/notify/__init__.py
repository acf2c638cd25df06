"""Telling residents: an outbox written in the same transaction as the change (a complaint's
status or reply, a staff line in a live handoff), delivered at least once by the providers of
bot.notify.providers; the web widget fetches its notices when it next opens."""
from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from bot.complaints.models import STATUSES, Complaint
from bot.notify.models import NotificationOptOut
from bot.notify.outbox import queue_message

PUSHED = ("telegram", "web")      # channels we can reach on the resident's own conversation
OPT_OUT_WORDS = {"알림 끄기", "알림끄기", "알림 그만", "알림 거부", "stop notices", "stop notifications"}


def complaint_notice(session: Session, complaint: Complaint, changed: set[str]) -> None:
    """A status change or a new reply: tell the resident where they filed (they agreed then), or on the
    phone they left with consent (SMS, or 알림톡 when configured) when their channel cannot be reached
    later (KakaoTalk)."""
    if not changed & {"status", "reply"}:
        return
    en = complaint.lang == "en"
    status = STATUSES.get(complaint.status, (complaint.status, complaint.status))[1 if en else 0]
    text = (f"Your complaint {complaint.full_ticket}: {status}." if en
            else f"민원 {complaint.full_ticket} 처리 상황: {status}.")
    if "reply" in changed and complaint.reply:
        text += (" Reply: " if en else " 답변: ") + complaint.reply[:600]
    text += " (To stop these notices, write 'stop notices'.)" if en else " (알림을 그만 받으려면 '알림 끄기'라고 보내 주세요.)"
    message_id = f"ticket-{complaint.ticket}-{uuid.uuid4().hex[:12]}"
    if complaint.notify_to and complaint.channel in PUSHED:
        queue_message(session, complaint.channel, complaint.notify_to, text, f"ticket:{complaint.ticket}", message_id)
    elif complaint.phone and complaint.consent_at and not _stopped_in_kakao(session, complaint):
        queue_message(session, "sms", complaint.phone, text, f"ticket:{complaint.ticket}", message_id)


def _stopped_in_kakao(session: Session, complaint: Complaint) -> bool:
    """A KakaoTalk resident who wrote "알림 끄기" in the channel (where 알림톡 arrives too) stopped the notices
    to their phone as well."""
    return (complaint.channel == "kakao" and bool(complaint.notify_to)
            and session.get(NotificationOptOut, ("kakao", complaint.notify_to)) is not None)


def is_opt_out(text: str) -> bool:
    return " ".join(text.lower().split()).strip(".!") in OPT_OUT_WORDS
