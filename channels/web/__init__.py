"""The gateway: a Flask app factory serving /api/*, /healthz and the demo page; it also
registers the staff console (console/)."""
from __future__ import annotations

import logging
import threading
from typing import Any, Mapping

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.feedback import FeedbackStore
from bot.notify.sender import NotificationSender
from bot.settings import Settings
from channels.conversation import Conversation
from channels.web.protection import GatewayRequest, protect


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the gateway. ``test_config`` holds setting overrides (see bot.settings)."""
    settings = Settings.load(test_config)
    app = Flask(__name__, static_folder=None)  # the demo blueprint serves /static
    app.request_class = GatewayRequest
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.extensions["minwon.settings"] = settings
    app.extensions["minwon.conversation"] = Conversation(settings)
    app.extensions["minwon.feedback"] = FeedbackStore(settings.database)
    app.extensions["minwon.in_flight"] = threading.BoundedSemaphore(settings.max_in_flight)
    app.extensions["minwon.notify"] = NotificationSender(settings).start()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import console
    from channels import kakao
    from channels.kakao_live import KakaoLive
    from channels.web import api, attachments, demo, feedback, live, open311, telegram_hook

    app.extensions["minwon.kakao_live"] = KakaoLive(settings, app.extensions["minwon.conversation"].broker)
    for blueprint in (api.bp, attachments.bp, demo.bp, feedback.bp, kakao.bp, live.bp, open311.bp, telegram_hook.bp):
        app.register_blueprint(blueprint)
    console.register(app, settings)
    if settings.kakao_without_key and not settings.kakao_skill_key:
        logging.getLogger("channels.kakao").warning(
            "KakaoTalk answers without a skill key (MINWON_KAKAO_WITHOUT_KEY): development only, anyone may speak "
            "as any KakaoTalk user")
    app.extensions["minwon.limiter"] = protect(app, settings)
    open311.limit(app, app.extensions["minwon.limiter"], settings)
    attachments.limit(app, app.extensions["minwon.limiter"], settings)
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return jsonify(error={"code": exc.code, "name": exc.name, "message": exc.description}), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return jsonify(error={"code": 500, "name": "Internal Server Error",
                              "message": "Something went wrong on our side. Please try again."}), 500

    return app
