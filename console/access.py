"""Who may use the console: who is logged in, roles, CSRF tokens on every form, the signing key,
request size limits and security headers."""
from __future__ import annotations

import functools
import hmac
import os
import secrets
from pathlib import Path

from flask import abort, redirect, request, session, url_for

from bot.staff import StaffIdentity

CSRF_FIELD = "csrf_token"
UPLOAD_LIMIT = 5 * 1024 * 1024
FORM_LIMIT = 256 * 1024
PUBLIC = {"staff.auth.login", "staff.auth.login_submit", "staff.static"}


def load_or_create_secret(path: Path) -> str:
    """The key that signs session cookies: made once, kept with 0600 permissions, so
    sessions survive a restart and every worker process uses the same key."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temp, path)          # atomic: the first worker wins, the others read its key
    except FileExistsError:
        pass
    finally:
        temp.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()


def csrf_token() -> str:
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def check_csrf() -> None:
    expected = session.get(CSRF_FIELD, "")
    given = request.form.get(CSRF_FIELD, "")
    if not expected or not given or not hmac.compare_digest(str(expected), str(given)):
        fail(400, "보안 확인 값이 없거나 맞지 않아요. 페이지를 새로 고친 뒤 다시 시도해 주세요.")


def fail(code: int, message: str):
    """Stop the request with a Korean message shown on the error page."""
    try:
        abort(code, description=message)
    except Exception as exc:  # attach the plain-words message for the error page
        exc.staff_message = message  # type: ignore[attr-defined]
        raise


def current_user() -> StaffIdentity | None:
    data = session.get("staff")
    if not isinstance(data, dict):
        return None
    return StaffIdentity(int(data["id"]), str(data["username"]), str(data["role"]))


def remember(user: StaffIdentity) -> None:
    session.clear()
    session.permanent = True
    session["staff"] = {"id": user.id, "username": user.username, "role": user.role}
    session[CSRF_FIELD] = secrets.token_urlsafe(32)   # a new token after login


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
    request.max_content_length = UPLOAD_LIMIT + FORM_LIMIT if request.endpoint == "staff.knowledge.upload" else FORM_LIMIT
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
