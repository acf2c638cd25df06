"""Phone numbers in the complaint form: held in the vault, shown masked, resolved only to file."""
from __future__ import annotations

from functools import lru_cache

from actions.turn import settings
from bot.complaints.phone_vault import PhoneVault
from bot.complaints.triage import normalise_phone
from bot.privacy import PHONE_REFERENCE


@lru_cache(maxsize=1)
def phone_vault() -> PhoneVault:
    return PhoneVault(settings().database)


def resolve_phone(value: str) -> str | None:
    """The number behind a reference the gateway made, or a number typed straight to Rasa."""
    found = PHONE_REFERENCE.search(value or "")
    raw = phone_vault().look_up(found.group(1)) if found else value
    return normalise_phone(raw or "")


def forget(reference: str | None) -> None:
    """Once the complaint holds the number, the reference has no more use."""
    found = PHONE_REFERENCE.search(reference or "")
    if found:
        phone_vault().forget(found.group(1))


def shown(reference: str | None) -> str | None:
    """010-****-5678: the resident recognises it, the conversation never holds it."""
    phone = resolve_phone(reference or "") if reference else None
    if not phone:
        return None
    head, *middle, tail = phone.split("-")
    return "-".join([head, *["*" * len(m) for m in middle], tail])
