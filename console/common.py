"""Shared helpers for the console views: settings, stores, the embedder, audit, display."""
from __future__ import annotations

import datetime as dt
import logging

from flask import current_app

from bot.complaints.models import STATUSES
from bot.complaints.store import ComplaintStore
from bot.settings import Settings
from bot.staff import StaffAccounts, may_see_contact
from console.access import current_user

logger = logging.getLogger(__name__)
STATUS_LABELS = {key: labels[0] for key, labels in STATUSES.items()}
ACTION_LABELS = {"login": "로그인", "logout": "로그아웃", "login_failed": "로그인 실패", "login_locked": "로그인 잠김",
                 "complaint_update": "민원 수정", "export": "내보내기", "upload": "파일 올리기", "publish": "게시",
                 "publish_failed": "게시 실패", "rollback": "되돌리기", "draft_save": "FAQ 초안 저장",
                 "draft_delete": "FAQ 초안 삭제", "staff_add": "계정 만들기", "staff_change": "계정 바꾸기",
                 "login_throttled": "로그인 대기", "phone_view": "전화번호 보기", "lookup_locked": "주민 조회 잠금",
                 "library_add": "자료 올리기",
                 "library_replace": "자료 새 판", "library_delete": "자료 지우기", "assistant_ask": "도우미: 자료에 묻기",
                 "assistant_report": "도우미: 민원 정리", "assistant_reply": "도우미: 답변 초안",
                 "assistant_document": "도우미: 문서 초안", "assistant_translate": "도우미: 번역·교정",
                 "assistant_preset": "도우미: 부서 설정", "assistant_export": "도우미: 정리 내보내기",
                 "handoff_take": "상담 맡기", "handoff_return": "상담 돌려주기", "handoff_close": "상담 마치기",
                 "canned_save": "상용구 저장", "canned_delete": "상용구 지우기",
                 "api_key_issue": "API 키 만들기", "api_key_revoke": "API 키 폐기", "open311_request": "Open311 접수",
                 "purge": "보관 기간 지난 개인정보 삭제",
                 "teach_attach": "질문 가르치기", "teach_detach": "가르친 질문 떼기",
                 "teach_remove": "가르친 질문 빼기 요청"}


def settings() -> Settings:
    return current_app.extensions["minwon.settings"]


def complaints() -> ComplaintStore:
    return ComplaintStore(settings().database)


def accounts() -> StaffAccounts:
    return StaffAccounts(settings().database)


def audit(action: str, target: str = "", detail: str = "") -> None:
    user = current_user()
    complaints().audit(user.username if user else "", action, target[:128], detail,
                       staff_id=user.id if user else None)


def embedder():
    """The app's embedder when it has one (tests share theirs), else one loaded on first use.
    None when it cannot be loaded: callers fall back to something simpler."""
    extensions = current_app.extensions
    if extensions.get("minwon.embedder") is not None:
        return extensions["minwon.embedder"]
    if "minwon.staff_embedder" not in extensions:
        from bot.search.embedders import embedder_from

        try:
            extensions["minwon.staff_embedder"] = embedder_from(settings())
        except Exception:  # a missing model must not take the console down
            logger.exception("the embedder could not be loaded")
            extensions["minwon.staff_embedder"] = None
    return extensions["minwon.staff_embedder"]


def live_index():
    """The FAQ index residents are answered from now (None before anything was published); reloaded
    when a publish or rollback switches the version."""
    from bot.search.versions import IndexStore, LiveIndex

    extensions = current_app.extensions
    if "minwon.staff_live_index" not in extensions:
        extensions["minwon.staff_live_index"] = LiveIndex(IndexStore(settings().index_dir))
    loaded = extensions["minwon.staff_live_index"].current()
    return loaded[1] if loaded else None


def local(value: dt.datetime | None, with_time: bool = True) -> str:
    """A stored UTC time as Seoul time, e.g. 2026-11-25 14:03."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    seoul = value.astimezone(dt.timezone(dt.timedelta(hours=settings().timezone_hours)))
    return seoul.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def local_date(value: dt.datetime) -> dt.date:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone(dt.timedelta(hours=settings().timezone_hours))).date()


def mask_phone(phone: str | None) -> str:
    """Only the last 4 digits, for lists and exports: 010-****-5678 → ***-****-5678."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "***-****-" + digits[-4:] if len(digits) >= 4 else "****"


def contact_for(complaint) -> str:
    """What the member sees of a complaint's phone in lists and exports: the last 4 digits for
    their own department's complaints (admins: all), else only that there is one."""
    if not complaint.phone:
        return ""
    return mask_phone(complaint.phone) if may_see_contact(current_user(), complaint) else "비공개"


def district_labels() -> dict[str, dict]:
    """Category labels, dong names and department names from the live tables (errors tolerated)."""
    from bot.knowledge.district import load_district

    found: dict[str, dict] = {"categories": {}, "dongs": {}, "departments": {}}
    try:
        district = load_district(settings().tables_dir, base=settings().knowledge_dir, strict=False)
    except Exception:  # the console keeps working with raw keys
        logger.exception("could not read the tables for labels")
        return found
    found["categories"] = {c.category: c.label for c in district.complaint_categories}
    found["dongs"] = {s.dong: s.dong for s in district.schedules}
    found["departments"] = {d.name: d.name for d in district.departments}
    return found
