"""Knowledge: upload a FAQ or table file → check → preview → publish; versions and rollback."""
from __future__ import annotations

import re
from pathlib import Path

from flask import flash, redirect, render_template, request, url_for

from bot.knowledge.faq import FAQ_SUFFIXES, faq_files
from bot.knowledge.files import KnowledgeError, read_sheet
from bot.knowledge.tables import TABLES
from bot.knowledge.taught import TAUGHT_FILE, load_taught
from bot.search.versions import IndexStore
from console.access import UPLOAD_LIMIT, admin_required, current_user, fail
from console.common import audit, embedder, logger, settings
from console.knowledge import bp
from console.knowledge.answer_changes import answer_changes
from console.knowledge.drafts import find_draft, read_drafts, remove_draft
from console.knowledge.staging import (faq_changes, go_live, knowledge_lock, live_rows, open_staged, problems_in,
                                      stage_file)
from console.knowledge.teaching import published, read_pending, still_waiting
from console.knowledge.wording import in_korean, where_in_korean

FAQ_NAME = re.compile(r"^[\w-]{1,60}$")


def versions() -> list[dict]:
    store = IndexStore(settings().index_dir)
    current = store.current_version()
    found = []
    for version in reversed(store.versions()):
        manifest = store.manifest(version)
        found.append({"version": version, "rows": manifest.get("rows", ""), "live": version == current,
                      "created": manifest.get("created", "").replace("T", " ")})
    return found


def teaching() -> dict:
    """What the knowledge page shows of taught questions: those waiting (by attachment) and those published."""
    pending, waiting = read_pending(settings()), {}
    for item in pending:
        waiting.setdefault(item.attachment, []).append(item)
    removing = {(p.id, p.question) for p in pending if p.action == "remove"}
    taught = [q for q in load_taught(settings().knowledge_dir).questions if (q.id, q.question) not in removing]
    return {"waiting": list(waiting.values()), "taught": taught,
            "rows": live_rows(settings(), settings().current_date())}


def _page(error: str = "", status: int = 200):
    return render_template("staff/knowledge.html", faq_names=[p.stem for p in faq_files(settings().faq_dir)],
                           tables=sorted(TABLES), drafts=read_drafts(settings()), versions=versions(),
                           teaching=teaching(), error=error, limit_mb=UPLOAD_LIMIT // (1024 * 1024)), status


@bp.get("/knowledge")
def knowledge():
    return _page()


def upload_target(kind: str, extension: str) -> tuple[str, str]:
    """(target path inside the knowledge folder, error message)."""
    form = request.form
    if kind == "faq":
        if extension not in FAQ_SUFFIXES:
            return "", "FAQ 파일은 .csv 또는 .xlsx 파일만 올릴 수 있어요."
        name = (form.get("faq_new", "").strip() or form.get("faq_file", "")).strip()
        name = re.sub(r"\.(csv|xlsx)$", "", name, flags=re.I)
        if not FAQ_NAME.match(name):
            return "", "파일 이름을 고르거나, 새 이름을 한글·영문·숫자·-·_ 로 60자까지 써 주세요."
        return f"faq/{name}{extension}", ""
    if kind == "table":
        table = form.get("table", "")
        if table not in TABLES:
            return "", "바꿀 표를 목록에서 골라 주세요."
        if extension != ".csv":
            return "", "표 파일은 CSV(.csv)로 저장해서 올려 주세요. 엑셀에서 '다른 이름으로 저장 → CSV UTF-8'을 고르면 돼요."
        return f"tables/{table}", ""
    return "", "무엇을 올릴지 골라 주세요."


@bp.post("/knowledge/upload")
def upload():
    file = request.files.get("file")
    if file is None or not file.filename:
        return _page("올릴 파일을 골라 주세요.", 400)
    target, error = upload_target(request.form.get("kind", ""), Path(file.filename).suffix.lower())
    if error:
        return _page(error, 400)
    data = file.read(UPLOAD_LIMIT + 1)
    if len(data) > UPLOAD_LIMIT:
        return _page(f"파일이 너무 커요. {UPLOAD_LIMIT // (1024 * 1024)}MB 이하로 올려 주세요.", 413)
    if not data.strip():
        return _page("빈 파일이에요. 내용을 확인해 주세요.", 400)
    user = current_user()
    staged = stage_file(settings(), target, data, {"uploaded_by": user.username, "original_name": file.filename[:200]})
    audit("upload", target, f"올린 파일: {file.filename[:200]} (검사용 사본 {staged.id})")
    return redirect(url_for("staff.knowledge.staged", staging_id=staged.id))


def _staged_or_404(staging_id: str):
    staged = open_staged(settings(), staging_id)
    if staged is None:
        fail(404, "검사한 파일을 찾을 수 없어요. 하루가 지났거나 이미 게시했을 수 있어요. 파일을 다시 올려 주세요.")
    return staged


def _table_change(target: str, staged) -> dict:
    def count(path: Path):
        try:
            return len(read_sheet(path).rows) if path.exists() else 0
        except KnowledgeError:
            return None
    return {"before": count(settings().knowledge_dir / target), "after": count(staged.knowledge / target)}


def _review(staged, problems=None, error: str = "", status: int = 200):
    today = settings().current_date()
    problems = problems if problems is not None else problems_in(staged.knowledge, today)
    target = staged.meta["target"]
    errors = [p for p in problems if p.severity == "error"]
    # A file with errors cannot be published: a preview of it (a wrong header reads as "every row
    # removed") would only mislead, so the errors alone are shown.
    about_faq = target.startswith("faq/") or target == TAUGHT_FILE
    changes = None if errors else (faq_changes(settings(), staged.knowledge, today) if about_faq
                                   else _table_change(target, staged))
    answered = answer_changes(staged) if about_faq and not errors else None
    return render_template("staff/staged.html", staged=staged, target=target, problems=problems, in_korean=in_korean,
                           where_in_korean=where_in_korean, errors=errors, changes=changes, error=error,
                           about_faq=about_faq, answered=answered, alternates_diff=alternates_diff), status


def alternates_diff(before, after) -> tuple[list[str], list[str]]:
    """The similar questions a changed row gains and loses."""
    return ([a for a in after.alternates if a not in before.alternates],
            [a for a in before.alternates if a not in after.alternates])


@bp.get("/knowledge/staging/<staging_id>")
def staged(staging_id: str):
    return _review(_staged_or_404(staging_id))


@bp.post("/knowledge/staging/<staging_id>/publish")
def publish_staged(staging_id: str):
    staged = _staged_or_404(staging_id)
    if staged.meta.get("source") == "teaching" and not still_waiting(settings(), staged):
        return _review(staged, None, "미리보기한 뒤에 누군가 질문을 뗐어요. 아래 내용은 지금과 달라요. "
                       "지식 화면에서 '검사하고 미리보기'를 다시 눌러 주세요.", 409)
    try:
        result = go_live(settings(), staged, embedder())
    except KnowledgeError as exc:
        audit("publish_failed", staged.meta["target"], f"오류 {len(exc.problems)}건")
        return _review(staged, exc.problems, "오류가 있어서 게시하지 않았어요. 주민에게 보이는 내용은 그대로예요.", 400)
    except Exception:
        logger.exception("publishing failed")
        audit("publish_failed", staged.meta["target"], "예상하지 못한 오류")
        return _review(staged, None, "게시하다가 문제가 생겨서 게시하지 않았어요. 잠시 후 다시 시도해 주세요.", 500)
    if staged.meta.get("draft_id") and find_draft(settings(), staged.meta["draft_id"]):
        remove_draft(settings(), staged.meta["draft_id"])
    if staged.meta.get("source") == "teaching":
        published(settings(), staged)
    audit("publish", staged.meta["target"], f"버전 {result.version}, FAQ {result.rows}개, 바뀜={result.changed}")
    if result.changed:
        flash(f"게시했어요. 지금 주민에게 보이는 버전은 {result.version} 이에요 (FAQ {result.rows}개). "
              "다시 시작할 필요 없이 바로 적용돼요.", "ok")
    else:
        flash(f"답변 내용은 바뀐 것이 없어서 {result.version} 버전을 그대로 써요. 파일은 저장했어요.", "info")
    return redirect(url_for("staff.knowledge.knowledge") + "#versions")


@bp.post("/knowledge/rollback")
@admin_required
def rollback():
    version = request.form.get("version", "")
    store = IndexStore(settings().index_dir)
    if version not in store.versions():
        fail(400, "그 버전을 찾을 수 없어요. 목록을 새로 고쳐 주세요.")
    with knowledge_lock(settings()):
        previous = store.current_version()
        store.switch(version)
    audit("rollback", version, f"이전 버전: {previous}")
    flash(f"{version} 버전으로 되돌렸어요. 주민에게는 바로 이 버전의 답변이 보여요. "
          "지식 파일은 그대로이니, 다음 게시 전에 파일도 고쳐 주세요.", "ok")
    return redirect(url_for("staff.knowledge.knowledge") + "#versions")
