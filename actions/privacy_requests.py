""""지워 주세요 / delete what I sent": what is kept and why, this conversation's events and any unsubmitted
form data deleted, and how to withdraw a filed complaint (it is never deleted silently)."""
from __future__ import annotations

import re

from rasa_sdk.events import FollowupAction, Restarted

from actions.phones import forget
from actions.talk import Talk
from bot.dialogue import reading
from bot.dialogue.state import DialogueState
from bot.dialogue.texts import said
from bot.guidance import Guidance


def withdraw_after_forgetting(talk: Talk) -> bool:
    """Right after "delete what I sent": "and the complaint I filed?" is about withdrawing it."""
    if talk.state.last_intent != "forget_data" or not reading.about_filed_complaint(talk.text):
        return False
    talk.say(Guidance(said("withdraw", talk.lang)))
    return True


def forget_conversation(talk: Talk) -> None:
    words = talk.turn.text
    if reading.about_filed_complaint(words) and not re.search(r"대화|기록|보낸|쓴|말한|chat|conversation|"
                                                                      r"messages?", words, re.I):
        talk.say(Guidance(said("withdraw", talk.lang)))
        return
    forget(talk.state.values.get("phone"))     # an unsubmitted complaint's number leaves the vault too
    talk.state = DialogueState()
    talk.topic = "forget_data"      # "and the complaint I filed?" next is about withdrawing it
    talk.say(Guidance(said("forgot", talk.lang)))
    # Restarted: Rasa drops every event of this conversation from its dialogue state (the tracker store
    # keeps nothing for the policies to read); the next prediction is to listen.
    talk.events.extend([Restarted(), FollowupAction("action_listen")])
