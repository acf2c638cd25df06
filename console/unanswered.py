"""Questions the bot could not answer (and thumbs-down answers), grouped; FAQ drafts from them."""
from __future__ import annotations


from flask import flash, redirect, render_template, request, url_for

from console import bp
from console.clusters import gather, grouped
from bot.language import detect_language
from console.common import audit, embedder, settings
from console.drafts import (draft_from_form, find_draft, remove_draft, save_draft, stage_draft,
                                       suggest_id)
from console.security import current_user, fail
from console.staging import faq_rows



@bp.get("/unanswered")
def unanswered():
    items = gather(settings())
    clusters, by_meaning = grouped(items, embedder() if items else None)
    return render_template("staff/unanswered.html", clusters=clusters, by_meaning=by_meaning, total=len(items))


def _form(draft: dict, action: str, title: str, errors: list[str] | None = None, status: int = 200):
    return render_template("staff/draft.html", draft=draft, action=action, title=title, errors=errors or []), status


@bp.get("/unanswered/draft")
def new_draft():
    question = " ".join(request.args.get("q", "").split())[:500]
    used = set(faq_rows(settings().knowledge_dir, settings().current_date()))
    draft = {"id": suggest_id(settings(), used), "question": question, "answer": "", "alternates": "",
             "category": "", "department": "", "phone": "", "url": "",
             "lang": detect_language(question, "en" if question else "ko")}
    return _form(draft, url_for("staff.save_new_draft"), "FAQ 초안 만들기")


@bp.post("/unanswered/draft")
def save_new_draft():
    draft, errors = draft_from_form(request.form)
    if errors:
        return _form(draft, url_for("staff.save_new_draft"), "FAQ 초안 만들기", errors, 400)
    save_draft(settings(), draft)
    audit("draft_save", draft["id"], draft["question"][:200])
    flash(f"초안 '{draft['id']}'을 저장했어요. 아직 주민에게는 보이지 않아요. "
          "지식 화면의 'FAQ 초안'에서 검토한 뒤 게시해 주세요.", "ok")
    return redirect(url_for("staff.knowledge") + "#drafts")


def _draft_or_404(draft_id: str) -> dict:
    draft = find_draft(settings(), draft_id)
    if draft is None:
        fail(404, "그 초안을 찾을 수 없어요. 이미 게시했거나 지웠을 수 있어요.")
    return draft


@bp.get("/knowledge/drafts/<draft_id>")
def review_draft(draft_id: str):
    draft = _draft_or_404(draft_id)
    return _form(draft, url_for("staff.stage_reviewed_draft", draft_id=draft_id), "FAQ 초안 검토 후 게시")


@bp.post("/knowledge/drafts/<draft_id>")
def stage_reviewed_draft(draft_id: str):
    """Keep the reviewed text in the draft, then check it on a staging copy (faq/added.csv)."""
    _draft_or_404(draft_id)
    draft, errors = draft_from_form(request.form)
    action = url_for("staff.stage_reviewed_draft", draft_id=draft_id)
    if errors:
        return _form(draft, action, "FAQ 초안 검토 후 게시", errors, 400)
    save_draft(settings(), draft, replaces=draft_id)
    audit("draft_save", draft["id"], "검토함: " + draft["question"][:200])
    staged = stage_draft(settings(), draft, current_user().username)
    return redirect(url_for("staff.staged", staging_id=staged.id))


@bp.post("/knowledge/drafts/<draft_id>/delete")
def delete_draft(draft_id: str):
    _draft_or_404(draft_id)
    remove_draft(settings(), draft_id)
    audit("draft_delete", draft_id)
    flash(f"초안 '{draft_id}'을 지웠어요.", "ok")
    return redirect(url_for("staff.knowledge") + "#drafts")
