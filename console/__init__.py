"""The staff console at /staff: one blueprint per feature (auth, complaints, knowledge,
unanswered, dashboard, audit, library, assistant, inbox), nested in the console's frame (console.layout), on the
gateway's app. Server-rendered pages; every POST form carries a CSRF token."""
from __future__ import annotations

import datetime as dt

from flask import Flask

from bot.settings import Settings
from bot.secrets import shared_secret
from console import (apikeys, assistant, audit, auth, complaints, dashboard, inbox, knowledge, layout, library,
                     unanswered)
from console.access import CSRF_FIELD, ConsoleSessionInterface

FEATURES = (auth.bp, complaints.bp, knowledge.bp, unanswered.bp, dashboard.bp, audit.bp, library.bp, assistant.bp,
            apikeys.bp, inbox.bp)
for feature in FEATURES:  # once per process: a blueprint cannot change after an app has it
    layout.bp.register_blueprint(feature)


def register(app: Flask, settings: Settings) -> None:
    """The console on the gateway's app, under /staff."""
    configure_sessions(app, settings)
    app.register_blueprint(layout.bp)


def configure_sessions(app: Flask, settings: Settings) -> None:
    """Signed session cookies for the console: HttpOnly, SameSite=Lax, 8 hours, Secure over HTTPS;
    they hold only a session token, checked against the database on every request."""
    app.secret_key = shared_secret(settings, "secret_key")
    app.session_interface = ConsoleSessionInterface()
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_PATH="/staff",
                      SESSION_COOKIE_SECURE=settings.session_cookie_secure,
                      PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
                      # A form's CSRF token lasts as long as the session (Flask-WTF's default: one hour)
                      WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_FIELD_NAME=CSRF_FIELD)
