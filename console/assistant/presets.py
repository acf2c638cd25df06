"""Department assistants: admins save a named preset (instructions and a library filter) for a
department; every staff member can see them and pick one when asking the library."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from bot.assistant.presets import Preset, PresetError
from bot.library.units import KINDS
from console.access import admin_required, current_user
from console.assistant import bp
from console.assistant.helpers import presets as store
from console.common import audit


@bp.get("/assistant/presets")
def presets():
    return render_template("staff/assistant_presets.html", presets=store().all(), kinds=KINDS, error="")


@bp.post("/assistant/presets")
@admin_required
def save_preset():
    form = request.form
    preset = Preset(name=form.get("name", "").strip(), department=form.get("department", "").strip()[:64],
                    instructions=form.get("instructions", "").strip().replace("\r\n", "\n"),
                    kinds=tuple(k for k in form.getlist("kinds") if k),
                    library_departments=tuple(d.strip() for d in form.get("library_departments", "").split(",")
                                              if d.strip()), updated_by=current_user().username)
    try:
        store().save(preset)
    except PresetError as exc:
        return render_template("staff/assistant_presets.html", presets=store().all(), kinds=KINDS,
                               error=str(exc)), 400
    audit("assistant_preset", preset.name, f"저장: 부서={preset.department}, 종류={','.join(preset.kinds) or '전체'}")
    flash(f"'{preset.name}' 도우미를 저장했어요. 직원은 '자료에 묻기'에서 고를 수 있어요.", "ok")
    return redirect(url_for("staff.assistant.presets"))


@bp.post("/assistant/presets/delete")
@admin_required
def delete_preset():
    name = request.form.get("name", "")
    if store().delete(name):
        audit("assistant_preset", name, "지움")
        flash(f"'{name}' 도우미를 지웠어요.", "ok")
    return redirect(url_for("staff.assistant.presets"))
