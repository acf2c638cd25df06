"""The status lookup in the dialogue manager: a ticket number read by its pattern (never a whole sentence
taken for one), then the phone's last four digits, then what the resident may see.

The rules of who sees what, the constant-time comparison and the lockout are bot/complaints/lookups.py's
(security-27): this module only asks. The four digits are asked whether or not the ticket exists, so
the question itself tells nobody which numbers are real.
"""
from __future__ import annotations

import re

from actions.complaints import status_lookups, status_text
from actions.talk import Talk
from bot.complaints.store import DatabaseUnavailable
from bot.complaints.tickets import read_ticket
from bot.dialogue import reading
from bot.dialogue.texts import said
from bot.guidance import Guidance
from bot.texts import text


def start(talk: Talk) -> None:
    talk.state.start("status")
    if not _read(talk):
        talk.state.ask("ticket")
        talk.say(Guidance(said("ask_ticket", talk.lang)))


def take(talk: Talk) -> bool:
    """Read the message as the answer to the lookup's question; False when it is not one."""
    return _read(talk)


def _read(talk: Talk) -> bool:
    values, words = talk.state.values, talk.turn.text
    ticket = read_ticket(words)
    if ticket is not None:
        if ticket.typo:
            talk.state.ask("ticket")
            talk.say(Guidance(text("status_typo", talk.lang, ticket=str(ticket))))
            return True
        values["ticket"] = str(ticket)
    digits = reading.four_digits(words, values.get("ticket"))
    if not values.get("ticket"):
        return False
    if ticket is not None:
        values.pop("unissued", None)
    if digits and (ticket is not None or talk.state.asked == "last4" or values.get("unissued")):
        values["last4"] = digits
    if ticket is None and not digits:
        return False
    return _answer(talk)


def _answer(talk: Talk) -> bool:
    values, lang = talk.state.values, talk.lang
    try:
        found = status_lookups().find(values["ticket"]) if not values.get("last4") else None
        if found is not None and found.outcome == "not_found":
            # No complaint has this number: said now, before any digits are asked (numbers are given in order, one
            # year at a time, so whether one exists tells nobody anything; the code and the phone are the secrets).
            # The lookup stays open for the number read again ("아 2026-004312였나 봐요"); four digits sent anyway are
            # answered for that number.
            values["unissued"] = True
            talk.state.ask("ticket")
            talk.say(Guidance(said("status_not_issued", lang, talk.turn.district, ticket=values["ticket"])))
            return True
        if found is not None and found.outcome == "needs_phone":
            talk.state.ask("last4")       # the number read back: the resident sees it was read, not their sentence
            talk.say(Guidance(said("ask_last4_for", lang, ticket=values["ticket"])))
            return True
        outcome = status_lookups().check(values["ticket"], values.get("last4"))
    except DatabaseUnavailable:
        talk.state.finish()
        talk.say(Guidance(text("unavailable", lang, talk.turn.district), source="fallback"))
        return True
    if outcome.outcome == "wrong_phone":
        values.pop("last4", None)
        talk.state.ask("last4")
        talk.say(Guidance(status_text(outcome, values["ticket"], lang)))
        talk.say(Guidance(said("ask_last4_again", lang)))
        return True
    if outcome.outcome == "not_found":
        message = said("status_none", lang, talk.turn.district, ticket=values["ticket"], last4=values.get("last4") or "-")
    else:
        message = status_text(outcome, values["ticket"], lang)
    talk.state.finish()
    talk.topic = "complaint_status"
    talk.say(Guidance(message + "\n" + said("anything_else", lang)))
    return True


ABOUT_ITSELF = re.compile(r"번호|접수|종이|문자|잃어|못\s*찾|모르|몰라|없(어|다|는)|끝자리|뒷자리|바꿨|number|ticket|lost|"
                          r"can't find|don't have|digits|changed", re.I)


def about_itself(talk: Talk) -> bool:
    """"번호를 어디 적어 놨는데 못 찾겠어요" is about the lookup itself, not a question for the FAQ."""
    return bool(ABOUT_ITSELF.search(talk.text)) and not reading.asks_how_long(talk.text)


def again(talk: Talk) -> None:
    state = talk.state
    state.misses += 1
    if state.misses >= 2:
        from actions.complaint_task import again as complaint_again

        state.misses = 1
        complaint_again(talk)   # the same way out: stop, or a person
        return
    key = "ask_ticket_again" if state.asked == "ticket" else "ask_last4_again"
    talk.say(Guidance(said(key, talk.lang, talk.turn.district)))


def cancel(talk: Talk, leaving: bool = False) -> None:
    talk.state.finish()
    talk.say(Guidance(said("left_status", talk.lang) if leaving else text("status_cancelled", talk.lang)))
