"""Drafts: a reply to a complaint (FAQ row, category table, library; editable, saved only when staff
press save on the complaint's form, never sent by itself), documents from bullet points, and
translation or correction of a reply."""
from __future__ import annotations

from flask import render_template, request

from bot.answer.context import AnswerContext
from bot.answer.pipeline import AnswerService, understand
from bot.assistant.masking import public_phones
from bot.assistant.drafts import DOCUMENT_KINDS, TemplateError, document_draft, reply_draft
from bot.assistant.translate import LANGUAGES, rewrite
from bot.privacy import masked
from bot.staff import may_see_contact
from console.access import current_user, fail
from console.assistant import bp
from console.assistant.helpers import district, llm_for_user, record, templates_dir
from console.common import audit, complaints, contact_for, embedder, local_date, logger, settings
from console.library.service import library

MAX_TEXT = 4000


def faq_match(text: str, lang: str) -> tuple[str, str] | None:
    """The FAQ row the answer pipeline would answer the complaint's text with, if any: (id, answer)."""
    try:
        service = AnswerService(settings(), embedder=embedder())
        index = service.index()
        if index is None:
            return None
        ctx = understand(AnswerContext(masked(text), lang, settings().current_date()), index, service.embedder,
                         settings(), 3)
    except Exception:  # a missing index or model must not take the page down: the template stands alone
        logger.exception("FAQ match for a reply draft failed")
        return None
    if ctx.refusal or not ctx.candidates:
        return None
    return ctx.candidates[0].row.id, ctx.candidates[0].row.answer


def library_sources(text: str) -> list[str]:
    ranking = library().search(masked(text), k=2)
    if ranking is None or not ranking.answered():
        return []
    return [f"{hit.citation} {hit.entry.unit.heading}\n{hit.entry.unit.text[:1500]}" for hit in ranking.hits]


@bp.get("/assistant/reply/<ticket>")
def reply(ticket: str):
    complaint = complaints().by_ticket(ticket)
    if complaint is None:
        fail(404, f"접수번호 {ticket} 민원을 찾을 수 없어요.")
    known = district()
    category = next((c for c in known.complaint_categories if c.category == complaint.category), None)
    llm, llm_note = llm_for_user()
    text = f"{complaint.location} {complaint.description}"
    try:
        draft = reply_draft(complaint, category, faq_match(text, complaint.lang), library_sources(text),
                            settings().district, templates_dir(), llm, local_date(complaint.created_at))
    except TemplateError as exc:
        fail(500, str(exc))
    record(draft.use)
    # The whole number only for those bot.staff.may_see_contact allows (each view audited); else what lists show.
    contact = complaint.phone if complaint.phone and may_see_contact(current_user(), complaint) else contact_for(complaint)
    if complaint.phone and contact == complaint.phone:
        audit("phone_view", complaint.ticket, "도우미 답변 초안")
    return render_template("staff/assistant_reply.html", c=complaint, draft=draft, llm_note=llm_note,
                           contact=contact, category=category)


@bp.route("/assistant/document", methods=["GET", "POST"])
def document():
    if request.method == "GET":
        return render_template("staff/assistant_document.html", kinds=DOCUMENT_KINDS, draft=None, form={})
    form = {k: request.form.get(k, "").strip()[:MAX_TEXT] for k in ("kind", "title", "points", "department")}
    if not form["points"]:
        fail(400, "요점을 한 줄에 하나씩 써 주세요.")
    llm, llm_note = llm_for_user()
    try:
        draft = document_draft(form["kind"], form["title"], form["points"].splitlines(), form["department"],
                               settings().district, templates_dir(), llm, settings().current_date())
    except TemplateError as exc:
        fail(400, str(exc))
    record(draft.use)
    return render_template("staff/assistant_document.html", kinds=DOCUMENT_KINDS, draft=draft, form=form,
                           llm_note=llm_note)


@bp.route("/assistant/translate", methods=["GET", "POST"])
def translate():
    if request.method == "GET":
        return render_template("staff/assistant_translate.html", languages=LANGUAGES, result=None, form={})
    form = {k: request.form.get(k, "").strip() for k in ("text", "mode", "language")}
    if not form["text"] or len(form["text"]) > MAX_TEXT:
        fail(400, f"옮기거나 고칠 글을 {MAX_TEXT}자까지 써 주세요.")
    if form["mode"] not in ("translate", "correct") or form["language"] not in LANGUAGES:
        fail(400, "할 일(번역·교정)과 언어를 골라 주세요.")
    llm, llm_note = llm_for_user()
    result = rewrite(form["text"], form["mode"], form["language"], llm, public_phones(district()))
    if llm is None and llm_note:
        result.notes = [llm_note]
    record(result.use)
    return render_template("staff/assistant_translate.html", languages=LANGUAGES, result=result, form=form)
