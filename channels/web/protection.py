"""What keeps the public gateway safe: CORS for district sites only, security headers,
and rate limits per session and per IP (Redis storage when configured)."""
from __future__ import annotations

from flask import Flask, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from bot.settings import Settings
from bot.texts import text as canned


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


def _security_headers(app: Flask, origins: list[str]) -> None:
    frame = " ".join(o for o in origins if o != "*") or "'none'"

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            f"connect-src 'self'; frame-ancestors 'self' {frame}; base-uri 'none'; form-action 'self'")
        return response


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
    # Not /kakao/skill: all KakaoTalk users arrive from Kakao's few servers (the skill key guards it).
    for endpoint in ("api.chat", "feedback.give_feedback"):
        view = per_ip(app.view_functions[endpoint])
        app.view_functions[endpoint] = per_session(view) if endpoint == "api.chat" else view

    @app.errorhandler(429)
    def too_many(exc):
        lang = "en" if (request.get_json(silent=True) or {}).get("lang") == "en" else "ko"
        response = jsonify(error={"code": 429, "name": "Too Many Requests", "message": canned("busy", lang)},
                           messages=[{"text": canned("busy", lang)}], source="fallback", citations=[], lang=lang)
        response.status_code, response.headers["Retry-After"] = 429, "10"
        return response

    return limiter
