"""Review repairs (review-b): words read too widely — a kinship word inside another word ("유형", "딸기"), "what can
you do" about something else, a two-word item name whose words sit inside other words ("헌 옷장")."""
from __future__ import annotations

import pytest

from bot.dialogue.people import relative_in
from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)


@pytest.mark.parametrize("words", ["어떤 유형의 복지 지원이 있나요?", "형편이 어려운데 받을 수 있는 지원 있어요?",
                                   "딸기 농사 짓는 농가 지원도 있나요?"])
def test_a_kinship_syllable_inside_another_word_names_no_one(words):
    assert relative_in(words, "ko") is None


@pytest.mark.parametrize("words, ko, en", [("시아버지 복지 혜택 찾고 있어요", "그분", "them"),
                                           ("시어머니가 거동이 불편하세요", "그분", "them"),
                                           ("아버지 복지 혜택 알아보는 중이에요", "아버님", "your father"),
                                           ("엄마한테 맞는 지원이 있을까요", "어머님", "your mother"),
                                           ("우리 딸이 받을 수 있는 거요", "그분", "them"),
                                           ("남동생이 일을 그만뒀어요", "그분", "them")])
def test_a_kinship_word_of_its_own_names_the_person(words, ko, en):
    assert relative_in(words, "ko")[0] == ko and relative_in(words, "en")[0] == en


def test_a_welfare_question_about_kinds_of_support_is_not_asked_an_age():
    reply = Resident().says("어떤 유형의 복지 지원이 있나요?", "welfare_programs", 0.99)
    assert "나이가" not in reply and "연세가" not in reply
