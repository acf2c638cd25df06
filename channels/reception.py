"""Each resident message is checked once, here, before Rasa or anything else sees it.

In order: is it a button the bot offered (then it goes to Rasa as that payload)? Otherwise
it is text: its language is detected, personal data masked (a number split over this and
the previous message included) and the guard run. The findings travel on as a
``MessageMeta`` in the message metadata (bot/message_meta.py); nothing after the gateway
detects, masks or guards again.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.answer.guard import check_message
from bot.complaints.phone_vault import PhoneVault
from bot.knowledge.district import District
from bot.knowledge.files import KnowledgeError
from bot.knowledge.live import LiveDistrict
from bot.language import detect_language
from bot.message_meta import MessageMeta
from bot.privacy import Masked, mask
from bot.settings import Settings
from channels.offered import OfferedButtons, with_lang
from channels.recent import Recent

logger = logging.getLogger(__name__)
TAIL_CHARS = 60   # of the previous message, kept for a number split over two messages


@dataclass
class Received:
    text: str                   # what Rasa gets: masked text, or a payload the bot offered
    meta: MessageMeta
    refusal: str | None = None  # canned-text key: the guard stopped it here


class Reception:
    def __init__(self, settings: Settings, vault: PhoneVault, offered: OfferedButtons,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.vault = vault
        self.offered = offered
        self.clock = clock
        self._tails: Recent[str, tuple[float, str]] = Recent(50000)
        self._district = LiveDistrict(settings.knowledge_dir)
        self._phones: tuple[object, frozenset[str]] = (None, frozenset())

    def receive(self, sender: str, message: str, lang: str | None) -> Received:
        wanted = lang or self.settings.default_lang
        if self.offered.accepts(sender, message):
            payload = with_lang(message.strip(), wanted)
            return Received(payload, MessageMeta(wanted, "channel" if lang else "default", payload=True))
        text = self._as_text(sender, message)
        detected = detect_language(text)
        lang_from = "text" if detected else ("channel" if lang else "default")
        protected = self.protect(sender, text)
        meta = MessageMeta(detected or wanted, lang_from, tuple(protected.found))
        refusal = check_message(protected.text, self.settings.election_period)
        if refusal:   # never reaches Rasa, its tracker store or an LLM
            logger.info("guard: %s", refusal)
        return Received(protected.text, meta, refusal)

    def _as_text(self, sender: str, message: str) -> str:
        """A "/…" message the bot did not offer: an old button's title, or the words without the
        slash (Rasa would read "/intent …" as a payload and skip its NLU)."""
        if not message.lstrip().startswith("/"):
            return message
        return self.offered.earlier_title(sender, message) or message.lstrip().lstrip("/").lstrip() or message

    def protect(self, sender: str, message: str) -> Masked:
        """Mask personal data before Rasa, its tracker store or a log sees it. A phone number
        the complaint form asked for (after consent) is vaulted under a reference instead."""
        asked: list[bool] = []

        def keep_phone(number: str) -> str | None:
            if not asked:
                asked.append(self.vault.expecting(sender))
            return self.vault.keep(number) if asked[0] else None

        before = self._before(sender)
        try:
            protected = mask(message, keep_phone=keep_phone, before=before, public_phones=self.public_phones())
        except SQLAlchemyError:  # no vault: the number is masked for good instead
            protected = mask(message, before=before, public_phones=self.public_phones())
        self._tails.put(sender, (self.clock(), protected.text[-TAIL_CHARS:]))
        return protected

    def _before(self, sender: str) -> str:
        """The end of the previous message (already masked), if it came moments ago."""
        kept = self._tails.get(sender)
        if kept and self.clock() - kept[0] <= self.settings.pii_split_seconds:
            return kept[1]
        return ""

    def district(self) -> District | None:
        """The district's tables as staff last published them; None when they cannot be read."""
        try:
            return self._district.current()
        except (KnowledgeError, OSError):
            return None

    def public_phones(self) -> frozenset[str]:
        """The district's published numbers: a resident repeating one sends no personal data."""
        district = self.district()
        if district is None:
            return frozenset()
        if self._phones[0] is not district:
            numbers = [o.phone for o in district.offices] + [d.phone for d in district.departments]
            self._phones = (district, frozenset(re.sub(r"\D", "", n) for n in numbers if n))
        return self._phones[1]
