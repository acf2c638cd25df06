"""The conversation corpus (tests/conversations/) played against the real stack through /api/chat,
with the test clock on, Rasa's API for `slots` checks and the complaints database for `complaint`
checks. Fails under the floors in tests/conversations/floors.toml."""
from __future__ import annotations

import tomllib

import pytest

from bot.conversations import CorpusError, Player, load_conversations, play
from bot.conversations.report import closing, summary, transcript
from bot.settings import ROOT

pytestmark = pytest.mark.e2e

CORPUS = ROOT / "tests" / "conversations"
FLOORS = tomllib.loads((CORPUS / "floors.toml").read_text(encoding="utf-8"))
# Kept after the run (pytest's temporary folders are soon removed); var/ is not in git. The fresh parts are
# development sets (written apart, read while designing after their first figure): their transcripts are kept too.
TRANSCRIPTS = {"main": ROOT / "var" / "conversations-main.txt", "fresh": ROOT / "var" / "conversations-fresh.txt",
               "fresh2": ROOT / "var" / "conversations-fresh2.txt", "fresh3": ROOT / "var" / "conversations-fresh3.txt",
               "fresh4": ROOT / "var" / "conversations-fresh4.txt",
               "fresh5": ROOT / "var" / "conversations-fresh5.txt",
               "fresh6": ROOT / "var" / "conversations-fresh6.txt",
               "fresh7": ROOT / "var" / "conversations-fresh7.txt"}


@pytest.mark.parametrize("part, folder", [("main", CORPUS), ("fresh", CORPUS / "fresh"), ("fresh2", CORPUS / "fresh2"),
                                          ("fresh3", CORPUS / "fresh3"), ("fresh4", CORPUS / "fresh4"), ("fresh5", CORPUS / "fresh5"),
                                          ("fresh6", CORPUS / "fresh6"), ("fresh7", CORPUS / "fresh7"),
                                          ("fresh8", CORPUS / "fresh8"),
                                          ("heldout", CORPUS / "heldout")])
def test_conversations_pass_above_the_floor(part, folder, request, capsys):
    try:
        conversations = load_conversations([folder])
    except CorpusError as exc:   # no files is a failure: a yardstick with nothing to measure must not pass
        pytest.fail(f"the {part} conversation corpus cannot be played:\n{exc}\nWith no conversations there is no "
                    "rate to hold to a floor: write them first (tests/conversations/README.md).")
    stack, database = request.getfixturevalue("stack"), request.getfixturevalue("stack_database")
    player = Player(stack.web_url, rasa_url=stack.rasa_url, rasa_token=stack.rasa_token, database=database)
    result = play(conversations, player)
    figures = summary(result)
    with capsys.disabled():
        print(f"\nconversations, {part}: turn pass rate {figures['rate']} ({figures['passed']}/{figures['turns']} "
              f"turns, {len(conversations)} conversations); floor {FLOORS[part]}")
        if part in TRANSCRIPTS:   # the held-out part and the examiner set fresh8 are never read: their figure only
            written = TRANSCRIPTS[part]
            written.parent.mkdir(parents=True, exist_ok=True)
            written.write_text("\n\n".join(map(transcript, result.conversations)) + "\n\n" + closing(result) + "\n",
                               encoding="utf-8")
            print(f"transcript: {written}")
    assert not player.clock_ignored, "the stack ignored X-Minwon-Now: it must run with MINWON_TEST_CLOCK=true"
    assert figures["rate"] >= FLOORS[part], f"{part}: turn pass rate {figures['rate']} is under the floor {FLOORS[part]}"
