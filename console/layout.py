"""The console's frame: the /staff blueprint that every feature blueprint is nested in. It holds
the base layout and stylesheet, the Korean error pages, the page context and the access checks
that run before every console request."""
from __future__ import annotations

from flask import Blueprint, render_template
from werkzeug.exceptions import HTTPException

from bot.complaints.store import DatabaseUnavailable
from console.access import csrf_token, current_user, guard, security_headers
from console.common import STATUS_LABELS, local, settings

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates",
               static_folder="static", static_url_path="/static")
bp.before_request(guard)
bp.after_request(security_headers)
MESSAGES = {400: "요청을 처리할 수 없어요. 입력한 내용을 확인해 주세요.", 403: "이 화면을 볼 권한이 없어요.",
            404: "찾는 페이지나 민원이 없어요.", 405: "이 주소는 그렇게 쓸 수 없어요.",
            413: "파일이 너무 커요. 5MB 이하로 올려 주세요.", 429: "요청이 너무 많아요. 1분쯤 뒤에 다시 시도해 주세요."}


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    message = getattr(exc, "staff_message", None) or MESSAGES.get(exc.code or 500, "문제가 생겼어요. 다시 시도해 주세요.")
    return render_template("staff/error.html", code=exc.code, message=message), exc.code


@bp.errorhandler(DatabaseUnavailable)
def database_down(exc: DatabaseUnavailable):
    message = "데이터베이스에 연결할 수 없어요. 잠시 후 다시 시도하고, 계속되면 담당자에게 알려 주세요."
    return render_template("staff/error.html", code=503, message=message), 503


@bp.app_template_filter("staff_time")
def local_filter(value, with_time: bool = True) -> str:
    return local(value, with_time)


@bp.context_processor
def page_context():
    return {"csrf_token": csrf_token, "user": current_user(), "statuses": STATUS_LABELS,
            "district": settings().district}
