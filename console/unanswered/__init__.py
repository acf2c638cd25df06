"""Questions the bot could not answer (and thumbs-down answers), grouped; staff attach them to a FAQ
row ("이 질문은 이 답으로", console/unanswered/teach.py) or make a FAQ draft from them."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from bot.language import detect_language
from bot.unanswered import UnansweredStore
from console.access import current_user
from console.common import audit, embedder, settings
from console.knowledge.drafts import draft_from_form, save_draft, suggest_id
from console.knowledge.review import draft_page
from console.knowledge.staging import faq_rows
from console.knowledge.teaching import read_pending
from console.unanswered.clusters import gather, grouped, parse_refs, refs_value

bp = Blueprint("unanswered", __name__, template_folder="templates")
WITH_CANDIDATES = 40   # groups shown with their nearest FAQ rows (each is one search)


@bp.get("/unanswered")
def unanswered():
    from console.unanswered.teach import nearest_for

    items = gather(settings())
    clusters, by_meaning = grouped(items, embedder() if items else None)
    nearest = nearest_for(clusters[:WITH_CANDIDATES])
    waiting = len({p.attachment for p in read_pending(settings())})
    return render_template("staff/unanswered.html", clusters=clusters, by_meaning=by_meaning, total=len(items),
                           nearest=nearest, waiting=waiting)


@bp.get("/unanswered/draft")
def new_draft():
    question = " ".join(request.args.get("q", "").split())[:500]
    used = set(faq_rows(settings().knowledge_dir, settings().current_date()))
    draft = {"id": suggest_id(settings(), used), "question": question, "answer": "", "alternates": "",
             "category": "", "department": "", "phone": "", "url": "",
             "lang": detect_language(question, "en" if question else "ko")}
    return draft_page(draft, url_for("staff.unanswered.save_new_draft"), "FAQ 초안 만들기",
                      items=refs_value(parse_refs(request.args.get("items", ""))))


@bp.post("/unanswered/draft")
def save_new_draft():
    draft, errors = draft_from_form(request.form)
    items = parse_refs(request.form.get("items", ""))
    if errors:
        return draft_page(draft, url_for("staff.unanswered.save_new_draft"), "FAQ 초안 만들기", errors, 400,
                          items=refs_value(items))
    save_draft(settings(), draft)
    if items:   # the queue's questions it was made from leave the queue, until the draft is deleted
        UnansweredStore(settings().database).resolve(items, draft["id"], f"draft:{draft['id']}",
                                                     current_user().username)
    audit("draft_save", draft["id"], draft["question"][:200] + (f" (질문 {len(items)}건 목록에서 뺌)" if items else ""))
    flash(f"초안 '{draft['id']}'을 저장했어요. 아직 주민에게는 보이지 않아요. "
          "지식 화면의 'FAQ 초안'에서 검토한 뒤 게시해 주세요.", "ok")
    return redirect(url_for("staff.knowledge.knowledge") + "#drafts")


from console.unanswered import teach  # noqa: E402,F401  (its routes join bp)
