"""Fetching a photo by URL (KakaoTalk's image links, Open311's media_url) without becoming a proxy
into the district's network: the URL is checked the way Kakao callbacks are (channels/kakao_callback.py:
plain URL, allowed host, public address), the connection goes to the checked address, no redirects
are followed, and at most ``max_bytes`` are read."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

import urllib3

from channels import kakao_callback

logger = logging.getLogger(__name__)


class MediaRefused(ValueError):
    """Not fetched: the URL is not allowed, or the host did not give an image (message: why, for the log)."""


def host_allowed(host: str, allowed: list[str]) -> bool:
    """``kakaocdn.net`` allows k.kakaocdn.net and kakaocdn.net itself, never evilkakaocdn.net."""
    return any(host == name or host.endswith("." + name) for name in allowed)


def fetch_image(url: str, allowed_hosts: str, max_bytes: int, loopback_ok: bool = False) -> bytes:
    allowed = [h.strip().lower() for h in allowed_hosts.split("|") if h.strip()]
    host = (urlsplit(url).hostname or "").lower() if isinstance(url, str) else ""
    if not allowed or not host_allowed(host, allowed):
        raise MediaRefused(f"host {host!r} is not an allowed image host")
    try:
        target = kakao_callback.callback_target(url, {host}, loopback_ok=loopback_ok)
    except kakao_callback.CallbackRefused as exc:
        raise MediaRefused(str(exc)) from exc
    pool, host_header = kakao_callback.pinned_pool(target)
    try:
        with pool:
            response = pool.urlopen("GET", target.target, redirect=False, preload_content=False,
                                    headers={"Host": host_header, "Accept": "image/*"})
            if response.status != 200:
                raise MediaRefused(f"HTTP {response.status}")
            data = response.read(max_bytes + 1, decode_content=True)
            response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        raise MediaRefused(f"could not fetch: {exc}") from exc
    return data      # longer than max_bytes: inspect_photo refuses it as too big
