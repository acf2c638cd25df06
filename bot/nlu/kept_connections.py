"""Rasa calls the action server over a kept-open connection.

Stock Rasa opens a new aiohttp ``ClientSession`` (and with it a new TCP connection) for
every request to an endpoint and closes it afterwards: on most turns that is one action
call, so each turn paid for a connection set-up and tear-down on both sides. Here each
endpoint keeps one session per event loop; callers still write ``async with
endpoint.session() as session`` and get the same configured session (headers, basic
auth, timeout), which the ``async with`` no longer closes.

Idle connections are dropped by the client after ``KEEPALIVE_SECONDS``, well before the
action server's own keep-alive limit (rasa_sdk: 120 s), so the client never reuses a
connection the server has just closed.
"""
from __future__ import annotations

import asyncio
from typing import Any, Dict, Tuple

import aiohttp
from rasa.utils.endpoints import EndpointConfig

KEEPALIVE_SECONDS = 10.0

_stock_session = EndpointConfig.session
_sessions: Dict[Tuple[int, Any], aiohttp.ClientSession] = {}


class _Kept:
    """``async with`` support that hands out a shared session without closing it."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc: Any) -> bool:
        return False


def _key(endpoint: EndpointConfig) -> Any:
    auth = tuple(sorted(endpoint.basic_auth.items())) if endpoint.basic_auth else ()
    return endpoint.url, tuple(sorted((endpoint.headers or {}).items())), auth


def kept_session(endpoint: EndpointConfig) -> Any:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:          # not inside the server's loop: stock behaviour
        return _stock_session(endpoint)
    key = (id(loop), _key(endpoint))
    session = _sessions.get(key)
    if session is None or session.closed:
        stock = _stock_session(endpoint)
        session = aiohttp.ClientSession(
            headers=stock.headers, auth=stock.auth, timeout=stock.timeout,
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
        loop.create_task(stock.close())   # the stock session was only a template
        _sessions[key] = session
    return _Kept(session)


def install() -> None:
    EndpointConfig.session = kept_session
