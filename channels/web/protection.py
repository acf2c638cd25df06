"""What keeps the public gateway safe: CORS for district sites only, security headers,
and rate limits per session and per IP (Redis storage when configured)."""
from __future__ import annotations

from typing import Any

from flask import Flask, Request, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import BadRequest

from bot.complaints.tickets import SHORT as SHORT_TICKET
from bot.settings import Settings


class GatewayRequest(Request):
    """JSON nested thousands deep (the parser gives up) or holding a lone surrogate (not storable,
    not sendable) is a bad request with the usual JSON error, never a 500."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        try:
            body = super().get_json(force=force, silent=silent, cache=cache)
            problem = None if _is_text(body) else "holds text that is not valid Unicode (a lone surrogate)"
        except RecursionError:
            body, problem = None, "is nested too deeply"
        if problem is None:
            return body
        if silent:
            return None
        raise BadRequest(f"The JSON body {problem}.")


def _is_text(body: Any) -> bool:
    """Every string in ``body`` (keys too) encodes as UTF-8; walked without recursion."""
    pending = [body]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def protect(app: Flask, settings: Settings) -> Limiter:
    origins = [o for o in settings.widget_origins.split("|") if o]
    _cors(app, origins)
    _security_headers(app, origins)
    return _rate_limits(app, settings)


def _cors(app: Flask, origins: list[str]) -> None:
    """District pages on other origins embed the widget and call /api/* (no cookies are used there)."""

    @app.before_request
    def preflight():
        if request.method == "OPTIONS" and request.path.startswith("/api/"):
            return app.make_response(("", 204))
        return None

    @app.after_request
    def cors_headers(response):
        origin = request.headers.get("Origin")
        if origin and request.path.startswith("/api/") and ("*" in origins or origin in origins):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
            response.headers["Access-Control-Max-Age"] = "600"
            response.headers.add("Vary", "Origin")
        return response


WIDGET_PATHS = ("/static/", "/api/")    # what district pages load from the gateway: the widget and its API


def _security_headers(app: Flask, origins: list[str]) -> None:
    district_sites = " ".join(o for o in origins if o != "*")

    @app.after_request
    def headers(response):
        # The district's sites may frame only the widget's own endpoints; the console and every
        # other page may not be framed by anyone (CSP frame-ancestors wins over X-Frame-Options).
        widget = request.path.startswith(WIDGET_PATHS)
        frame = f"'self' {district_sites}".strip() if widget else "'none'"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            f"connect-src 'self'; frame-ancestors {frame}; base-uri 'none'; form-action 'self'")
        return response


def _names_a_ticket() -> bool:
    body = request.get_json(silent=True) if request.is_json else None
    message = body.get("message") if isinstance(body, dict) else None
    return isinstance(message, str) and SHORT_TICKET.search(message) is not None


def _session_or_ip() -> str:
    body = request.get_json(silent=True) if request.is_json else None
    session = body.get("session_id") if isinstance(body, dict) else None
    return f"s:{session}" if isinstance(session, str) and session else f"ip:{get_remote_address()}"


def _rate_limits(app: Flask, settings: Settings) -> Limiter:
    # A sliding window counter, not the moving window: limits' memory store keeps an event list for
    # every session ever seen under the moving window and sweeps them all every 10 ms, a cost that
    # grows with each new resident until restart (half a core after 20,000 sessions); counters of
    # past windows are dropped. Same 20/min, 120/min; a burst across a window edge is weighted.
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings.redis_url or "memory://",
                      strategy="sliding-window-counter", swallow_errors=True,
                      storage_options={"socket_connect_timeout": 1, "socket_timeout": 1} if settings.redis_url else {})
    per_ip = limiter.shared_limit(settings.rate_limit_ip, scope="ip", key_func=get_remote_address)
    per_session = limiter.limit(settings.rate_limit_session, key_func=_session_or_ip)
    # Status lookups (a message naming a ticket number): few per address, so nobody walks the numbers.
    lookups = limiter.shared_limit(settings.rate_limit_lookup_ip, scope="lookup", key_func=get_remote_address,
                                   exempt_when=lambda: not _names_a_ticket())
    for endpoint in ("api.chat", "feedback.give_feedback", "live.live", "live.notices", "live.acknowledge"):
        view = per_ip(app.view_functions[endpoint])
        app.view_functions[endpoint] = lookups(per_session(view)) if endpoint == "api.chat" else view
    # Console logins per address (failures also slow down by account and address: bot/login_throttle.py).
    logins = limiter.shared_limit(settings.rate_limit_login_ip, scope="login", key_func=get_remote_address)
    app.view_functions["staff.auth.login_submit"] = logins(app.view_functions["staff.auth.login_submit"])
    # KakaoTalk users all arrive from Kakao's few servers: per Kakao user, and a high cap per address.
    from channels.kakao import kakao_user

    kakao_ip = limiter.shared_limit(settings.rate_limit_kakao_ip, scope="kakao-ip", key_func=get_remote_address)
    kakao_per_user = limiter.limit(settings.rate_limit_kakao_user, key_func=kakao_user)
    app.view_functions["kakao.skill"] = kakao_ip(kakao_per_user(app.view_functions["kakao.skill"]))

    @app.errorhandler(429)
    def too_many(exc):
        body = request.get_json(silent=True) if request.is_json else None
        lang = "en" if isinstance(body, dict) and body.get("lang") == "en" else "ko"
        busy = app.extensions["minwon.conversation"].canned("busy", lang)
        if request.blueprint == "kakao":   # Kakao shows a resident only a skill response
            response = jsonify({"version": "2.0", "template": {"outputs": [{"simpleText": {"text": busy}}]}})
            response.headers["Retry-After"] = "10"
            return response
        response = jsonify(error={"code": 429, "name": "Too Many Requests", "message": busy},
                           messages=[{"text": busy}], source="fallback", citations=[], lang=lang)
        response.status_code, response.headers["Retry-After"] = 429, "10"
        return response

    return limiter
