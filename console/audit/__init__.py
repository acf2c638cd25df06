"""The audit log (admins only): who did what, when."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from console.common import ACTION_LABELS, complaints
from console.access import admin_required

bp = Blueprint("audit", __name__, template_folder="templates")


@bp.get("/audit")
@admin_required
def audit_log():
    action = request.args.get("action", "")
    entries = complaints().audit_log(limit=1000)
    if action in ACTION_LABELS:
        entries = [e for e in entries if e.action == action]
    return render_template("staff/audit.html", entries=entries[:500], actions=ACTION_LABELS, action=action)
