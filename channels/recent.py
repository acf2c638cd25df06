"""A bounded mapping, oldest out first, safe across the gateway's threads: what a channel
remembers about recent conversations (button payloads, who was already told something)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._put(key, value)

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            return self._items.get(key, default)

    def first_time(self, key: K, value: V) -> bool:
        """Remember ``key``; True only the first time it is seen (while remembered)."""
        with self._lock:
            if key in self._items:
                return False
            self._put(key, value)
            return True

    def _put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
