"""Posting a late answer to Kakao's ``callbackUrl``. The URL comes from the request body, so it is
parsed once, checked (https, a host named exactly in ``kakao_callback_hosts``, an address that is
neither private nor loopback), and the answer is sent to exactly the address that was checked:
no second parser, no second DNS lookup, no redirects."""
from __future__ import annotations

import ipaddress
import json
import logging
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import certifi
import urllib3

logger = logging.getLogger(__name__)
MAX_URL = 2048
TIMEOUT = urllib3.Timeout(connect=5, read=10)


class CallbackRefused(ValueError):
    """The callback URL is not one we post to; the message says why (for the log)."""


@dataclass(frozen=True)
class CallbackTarget:
    scheme: str
    host: str
    port: int
    target: str      # path and query, as sent in the request line
    address: str     # the checked IP address the connection goes to


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this: they may not use DNS)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def _public(address: str, loopback_ok: bool) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return loopback_ok
    return ip.is_global and not ip.is_multicast


def callback_target(url: str, allowed_hosts: set[str], loopback_ok: bool = False) -> CallbackTarget:
    """The one place a callback URL is read. ``loopback_ok`` (tests only) also allows http:// to loopback."""
    if not isinstance(url, str) or len(url) > MAX_URL or not url.isascii() or any(
            ch in url for ch in "\\@ \t\r\n") or any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise CallbackRefused("not a plain URL (backslash, @, spaces, control or non-ASCII characters)")
    parts = urlsplit(url)
    if parts.scheme != "https" and not (loopback_ok and parts.scheme == "http"):
        raise CallbackRefused(f"scheme {parts.scheme!r}: only https")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise CallbackRefused("bad port") from exc
    host = (parts.hostname or "").lower()
    if host not in allowed_hosts or parts.fragment:
        raise CallbackRefused(f"host {host!r} is not in kakao_callback_hosts")
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise CallbackRefused(f"{host} does not resolve") from exc
    if not addresses or not all(_public(a, loopback_ok) for a in addresses):
        raise CallbackRefused(f"{host} resolves to a private or loopback address ({', '.join(addresses)})")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return CallbackTarget(parts.scheme, host, port, target, addresses[0])


def pinned_pool(target: CallbackTarget) -> tuple[urllib3.HTTPConnectionPool, str]:
    """A connection pool to the checked address itself (SNI and certificate for the host name), and the
    Host header to send: name resolution happens once, in callback_target, never again."""
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(target.address, target.port, server_hostname=target.host,
                                           assert_hostname=target.host, cert_reqs="CERT_REQUIRED",
                                           ca_certs=certifi.where(), timeout=TIMEOUT, retries=False)
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, timeout=TIMEOUT, retries=False)
    default_port = 443 if target.scheme == "https" else 80
    return pool, target.host if target.port == default_port else f"{target.host}:{target.port}"


def post(target: CallbackTarget, payload: dict[str, Any]) -> int | None:
    """POST ``payload`` to the checked address; the status, or None when it could not be sent."""
    pool, host_header = pinned_pool(target)
    try:
        with pool:
            response = pool.urlopen("POST", target.target, body=json.dumps(payload).encode(), redirect=False,
                                    headers={"Host": host_header, "Content-Type": "application/json"})
            return response.status
    except urllib3.exceptions.HTTPError as exc:
        logger.warning("kakao: callback post failed: %s", exc)
        return None
