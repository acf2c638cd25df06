"""A small seeded run of the invariant fuzzer (bench/dialogue_fuzz.py) against the end-to-end stack: development-set
turns recombined into new sessions, checked for what must hold whatever the answer — an answer every time, no
internal text, no question a third time, no form opened under 0.5 without a problem named, a cancel that leaves the
form. (The fuzzer's softer checks — a side question's source kept, the language — are for looking at, not a gate.)"""
from __future__ import annotations

import random

import pytest

from bench.dialogue_fuzz import DEV_SETS, play_one, pools, scenario
from bot.conversations import Player

pytestmark = pytest.mark.e2e
GATES = ("always", "low_confidence_form", "cancel_stays")


def test_recombined_conversations_keep_the_invariants(stack):
    found = pools(DEV_SETS)
    rng = random.Random(21)
    player = Player(stack.web_url, rasa_url=stack.rasa_url, rasa_token=stack.rasa_token)
    broken = []
    for _ in range(25):
        kind, steps = scenario(rng, found)
        record = play_one(player, kind, steps)
        broken += [(kind, record["turns"][v["turn"] - 1]["sent"], v["class"], v["why"])
                   for v in record["violations"] if v["class"] in GATES]
    assert not broken, "\n".join(map(str, broken))
