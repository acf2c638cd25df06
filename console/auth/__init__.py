"""Login and logout; the session lives on the server, the signed cookie holds its token (console.access)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from console.common import accounts
from console.access import current_user, forget, remember

bp = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Only a path inside the console, and no character that could end the Location header."""
    if target and target.startswith("/staff") and not target.startswith("//") and "\\" not in target \
            and target.isprintable():
        return target
    return url_for("staff.complaints.complaints")


@bp.get("/login")
def login():
    if current_user() is not None:
        return redirect(_safe_next(request.args.get("next")))
    return render_template("staff/login.html", next=request.args.get("next", ""), username="")


@bp.post("/login")
def login_submit():
    username = request.form.get("username", "").strip()[:64]
    password = request.form.get("password", "")[:1024]
    target = request.form.get("next", "")
    if not username or not password:
        return _login_error("아이디와 비밀번호를 모두 입력해 주세요.", username, target)
    result = accounts().login(username, password, request.remote_addr or "")
    if result.status == "wait":         # the same for every name, known or not
        return _login_error(f"로그인에 여러 번 실패해서 잠시 기다려야 해요. {result.wait_seconds}초 뒤에 다시 "
                            "시도해 주세요. 비밀번호가 기억나지 않으면 관리자에게 문의해 주세요.", username, target, 429)
    if result.status != "ok":
        return _login_error("아이디 또는 비밀번호가 맞지 않아요. 여러 번 틀리면 다시 시도하기까지 기다려야 해요.",
                            username, target)
    remember(result.user)
    flash(f"{result.user.username}님, 로그인했어요.", "ok")
    return redirect(_safe_next(target))


def _login_error(message: str, username: str, target: str, status: int = 401):
    return render_template("staff/login.html", error=message, username=username, next=target), status


@bp.post("/logout")
def logout():
    user = current_user()
    if user is not None:
        accounts().logout(user)
    forget()
    flash("로그아웃했어요.", "ok")
    return redirect(url_for("staff.auth.login"))
