"""POST /api/chat and GET /healthz."""
from __future__ import annotations

import datetime as dt
from typing import Any

import requests
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import text as sql_text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from bot.dates import seoul_time
from bot.storage import engine_for
from channels.conversation import Reply

bp = Blueprint("api", __name__)
MAX_MESSAGE = 1000
MAX_SESSION_ID = 128


def _field(body: dict[str, Any], name: str, limit: int, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"'{name}' must be a non-empty string.")
    if len(value) > limit:
        raise BadRequest(f"'{name}' is longer than {limit} characters.")
    return value.strip()


@bp.post("/api/chat")
def chat():
    if not request.is_json:
        raise UnsupportedMediaType("Send JSON with Content-Type: application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object: {\"session_id\", \"message\", \"lang\"?}.")
    session_id = _field(body, "session_id", MAX_SESSION_ID)
    message = _field(body, "message", MAX_MESSAGE)
    lang = body.get("lang")
    if lang is not None and lang not in ("ko", "en"):
        raise BadRequest("'lang' must be 'ko' or 'en'.")
    now = _test_clock()
    gate = current_app.extensions["minwon.in_flight"]
    wait = current_app.extensions["minwon.settings"].busy_wait_seconds
    if not (gate.acquire(timeout=wait) if wait > 0 else gate.acquire(blocking=False)):
        # A short wait for a free Rasa slot rides out a burst; past it, answer at once rather than
        # queue: a resident waiting 30 s learns nothing.
        busy_text = current_app.extensions["minwon.conversation"].canned("busy", lang or "ko")
        busy = Reply(session_id, [{"text": busy_text}], source="fallback", lang=lang or "ko")
        response = jsonify({**busy.as_json(), "error": {"code": 503, "name": "Busy", "message": "Try again shortly."}})
        response.status_code, response.headers["Retry-After"] = 503, "2"
        return response
    try:
        reply = current_app.extensions["minwon.conversation"].send("web", session_id, message, lang, now=now)
    finally:
        gate.release()
    response = jsonify(reply.as_json())
    if now is not None:   # says the clock was honoured (the conversation player checks)
        response.headers["X-Minwon-Now"] = now.isoformat(timespec="minutes")
    return response


def _test_clock() -> dt.datetime | None:
    """Tests only (MINWON_TEST_CLOCK=true): the X-Minwon-Now header sets this turn's Seoul time."""
    settings = current_app.extensions["minwon.settings"]
    stamp = request.headers.get("X-Minwon-Now")
    if not settings.test_clock or not stamp:
        return None
    try:
        return seoul_time(stamp, settings.seoul)
    except ValueError:
        raise BadRequest("X-Minwon-Now must be an ISO date and time in Seoul time, e.g. 2026-11-25T23:40.") from None


def _probe(url: str) -> str:
    try:
        return "ok" if requests.get(url, timeout=2).status_code == 200 else "down"
    except requests.RequestException:
        return "down"


def _database(settings) -> str:
    """One `select 1` through the pool the stores use: SQLite or PostgreSQL (connect timeout 3 s)."""
    try:
        with engine_for(settings.database).connect() as connection:
            connection.execute(sql_text("select 1"))
        return "ok"
    except (SQLAlchemyError, OSError):   # OSError: SQLite's folder cannot be made
        return "down"


@bp.get("/healthz")
def healthz():
    settings = current_app.extensions["minwon.settings"]
    rasa = [_probe(url.rstrip("/") + "/") for url in settings.rasa_url.split("|")]
    components = {"gateway": "ok", "rasa": "ok" if all(s == "ok" for s in rasa) else "down",
                  "actions": _probe(settings.action_url.rstrip("/") + "/health"),
                  "database": _database(settings)}
    healthy = all(state == "ok" for state in components.values())
    return jsonify(status="ok" if healthy else "degraded", components=components), 200 if healthy else 503
