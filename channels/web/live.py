"""The resident's side of a live handoff in the web widget.

``GET /api/live?session_id=…`` is a server-sent-events stream of the lines staff (and the
queue) send to this conversation: ``event: line`` with ``{"id", "author", "text"}``, the event id
being the line's id, so a reconnecting browser (``Last-Event-ID``) misses nothing and gets nothing
twice; ``event: end`` when the conversation is back with the bot. ``GET /api/notices?session_id=…``
gives the widget the notifications waiting for it (a complaint answered) until it acknowledges them
(``POST /api/notices/ack``): at least once, and the widget drops an id it has already shown.
"""
from __future__ import annotations

import json
import logging
import threading
import time

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import BadRequest

from bot.handoff.inbox import Inbox
from bot.handoff.texts import say
from bot.notify.outbox import Outbox
from bot.storage import DatabaseUnavailable

bp = Blueprint("live", __name__)
logger = logging.getLogger(__name__)
MAX_SESSION_ID = 128


@bp.errorhandler(DatabaseUnavailable)
@bp.errorhandler(SQLAlchemyError)
def database_down(exc: Exception):
    """No database: the widget tries again (a refused stream after 5 s, notices at its next opening); lines and
    notices wait in the database, and an acknowledgement not stored is sent again."""
    logger.warning("live: the database is unavailable: %s", exc)
    lang = "en" if request.args.get("lang") == "en" else "ko"
    sorry = current_app.extensions["minwon.conversation"].canned("unavailable", lang)
    response = jsonify(error={"code": 503, "name": "Service Unavailable", "message": sorry})
    response.status_code, response.headers["Retry-After"] = 503, "5"
    return response


def _session_id() -> str:
    session_id = request.args.get("session_id", "")
    if not session_id.strip() or len(session_id) > MAX_SESSION_ID:
        raise BadRequest("'session_id' must be the widget's session id (1–128 characters).")
    return session_id.strip()


def _after() -> int:
    stamp = request.headers.get("Last-Event-ID") or request.args.get("after") or "0"
    if not stamp.isdigit():
        raise BadRequest("'Last-Event-ID' (or 'after') must be a line id, a whole number.")
    return int(stamp)


@bp.get("/api/live")
def live():
    conversation = f"web:{_session_id()}"
    after = _after()
    settings = current_app.extensions["minwon.settings"]
    gate = current_app.extensions["minwon.conversation"].handoffs
    slots = current_app.extensions.setdefault("minwon.live_streams", threading.BoundedSemaphore(settings.handoff_max_streams))
    if not slots.acquire(blocking=False):   # every stream holds a worker thread: keep some for chat
        response = jsonify(error={"code": 503, "name": "Busy", "message": "Too many live streams; try again shortly."})
        response.status_code, response.headers["Retry-After"] = 503, "5"
        return response
    inbox = Inbox(settings.database)
    try:
        if after == 0:   # a new stream starts at the current request, not at old conversations
            latest = inbox.latest(conversation)
            after = _before_first_line(inbox, latest.id) if latest else 0
    except BaseException:   # the database is out of reach (answered 503 below): the slot is free again
        slots.release()
        raise
    stream = _lines(gate, inbox, conversation, after, settings, slots)
    return Response(stream_with_context(stream), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _lines(gate, inbox: Inbox, conversation: str, after: int, settings, slots: threading.BoundedSemaphore):
    listener = gate.broker.listen(conversation)
    deadline = time.monotonic() + settings.handoff_stream_seconds
    try:
        yield "retry: 2000\n\n"
        while time.monotonic() < deadline:
            for line in inbox.lines_for_resident(conversation, after):
                after = line.id
                body = {"id": line.id, "author": line.author, "text": line.text}
                yield f"id: {line.id}\nevent: line\ndata: {json.dumps(body, ensure_ascii=False)}\n\n"
            held = inbox.held(conversation)
            if held is None:
                yield "event: end\ndata: {}\n\n"
                return
            if held.state == "waiting" and gate.timed_out(held, settings.now()):
                inbox.add(held.id, "system", say("timed_out", held.lang))
                continue
            if not listener.wait(settings.handoff_heartbeat_seconds):
                yield ": keep-alive\n\n"
    except (SQLAlchemyError, DatabaseUnavailable):   # gone mid-stream: closed without "end", so the browser
        logger.warning("live stream for %s ended: the database is unavailable", conversation)   # comes back
    finally:
        listener.close()
        slots.release()


def _before_first_line(inbox: Inbox, handoff_id: int) -> int:
    lines = inbox.messages(handoff_id)
    return lines[0].id - 1 if lines else 0


@bp.get("/api/notices")
def notices():
    settings = current_app.extensions["minwon.settings"]
    rows = Outbox(settings.database).web_notices(_session_id())
    return jsonify(notices=[{"id": r.message_id, "text": r.text, "at": r.created_at.isoformat()} for r in rows])


@bp.post("/api/notices/ack")
def acknowledge():
    """The widget showed these notices: ``{"session_id", "ids": [...]}`` → ``{"acknowledged": n}``."""
    body = request.get_json(silent=True) if request.is_json else None
    if not isinstance(body, dict):
        raise BadRequest("Send JSON: {\"session_id\", \"ids\": [notice ids]}.")
    session_id, ids = body.get("session_id"), body.get("ids")
    if not isinstance(session_id, str) or not session_id.strip() or len(session_id) > MAX_SESSION_ID:
        raise BadRequest("'session_id' must be the widget's session id (1–128 characters).")
    if not isinstance(ids, list) or not ids or len(ids) > 50 or not all(isinstance(i, str) and len(i) <= 64 for i in ids):
        raise BadRequest("'ids' must be a list of 1–50 notice ids.")
    settings = current_app.extensions["minwon.settings"]
    return jsonify(acknowledged=Outbox(settings.database).acknowledge_web(session_id.strip(), ids))
