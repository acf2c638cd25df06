"""POST /api/photo and POST /api/location: the widget's photo button and "현재 위치 보내기".

Both belong to the conversation named by ``session_id`` and wait, as pending attachments, for the
complaint the conversation files (bot/complaints/attachments.py). The answer is the chat's shape:
``{"session_id", "messages": [{"text", "buttons"?}], "lang", …}`` plus what was received.
"""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import BadRequest

from bot.complaints.attachment_texts import attachment_text
from bot.complaints.pending import PendingAttachments
from bot.complaints.photos import PhotoRefused
from channels.web.api import MAX_SESSION_ID

bp = Blueprint("attachments", __name__)
logger = logging.getLogger(__name__)
FORM_ROOM = 64 * 1024


def _pending() -> PendingAttachments:
    extensions = current_app.extensions
    if "minwon.pending" not in extensions:
        extensions["minwon.pending"] = PendingAttachments(extensions["minwon.settings"])
    return extensions["minwon.pending"]


@bp.before_request
def photo_sized_bodies():
    if request.endpoint == "attachments.photo":
        request.max_content_length = current_app.extensions["minwon.settings"].photo_max_bytes + FORM_ROOM


@bp.errorhandler(413)
def too_large(exc):
    """A body over the photo limit never reaches the view: the resident still reads why."""
    lang = "en" if request.args.get("lang") == "en" else "ko"
    return _answer("", lang, [{"text": attachment_text("photo_too_big", lang)}], 413,
                   error={"code": 413, "name": "photo_too_big", "message": attachment_text("photo_too_big", "en")})


def _session_id(value) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_SESSION_ID:
        raise BadRequest(f"'session_id' must be a non-empty string of at most {MAX_SESSION_ID} characters.")
    return value.strip()


def _lang(value) -> str:
    return value if value in ("ko", "en") else current_app.extensions["minwon.settings"].default_lang


def _answer(session_id: str, lang: str, texts: list[dict], status: int = 200, **extra):
    return jsonify({"session_id": session_id, "messages": texts, "lang": lang, **extra}), status


@bp.post("/api/photo")
def photo():
    session_id = _session_id(request.form.get("session_id"))
    lang = _lang(request.form.get("lang"))
    upload = request.files.get("photo")
    if upload is None:
        raise BadRequest("Send the photo as multipart/form-data in the field 'photo', with 'session_id'.")
    try:
        receipt = _pending().add_photo(f"web:{session_id}", upload.read())
    except PhotoRefused as exc:
        # 422: the request was fine, the file is not a photo we keep; the resident reads why.
        return _answer(session_id, lang, [{"text": attachment_text(exc.reason, lang)}], 422,
                       error={"code": 422, "name": exc.reason, "message": attachment_text(exc.reason, "en")})
    except (SQLAlchemyError, OSError):
        logger.exception("photo not stored")
        return _answer(session_id, lang, [{"text": attachment_text("photo_unavailable", lang)}], 503,
                       error={"code": 503, "name": "Unavailable", "message": "Try again later."})
    texts = [{"text": attachment_text("photo_received", lang, count=str(receipt.count))}]
    extra = {"photos": receipt.count}
    if receipt.gps:   # offered, never kept: the widget sends it to /api/location only if the resident says so
        texts.append({"text": attachment_text("photo_gps_offer", lang, dong=receipt.gps_dong or "?")})
        extra["gps"] = {"latitude": receipt.gps[0], "longitude": receipt.gps[1], "dong": receipt.gps_dong}
    return _answer(session_id, lang, texts, **extra)


@bp.post("/api/location")
def location():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest('The body must be JSON: {"session_id", "latitude", "longitude", "lang"?}.')
    session_id = _session_id(body.get("session_id"))
    lang = _lang(body.get("lang"))
    lat, lon = body.get("latitude"), body.get("longitude")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        raise BadRequest("'latitude' and 'longitude' must be numbers (decimal degrees, WGS84).")
    settings = current_app.extensions["minwon.settings"]
    try:
        place = _pending().add_location(f"web:{session_id}", float(lat), float(lon))
    except ValueError:
        return _answer(session_id, lang, [{"text": attachment_text("location_bad", lang)}], 422,
                       error={"code": 422, "name": "location_bad", "message": "Not a position on Earth."})
    except SQLAlchemyError:
        logger.exception("location not stored")
        return _answer(session_id, lang, [{"text": attachment_text("photo_unavailable", lang)}], 503,
                       error={"code": 503, "name": "Unavailable", "message": "Try again later."})
    if place.dong is None:
        district = settings.district if lang == "ko" else settings.district_en
        return _answer(session_id, lang, [{"text": attachment_text("location_outside", lang, district=district)}],
                       location={"latitude": place.latitude, "longitude": place.longitude, "dong": None})
    return _answer(session_id, lang, [{"text": attachment_text("location_received", lang, dong=place.dong)}],
                   location={"latitude": place.latitude, "longitude": place.longitude, "dong": place.dong})


def limit(app, limiter, settings) -> None:
    """The chat's limits per address and per session also count photos and positions."""
    per_ip = limiter.shared_limit(settings.rate_limit_ip, scope="ip", key_func=get_remote_address)
    per_session = limiter.limit(settings.rate_limit_session,
                                key_func=lambda: f"s:{request.form.get('session_id') or get_remote_address()}")
    photos_per_ip = limiter.shared_limit(settings.rate_limit_photo_ip, scope="photo-ip", key_func=get_remote_address)
    app.view_functions["attachments.photo"] = photos_per_ip(per_ip(per_session(app.view_functions["attachments.photo"])))
    app.view_functions["attachments.location"] = per_ip(app.view_functions["attachments.location"])
