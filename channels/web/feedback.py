"""POST /api/feedback: thumbs up/down on a bot answer (thumbs-down may say what was wrong)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from bot.feedback import Feedback

bp = Blueprint("feedback", __name__)
LIMITS = {"session_id": 128, "question": 1000, "answer": 4000, "comment": 1000, "source": 16, "citation_ids": 500}


@bp.post("/api/feedback")
def give_feedback():
    if not request.is_json:
        raise UnsupportedMediaType("Send JSON with Content-Type: application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    if body.get("rating") not in ("up", "down"):
        raise BadRequest("'rating' must be 'up' or 'down'.")
    values = {}
    for name, limit in LIMITS.items():
        value = body.get(name, "")
        if not isinstance(value, str) or len(value) > limit:
            raise BadRequest(f"'{name}' must be a string of at most {limit} characters.")
        values[name] = value.strip()
    if not values["session_id"]:
        raise BadRequest("'session_id' is required.")
    privacy = current_app.extensions.get("minwon.privacy")
    if privacy:
        values = {k: privacy(v) for k, v in values.items()}
    item_id = current_app.extensions["minwon.feedback"].add(Feedback(rating=body["rating"], **values))
    return jsonify(id=item_id, status="stored"), 201
