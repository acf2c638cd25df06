"""The base of every minwon action: its blocking work runs off rasa-sdk's event loop.

rasa-sdk runs every action on one asyncio event loop. Our actions search the FAQ (embedding,
FAISS, kiwipiepy), read and write the database and may wait seconds for an LLM; done on the
loop, one slow LLM answer would hold up every other resident's turn. So:

- ``DistrictAction``: write ``act(dispatcher, tracker, domain)`` as plain blocking code (not
  ``async def run``); it runs on a bounded pool of threads (``MINWON_ACTION_THREADS``, 16).
- ``run_blocking(function, *args)``: the helper it uses, for anything else.

When every thread is busy, further turns wait for one; the loop itself keeps serving.
"""
from __future__ import annotations

import asyncio
import functools
import threading
from abc import ABCMeta, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import settings
from bot.search.lexical import one_pass_per_text

T = TypeVar("T")
_pool: ThreadPoolExecutor | None = None
_pool_made = threading.Lock()


def pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_made:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=max(1, settings().action_threads), thread_name_prefix="action")
        return _pool


async def run_blocking(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` on the action pool; the event loop serves other turns meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(pool(), functools.partial(function, *args))


# Abstract (ABCMeta): rasa-sdk registers every concrete Action subclass it finds, and this is a base.
class DistrictAction(Action, metaclass=ABCMeta):
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        return await run_blocking(self._act_once, dispatcher, tracker, domain)

    def _act_once(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        """The turn, with the resident's message tokenised once however many readings ask for it."""
        with one_pass_per_text():
            return self.act(dispatcher, tracker, domain)

    @abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        """The action's work, blocking calls and all."""
