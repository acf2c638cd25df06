"""Login and logout; the session lives in a signed cookie (console.access)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from console.common import accounts, local
from console.access import current_user, remember

bp = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/staff") and not target.startswith("//") and "\\" not in target:
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
    if result.status == "locked":
        return _login_error(f"비밀번호를 5번 잘못 입력해서 계정이 잠겼어요. {local(result.locked_until)} 이후에 "
                            "다시 시도하거나 관리자에게 문의해 주세요.", username, target)
    if result.status != "ok":
        return _login_error("아이디 또는 비밀번호가 맞지 않아요. 5번 틀리면 15분 동안 로그인할 수 없어요.",
                            username, target)
    remember(result.user)
    flash(f"{result.user.username}님, 로그인했어요.", "ok")
    return redirect(_safe_next(target))


def _login_error(message: str, username: str, target: str):
    return render_template("staff/login.html", error=message, username=username, next=target), 401


@bp.post("/logout")
def logout():
    user = current_user()
    if user is not None:
        accounts().logout(user)
    session.clear()
    flash("로그아웃했어요.", "ok")
    return redirect(url_for("staff.auth.login"))
