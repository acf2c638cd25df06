"""Questions the bot could not answer (and thumbs-down answers), grouped; FAQ drafts from them."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from bot.language import detect_language
from console.common import audit, embedder, settings
from console.knowledge.drafts import draft_from_form, save_draft, suggest_id
from console.knowledge.review import draft_page
from console.knowledge.staging import faq_rows
from console.unanswered.clusters import gather, grouped

bp = Blueprint("unanswered", __name__, template_folder="templates")


@bp.get("/unanswered")
def unanswered():
    items = gather(settings())
    clusters, by_meaning = grouped(items, embedder() if items else None)
    return render_template("staff/unanswered.html", clusters=clusters, by_meaning=by_meaning, total=len(items))


@bp.get("/unanswered/draft")
def new_draft():
    question = " ".join(request.args.get("q", "").split())[:500]
    used = set(faq_rows(settings().knowledge_dir, settings().current_date()))
    draft = {"id": suggest_id(settings(), used), "question": question, "answer": "", "alternates": "",
             "category": "", "department": "", "phone": "", "url": "",
             "lang": detect_language(question, "en" if question else "ko")}
    return draft_page(draft, url_for("staff.unanswered.save_new_draft"), "FAQ 초안 만들기")


@bp.post("/unanswered/draft")
def save_new_draft():
    draft, errors = draft_from_form(request.form)
    if errors:
        return draft_page(draft, url_for("staff.unanswered.save_new_draft"), "FAQ 초안 만들기", errors, 400)
    save_draft(settings(), draft)
    audit("draft_save", draft["id"], draft["question"][:200])
    flash(f"초안 '{draft['id']}'을 저장했어요. 아직 주민에게는 보이지 않아요. "
          "지식 화면의 'FAQ 초안'에서 검토한 뒤 게시해 주세요.", "ok")
    return redirect(url_for("staff.knowledge.knowledge") + "#drafts")
