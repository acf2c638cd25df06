"""A bounded mapping, least recently used out first (cachetools' LRUCache), safe across the
gateway's threads: what a channel remembers about recent conversations (button payloads, the Rasa
process a conversation is on, who was already told something)."""
from __future__ import annotations

import threading
from typing import Generic, TypeVar

from cachetools import LRUCache

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self._items: LRUCache[K, V] = LRUCache(maxsize=size)
        self._lock = threading.Lock()   # LRUCache reorders its entries on every read: not thread-safe alone

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            return self._items.get(key, default)

    def first_time(self, key: K, value: V) -> bool:
        """Remember ``key``; True only the first time it is seen (while remembered)."""
        with self._lock:
            if key in self._items:
                return False
            self._items[key] = value
            return True
