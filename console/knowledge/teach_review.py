"""Taught questions waiting to be published: detach one, ask for a published one to be removed, or
check them all on a staging copy (then the usual preview, publish and rollback)."""
from __future__ import annotations

from flask import flash, redirect, request, url_for

from bot.unanswered import UnansweredStore
from console.access import current_user, fail
from console.common import audit, settings
from console.knowledge import bp
from console.knowledge.teaching import detach, mark_for_removal, read_pending, stage_teaching

TEACHING = "#teaching"


@bp.post("/knowledge/teaching/<attachment>/detach")
def detach_attachment(attachment: str):
    taken = detach(settings(), attachment)
    if not taken:
        fail(404, "그 질문을 찾을 수 없어요. 이미 게시했거나 뗐을 수 있어요. 화면을 새로 고쳐 주세요.")
    back = UnansweredStore(settings().database).unresolve(attachment)
    what = " | ".join(p.question for p in taken)
    audit("teach_detach", taken[0].id, f"{what} (붙임 {attachment}, 목록으로 돌아간 질문 {back}건)")
    if taken[0].action == "remove":
        flash(f"FAQ '{taken[0].id}'의 질문 '{what}'을 빼지 않기로 했어요.", "ok")
    else:
        flash(f"FAQ '{taken[0].id}'에서 '{what}'을 뗐어요. 이 질문은 '답하지 못한 질문' 목록으로 돌아갔어요.", "ok")
    return redirect(url_for("staff.knowledge.knowledge") + TEACHING)


@bp.post("/knowledge/teaching/remove")
def remove_taught():
    faq_id, question = request.form.get("faq_id", ""), request.form.get("question", "")
    attachment = mark_for_removal(settings(), faq_id, question, current_user().username)
    if attachment is None:
        fail(404, "그 질문은 게시된 가르친 질문에 없어요. 화면을 새로 고쳐 주세요.")
    audit("teach_remove", faq_id, f"{question[:200]} (붙임 {attachment})")
    flash(f"FAQ '{faq_id}'에서 '{question}'을 빼도록 했어요. 미리보기한 뒤 게시하면 빠져요.", "ok")
    return redirect(url_for("staff.knowledge.knowledge") + TEACHING)


@bp.post("/knowledge/teaching/stage")
def stage_taught():
    if not read_pending(settings()):
        fail(400, "게시할 가르친 질문이 없어요. '답하지 못한 질문'에서 질문을 FAQ에 붙여 주세요.")
    staged = stage_teaching(settings(), current_user().username)
    return redirect(url_for("staff.knowledge.staged", staging_id=staged.id))
