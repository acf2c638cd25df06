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


@pytest.mark.parametrize("words", ["what can you do about the noise upstairs?", "what should I ask my landlord",
                                   "주민센터에서 뭐 해 줄 수 있어요?", "집주인한테 뭘 물어볼 수 있어요?",
                                   "how can you help me with the parking ticket?"])
def test_what_someone_else_does_or_what_to_do_about_a_problem_is_not_what_the_bot_does(words):
    from bot.dialogue import reading

    assert not reading.asks_what_bot_does(words)


@pytest.mark.parametrize("words", ["what can you do?", "so what can you help me with right now?", "what can I ask you?",
                                   "What else can you do for me?", "what should I ask?", "그럼 니가 해줄 수 있는게 뭔데",
                                   "챗봇한테 뭘 물어볼 수 있어요?", "여기서는 뭘 물어볼 수 있는데요"])
def test_what_the_bot_does_is_still_asked(words):
    from bot.dialogue import reading

    assert reading.asks_what_bot_does(words)


class _Broker:
    def publish(self, channel: str) -> None:
        pass


@pytest.mark.parametrize("words", ["윗집 소음 때문에 뭘 할 수 있어요?", "what can you do about the noise upstairs?"])
def test_a_callback_message_naming_a_problem_is_kept_for_staff(tmp_path, words):
    import datetime as dt

    from bot.complaints.phone_vault import PhoneVault
    from bot.knowledge.live import LiveDistrict
    from bot.settings import Settings
    from channels.handoff_gate import HandoffGate

    settings = Settings.load({"data_dir": str(tmp_path)}, environ={})
    gate = HandoffGate(settings, PhoneVault(settings.database), _Broker(), LiveDistrict(settings.knowledge_dir).current)
    gate.inbox.open_request("web:resident", "web", "ko", "환경과", kind="callback")
    held = gate.intercept("web:resident", words, dt.datetime.now(dt.timezone.utc), "ko")
    assert not held.ask_bot and gate.inbox.held("web:resident").question == words


@pytest.fixture(scope="module")
def district():
    from bot.knowledge.district import load_district
    from bot.settings import Settings

    settings = Settings.load({}, environ={})
    return load_district(settings.tables_dir, base=settings.knowledge_dir, strict=False)


@pytest.mark.parametrize("words, not_named", [("헌 옷장 하나 내놓으려면 얼마예요", "헌 옷"),
                                              ("이사 전 남은 기간에 음식점 쓰레기는 언제 내놔요", "남은 음식"),
                                              ("깨진 거울이랑 유리창 틀 버리려고요", "깨진 유리")])
def test_a_name_said_apart_is_not_found_inside_other_words(district, words, not_named):
    recycled, _ = district.items_named(words, prefer_bulky=True)
    assert not_named not in [r.item for r in recycled]


@pytest.mark.parametrize("words, named", [("치킨 먹고 남은 뼈는 어디에 버려요", "치킨 뼈"), ("먹다 남은 음식 어떻게 버려요", "남은 음식"),
                                          ("깨진 컵 유리는요?", "깨진 유리")])
def test_a_name_said_apart_is_still_found(district, words, named):
    recycled, _ = district.items_named(words)
    assert named in [r.item for r in recycled]
