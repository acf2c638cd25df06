"""Wake a waiting live stream when its conversation has a new line. The database holds the
lines; this only says "look again". In one process a dictionary of events; with several gateway
workers (gunicorn) Redis pub/sub (``MINWON_REDIS_URL``), so a staff reply written in one worker
wakes the resident's stream in another."""
from __future__ import annotations

import logging
import threading
from collections import defaultdict

logger = logging.getLogger(__name__)
CHANNEL = "minwon:live:"


class LocalListener:
    def __init__(self, broker: "LocalBroker", key: str) -> None:
        self.broker, self.key, self.event = broker, key, threading.Event()

    def wait(self, timeout: float) -> bool:
        woke = self.event.wait(timeout)
        self.event.clear()
        return woke

    def close(self) -> None:
        with self.broker.lock:
            self.broker.listeners[self.key].discard(self)
            if not self.broker.listeners[self.key]:
                del self.broker.listeners[self.key]


class LocalBroker:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.listeners: dict[str, set[LocalListener]] = defaultdict(set)

    def listen(self, key: str) -> LocalListener:
        listener = LocalListener(self, key)
        with self.lock:
            self.listeners[key].add(listener)
        return listener

    def publish(self, key: str) -> None:
        with self.lock:
            waiting = list(self.listeners.get(key, ()))
        for listener in waiting:
            listener.event.set()


class RedisListener:
    def __init__(self, client, key: str) -> None:
        self.pubsub = client.pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(CHANNEL + key)

    def wait(self, timeout: float) -> bool:
        try:
            return self.pubsub.get_message(timeout=timeout) is not None
        except Exception as exc:   # Redis gone: the stream still polls the database on its heartbeat
            logger.warning("redis listen failed: %s", exc)
            threading.Event().wait(min(timeout, 2.0))
            return True

    def close(self) -> None:
        try:
            self.pubsub.close()
        except Exception:
            pass


class RedisBroker:
    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=None)

    def listen(self, key: str) -> RedisListener:
        return RedisListener(self.client, key)

    def publish(self, key: str) -> None:
        try:
            self.client.publish(CHANNEL + key, "1")
        except Exception as exc:   # the stream's heartbeat reads the database anyway, within seconds
            logger.warning("redis publish failed: %s", exc)


def broker_for(redis_url: str) -> LocalBroker | RedisBroker:
    return RedisBroker(redis_url) if redis_url else LocalBroker()
