"""A loopback stand-in for the Telegram Bot API, driven by the real python-telegram-bot.

It serves ``/bot<token>/<method>`` (point the bot's base_url at ``base_url + "/bot"``),
accepts form-encoded or JSON parameters as Telegram does, records every call, and
is as strict as Telegram where our code could go wrong: callback_data over 64
bytes, HTML that Telegram cannot parse, texts over 4096 characters, getUpdates
while a webhook is set. Tests queue updates with ``send_text`` and ``press``.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.fakes.wire import send_json

BOT_USER = {"id": 123, "is_bot": True, "first_name": "Minwon", "username": "minwon_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
# What Telegram's HTML parse mode knows (https://core.telegram.org/bots/api#html-style)
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span", "tg-spoiler",
        "tg-emoji", "blockquote"}
BARE_AMPERSAND = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
STRUCTURED = {"reply_markup", "allowed_updates", "link_preview_options", "entities"}
INTEGERS = {"chat_id", "offset", "limit", "message_id"}
Result = tuple[int, dict[str, Any]]


def ok(result: Any) -> Result:
    return 200, {"ok": True, "result": result}


def error(code: int, description: str) -> Result:
    return code, {"ok": False, "error_code": code, "description": description}


class _Html(HTMLParser):
    """Parses a text the way Telegram's HTML mode must: known tags, balanced, entities escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.visible: list[str] = []
        self.problem = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in TAGS or (tag == "a" and not dict(attrs).get("href")):
            self.problem = self.problem or f'unsupported start tag "{tag}"'
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problem = self.problem or f'unexpected end tag "{tag}"'

    def handle_data(self, data: str) -> None:
        self.visible.append(data)


def check_html(text: str) -> tuple[str, str]:
    """(problem, visible text): problem is empty when Telegram would accept ``text``."""
    parser = _Html()
    parser.feed(text)
    parser.close()
    if BARE_AMPERSAND.search(re.sub(r"<[^>]*>", "", text)):
        return "unescaped '&'", ""
    if parser.open and not parser.problem:
        return f'unclosed tag "{parser.open[-1]}"', ""
    return parser.problem, "".join(parser.visible)


def decode_params(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """Telegram accepts a query string, form data or JSON; python-telegram-bot sends form data."""
    params: dict[str, Any] = dict(parse_qsl(query))
    if "application/json" in content_type:
        params.update(json.loads(body or b"{}"))
    elif "x-www-form-urlencoded" in content_type:
        params.update(parse_qsl(body.decode()))
    elif "multipart/form-data" in content_type:
        raise ValueError("multipart (file uploads) is not supported by the fake")
    for name in STRUCTURED & params.keys():
        if isinstance(params[name], str):
            params[name] = json.loads(params[name])
    for name in INTEGERS & params.keys():
        params[name] = int(params[name])
    return params


class FakeTelegram:
    def __init__(self, token: str = "123:ABC", max_wait: float = 0.5) -> None:
        self.token = token
        self.max_wait = max_wait  # long polls end this soon, so stopping the bot is quick
        self.calls: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {"url": "", "secret_token": ""}
        self._updates: list[dict[str, Any]] = []
        self._ids = {"update": 0, "message": 0, "file": 0}
        self.files: dict[str, bytes] = {}      # file_id → bytes, served at /file/bot<token>/<file_path>
        self._changed = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeTelegram:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what tests drive -------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._changed:
            update = {"update_id": self._next("update"), **update}
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def message_update(self, chat_id: int, text: str, lang: str = "ko") -> dict[str, Any]:
        message = self._message(chat_id, text, sender=self._user(chat_id, lang))
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(command.encode("utf-16-le")) // 2}]
        return {"message": message}

    def callback_update(self, chat_id: int, data: str, lang: str = "ko", stale: bool = False) -> dict[str, Any]:
        """A button press; ``stale``: pressed so long ago that Telegram refuses to acknowledge it."""
        shown = self._message(chat_id, "(the bot's message with the button)", sender=BOT_USER)
        query_id = f"{'stale' if stale else 'cb'}{self._next('message')}"
        return {"callback_query": {"id": query_id, "from": self._user(chat_id, lang),
                                   "chat_instance": f"ci{chat_id}", "data": data, "message": shown}}

    def _file(self, data: bytes) -> dict[str, Any]:
        file_id = f"file{self._next('file')}"
        self.files[file_id] = data
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data)}

    def send_photo(self, chat_id: int, data: bytes, lang: str = "ko") -> dict[str, Any]:
        """A photo message: Telegram offers sizes, the largest last (the same bytes here)."""
        message = self._message(chat_id, "", sender=self._user(chat_id, lang))
        del message["text"]
        message["photo"] = [{**self._file(data), "width": 90, "height": 67}, {**self._file(data), "width": 640,
                                                                               "height": 480}]
        return self.push({"message": message})

    def send_document(self, chat_id: int, data: bytes, name: str, mime: str, lang: str = "ko") -> dict[str, Any]:
        """A file (Telegram keeps its bytes, EXIF included)."""
        message = self._message(chat_id, "", sender=self._user(chat_id, lang))
        del message["text"]
        message["document"] = {**self._file(data), "file_name": name, "mime_type": mime}
        return self.push({"message": message})

    def send_location(self, chat_id: int, latitude: float, longitude: float, lang: str = "ko") -> dict[str, Any]:
        message = self._message(chat_id, "", sender=self._user(chat_id, lang))
        del message["text"]
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return self.push({"message": message})

    def send_text(self, chat_id: int, text: str, lang: str = "ko") -> dict[str, Any]:
        return self.push(self.message_update(chat_id, text, lang))

    def press(self, chat_id: int, data: str, lang: str = "ko", stale: bool = False) -> dict[str, Any]:
        return self.push(self.callback_update(chat_id, data, lang, stale))

    def requests(self, method: str, chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._changed:
            return [c["params"] for c in self.calls if c["method"] == method and c["status"] == 200
                    and (chat_id is None or c["params"].get("chat_id") == chat_id)]

    def failures(self) -> list[dict[str, Any]]:
        with self._changed:
            return [c for c in self.calls if c["status"] != 200 and c["method"] != "getUpdates"]

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30) -> bool:
        """Blocking wait (for tests whose bot runs in another thread, e.g. the webhook's)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, 0.2))
        return True

    # --- the API ----------------------------------------------------------------------------

    def handle(self, path: str, params: dict[str, Any]) -> Result:
        prefix, _, method = path.rpartition("/")
        if not prefix.startswith("/bot"):
            return error(404, "Not Found")
        if prefix != f"/bot{self.token}":
            return error(401, "Unauthorized")
        handler = getattr(self, "api_" + method.lower(), None)
        return handler(params) if handler else error(404, "Not Found")

    def api_getme(self, params: dict) -> Result:
        return ok(BOT_USER)

    def api_getupdates(self, params: dict) -> Result:
        if self.webhook["url"]:
            return error(409, "Conflict: can't use getUpdates method while webhook is active; "
                              "use deleteWebhook to delete the webhook first")
        offset, limit = params.get("offset", 0), params.get("limit", 100)
        wait = min(float(params.get("timeout") or 0), self.max_wait)
        with self._changed:
            # As Telegram: asking from ``offset`` confirms (forgets) every update before it.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and wait:
                self._changed.wait(wait)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            return ok(self._updates[:limit])

    def api_sendmessage(self, params: dict) -> Result:
        text = params.get("text") or ""
        visible = text
        if str(params.get("parse_mode", "")).upper() == "HTML":
            problem, visible = check_html(text)
            if problem:
                return error(400, f"Bad Request: can't parse entities: {problem}")
        if not visible.strip():
            return error(400, "Bad Request: message text is empty")
        if len(visible) > 4096:
            return error(400, "Bad Request: message is too long")
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if "callback_data" in button and not 1 <= len(button["callback_data"].encode()) <= 64:
                    return error(400, "Bad Request: BUTTON_DATA_INVALID")
        message = self._message(params["chat_id"], text, sender=BOT_USER)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return ok(message)

    def api_answercallbackquery(self, params: dict) -> Result:
        if str(params.get("callback_query_id", "stale")).startswith("stale"):
            return error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        return ok(True)

    def api_getfile(self, params: dict) -> Result:
        file_id = params.get("file_id", "")
        if file_id not in self.files:
            return error(400, "Bad Request: invalid file_id")
        return ok({"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                   "file_path": f"photos/{file_id}.jpg"})

    def api_sendchataction(self, params: dict) -> Result:
        return ok(True)

    def api_editmessagereplymarkup(self, params: dict) -> Result:
        return ok(True)

    def api_setwebhook(self, params: dict) -> Result:
        self.webhook = {"url": params.get("url", ""), "secret_token": params.get("secret_token", "")}
        return ok(True)

    def api_deletewebhook(self, params: dict) -> Result:
        self.webhook = {"url": "", "secret_token": ""}
        return ok(True)

    def api_getwebhookinfo(self, params: dict) -> Result:
        return ok({"url": self.webhook["url"], "has_custom_certificate": False,
                   "pending_update_count": len(self._updates)})

    # --- plumbing ---------------------------------------------------------------------------

    def _next(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    def _user(self, chat_id: int, lang: str) -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": "Resident", "language_code": lang}

    def _message(self, chat_id: int, text: str, sender: dict[str, Any]) -> dict[str, Any]:
        return {"message_id": self._next("message"), "date": int(time.time()), "from": sender, "text": text,
                "chat": {"id": chat_id, "type": "private", "first_name": "Resident"}}

    def _record(self, method: str, params: dict[str, Any], status: int) -> None:
        with self._changed:
            self.calls.append({"method": method, "params": params, "status": status})
            self._changed.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if unquote(url.path).startswith(f"/file/bot{fake.token}/photos/"):    # a file download
                    data = fake.files.get(url.path.rsplit("/", 1)[1].removesuffix(".jpg"))
                    self.send_response(200 if data is not None else 404)
                    self.send_header("Content-Length", str(len(data or b"")))
                    self.end_headers()
                    self.wfile.write(data or b"")
                    return
                self.do_POST()

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                try:
                    params = decode_params(self.headers.get("Content-Type", ""), body, url.query)
                except ValueError as exc:
                    params = {"raw": body.decode(errors="replace")}
                    status, payload = error(400, f"Bad Request: {exc}")
                else:
                    status, payload = fake.handle(url.path, params)
                fake._record(url.path.rpartition("/")[2], params, status)
                send_json(self, status, payload)

        return Handler
