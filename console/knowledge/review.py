"""FAQ drafts (made from unanswered questions) reviewed, checked on a staging copy and published,
or deleted."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from bot.unanswered import UnansweredStore
from console.access import current_user, fail
from console.common import audit, settings
from console.knowledge import bp
from console.knowledge.drafts import draft_from_form, find_draft, remove_draft, save_draft, stage_draft


def draft_page(draft: dict, action: str, title: str, errors: list[str] | None = None, status: int = 200,
               items: str = ""):
    """The draft form; ``items``: the queue's questions it is made from (they leave the queue when it is saved)."""
    return render_template("staff/draft.html", draft=draft, action=action, title=title, errors=errors or [],
                           items=items), status


def _draft_or_404(draft_id: str) -> dict:
    draft = find_draft(settings(), draft_id)
    if draft is None:
        fail(404, "그 초안을 찾을 수 없어요. 이미 게시했거나 지웠을 수 있어요.")
    return draft


@bp.get("/knowledge/drafts/<draft_id>")
def review_draft(draft_id: str):
    draft = _draft_or_404(draft_id)
    return draft_page(draft, url_for("staff.knowledge.stage_reviewed_draft", draft_id=draft_id), "FAQ 초안 검토 후 게시")


@bp.post("/knowledge/drafts/<draft_id>")
def stage_reviewed_draft(draft_id: str):
    """Keep the reviewed text in the draft, then check it on a staging copy (faq/added.csv)."""
    _draft_or_404(draft_id)
    draft, errors = draft_from_form(request.form)
    action = url_for("staff.knowledge.stage_reviewed_draft", draft_id=draft_id)
    if errors:
        return draft_page(draft, action, "FAQ 초안 검토 후 게시", errors, 400)
    save_draft(settings(), draft, replaces=draft_id)
    if draft["id"] != draft_id:   # the queue's questions it was made from follow it
        UnansweredStore(settings().database).retarget(f"draft:{draft_id}", f"draft:{draft['id']}", draft["id"])
    audit("draft_save", draft["id"], "검토함: " + draft["question"][:200])
    staged = stage_draft(settings(), draft, current_user().username)
    return redirect(url_for("staff.knowledge.staged", staging_id=staged.id))


@bp.post("/knowledge/drafts/<draft_id>/delete")
def delete_draft(draft_id: str):
    _draft_or_404(draft_id)
    remove_draft(settings(), draft_id)
    back = UnansweredStore(settings().database).unresolve(f"draft:{draft_id}")
    audit("draft_delete", draft_id, f"질문 {back}건 목록으로 돌아감" if back else "")
    flash(f"초안 '{draft_id}'을 지웠어요.", "ok")
    return redirect(url_for("staff.knowledge.knowledge") + "#drafts")
