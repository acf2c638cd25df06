"""KakaoTalk: a Kakao i Open Builder skill server at POST /kakao/skill.

Kakao waits 5 seconds for a skill. An answer not ready in ``kakao_wait_seconds``
(3.5 s) is sent later to the request's ``callbackUrl`` (valid for one minute),
after replying ``{"useCallback": true}`` with a waiting text.
"""
from __future__ import annotations

import hmac
import logging
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from bot.texts import text as canned
from channels import kakao_callback
from channels.conversation import Reply
from channels.recent import Recent

logger = logging.getLogger(__name__)
bp = Blueprint("kakao", __name__)
TEXT_LIMIT, QUICK_REPLIES, LABEL_LIMIT, CARD_BUTTONS = 1000, 10, 14, 3
_executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="kakao")
_payloads: Recent[tuple[str, str], str] = Recent(20000)   # (user, button title) → Rasa payload


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Kakao's simpleText holds 1000 characters: split on line breaks, then hard."""
    parts, current = [], ""
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), limit):   # a line longer than the limit is cut
            piece = line[start:start + limit]
            if len(current) + len(piece) > limit:
                parts.append(current)
                current = ""
            current += piece
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _label(title: str) -> str:
    return title if len(title) <= LABEL_LIMIT else title[: LABEL_LIMIT - 1] + "…"


def render(reply: Reply, user_id: str) -> dict[str, Any]:
    """A Reply as a skill response (version 2.0): texts, a card of source links, quick replies."""
    outputs: list[dict[str, Any]] = []
    quick: list[dict[str, str]] = []
    for message in reply.messages:
        outputs += [{"simpleText": {"text": part}} for part in split_text(message["text"])]
        for button in message.get("buttons") or []:
            label = _label(button["title"])
            _payloads.put((user_id, label), button["payload"])
            quick.append({"label": label, "action": "message", "messageText": label})
    links = [c for c in reply.citations if c.get("url", "").startswith(("http://", "https://"))][:CARD_BUTTONS]
    if links:
        outputs.append({"textCard": {
            "title": "출처" if reply.lang != "en" else "Sources",
            "description": "\n".join(c["title"] for c in links)[:400],
            "buttons": [{"action": "webLink", "label": _label(c["title"]), "webLinkUrl": c["url"]} for c in links]}})
    # Kakao shows at most 3 outputs: keep the first texts and the sources card.
    if len(outputs) > 3:
        outputs = outputs[:2] + outputs[-1:] if links else outputs[:3]
    template: dict[str, Any] = {"outputs": outputs}
    if quick:
        template["quickReplies"] = quick[:QUICK_REPLIES]
    return {"version": "2.0", "template": template}


def _utterance(body: dict[str, Any]) -> tuple[str, str, str | None]:
    user_request = body.get("userRequest")
    if not isinstance(user_request, dict):
        raise BadRequest("'userRequest' is missing.")
    utterance = user_request.get("utterance")
    user = user_request.get("user") or {}
    if not isinstance(utterance, str) or not utterance.strip() or not isinstance(user, dict) or not user.get("id"):
        raise BadRequest("'userRequest.utterance' and 'userRequest.user.id' are required.")
    callback = user_request.get("callbackUrl")
    return utterance.strip()[:1000], str(user["id"])[:128], callback if isinstance(callback, str) else None


def callback_target(url: str | None) -> kakao_callback.CallbackTarget | None:
    if not url:
        return None
    settings = current_app.extensions["minwon.settings"]
    allowed = {h.strip().lower() for h in settings.kakao_callback_hosts.split("|") if h.strip()}
    try:
        return kakao_callback.callback_target(url, allowed, loopback_ok=settings.kakao_callback_loopback)
    except kakao_callback.CallbackRefused as exc:
        logger.warning("kakao: callback URL refused: %s", exc)
        return None


def _post_callback(target: kakao_callback.CallbackTarget, future: Future, lang: str, user_id: str) -> None:
    try:
        payload = render(future.result(), user_id)
    except Exception:  # the conversation itself failed: the resident still gets words
        logger.exception("kakao: answer for callback failed")
        payload = {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": canned("unavailable", lang)}}]}}
    kakao_callback.post(target, payload)


@bp.before_request
def only_kakao():
    """Before any limit is counted: a request without the skill key never reaches a resident's conversation."""
    settings = current_app.extensions["minwon.settings"]
    if not settings.kakao_skill_key:
        if settings.kakao_without_key:
            return None
        raise NotFound("KakaoTalk is off on this server: set MINWON_KAKAO_SKILL_KEY (docs/channels.md).")
    if not hmac.compare_digest(request.headers.get("X-Minwon-Skill-Key", "").encode(),
                               settings.kakao_skill_key.encode()):
        raise Forbidden("Unknown caller: set the X-Minwon-Skill-Key header in the skill's settings.")
    return None


@bp.post("/kakao/skill")
def skill():
    settings = current_app.extensions["minwon.settings"]
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("The body must be a Kakao skill payload (JSON object).")
    utterance, user_id, callback = _utterance(body)
    message = _payloads.get((user_id, utterance), utterance)
    lang = "en" if (body.get("userRequest") or {}).get("lang") == "en" else None
    conversation = current_app.extensions["minwon.conversation"]
    future = _executor.submit(conversation.send, "kakao", user_id, message, lang)
    try:
        return jsonify(render(future.result(timeout=settings.kakao_wait_seconds), user_id))
    except FutureTimeout:
        pass
    waiting_lang = lang or "ko"
    target = callback_target(callback)
    if target:
        future.add_done_callback(lambda done: _post_callback(target, done, waiting_lang, user_id))
        return jsonify({"version": "2.0", "useCallback": True, "data": {"text": canned("kakao_wait", waiting_lang)}})
    return jsonify({"version": "2.0", "template": {"outputs": [{"simpleText": {"text": canned("busy", waiting_lang)}}]}})


def kakao_user() -> str:
    """The rate-limit key of one KakaoTalk user (the address when the body names none)."""
    body = request.get_json(silent=True)
    user_request = body.get("userRequest") if isinstance(body, dict) else None
    user = user_request.get("user") if isinstance(user_request, dict) else None
    user_id = user.get("id") if isinstance(user, dict) else None
    return f"kakao:{str(user_id)[:128]}" if user_id else f"ip:{request.remote_addr}"
