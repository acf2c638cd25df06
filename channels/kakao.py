"""KakaoTalk: a Kakao i Open Builder skill server at POST /kakao/skill.

Kakao waits 5 seconds for a skill. An answer not ready in ``kakao_wait_seconds``
(3.5 s) is sent later to the request's ``callbackUrl`` (valid for one minute),
after replying ``{"useCallback": true}`` with a waiting text.
"""
from __future__ import annotations

import hmac
import logging
import re
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from bot.texts import text as canned
from channels import kakao_callback, kakao_media
from channels.conversation import Reply

logger = logging.getLogger(__name__)
bp = Blueprint("kakao", __name__)
TEXT_LIMIT, QUICK_REPLIES, LABEL_LIMIT, CARD_BUTTONS = 1000, 10, 14, 3
_executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="kakao")
# More than QUICK_REPLIES buttons (17 dongs): pages of nine and a "더 보기 (2/2)" quick reply. The page is in
# the text the resident sends back, so any gateway process can answer it from the offered buttons.
MORE = {"ko": "더 보기", "en": "More"}
_MORE_TEXT = re.compile(r"^(?:더 보기|More) \((\d+)/(\d+)\)$")


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


def pages_of(buttons: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Kakao shows at most ten quick replies: nine a page and "더 보기" while more are left."""
    pages, left = [], list(buttons)
    while len(left) > QUICK_REPLIES:
        pages.append(left[:QUICK_REPLIES - 1])
        left = left[QUICK_REPLIES - 1:]
    return pages + [left]


def quick_replies(buttons: list[dict[str, str]], page: int, lang: str) -> list[dict[str, str]]:
    pages = pages_of(buttons)
    quick = [{"label": _label(b["title"]), "action": "message", "messageText": _label(b["title"])}
             for b in pages[page - 1]]
    if page < len(pages):
        more = MORE["en" if lang == "en" else "ko"]
        quick.append({"label": more, "action": "message", "messageText": f"{more} ({page + 1}/{len(pages)})"})
    return quick


def fit(texts: list[str], room: int) -> list[str]:
    """At most ``room`` bubbles: when there are more, neighbours are joined while they fit in one (1,000
    characters), so a notice, an English frame and its Korean text all arrive; only then are the last left out."""
    if len(texts) <= room:
        return texts
    joined: list[str] = []
    for part in texts:
        if joined and len(joined[-1]) + 2 + len(part) <= TEXT_LIMIT:
            joined[-1] += "\n\n" + part
        else:
            joined.append(part)
    return joined[:room]


def render(reply: Reply) -> dict[str, Any]:
    """A Reply as a skill response (version 2.0): texts, a card of source links, quick replies."""
    texts: list[str] = []
    buttons: list[dict[str, str]] = []
    for message in reply.messages:
        texts += split_text(message["text"])
        buttons += message.get("buttons") or []
    links = [c for c in reply.citations if c.get("url", "").startswith(("http://", "https://"))][:CARD_BUTTONS]
    # Kakao shows at most 3 outputs: the texts, and the sources card.
    outputs: list[dict[str, Any]] = [{"simpleText": {"text": part}} for part in fit(texts, 3 - bool(links))]
    if links:
        outputs.append({"textCard": {
            "title": "출처" if reply.lang != "en" else "Sources",
            "description": "\n".join(c["title"] for c in links)[:400],
            "buttons": [{"action": "webLink", "label": _label(c["title"]), "webLinkUrl": c["url"]} for c in links]}})
    template: dict[str, Any] = {"outputs": outputs}
    if buttons:
        template["quickReplies"] = quick_replies(buttons, 1, reply.lang)
    return {"version": "2.0", "template": template}


def more_choices(offered: list[dict[str, str]], utterance: str, lang: str) -> dict[str, Any] | None:
    """The page of quick replies "더 보기 (2/2)" asks for, from the buttons the bot last offered."""
    wanted = _MORE_TEXT.match(utterance)
    if not wanted or not offered or not 1 < int(wanted.group(1)) <= len(pages_of(offered)):
        return None
    return {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": canned("kakao_more", lang)}}],
                                           "quickReplies": quick_replies(offered, int(wanted.group(1)), lang)}}


def payload_for(offered: list[dict[str, str]], utterance: str) -> str | None:
    """A quick reply sends its label: the payload of the offered button with that label."""
    return next((b["payload"] for b in offered if _label(b["title"]) == utterance), None)


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


def _post_callback(target: kakao_callback.CallbackTarget, future: Future, lang: str, live, user_id: str,
                   conversation) -> None:
    """Runs in the answer's thread, outside the request: everything it needs is handed to it."""
    try:
        payload = render(live.with_lines(future.result(), user_id))
    except Exception:  # the conversation itself failed: the resident still gets words
        logger.exception("kakao: answer for callback failed")
        sorry = conversation.canned("unavailable", lang)
        payload = {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": sorry}}]}}
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
    lang = "en" if (body.get("userRequest") or {}).get("lang") == "en" else None
    conversation = current_app.extensions["minwon.conversation"]
    offered = conversation.offered.latest(f"kakao:{user_id}")
    more = more_choices(offered, utterance, lang or "ko")
    if more:
        return jsonify(more)
    photos = kakao_media.image_urls(body, utterance)
    if photos:   # a photo for the complaint form: kept for this user's complaint, not sent to Rasa
        return jsonify(kakao_media.photo_answer(photos, user_id, lang or "ko"))
    message = payload_for(offered, utterance) or utterance
    live = current_app.extensions["minwon.kakao_live"]   # staff lines for a resident a person holds
    future = _executor.submit(conversation.send, "kakao", user_id, message, lang)
    try:
        reply = future.result(timeout=settings.kakao_wait_seconds)
    except FutureTimeout:
        pass
    else:
        return jsonify(live.answer(reply, user_id, lambda: callback_target(callback), lang or reply.lang))
    waiting_lang = lang or "ko"
    target = callback_target(callback)
    if target:
        future.add_done_callback(lambda done: _post_callback(target, done, waiting_lang, live, user_id,
                                                                      conversation))
        return jsonify({"version": "2.0", "useCallback": True, "data": {"text": canned("kakao_wait", waiting_lang)}})
    busy = conversation.canned("busy", waiting_lang)
    return jsonify({"version": "2.0", "template": {"outputs": [{"simpleText": {"text": busy}}]}})


def kakao_user() -> str:
    """The rate-limit key of one KakaoTalk user (the address when the body names none)."""
    body = request.get_json(silent=True)
    user_request = body.get("userRequest") if isinstance(body, dict) else None
    user = user_request.get("user") if isinstance(user_request, dict) else None
    user_id = user.get("id") if isinstance(user, dict) else None
    return f"kakao:{str(user_id)[:128]}" if user_id else f"ip:{request.remote_addr}"
