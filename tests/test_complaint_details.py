"""What a complaint message says (bot/dialogue/details.py) is read in the message's language as the gateway
found it once (the conversation's, ``Talk.lang``), not guessed again from the letters of the text."""
from __future__ import annotations

import pytest

from bot.dialogue.details import details_in, location_in, looks_like_place


def test_an_english_message_naming_a_korean_place_is_read_as_english():
    """The English way of naming the place wins in an English conversation; the Korean name inside it is kept."""
    said = "Trash is piled up near 왕십리역 exit 4, please clean it"
    assert location_in(said, "en") == "near 왕십리역 exit 4"


def test_a_korean_place_name_does_not_lower_the_bar_for_english_details():
    """English needs more words than Korean to say more than the kind of problem: a 동 written in Hangul in an
    English message does not make it Korean."""
    said = "The streetlight in 행당동 is broken"
    assert details_in(said, lang="en", names=("행당동",)) is None
    longer = "I want to report that the streetlight in 행당동 has been flickering all night since Monday"
    assert details_in(longer, lang="en", names=("행당동",))


@pytest.mark.parametrize("said", ["OK 2", "3", "ok"])
def test_short_answers_say_no_place_and_no_details_in_either_language(said):
    for lang in ("ko", "en"):
        assert location_in(said, lang) is None and details_in(said, lang=lang) is None


def test_a_romanised_address_is_a_place_in_a_korean_conversation():
    assert location_in("Majang-ro 286 ap", "ko") == "Majang-ro 286 ap"
    assert location_in("마장역 2번 출구 앞에 쓰레기가 쌓여 있어요", "en") == "마장역 2번 출구 앞"
    assert looks_like_place("the alley behind my house") and looks_like_place("우리 집 앞 골목이요")
    assert not looks_like_place("우리 동네요") and not looks_like_place("I don't know")
