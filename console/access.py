"""Who may use the console: who is logged in, roles, CSRF tokens on every form, the signing key,
request size limits and security headers."""
from __future__ import annotations

import functools

from flask import abort, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from bot.staff import StaffIdentity, identity
from bot.staff_sessions import StaffSessions

CSRF_FIELD = "csrf_token"
UPLOAD_LIMIT = 5 * 1024 * 1024
FORM_LIMIT = 256 * 1024
PUBLIC = {"staff.auth.login", "staff.auth.login_submit", "staff.static"}
UPLOADS = {"staff.knowledge.upload", "staff.library.upload", "staff.library.replace"}


def csrf_token() -> str:
    """The form's CSRF token (Flask-WTF: signed with the app's key, bound to this session's secret)."""
    return generate_csrf()


def check_csrf() -> None:
    try:
        validate_csrf(request.form.get(CSRF_FIELD))
    except ValidationError:
        fail(400, "보안 확인 값이 없거나 맞지 않아요. 페이지를 새로 고친 뒤 다시 시도해 주세요.")


def fail(code: int, message: str):
    """Stop the request with a Korean message shown on the error page."""
    try:
        abort(code, description=message)
    except Exception as exc:  # attach the plain-words message for the error page
        exc.staff_message = message  # type: ignore[attr-defined]
        raise


def _sessions() -> StaffSessions:
    return StaffSessions(current_app.extensions["minwon.settings"].database)


def current_user() -> StaffIdentity | None:
    """The member of this request's session, as the database has them now: a session ended by
    logout or by a password, role or department change opens nothing, whatever the cookie says."""
    if "staff_user" not in g:
        token = session.get("sid")
        member = _sessions().member(token) if isinstance(token, str) else None
        g.staff_user = identity(member) if member is not None else None
    return g.staff_user


def remember(user: StaffIdentity) -> None:
    session.clear()
    session.permanent = True
    session["sid"] = _sessions().start(user.id)
    g.pop(CSRF_FIELD, None)   # session.clear() dropped the CSRF secret: the next form gets a new token
    g.staff_user = user


def forget() -> None:
    """Log out: the server-side session ends, so a copy of the cookie opens nothing either."""
    token = session.get("sid")
    if isinstance(token, str):
        _sessions().end(token)
    session.clear()
    g.staff_user = None


class ConsoleSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (behind a trusted proxy:
    X-Forwarded-Proto), not only when MINWON_SESSION_COOKIE_SECURE says so."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def admin_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        user = current_user()
        if user is None or not user.is_admin:
            fail(403, "이 화면은 관리자만 쓸 수 있어요.")
        return view(*args, **kwargs)

    return wrapped


def guard():
    """Before every console request: the body size limit, the CSRF check, and login."""
    # The gateway allows small JSON bodies only; uploads to the console may be bigger.
    request.max_content_length = UPLOAD_LIMIT + FORM_LIMIT if request.endpoint in UPLOADS else FORM_LIMIT
    if request.method == "POST":
        check_csrf()
    if request.endpoint not in PUBLIC and current_user() is None:
        return redirect(url_for("staff.auth.login", next=request.full_path.rstrip("?")))
    return None


def security_headers(response):
    if request.endpoint != "staff.static":
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
    return response
