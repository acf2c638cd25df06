"""The staff inbox: conversations handed over by the bot, callback requests, the live
conversation (take, reply, note, hand back, close), canned replies and the team lead's figures."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for

from bot.handoff.figures import canned_replies, delete_canned, figures, save_canned
from bot.handoff.inbox import Inbox
from bot.handoff.models import KINDS, STATES, Handoff
from bot.handoff.queues import GENERAL_QUEUE
from bot.handoff.texts import say
from console.access import current_user, fail
from console.common import audit, settings
from console.inbox.stream import staff_stream

bp = Blueprint("inbox", __name__, template_folder="templates")
MAX_REPLY = 2000


def inbox() -> Inbox:
    return Inbox(settings().database)


def broker():
    return current_app.extensions["minwon.conversation"].broker


def departments_seen() -> list[str] | None:
    """Admins and staff without a department see every queue; others their own and 민원실's."""
    user = current_user()
    if user.is_admin or not user.department:
        return None
    return [user.department, GENERAL_QUEUE]


def handoff_or_404(handoff_id: str) -> Handoff:
    """Ids in the address are whole numbers (any other text is 404, after the CSRF check)."""
    handoff = inbox().get(int(handoff_id)) if handoff_id.isdigit() and len(handoff_id) < 10 else None
    seen = departments_seen()
    if handoff is None or (seen is not None and handoff.department not in seen):
        fail(404, "찾는 상담이 없거나 다른 부서의 상담이에요.")
    return handoff


@bp.get("/inbox")
def queue():
    items = inbox().queue(departments_seen(), dt.datetime.now(dt.timezone.utc))
    return render_template("staff/inbox.html", items=items, states=STATES, kinds=KINDS,
                           waited=lambda h: _minutes_since(h.requested_at))


@bp.get("/inbox/<handoff_id>")
def conversation(handoff_id: str, phone_shown: bool = False):
    handoff = handoff_or_404(handoff_id)
    lines = inbox().messages(handoff.id)
    phone = handoff.phone if phone_shown else _masked(handoff.phone)
    return render_template("staff/inbox_conversation.html", h=handoff, lines=lines, states=STATES, kinds=KINDS,
                           canned=canned_replies(inbox(), handoff.department), last_id=lines[-1].id if lines else 0,
                           may_see_phone=_may_see_phone(handoff), phone=phone, phone_shown=phone_shown)


@bp.post("/inbox/<handoff_id>/phone")
def show_phone(handoff_id: str):
    """The whole number left with a callback request: same department or admin, and audited."""
    handoff = handoff_or_404(handoff_id)
    if not handoff.phone or not _may_see_phone(handoff):
        fail(403, "이 상담의 연락처를 볼 권한이 없어요.")
    audit("phone_view", handoff.reference, f"담당 부서: {handoff.department}")
    return conversation(handoff_id, phone_shown=True)


def _masked(phone: str | None) -> str:
    if not phone:
        return ""
    head, *middle, tail = phone.split("-")
    return "-".join([head, *["*" * len(m) for m in middle], tail])


def _may_see_phone(handoff: Handoff) -> bool:
    user = current_user()
    return user.is_admin or not user.department or user.department == handoff.department


def _done(handoff: Handoff, message: str):
    broker().publish(handoff.conversation_id)
    broker().publish("inbox")
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=True, message=message)
    flash(message, "ok")
    return redirect(url_for("staff.inbox.conversation", handoff_id=handoff.id))


@bp.post("/inbox/<handoff_id>/take")
def take(handoff_id: str):
    handoff = handoff_or_404(handoff_id)
    user = current_user()
    greeting = say("taken", handoff.lang, department=handoff.department) if handoff.kind == "live" else ""
    if not inbox().take(handoff.id, user.id, user.username, greeting):
        fail(409, "이미 다른 직원이 맡았거나 끝난 상담이에요. 목록을 새로 고쳐 주세요.")
    audit("handoff_take", str(handoff.id), handoff.department)
    return _done(handoff, "상담을 맡았어요. 주민에게 연결됐다고 알렸어요." if handoff.kind == "live" else "상담 요청을 맡았어요.")


@bp.post("/inbox/<handoff_id>/reply")
def reply(handoff_id: str):
    handoff = handoff_or_404(handoff_id)
    text = request.form.get("text", "").strip()
    if not text or len(text) > MAX_REPLY:
        fail(400, f"답장을 1~{MAX_REPLY}자로 써 주세요.")
    if handoff.state != "talking" or handoff.staff_id != current_user().id:
        fail(409, "이 상담을 맡은 직원만 답장할 수 있어요. 먼저 '맡기'를 눌러 주세요.")
    inbox().add(handoff.id, "staff", text, staff_name=current_user().username)
    return _done(handoff, "주민에게 보냈어요.")


@bp.post("/inbox/<handoff_id>/note")
def note(handoff_id: str):
    handoff = handoff_or_404(handoff_id)
    text = request.form.get("text", "").strip()
    if not text or len(text) > MAX_REPLY:
        fail(400, f"메모를 1~{MAX_REPLY}자로 써 주세요.")
    inbox().add(handoff.id, "note", text, staff_name=current_user().username)
    return _done(handoff, "내부 메모를 남겼어요. 주민에게는 보이지 않아요.")


@bp.post("/inbox/<handoff_id>/return")
def hand_back(handoff_id: str):
    handoff = handoff_or_404(handoff_id)
    if not inbox().finish(handoff.id, "returned", say("staff_returned", handoff.lang)):
        fail(409, "이미 끝난 상담이에요.")
    audit("handoff_return", str(handoff.id), handoff.department)
    return _done(handoff, "챗봇에게 돌려줬어요.")


@bp.post("/inbox/<handoff_id>/close")
def close(handoff_id: str):
    handoff = handoff_or_404(handoff_id)
    farewell = say("staff_closed", handoff.lang) if handoff.kind == "live" else ""
    if not inbox().finish(handoff.id, "closed", farewell):
        fail(409, "이미 끝난 상담이에요.")
    audit("handoff_close", str(handoff.id), handoff.department)
    return _done(handoff, "상담을 마쳤어요.")


@bp.get("/inbox/<handoff_id>/stream")
def stream(handoff_id: str):
    handoff = handoff_or_404(handoff_id)
    after = request.headers.get("Last-Event-ID") or request.args.get("after") or "0"
    if not after.isdigit():
        abort(400)
    return staff_stream(inbox(), broker(), handoff, int(after), settings())


@bp.get("/inbox/canned")
def canned():
    user = current_user()
    return render_template("staff/inbox_canned.html", replies=canned_replies(inbox()),
                           department=user.department or "")


@bp.post("/inbox/canned")
def save_canned_reply():
    form = request.form
    title, text = form.get("title", "").strip(), form.get("text", "").strip()
    if not title or len(title) > 100:
        fail(400, "제목을 1~100자로 써 주세요.")
    if not text or len(text) > MAX_REPLY:
        fail(400, f"내용을 1~{MAX_REPLY}자로 써 주세요.")
    reply_id = form.get("id", "")
    saved = save_canned(inbox(), int(reply_id) if reply_id.isdigit() else None,
                        form.get("department", "").strip()[:64], title, text)
    audit("canned_save", str(saved.id), title)
    flash(f"상용구 '{title}'을 저장했어요.", "ok")
    return redirect(url_for("staff.inbox.canned"))


@bp.post("/inbox/canned/<reply_id>/delete")
def delete_canned_reply(reply_id: str):
    if not reply_id.isdigit():
        fail(404, "찾는 상용구가 없어요.")
    delete_canned(inbox(), int(reply_id))
    audit("canned_delete", str(reply_id))
    flash("상용구를 지웠어요.", "ok")
    return redirect(url_for("staff.inbox.canned"))


@bp.get("/inbox/figures")
def team_figures():
    days = request.args.get("days", "14")
    days = int(days) if days.isdigit() and 0 < int(days) <= 366 else 14
    since = settings().current_date() - dt.timedelta(days=days - 1)
    return render_template("staff/inbox_figures.html", rows=figures(inbox(), since, settings().seoul), days=days)


def _minutes_since(moment: dt.datetime) -> int:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return int((dt.datetime.now(dt.timezone.utc) - moment).total_seconds() // 60)
