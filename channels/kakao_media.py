"""KakaoTalk photos during the complaint form. Kakao sends a photo as a link: the utterance itself,
or ``action.params.secureimage`` (the image plug-in: ``{"secureUrls": "List(https://…, …)"}``). Each
link is fetched only from Kakao's hosts (``kakao_image_hosts``; channels/media_fetch.py), checked
and kept for the user's complaint; the answer is a skill response."""
from __future__ import annotations

import json
import logging
import re
from typing import Any

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from bot.complaints.attachment_texts import attachment_text
from bot.complaints.attachments import MAX_PHOTOS
from bot.complaints.pending import PendingAttachments
from bot.complaints.photos import PhotoRefused
from channels.media_fetch import MediaRefused, fetch_image

logger = logging.getLogger(__name__)
URL = re.compile(r"https?://[^\s,()]+")


def image_urls(body: dict[str, Any], utterance: str) -> list[str]:
    """The photo links of a skill request (none: it is a text message)."""
    params = (body.get("action") or {}).get("params") or {}
    secure = params.get("secureimage") if isinstance(params, dict) else None
    if isinstance(secure, str):
        try:
            secure = json.loads(secure)
        except ValueError:
            secure = None
    if isinstance(secure, dict) and isinstance(secure.get("secureUrls"), str):
        return URL.findall(secure["secureUrls"])[:MAX_PHOTOS]
    if URL.fullmatch(utterance.strip()) and _looks_like_image(utterance):
        return [utterance.strip()]
    return []


def _looks_like_image(url: str) -> bool:
    settings = current_app.extensions["minwon.settings"]
    host = re.sub(r"^https?://([^/:]+).*$", r"\1", url.strip()).lower()
    return any(host == h or host.endswith("." + h) for h in settings.kakao_image_hosts.split("|") if h)


def photo_answer(urls: list[str], user_id: str, lang: str) -> dict[str, Any]:
    settings = current_app.extensions["minwon.settings"]
    extensions = current_app.extensions
    pending = extensions.setdefault("minwon.pending", PendingAttachments(settings))
    texts = []
    for url in urls:
        try:
            data = fetch_image(url, settings.kakao_image_hosts, settings.photo_max_bytes,
                               loopback_ok=settings.media_fetch_loopback)
            receipt = pending.add_photo(f"kakao:{user_id}", data)
        except MediaRefused as exc:
            logger.warning("kakao: image not fetched: %s", exc)
            texts.append(attachment_text("photo_not_fetched", lang))
            continue
        except PhotoRefused as exc:
            texts.append(attachment_text(exc.reason, lang))
            if exc.reason == "photo_too_many":
                break
            continue
        except (SQLAlchemyError, OSError):
            logger.exception("kakao: photo not stored")
            texts.append(attachment_text("photo_unavailable", lang))
            break
        texts.append(attachment_text("photo_received", lang, count=str(receipt.count)))
    # KakaoTalk shows at most three outputs; a GPS offer is not made here (Kakao re-encodes photos
    # and drops their EXIF), so the resident types the place as the form asks.
    return {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": t}} for t in texts[-3:]]}}
