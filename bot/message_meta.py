"""What the gateway found in one resident message, found once and handed on.

The gateway (``channels/reception.py``) detects the language, masks personal data, runs
the guard and decides whether a "/…" message is a button the bot offered: once per
message. It sends the result to Rasa in the message metadata under ``"minwon"``; Rasa
keeps it with the message (``tracker.latest_message["metadata"]``), so the language
component (``bot/nlu/language.py``) and the actions (``actions/turn.py``,
``message_meta(tracker)``) read it instead of working it out again, and cannot disagree.

The contract (version 1)::

    metadata = {"channel": "web", "lang": "ko",
                "minwon": {"v": 1, "lang": "ko", "lang_from": "text", "pii": ["rrn"],
                           "payload": false, "checked": true}}

- ``lang``: the language to answer in; ``lang_from``: ``text`` (Hangul or Latin words in
  the message), ``channel`` (the widget's or the messenger's setting) or ``default``
  (neither: the conversation keeps the language it had).
- ``pii``: the kinds of personal data masked in this message (the text is already masked).
- ``payload``: the text is a button payload the bot offered in this conversation's latest
  reply; anything else a resident sends is text, even when it starts with "/".
- ``checked``: masked and passed by the guard in the gateway (a refused message never
  reaches Rasa). A message that did not come through the gateway (``rasa shell``, a test)
  has no metadata: read it with ``unchecked`` and mask and guard it where it is used.

Standard library only: the Rasa engine imports it too.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

from bot.language import detect_language

KEY = "minwon"
VERSION = 1
LANG_FROM = ("text", "channel", "default")


@dataclass(frozen=True)
class MessageMeta:
    lang: str
    lang_from: str = "default"
    pii: tuple[str, ...] = field(default_factory=tuple)
    payload: bool = False
    checked: bool = True

    def as_metadata(self) -> dict[str, Any]:
        return {KEY: {"v": VERSION, **asdict(self), "pii": list(self.pii)}}

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, Any] | None) -> "MessageMeta | None":
        """The gateway's findings, or None for a message that did not come through it."""
        found = (metadata or {}).get(KEY)
        if not isinstance(found, Mapping) or found.get("v") != VERSION or found.get("lang") not in ("ko", "en"):
            return None
        lang_from = found.get("lang_from") if found.get("lang_from") in LANG_FROM else "default"
        return cls(found["lang"], lang_from, tuple(str(k) for k in found.get("pii") or ()),
                   bool(found.get("payload")), bool(found.get("checked")))

    @classmethod
    def unchecked(cls, text: str, default_lang: str = "ko") -> "MessageMeta":
        """A message straight to Rasa: nothing was checked, so later steps mask and guard it."""
        payload = text.lstrip().startswith("/")
        detected = None if payload else detect_language(text)
        return cls(detected or default_lang, "text" if detected else "default", (), payload, checked=False)
