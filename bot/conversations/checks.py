"""The checks of one turn (tests/conversations/README.md): each says, in a sentence, why it failed.

A check reads an ``Observation``: the gateway's reply to the turn, what was said before in the
conversation, and — for ``slots`` and ``complaint`` — a way to read the Rasa tracker and the
complaints database (absent when the player was not told where they are: the check then fails
as unverifiable, never passes unseen).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

SOURCES = ("intent", "faq", "llm", "fallback", "handoff")
COMPLAINT_FIELDS = ("description", "location", "dong", "category")
# A ticket number as residents are told it: 2026-000123, or with its check part, 2026-000123-K7.
TICKET = re.compile(r"(?<![0-9A-Za-z-])(20\d\d-\d{6})(-[0-9A-Z]{1,4})?(?![0-9A-Za-z])")
# …unless it is the format's example: "(예: 2026-000123)", "2026-000123처럼", "like 2026-000123", "e.g. …".
EXAMPLE_BEFORE = re.compile(r"(?:예|예시|예를 들어|e\.g\.|for example|such as|like)\s*[:：]?\s*\(?\s*$", re.I)
EXAMPLE_AFTER = re.compile(r"\s*\)?\s*(?:처럼|같이|와 같|과 같|형식)")
# What a resident must never read: a traceback, an exception's name, a server error page, the name of
# a response or action instead of its text, an unfilled template field, a missing value.
# Words end where ASCII letters do: Korean particles follow them directly ("None이에요").
INTERNAL = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|Internal Server Error"
                      r"|(?<![A-Za-z0-9_])(?:[A-Z][A-Za-z]*(?:Error|Exception)|(?:utter|action)_[a-z_]+"
                      r"|NaN|nan|None|null|undefined)(?![A-Za-z0-9_])|\{[a-z_]+\}")
TICKET_HOLE = "{ticket}"


class Unverifiable(Exception):
    """The player could not read what a check needs (Rasa's tracker, the database)."""


@dataclass
class Observation:
    reply: dict[str, Any]                     # the /api/chat answer (or the error body)
    status: int = 200
    earlier: str = ""                         # everything said before this reply (this turn's message too)
    earlier_last: list[str | None] = field(default_factory=list)   # the last message of each earlier reply
    slots: Callable[[], dict[str, Any]] | None = None          # the tracker's slots; None: no --rasa-url
    complaint: Callable[[str], dict[str, str] | None] | None = None   # a ticket's fields; None: no --database

    @property
    def text(self) -> str:
        return "\n".join(str(m.get("text") or "") for m in self.reply.get("messages") or [])

    @property
    def button_titles(self) -> list[str]:
        return [str(b.get("title") or "") for m in self.reply.get("messages") or [] for b in m.get("buttons") or []]


def plain(text: str) -> str:
    """How texts are compared: case and runs of spaces do not count (nor how Hangul was encoded)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def last_message(reply: dict[str, Any]) -> str | None:
    """The reply's last message: where the bot puts its question."""
    messages = reply.get("messages") or []
    return str(messages[-1].get("text") or "").strip() if messages else None


def tickets(text: str) -> list[str]:
    """The ticket numbers in a text, as written; the format's examples are not tickets."""
    return [found.group(0) for found in TICKET.finditer(text)
            if not EXAMPLE_BEFORE.search(text[max(0, found.start() - 16):found.start()])
            and not EXAMPLE_AFTER.match(text, found.end())]


def always(obs: Observation) -> list[str]:
    """The checks every turn has: an answer, no internal error text, no question asked a third time."""
    if obs.status != 200:
        error = obs.reply.get("error") or {}
        return [f"the gateway answered HTTP {obs.status}: {error.get('message') or obs.reply}"]
    if not obs.text.strip():
        return ["the reply is empty"]
    failed = []
    leak = INTERNAL.search(obs.text + "\n" + "\n".join(obs.button_titles))
    if leak:
        failed.append(f"internal text shown to the resident: {leak.group(0)!r}")
    last = last_message(obs.reply)
    if len(obs.earlier_last) >= 2 and last and obs.earlier_last[-1] == obs.earlier_last[-2] == last:
        failed.append(f"the same question a third time in a row: {last!r}")
    return failed


def expected(expect: dict[str, Any], obs: Observation) -> list[str]:
    """The turn's own checks, in the order they were written."""
    failed = []
    for key, value in expect.items():
        try:
            problem = CHECKS[key][1](value, obs)
        except Unverifiable as exc:
            problem = f"{key}: unverifiable: {exc}"
        if problem:
            failed.append(problem)
    return failed


def _strings(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _one_of(name: str, actual: Any, value: Any) -> str | None:
    allowed = _strings(value)
    return None if actual in allowed else f"{name} is {actual!r}, expected {' or '.join(map(repr, allowed))}"


def _intent(value: Any, obs: Observation) -> str | None:
    intent = obs.reply.get("intent") or {}
    problem = _one_of("intent", intent.get("name"), value)
    return problem and f"{problem} (confidence {intent.get('confidence')})"


def _contains(value: Any, obs: Observation) -> str | None:
    text = plain(obs.text)
    missing = [s for s in _strings(value) if plain(s) not in text]
    return f"missing {', '.join(map(repr, missing))}" if missing else None


def _groups(value: Any) -> list[list[str]]:
    """contains_any: a list of strings is one group; a list of lists, several (a bare string: a group of one)."""
    if isinstance(value, list) and any(isinstance(item, list) for item in value):
        return [_strings(item) for item in value]
    return [_strings(value)]


def _contains_any(value: Any, obs: Observation) -> str | None:
    text = plain(obs.text)
    missed = [group for group in _groups(value) if not any(plain(s) in text for s in group)]
    return "; ".join(f"none of {', '.join(map(repr, group))} in the reply" for group in missed) or None


def _not_contains(value: Any, obs: Observation) -> str | None:
    text = plain(obs.text)
    found = [s for s in _strings(value) if plain(s) in text]
    return f"must not say {', '.join(map(repr, found))}" if found else None


def _buttons(value: Any, obs: Observation) -> str | None:
    titles = [plain(t) for t in obs.button_titles]
    missing = [s for s in _strings(value) if not any(plain(s) in t for t in titles)]
    return f"no button {', '.join(map(repr, missing))} (offered: {obs.button_titles or 'none'})" if missing else None


def _no_buttons(value: Any, obs: Observation) -> str | None:
    if value and obs.button_titles:
        return f"buttons offered: {obs.button_titles}"
    return None if value or obs.button_titles else "no button offered"


def _citations(value: Any, obs: Observation) -> str | None:
    cited = obs.reply.get("citations") or []
    if value and not cited:
        return "no citation"
    return f"cited {[c.get('id') for c in cited]}, expected none" if cited and not value else None


def _slot_holds(actual: Any, wanted: Any) -> bool:
    if wanted is None or actual is None:
        return wanted is None and actual is None
    if isinstance(wanted, list):
        return all(_slot_holds(actual, w) for w in wanted)
    if isinstance(wanted, bool) or isinstance(actual, bool):
        return actual is wanted
    if isinstance(wanted, (int, float)):
        try:
            return float(actual) == float(wanted)
        except (TypeError, ValueError):
            return False
    seen = "\n".join(map(str, actual)) if isinstance(actual, list) else str(actual)
    return plain(str(wanted)) in plain(seen)


def _slots(value: Any, obs: Observation) -> str | None:
    if obs.slots is None:
        raise Unverifiable("give --rasa-url: slots are read from the conversation's Rasa tracker")
    slots = obs.slots()
    wrong = [f"{name} is {slots.get(name)!r}, expected {wanted!r}" for name, wanted in value.items()
             if not _slot_holds(slots.get(name), wanted)]
    return "slot " + "; ".join(wrong) if wrong else None


def new_tickets(text: str, earlier: str) -> list[str]:
    """Ticket numbers in ``text`` that were not said before (a lookup of an earlier one is not new)."""
    said = {number[:11] for number in tickets(earlier)}
    return [number for number in tickets(text) if number[:11] not in said]


def _complaint(value: Any, obs: Observation) -> str | None:
    if value is False:
        shown = tickets(obs.text)
        return f"a ticket number was given ({shown[0]}), expected no complaint" if shown else None
    new = new_tickets(obs.text, obs.earlier)
    if not new:
        return "no new ticket number (like 2026-000123) in the reply: no complaint was filed"
    if obs.complaint is None:
        raise Unverifiable("give --database: the filed complaint is read from the complaints database")
    stored = obs.complaint(new[0])
    if stored is None:
        return f"ticket {new[0]} is not in the complaints database"
    wanted = value if isinstance(value, dict) else {}
    wrong = [f"{name} is {stored.get(name, '')!r}, lacks {', '.join(map(repr, missing))}"
             for name, strings in wanted.items()
             if (missing := [s for s in _strings(strings) if plain(s) not in plain(stored.get(name) or "")])]
    return f"complaint {new[0]}: " + "; ".join(wrong) if wrong else None


# What a value must look like, for each check: None when right, else what is wrong.
def _groups_shape(value: Any) -> str | None:
    if isinstance(value, list) and any(isinstance(item, list) for item in value):
        return "must be texts, or a list of lists of texts" if any(_texts_shape(item) for item in value) else None
    return _texts_shape(value)


def _texts_shape(value: Any) -> str | None:
    items = _strings(value) if isinstance(value, (str, list)) else None
    if not items or not all(isinstance(s, str) and s.strip() for s in items):
        return "must be a text or a list of texts"
    return None


def _names_shape(allowed: tuple[str, ...] | None) -> Callable[[Any], str | None]:
    def shape(value: Any) -> str | None:
        if _texts_shape(value):
            return "must be a name or a list of names"
        wrong = [v for v in _strings(value) if allowed and v not in allowed]
        return f"must be one of {', '.join(allowed)}, not {', '.join(wrong)}" if wrong else None
    return shape


def _bool_shape(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _slots_shape(value: Any) -> str | None:
    scalar = (str, int, float, bool, type(None))
    if not isinstance(value, dict) or not value:
        return "must map slot names to values, e.g. {complaint_dong: 행당1동}"
    bad = [name for name, v in value.items()
           if not isinstance(v, scalar) and not (isinstance(v, list) and all(isinstance(i, scalar) for i in v))]
    return f"has values that are not text, numbers, true/false, null or lists of them: {bad}" if bad else None


def _complaint_shape(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if not isinstance(value, dict) or not value:
        return f"must be true, false or a map of {', '.join(COMPLAINT_FIELDS)} to texts"
    bad = [k for k, v in value.items() if k not in COMPLAINT_FIELDS or _texts_shape(v)]
    return f"has unknown fields or non-text values: {bad} (fields: {', '.join(COMPLAINT_FIELDS)})" if bad else None


CHECKS: dict[str, tuple[Callable[[Any], str | None], Callable[[Any, Observation], str | None]]] = {
    "intent": (_names_shape(None), _intent),
    "source": (_names_shape(SOURCES), lambda value, obs: _one_of("source", obs.reply.get("source"), value)),
    "lang": (_names_shape(("ko", "en")), lambda value, obs: _one_of("lang", obs.reply.get("lang"), value)),
    "contains": (_texts_shape, _contains),
    "contains_any": (_groups_shape, _contains_any),
    "not_contains": (_texts_shape, _not_contains),
    "buttons": (_texts_shape, _buttons),
    "no_buttons": (_bool_shape, _no_buttons),
    "citations": (_bool_shape, _citations),
    "slots": (_slots_shape, _slots),
    "complaint": (_complaint_shape, _complaint),
}


def shape_error(key: str, value: Any) -> str | None:
    return CHECKS[key][0](value)


def with_ticket(value: Any, ticket: str | None) -> Any:
    """``{ticket}`` in a text, or in any text of a check, stands for the last ticket number the bot gave."""
    if isinstance(value, str):
        return value.replace(TICKET_HOLE, ticket) if ticket else value
    if isinstance(value, list):
        return [with_ticket(item, ticket) for item in value]
    if isinstance(value, dict):
        return {key: with_ticket(item, ticket) for key, item in value.items()}
    return value


def needs_ticket(value: Any) -> bool:
    return TICKET_HOLE in repr(value)
