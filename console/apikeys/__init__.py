"""API keys for Open311 clients (admins only): issue one (shown once), list, revoke. Every
issue and revoke is written to the audit log; so is every request filed with a key."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from bot.complaints.api_keys import ApiKeys
from console.access import admin_required, current_user, fail
from console.common import settings

bp = Blueprint("apikeys", __name__, template_folder="templates")


def _keys() -> ApiKeys:
    return ApiKeys(settings().database)


@bp.get("/apikeys")
@admin_required
def keys():
    return render_template("staff/apikeys.html", keys=_keys().listing(), new_key=None)


@bp.post("/apikeys")
@admin_required
def issue():
    name = request.form.get("name", "").strip()
    if not name or len(name) > 64:
        fail(400, "키를 쓸 기관이나 시스템 이름을 64자 이내로 적어 주세요. 예: 서울시 민원 연계 시스템")
    user = current_user()
    row, key = _keys().issue(name, user.username, user.id)
    # The key is on this page once; only its hash is stored, so it cannot be shown again.
    return render_template("staff/apikeys.html", keys=_keys().listing(), new_key=key, new_name=row.name)


@bp.post("/apikeys/<key_id>/revoke")
@admin_required
def revoke(key_id: str):
    user = current_user()
    row = _keys().revoke(int(key_id), user.username, user.id) if key_id.isdigit() else None
    if row is None:
        fail(404, "그 API 키를 찾을 수 없어요.")
    flash(f"'{row.name}' 키({row.key_prefix}…)를 폐기했어요. 이 키로 보내는 접수는 바로 거절돼요.", "ok")
    return redirect(url_for("staff.apikeys.keys"))
