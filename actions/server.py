"""The action server: rasa-sdk's app, served on 127.0.0.1 unless told otherwise, refusing every
call that does not carry the key Rasa sends (endpoints.yml: ``headers: X-Minwon-Action-Key``).

``python -m actions -p 5055`` replaces ``python -m rasa_sdk --actions actions -p 5055`` and takes
the same options (``--cors``, ``--ssl-certificate``, ``--ssl-keyfile``, ``--auto-reload``, logging),
plus ``--host``. rasa-sdk alone listens on every interface and answers anyone.
"""
from __future__ import annotations

import argparse
import hmac
import logging
from functools import partial

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser, create_ssl_config
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.worker.loader import AppLoader

from bot.secrets import shared_secret
from bot.settings import Settings

logger = logging.getLogger(__name__)
KEY_HEADER = "X-Minwon-Action-Key"
OPEN_PATHS = {"/health"}      # the gateway's /healthz and the probes ask it, and it tells nothing


def serve_app(actions: str = "actions", cors: list[str] | None = None, auto_reload: bool = False,
              endpoints: str = "endpoints.yml") -> Sanic:
    """The app every worker serves (Sanic rebuilds it in each worker process from this factory)."""
    key = shared_secret(Settings.load(), "action_key").encode()
    executor = ActionExecutor()
    executor.register_package(actions)
    app = create_app_for_serve(executor, cors_origins=cors or "", auto_reload=auto_reload, endpoints=endpoints)

    async def require_key(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not hmac.compare_digest(request.headers.get(KEY_HEADER, "").encode(), key):
            return response.json({"error": f"Unknown caller: send the {KEY_HEADER} header (endpoints.yml)."},
                                 status=401)
        return None

    app.on_request(require_key)
    return app


def parser() -> argparse.ArgumentParser:
    found = create_argument_parser()
    found.prog = "python -m actions"
    found.description = __doc__.split("\n\n")[0]
    found.add_argument("--host", default="", help="the address to listen on (default: the action_host setting, "
                                                  "127.0.0.1)")
    found.set_defaults(actions="actions")
    return found


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.grpc:
        raise SystemExit("python -m actions serves HTTP only (Rasa 3.6 calls actions over HTTP).")
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    settings = Settings.load()
    shared_secret(settings, "action_key")        # made here once, before the workers read it
    host = args.host or settings.action_host
    loader = AppLoader(factory=partial(serve_app, args.actions_module or args.actions, args.cors, args.auto_reload,
                                       args.endpoints))
    app = loader.load()
    ssl = create_ssl_config(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    logger.info("Action server on %s://%s:%s (calls need the %s header)", "https" if ssl else "http", host, args.port,
                KEY_HEADER)
    app.prepare(host=host, port=args.port, ssl=ssl, workers=utils.number_of_sanic_workers())
    Sanic.serve(primary=app, app_loader=loader)
