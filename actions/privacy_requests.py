""""지워 주세요 / delete what I sent": what is kept and why, this conversation's events and any unsubmitted
form data deleted, and how to withdraw a filed complaint (it is never deleted silently)."""
from __future__ import annotations

import re

from rasa_sdk.events import FollowupAction, Restarted, SlotSet

from actions.phones import forget
from actions.talk import Talk
from bot.dialogue import reading
from bot.dialogue.state import DialogueState
from bot.dialogue.texts import said
from bot.guidance import Guidance


# "진짜 다 지운 거죠?", "그럼 지금까지 얘기한 건 다 없어진 거죠?", "so it's all wiped?": whether it is gone
KEPT_ASKED = re.compile(r"지운|지웠|지워졌|삭제|남아|남았|남는|보관|저장|기록|없어졌|없어진|없어지|사라졌|사라진|날아갔|"
                        r"keep|kept|store|delete|remov|gone|anything|still have|left|erased|wiped", re.I)


def withdraw_after_forgetting(talk: Talk) -> bool:
    """Right after "delete what I sent": "and the complaint I filed?" is about withdrawing it; "진짜 다 지운
    거죠?" / "so you don't keep anything now?" is told again what was deleted and what is kept."""
    if talk.state.last_intent != "forget_data":
        return False
    if reading.about_filed_complaint(talk.text):
        talk.say(Guidance(said("withdraw", talk.lang, talk.turn.district)))
    elif KEPT_ASKED.search(talk.text) and (reading.is_question(talk.text) or re.search(r"거죠|거지|맞죠|right", talk.text)):
        talk.say(Guidance(said("forgot_kept", talk.lang, talk.turn.district)))
    else:
        return False
    talk.topic = "forget_data"
    return True


def forget_conversation(talk: Talk) -> None:
    words = talk.turn.text
    if reading.about_filed_complaint(words) and not re.search(r"대화|기록|보낸|쓴|말한|chat|conversation|"
                                                                      r"messages?", words, re.I):
        talk.say(Guidance(said("withdraw", talk.lang, talk.turn.district)))
        return
    forget(talk.state.values.get("phone"))     # an unsubmitted complaint's number leaves the vault too
    talk.state = DialogueState()
    talk.topic = "forget_data"      # "and the complaint I filed?" next is about withdrawing it
    talk.say(Guidance(said("forgot", talk.lang, talk.turn.district)))
    # Restarted: Rasa drops every event of this conversation from its dialogue state; the next prediction is
    # to listen. "forgotten" marks the turn: once it is stored, the minwon channel deletes the conversation's
    # stored events from the tracker store and keeps only what follows the mark (bot/nlu/forgetting.py).
    talk.events.extend([Restarted(), SlotSet("forgotten", True), FollowupAction("action_listen")])
