"""Every conversation check (tests/conversations/README.md), passing and failing, on hand-made replies."""
from __future__ import annotations

import pytest

from bot.conversations.checks import (CHECKS, Observation, Unverifiable, always, expected, needs_ticket, shape_error,
                                     tickets, with_ticket)


def reply(*texts: str, buttons: list[str] | None = None, intent: str = "waste_collection_schedule",
          source: str = "intent", lang: str = "ko", citations: list[str] | None = None) -> dict:
    messages = [{"text": t} for t in texts]
    if buttons:
        messages[-1]["buttons"] = [{"title": b, "payload": f"/pick{{\"x\":\"{b}\"}}"} for b in buttons]
    return {"session_id": "s", "messages": messages, "source": source, "intent": {"name": intent, "confidence": 0.93},
            "citations": [{"id": c, "title": c, "url": "https://www.sd.go.kr"} for c in citations or []], "lang": lang}


COLLECTION = reply("행당2동 배출 요일이에요.\n일반쓰레기:   월·수·금", buttons=["마장동", "행당1동 (Haengdang 1)"],
                   citations=["waste_collection:행당2동"])


def judge(key: str, value, obs: Observation | None = None) -> str | None:
    assert shape_error(key, value) is None, shape_error(key, value)
    failures = expected({key: value}, obs or Observation(COLLECTION))
    return failures[0] if failures else None


@pytest.mark.parametrize("key, passing, failing, why", [
    ("intent", "waste_collection_schedule", "bulky_waste", "intent is 'waste_collection_schedule', expected 'bulky_waste'"),
    ("intent", ["bulky_waste", "waste_collection_schedule"], ["greet", "bulky_waste"], "expected 'greet' or 'bulky_waste'"),
    ("source", "intent", ["faq", "llm"], "source is 'intent', expected 'faq' or 'llm'"),
    ("lang", "ko", "en", "lang is 'ko', expected 'en'"),
    ("contains", ["행당2동", "일반쓰레기: 월·수·금"], ["행당2동", "마장동"], "missing '마장동'"),
    ("contains", "배출 요일", "수거 요일", "missing '수거 요일'"),
    ("contains_any", ["마장동", "행당2동"], ["마장동", "성수1가1동"], "none of '마장동', '성수1가1동' in the reply"),
    ("contains_any", [["행당2동", "마장동"], ["월·수·금", "월, 수, 금"]], [["행당2동"], ["화·목·토", "화, 목, 토"]],
     "none of '화·목·토', '화, 목, 토' in the reply"),
    ("not_contains", ["어떤 문제를 신고"], ["어떤 문제를 신고", "요일이에요"], "must not say '요일이에요'"),
    ("buttons", ["마장동", "haengdang 1"], ["마장동", "왕십리"], "no button '왕십리'"),
    ("no_buttons", False, True, "buttons offered: ['마장동', '행당1동 (Haengdang 1)']"),
    ("citations", True, False, "cited ['waste_collection:행당2동'], expected none"),
])
def test_each_check_passes_and_fails_with_a_reason(key, passing, failing, why):
    assert judge(key, passing) is None
    assert why in judge(key, failing)


def test_texts_are_compared_without_case_spacing_or_hangul_encoding():
    obs = Observation(reply("Collection days in  Majang-dong:\nFood waste: Tue"))
    assert judge("contains", ["collection DAYS in majang-dong: food waste"], obs) is None
    decomposed = "\u1112\u1162\u11bc\u1103\u1161\u11bc"   # 행당, written as jamo (as macOS files may hold it)
    assert judge("contains", decomposed, Observation(reply("행당2동이요"))) is None


def test_no_buttons_and_citations_on_a_reply_without_them():
    bare = Observation(reply("안녕하세요!"))
    assert judge("no_buttons", True, bare) is None
    assert judge("no_buttons", False, bare) == "no button offered"
    assert judge("citations", False, bare) is None
    assert judge("citations", True, bare) == "no citation"


def test_slots_read_from_the_tracker():
    slots = {"complaint_dong": "행당1동", "complaint_location": "왕십리역 4번 출구 앞", "lang": "ko",
             "bulky_items": ["소파", "의자"], "count": 3, "consent": True, "complaint_phone": None}
    obs = Observation(COLLECTION, slots=lambda: slots)
    assert judge("slots", {"complaint_dong": "행당1동", "complaint_location": "4번 출구", "bulky_items": ["의자"],
                           "count": 3, "consent": True, "complaint_phone": None}, obs) is None
    assert judge("slots", {"complaint_dong": "마장동", "complaint_phone": None}, obs) == \
        "slot complaint_dong is '행당1동', expected '마장동'"
    assert "complaint_phone is None, expected '010'" in judge("slots", {"complaint_phone": "010"}, obs)
    assert "consent is True, expected null" not in judge("slots", {"consent": None}, obs)
    assert judge("slots", {"consent": None}, obs) == "slot consent is True, expected None"
    assert judge("slots", {"count": 4}, obs) == "slot count is 3, expected 4"


def test_slots_without_rasa_fail_as_unverifiable():
    assert judge("slots", {"complaint_dong": "행당1동"}) == \
        "slots: unverifiable: give --rasa-url: slots are read from the conversation's Rasa tracker"

    def unreachable():
        raise Unverifiable("no Rasa has this conversation's tracker")

    assert "unverifiable: no Rasa has" in judge("slots", {"x": None}, Observation(COLLECTION, slots=unreachable))


FILED = reply("민원이 접수되었어요. 접수번호는 2026-000123-K7이에요.", intent="affirm")
STORED = {"2026-000123": {"description": "킥보드가 횡단보도를 막고 있어요", "location": "왕십리역 4번 출구",
                          "dong": "행당1동", "category": "e_scooter"}}


def test_complaint_filed_and_its_stored_fields():
    obs = Observation(FILED, complaint=lambda ticket: STORED.get(ticket[:11]))
    assert judge("complaint", True, obs) is None
    assert judge("complaint", {"description": "횡단보도", "dong": "행당1동", "category": "e_scooter"}, obs) is None
    assert judge("complaint", {"location": "4번 출구", "description": ["킥보드", "불법 주차"]}, obs) == \
        "complaint 2026-000123-K7: description is '킥보드가 횡단보도를 막고 있어요', lacks '불법 주차'"
    assert judge("complaint", False, obs) == "a ticket number was given (2026-000123-K7), expected no complaint"


def test_complaint_needs_a_new_ticket_number_and_the_database():
    nothing = Observation(reply("접수할 내용을 확인해 주세요."), complaint=lambda ticket: None)
    assert judge("complaint", False, nothing) is None
    assert judge("complaint", True, nothing).startswith("no new ticket number")
    # The ticket was already said earlier (the resident looked it up): nothing was filed in this turn.
    looked_up = Observation(reply("접수번호 2026-000123-K7은 처리 중이에요."), earlier="2026-000123-K7 조회해 주세요")
    assert judge("complaint", True, looked_up).startswith("no new ticket number")
    assert judge("complaint", False, looked_up) == "a ticket number was given (2026-000123-K7), expected no complaint"
    assert judge("complaint", True, Observation(FILED, complaint=lambda ticket: None)) == \
        "ticket 2026-000123-K7 is not in the complaints database"
    assert judge("complaint", True, Observation(FILED)) == \
        "complaint: unverifiable: give --database: the filed complaint is read from the complaints database"


def test_ticket_numbers_in_both_shapes():
    assert tickets("접수번호는 2026-000123이에요. 또 2026-000124-K7예요, 02-2286-5622, 12026-0001234") == \
        ["2026-000123", "2026-000124-K7"]


@pytest.mark.parametrize("example", ["접수번호를 알려 주세요. (예: 2026-000123)", "2026-000123처럼 적어 주세요.",
                                     "Please write it like 2026-000123.", "the ticket number (e.g. 2026-000123)",
                                     "예를 들어 2026-000123-K7 같이 적어 주세요."])
def test_the_formats_example_is_not_a_ticket(example):
    assert tickets(example) == []
    assert judge("complaint", False, Observation(reply(example))) is None


def test_always_on_checks_pass_on_an_ordinary_reply():
    assert always(Observation(COLLECTION)) == []


@pytest.mark.parametrize("texts, why", [
    ([""], "the reply is empty"),
    (["   ", "\n"], "the reply is empty"),
    (["Traceback (most recent call last):\n  File \"actions/waste.py\", line 3"], "'Traceback (most recent call last)'"),
    (["죄송해요. KeyError: 'dong'"], "'KeyError'"),
    (["utter_ask_complaint_dong"], "'utter_ask_complaint_dong'"),
    (["• 위치: None"], "'None'"),
    (["접수번호 utter_ask_ticket이에요"], "'utter_ask_ticket'"),
    (["더 궁금한 점은 {name}({phone})에 문의해 주세요."], "'{name}'"),
    (["수수료는 nan원이에요."], "'nan'"),
])
def test_internal_text_and_empty_replies_fail(texts, why):
    failures = always(Observation(reply(*texts)))
    assert failures and why in failures[0]


def test_an_http_error_fails_with_its_message():
    body = {"error": {"code": 500, "name": "Internal Server Error", "message": "Something went wrong on our side."}}
    assert always(Observation(body, status=500)) == ["the gateway answered HTTP 500: Something went wrong on our side."]


def test_the_same_question_a_third_time_in_a_row_fails():
    ask = "어떤 문제를 신고하시나요?"
    looping = Observation(reply("잘 못 알아들었어요.", ask), earlier_last=[ask, ask])
    assert always(looping) == ["the same question a third time in a row: '어떤 문제를 신고하시나요?'"]
    # Twice is allowed (the question again, with an example); another reply in between starts the count again.
    assert always(Observation(reply(ask), earlier_last=["어느 동인가요?", ask])) == []
    assert always(Observation(reply(ask), earlier_last=[ask, "구청은 18시까지 열어요.", ask][-2:])) == []
    assert always(Observation(reply("어느 동인가요?"), earlier_last=[ask, ask])) == []
    assert always(Observation(reply(ask), earlier_last=[None, ask])) == []   # an HTTP error came between


def test_ticket_placeholder_in_checks():
    expect = {"contains": ["{ticket}"], "contains_any": [["{ticket} 처리 중", "x"]], "complaint": {"location": "역"}}
    assert needs_ticket(expect) and not needs_ticket({"contains": ["ticket"]})
    assert with_ticket(expect, "2026-000001-K7") == {"contains": ["2026-000001-K7"],
                                                     "contains_any": [["2026-000001-K7 처리 중", "x"]],
                                                     "complaint": {"location": "역"}}


@pytest.mark.parametrize("key, value, why", [
    ("intent", 3, "must be a name or a list of names"),
    ("source", "rule", "must be one of intent, faq, llm, fallback, handoff, not rule"),
    ("lang", "jp", "must be one of ko, en, not jp"),
    ("contains", [], "must be a text or a list of texts"),
    ("contains_any", ["ok", ""], "must be a text or a list of texts"),
    ("contains_any", [["ok"], []], "must be texts, or a list of lists of texts"),
    ("not_contains", {"a": 1}, "must be a text or a list of texts"),
    ("no_buttons", "yes", "must be true or false"),
    ("citations", 1, "must be true or false"),
    ("slots", ["complaint_dong"], "must map slot names to values"),
    ("slots", {"a": {"b": 1}}, "not text, numbers, true/false, null or lists of them: ['a']"),
    ("complaint", {"phone": "010"}, "unknown fields or non-text values: ['phone']"),
    ("complaint", "yes", "must be true, false or a map of description, location, dong, category"),
])
def test_badly_shaped_values_are_named(key, value, why):
    assert why in shape_error(key, value)


def test_every_check_of_the_readme_exists():
    from bot.settings import ROOT

    readme = (ROOT / "tests" / "conversations" / "README.md").read_text(encoding="utf-8")
    table = readme.split("| key | passes when |", 1)[1].split("\n\n", 1)[0]
    documented = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert documented == list(CHECKS)
