"""Staff teach the bot from the queue: "이 질문은 이 답으로" attaches a resident's question to a FAQ row.
The nearest rows come from the bot's own search over the live FAQ; a search box finds any other.
An attachment waits (console/knowledge/teaching.py) until it is previewed and published."""
from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for

from bot.search.index import Candidate
from bot.teaching import Question, search
from bot.unanswered import UnansweredStore
from console.access import current_user, fail
from console.common import audit, embedder, live_index, settings
from console.knowledge.staging import live_rows
from console.knowledge.teaching import attach
from console.unanswered import bp
from console.unanswered.clusters import Cluster, gather, parse_refs

logger = logging.getLogger(__name__)
NEAREST, FOUND = 3, 8


def _search(question: Question, k: int) -> tuple[list[Candidate], str | None] | None:
    """The nearest rows and the row the bot answers with; None when there is nothing to search."""
    index, model = live_index(), embedder()
    if index is None or model is None:
        return None
    try:
        found = search(question, index, model, settings(), k)
    except Exception:  # the queue must still show
        logger.exception("searching the FAQ for the queue failed")
        return None
    return found.candidates, found.answer


def nearest_for(clusters: list[Cluster]) -> dict[str, tuple[list[Candidate], str | None]] | None:
    """Each group's nearest rows (by its items), or None when nothing is published yet."""
    if live_index() is None or embedder() is None:
        return None
    found = {}
    for cluster in clusters:
        result = _search(Question(cluster.question, cluster.lang), NEAREST)
        if result is not None:
            found[cluster.refs] = result
    return found


def _open_cluster(refs_text: str) -> Cluster:
    """The queue's items named in the form, still waiting (not attached yet), as one group."""
    wanted = set(parse_refs(refs_text))
    items = [i for i in gather(settings()) if i.ref in wanted]
    if not items:
        fail(409, "이 질문은 이미 FAQ에 붙였거나 목록에 없어요. '답하지 못한 질문' 화면을 새로 고쳐 주세요.")
    return Cluster(items)


@bp.get("/unanswered/teach")
def teach():
    """One group of questions: its nearest rows, or the rows found for the staff's own search words."""
    cluster = _open_cluster(request.args.get("items", ""))
    find = " ".join(request.args.get("find", "").split())[:200]
    result = _search(Question(find or cluster.question, cluster.lang), FOUND)
    rows = live_rows(settings(), settings().current_date())
    by_id = [rows[find]] if find in rows else []     # a row's id typed in the box
    candidates = by_id + [c.row for c in (result[0] if result else []) if c.row.id != find]
    return render_template("staff/teach.html", cluster=cluster, find=find, rows=candidates,
                           answer=result[1] if result else None, searched=result is not None)


@bp.post("/unanswered/attach")
def attach_question():
    """Attach the chosen wordings of a group to a FAQ row; the group leaves the queue."""
    cluster = _open_cluster(request.form.get("items", ""))
    faq_id = request.form.get("faq_id", "")
    rows = live_rows(settings(), settings().current_date())
    if faq_id not in rows:
        fail(400, "붙일 FAQ를 찾을 수 없어요. 목록을 새로 고친 뒤 다시 골라 주세요.")
    wordings = {text for text, _ in cluster.wordings}
    chosen = request.form.getlist("question") or [cluster.question]
    if any(text not in wordings for text in chosen):
        fail(400, "주민이 쓴 질문만 붙일 수 있어요. 목록을 새로 고친 뒤 다시 골라 주세요.")
    user = current_user().username
    attachment, added = attach(settings(), faq_id, chosen, user)
    UnansweredStore(settings().database).resolve([i.ref for i in cluster.items], faq_id,
                                                 attachment if added else f"known:{attachment}", user)
    row = rows[faq_id]
    audit("teach_attach", faq_id, f"{' | '.join(added) or '(이미 있는 질문)'} → {row.question[:100]} "
                                  f"(목록의 질문 {cluster.count}건, 붙임 {attachment})")
    if added:
        flash(f"FAQ '{faq_id}'({row.question})에 질문 {len(added)}개를 붙였어요: "
              + ", ".join(f"'{text}'" for text in added) + ". 아직 주민에게는 바뀌지 않아요. "
              "지식 화면의 '주민 질문 가르치기'에서 미리보기한 뒤 게시해 주세요.", "ok")
    else:
        flash(f"FAQ '{faq_id}'에 이미 같은 질문이 있어서 붙이지 않고, 목록에서만 뺐어요.", "info")
    return redirect(url_for("staff.unanswered.unanswered"))
