"""The staff console at /staff: complaints, knowledge publishing, unanswered questions,
a dashboard and the audit log. Server-rendered pages; every POST form carries a CSRF token."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from bot.complaints.store import DatabaseUnavailable
from bot.settings import Settings
from console.security import check_csrf, csrf_token, current_user, load_or_create_secret

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates",
               static_folder="static", static_url_path="/static")
UPLOAD_LIMIT = 5 * 1024 * 1024
FORM_LIMIT = 256 * 1024
PUBLIC = {"staff.login", "staff.login_submit", "staff.static"}
MESSAGES = {400: "요청을 처리할 수 없어요. 입력한 내용을 확인해 주세요.", 403: "이 화면을 볼 권한이 없어요.",
            404: "찾는 페이지나 민원이 없어요.", 405: "이 주소는 그렇게 쓸 수 없어요.",
            413: "파일이 너무 커요. 5MB 이하로 올려 주세요."}


def register(app: Flask, settings: Settings) -> None:
    """The console on the gateway's app, under /staff."""
    configure_sessions(app, settings)
    app.register_blueprint(bp)


def configure_sessions(app: Flask, settings: Settings) -> None:
    """Signed session cookies for the console: HttpOnly, SameSite=Lax, 8 hours."""
    app.secret_key = settings.secret_key or load_or_create_secret(settings.data_dir / "secret_key")
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_PATH="/staff",
                      SESSION_COOKIE_SECURE=settings.session_cookie_secure,
                      PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8))


@bp.before_request
def guard():
    # The gateway allows small JSON bodies only; uploads to the console may be bigger.
    request.max_content_length = UPLOAD_LIMIT + FORM_LIMIT if request.endpoint == "staff.upload" else FORM_LIMIT
    if request.method == "POST":
        check_csrf()
    if request.endpoint not in PUBLIC and current_user() is None:
        return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
    return None


@bp.after_request
def no_cache(response):
    if request.endpoint != "staff.static":
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
    return response


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
    from console.common import local

    return local(value, with_time)


@bp.context_processor
def page_context():
    from console.common import STATUS_LABELS, settings

    return {"csrf_token": csrf_token, "user": current_user(), "statuses": STATUS_LABELS,
            "district": settings().district}


from console import (audit, auth, complaints, dashboard, exports, knowledge,  # noqa: E402,F401
                                unanswered)
