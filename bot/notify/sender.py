"""The gateway's background sender: every few seconds, the due outbox rows go out. Several
gateway workers may run it at once: each row is claimed by one (bot.notify.outbox)."""
from __future__ import annotations

import logging
import threading

from bot.notify.outbox import Outbox
from bot.notify.providers import providers_from
from bot.settings import Settings

logger = logging.getLogger(__name__)


class NotificationSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.outbox = Outbox(settings.database, settings.notify_claim_seconds)
        self.providers = providers_from(settings)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="minwon-notify", daemon=True)

    def start(self) -> "NotificationSender":
        if self.providers and self.settings.notify_interval_seconds > 0:
            self.thread.start()
        return self

    def run(self) -> None:
        while not self.stopping.wait(self.settings.notify_interval_seconds):
            try:
                self.outbox.deliver_due(self.providers, hold={"kakao": self.settings.kakao_reply_notice_seconds})
            except Exception:   # the database is away: try again next round
                logger.exception("sending notifications failed; retrying")

    def stop(self) -> None:
        self.stopping.set()
