"""Library pages: the documents, upload/replace/delete, search (page and JSON), one unit in full."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import flash, jsonify, redirect, render_template, request, url_for

from bot.library.catalogue import Metadata, safe_part
from bot.library.excerpt import excerpt, ranking_json
from bot.library.formats import SUFFIXES, LibraryFileError
from bot.library.units import KINDS
from console.access import UPLOAD_LIMIT, current_user, fail
from console.common import logger
from console.library import bp
from console.library.service import library

MAX_QUESTION = 300


def _page(error: str = "", status: int = 200):
    catalogue = library().library.catalogue()
    departments = sorted({e["department"] for e in catalogue.values() if e["department"]})
    return render_template("staff/library.html", catalogue=sorted(catalogue.items()), kinds=KINDS, error=error,
                           departments=departments, limit_mb=UPLOAD_LIMIT // (1024 * 1024),
                           suffixes=", ".join(SUFFIXES)), status


@bp.get("/library")
def documents():
    return _page()


def _metadata(form) -> Metadata:
    kind = form.get("kind", "")
    if kind and kind not in KINDS:
        fail(400, f"종류는 {', '.join(KINDS)} 중에서 골라 주세요.")
    fields = {name: form.get(name, "").strip()[:200] for name in ("department", "title", "effective", "source_url")}
    if fields["source_url"] and not fields["source_url"].startswith(("http://", "https://")):
        fail(400, "출처 주소는 http:// 또는 https:// 로 시작해야 해요.")
    return Metadata(kind=kind, department=fields["department"][:64], title=fields["title"],
                    effective=fields["effective"][:10], source_url=fields["source_url"])


def _store(doc_id: str | None):
    """Add (or, with ``doc_id``, replace) the uploaded file; re-index. The page with what happened."""
    file = request.files.get("file")
    if file is None or not file.filename:
        return _page("올릴 파일을 골라 주세요.", 400)
    suffix = Path(file.filename).suffix.lower()
    if suffix not in SUFFIXES:
        return _page(f"{file.filename}: 읽을 수 없는 형식이에요. Markdown·TXT, PDF, DOCX, HWPX 파일을 올려 주세요.", 400)
    data = file.read(UPLOAD_LIMIT + 1)
    if len(data) > UPLOAD_LIMIT:
        return _page(f"파일이 너무 커요. {UPLOAD_LIMIT // (1024 * 1024)}MB 이하로 올려 주세요.", 413)
    metadata = _metadata(request.form)
    service = library()
    if doc_id is None:
        doc_id = f"{safe_part(Path(file.filename).stem)}/{metadata.kind or '기타'}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            document, replaced = service.library.add(path, doc_id, metadata, by=current_user().username,
                                                     name=file.filename[:200])
        except LibraryFileError as exc:
            return _page(str(exc), 400)
    try:
        stats = service.rebuild()
    except Exception:
        logger.exception("library index rebuild failed")
        return _page("파일은 저장했지만 검색 색인을 만들다 문제가 생겼어요. 잠시 후 아무 문서나 다시 올려 주세요.", 500)
    flash(f"{'새 판으로 바꿨어요' if replaced else '올렸어요'}: {document.title} ({document.kind}, 조문·단락 "
          f"{len(document.units)}개). 검색에 바로 나와요 (전체 {stats.units}개 단위).", "ok")
    return redirect(url_for("staff.library.documents"))


@bp.post("/library/upload")
def upload():
    return _store(None)


@bp.post("/library/replace")
def replace():
    doc_id = request.form.get("doc_id", "")
    if doc_id not in library().library.catalogue():
        fail(404, "바꿀 문서를 찾을 수 없어요. 목록을 새로 고쳐 주세요.")
    return _store(doc_id)


@bp.post("/library/delete")
def delete():
    doc_id = request.form.get("doc_id", "")
    service = library()
    try:
        service.library.delete(doc_id, by=current_user().username)
    except KeyError:
        fail(404, "지울 문서를 찾을 수 없어요. 목록을 새로 고쳐 주세요.")
    service.rebuild()
    flash(f"지웠어요: {doc_id}. 지운 파일은 기록(history)에 남아 있어요.", "ok")
    return redirect(url_for("staff.library.documents"))


def _search_args() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    question = request.args.get("q", "").strip()[:MAX_QUESTION]
    kinds = tuple(k for k in request.args.getlist("kind") if k in KINDS)
    departments = tuple(d[:64] for d in request.args.getlist("department") if d)
    return question, kinds, departments


@bp.get("/library/search")
def search():
    question, kinds, departments = _search_args()
    ranking = library().search(question, k=5, kinds=kinds, departments=departments) if question else None
    catalogue = library().library.catalogue()
    return render_template("staff/library_search.html", question=question, ranking=ranking, excerpt=excerpt,
                           kinds=KINDS, chosen_kinds=kinds, chosen_departments=departments,
                           departments=sorted({e["department"] for e in catalogue.values() if e["department"]}),
                           empty=not catalogue)


@bp.get("/library/search.json")
def search_json():
    question, kinds, departments = _search_args()
    if not question:
        return jsonify({"error": "q_required", "message": "질문을 q에 넣어 주세요. 예: /staff/library/search.json?q=현수막"}), 400
    wanted = request.args.get("k", "5")
    k = min(int(wanted), 20) if wanted.isdigit() and int(wanted) > 0 else 5
    ranking = library().search(question, k=k, kinds=kinds, departments=departments)
    if ranking is None:
        return jsonify({"error": "library_empty", "message": "자료실이 비어 있어요. 문서를 먼저 올려 주세요."}), 503
    return jsonify(ranking_json(ranking))


@bp.get("/library/unit")
def unit():
    unit_id = request.args.get("id", "")
    index = library().index()
    entry = next((e for e in index.entries if e.unit_id == unit_id), None) if index else None
    if entry is None:
        fail(404, "그 조문이나 단락을 찾을 수 없어요. 문서가 바뀌었을 수 있어요. 다시 검색해 주세요.")
    return render_template("staff/library_unit.html", entry=entry)
