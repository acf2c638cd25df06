"""Open311 GeoReport v2 at /open311/v2: services, service definitions, service requests.

JSON only (the spec's XML is optional; a ``.xml`` path is a 404). Read with GET (no key; no
personal data in any answer); file with POST and an ``api_key`` an admin issued in the console
(/staff/apikeys). Filed requests enter the same store, triage and console as chat complaints
(channel ``open311``). Errors are the spec's: a JSON array of ``{"code", "description"}`` with the
same HTTP status. docs/channels.md and docs/reference.md document every endpoint.
"""
from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

from flask import Blueprint, current_app, jsonify, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from bot.complaints import open311
from bot.complaints.api_keys import ApiKey, ApiKeys
from bot.complaints.open311 import Open311Error
from bot.complaints.pending import PendingAttachments
from bot.complaints.photos import PhotoRefused
from bot.complaints.store import ComplaintStore, DatabaseUnavailable, NewComplaint
from bot.complaints.triage import ComplaintCategory, normalise_phone
from bot.knowledge.live import LiveDistrict
from bot.language import detect_language
from bot.privacy import masked
from channels.media_fetch import MediaRefused, fetch_image

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
MAX_DESCRIPTION, MAX_ADDRESS = 1000, 200


@bp.errorhandler(Open311Error)
def spec_error(exc: Open311Error):
    return jsonify([{"code": exc.code, "description": exc.description}]), exc.code


@bp.errorhandler(429)   # by code: the gateway's own 429 handler (chat-shaped) would win over a class handler
@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    description = exc.description or exc.name
    if exc.code == 429:
        description = f"Too many requests (at most {description}): try again later"
    return jsonify([{"code": exc.code, "description": description}]), exc.code


@bp.errorhandler(DatabaseUnavailable)
def database_down(exc: DatabaseUnavailable):
    return jsonify([{"code": 503, "description": "The complaint database is unavailable; try again later."}]), 503


def _settings():
    return current_app.extensions["minwon.settings"]


@lru_cache(maxsize=4)
def _district_source(knowledge_dir: str) -> LiveDistrict:
    from pathlib import Path

    return LiveDistrict(Path(knowledge_dir))


def _categories() -> list[ComplaintCategory]:
    return _district_source(str(_settings().knowledge_dir)).current().complaint_categories


def _category(code: str) -> ComplaintCategory:
    found = next((c for c in _categories() if c.category == code), None)
    if found is None:
        raise Open311Error(404, f"service_code {code!r} was not found: GET services.json lists them")
    return found


@bp.get("/services.json")
def services():
    return jsonify([open311.service(c) for c in _categories()])


@bp.get("/services/<code>.json")
def service_definition(code: str):
    return jsonify(open311.definition(_category(code)))


@bp.get("/requests.json")
def requests_list():
    settings = _settings()
    filters = open311.read_filters(request.args, settings.seoul)
    found = open311.find(ComplaintStore(settings.database), filters, settings.now())
    by_code = {c.category: c for c in _categories()}
    return jsonify([open311.as_request(c, by_code.get(c.category), settings.seoul) for c in found])


@bp.get("/requests/<request_id>.json")
def request_one(request_id: str):
    settings = _settings()
    complaint = ComplaintStore(settings.database).by_ticket(request_id[:11])
    if complaint is None or complaint.ticket != request_id:
        raise Open311Error(404, f"service_request_id {request_id!r} was not found")
    category = next((c for c in _categories() if c.category == complaint.category), None)
    return jsonify([open311.as_request(complaint, category, settings.seoul)])


def _key() -> ApiKey:
    key = ApiKeys(_settings().database).check(request.form.get("api_key"))
    if key is None:
        raise Open311Error(403, "api_key was not provided or is invalid (ask the district for a key)")
    return key


def _position() -> tuple[float | None, float | None]:
    lat, lon = request.form.get("lat"), request.form.get("long")
    if lat is None and lon is None:
        return None, None
    try:
        return float(lat), float(lon)
    except (TypeError, ValueError):
        raise Open311Error(400, "lat and long must both be decimal degrees (WGS84), e.g. lat=37.5635&long=127.029") \
            from None


@bp.post("/requests.json")
def create_request():
    key = _key()
    settings = _settings()
    form = request.form
    code = form.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code was not provided")
    category = _category(code)
    description = masked(form.get("description", "").strip())
    if len(description) < 4 or len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is required (4 to {MAX_DESCRIPTION} characters)")
    pending = PendingAttachments(settings)
    lat, lon, address, dong = _place(form, pending)
    phone, notice = _contact(form)
    sender = f"open311:{uuid.uuid4().hex}"       # the request's own "conversation": its photo waits there
    if form.get("media_url"):
        _take_photo(pending, sender, form["media_url"])
    new = NewComplaint(submission_key=f"open311-{uuid.uuid4().hex}", category=category.category, dong=dong,
                       location=address or f"{lat:.5f}, {lon:.5f}", description=description, phone=phone,
                       channel="open311", lang=detect_language(description) or "ko", conversation=sender,
                       latitude=lat, longitude=lon)
    store = ComplaintStore(settings.database)
    complaint = store.file(new, category)
    store.audit(f"api:{key.name}"[:64], "open311_request", complaint.ticket, f"API 키 {key.key_prefix}… ({key.name})")
    return jsonify([{"service_request_id": complaint.ticket, "service_notice": notice, "account_id": None}])


def _place(form, pending: PendingAttachments) -> tuple[float | None, float | None, str, str]:
    """(lat, long, address, dong): a position must be in the district; the dong comes from it, or from
    the address when that names exactly one ("응봉동 공사장")."""
    settings = _settings()
    lat, lon = _position()
    address = masked(form.get("address_string", "").strip())[:MAX_ADDRESS]
    if lat is None and not address:
        raise Open311Error(400, "required location information was not provided: lat and long, or address_string")
    if lat is not None:
        if not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise Open311Error(400, "lat and long are not a position on Earth")
        dong = pending.dong_at(lat, lon)
        if not dong:
            raise Open311Error(400, f"the position is outside {settings.district_en}'s dongs")
        return lat, lon, address, dong
    named = _district_source(str(settings.knowledge_dir)).current().dongs_named(address)
    return None, None, address, named[0].dong if len(named) == 1 else ""


def _contact(form) -> tuple[str | None, str]:
    """The phone is kept only with attribute[consent]=yes; names and e-mail are never kept."""
    days = "처리 결과는 GET requests/{id}.json으로 확인하세요 (check the result with GET requests/{id}.json)."
    if form.get(f"attribute[{open311.CONSENT_ATTRIBUTE}]", "").strip().lower() != "yes":
        return None, days + " 연락처는 보관하지 않았어요 (contact details were not kept)."
    phone = normalise_phone(form.get("phone", ""))
    if form.get("phone") and phone is None:
        raise Open311Error(400, "phone is not a Korean phone number (e.g. 010-1234-5678)")
    return phone, days + (" 연락처는 이 민원 답변에만 써요 (the phone is used only to reply)." if phone else "")


def _take_photo(pending: PendingAttachments, sender: str, url: str) -> None:
    settings = _settings()
    try:
        data = fetch_image(url, settings.open311_media_hosts, settings.photo_max_bytes,
                           loopback_ok=settings.media_fetch_loopback)
        pending.add_photo(sender, data)
    except MediaRefused as exc:
        raise Open311Error(400, f"media_url was not fetched: {exc}") from exc
    except PhotoRefused as exc:
        raise Open311Error(400, f"media_url is not a photo we can keep ({exc.reason}): JPEG, PNG or WebP, "
                                f"at most {settings.photo_max_bytes // 1_000_000} MB") from exc


def limit(app, limiter, settings) -> None:
    """Filing per API key (or address without one), reading per address; 429 in the spec's format."""
    def key_or_address() -> str:
        given = request.form.get("api_key") or ""
        return f"key:{hashlib.sha256(given.encode()).hexdigest()[:24]}" if given else f"ip:{get_remote_address()}"

    per_key = limiter.limit(settings.rate_limit_open311_key, key_func=key_or_address)
    per_ip = limiter.shared_limit(settings.rate_limit_open311_ip, scope="open311-ip", key_func=get_remote_address)
    for name in ("open311.services", "open311.service_definition", "open311.requests_list", "open311.request_one"):
        app.view_functions[name] = per_ip(app.view_functions[name])
    app.view_functions["open311.create_request"] = per_key(app.view_functions["open311.create_request"])
