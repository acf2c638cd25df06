"""An English question answered from a Korean-only FAQ row (issue 25, section 5).

Without an LLM: the department's English name, phone and hours (knowledge/tables/), the row's page and
English title, then the Korean text, labelled. With an LLM (real openai client, loopback stand-in): the
row's answer translated, and the translation checked against the row; an invented phone, amount or
month sends the resident the frame instead.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answer.compose import verbatim
from bot.answer.context import AnswerContext
from bot.answer.facts import clock_times, korean_amounts, unsupported_words
from bot.answer.korean_only import Contact, contact_for, english_title, for_english_resident, frame
from bot.answer.llm import ChatLLM
from bot.answer.pipeline import AnswerService
from bot.answer.translate import ANSWER_PROMPT
from bot.knowledge.faq import FaqRow
from bot.search.index import Candidate
from bot.settings import Settings
from channels import kakao, telegram
from channels.conversation import Reply
from tests.conftest import TODAY
from tests.fakes.openai_server import FakeOpenAI

NOISE = FaqRow(id="living-002", question="공사장 소음이 너무 심해요.",
               answer="공사장 위치와 소음이 심한 시간대를 환경과에 알려 신고해 주세요. 평일 22:00 이후 공사는 "
                      "과태료 20만 원을 물릴 수 있어요. 7월에는 야간 점검을 해요.",
               department="환경과", phone="02-2286-5451", url="https://www.sd.go.kr/noise", lang="ko")
FAITHFUL = ("Tell the Environment Division where the site is and when the noise is worst. Work after 10 p.m. on "
            "weekdays can be fined 200,000 won. Night checks are made in July.")


class Rows:
    """The one thing the step reads from the index: its rows (to find an English twin)."""

    def __init__(self, *rows: FaqRow) -> None:
        self.rows = list(rows)


def answered(row: FaqRow, lang: str = "en") -> AnswerContext:
    """The context as check leaves it when the row is answered as staff wrote it."""
    ctx = AnswerContext("How do I report construction noise?", lang, TODAY)
    ctx.sources = [Candidate(row, 0.9, 0.5, 0.9)]
    return verbatim(ctx)


# --- without an LLM: the frame ------------------------------------------------------------------------

def test_the_frame_names_the_department_in_english_with_phone_hours_and_page(district):
    ctx = for_english_resident(answered(NOISE), Rows(NOISE), None, district)
    assert ctx.answer == ("This answer is only in Korean for now. Contact:\n"
                          "• Environment Division\n"
                          "• Phone: 02-2286-5451\n"
                          "• Hours: Weekdays 09:00-18:00\n"
                          "• Web page: https://www.sd.go.kr/noise\n"
                          "\n"
                          "In Korean (from the district's FAQ):\n" + NOISE.answer)
    assert ctx.source == "faq" and ctx.citations() == [{"id": "living-002", "title": NOISE.question,
                                                        "url": "https://www.sd.go.kr/noise"}]


def test_the_phone_comes_from_the_departments_table_when_the_row_leaves_it_empty(district):
    contact = contact_for(replace(NOISE, phone=""), district)
    assert contact == Contact("Environment Division", "02-2286-5451", "Weekdays 09:00-18:00")


def test_an_outside_body_has_the_hours_of_its_office_row_or_none(district):
    # 다산콜센터 has a row in offices.csv; the noise centre (kind outside) has none: no hours line.
    assert contact_for(replace(NOISE, department="다산콜센터", phone=""), district) == \
        Contact("Dasan Call Center", "120", "24 hours, every day")
    text = frame(replace(NOISE, department="층간소음 이웃사이센터", phone="1661-2642"),
                 contact_for(replace(NOISE, department="층간소음 이웃사이센터", phone="1661-2642"), district))
    assert "• Neighbour Noise Center\n• Phone: 1661-2642\n• Web page:" in text
    assert "Hours" not in text


def test_a_department_not_in_the_table_gives_the_rows_phone_only(district):
    row = replace(NOISE, department="없는과", phone="02-2286-9000")
    assert frame(row, contact_for(row, district)).startswith(
        "This answer is only in Korean for now. Contact:\n• Phone: 02-2286-9000\n• Web page:")


def test_a_row_naming_nobody_sends_the_resident_to_the_district_office(district):
    row = replace(NOISE, department="", phone="", url="")
    assert frame(row, contact_for(row, district)) == (
        "This answer is only in Korean for now. Contact:\n• Seongdong-gu Office\n• Phone: 02-2286-5114\n"
        "• Hours: Weekdays 09:00-18:00\n\nIn Korean (from the district's FAQ):\n" + NOISE.answer)


def test_no_link_no_tables_no_phone_still_labels_the_korean_text():
    row = replace(NOISE, department="환경과", phone="", url="")
    assert frame(row, contact_for(row, None)) == ("This answer is only in Korean for now.\n\n"
                                                  "In Korean (from the district's FAQ):\n" + NOISE.answer)


def test_an_english_alternate_is_the_rows_english_title(district):
    row = replace(NOISE, alternates=("공사 소음 신고", "PM 신고", "RFID", "construction noise complaint"))
    assert english_title(row) == "construction noise complaint"
    assert frame(row, contact_for(row, district)).startswith("About: construction noise complaint\nThis answer is")
    assert english_title(replace(NOISE, alternates=("공사 소음 신고", "PM 신고"))) == ""


def test_an_english_twin_answers_as_staff_wrote_it(district):
    twin = FaqRow(id="living-002-en", question="The construction noise is awful.", answer="Report it.",
                  department="Environment Division", phone="02-2286-5451", lang="en")
    ctx = for_english_resident(answered(NOISE), Rows(NOISE, twin), None, district)
    assert ctx.answer == "Report it.\nContact: Environment Division 02-2286-5451"
    assert [c["id"] for c in ctx.citations()] == ["living-002-en"]
    expired = replace(twin, valid_to=TODAY.replace(year=TODAY.year - 1))
    assert for_english_resident(answered(NOISE), Rows(NOISE, expired), None, district).answer.startswith(
        "This answer is only in Korean")


@pytest.mark.parametrize("case", ["korean question", "english row", "llm answer"])
def test_other_answers_are_left_as_they_are(district, case):
    ctx = answered(NOISE, "ko") if case == "korean question" else \
        answered(replace(NOISE, lang="en", answer="In English.")) if case == "english row" else answered(NOISE)
    if case == "llm answer":
        ctx.answer, ctx.source = "Report it to the Environment Division [1].", "llm"
    before = ctx.answer
    assert for_english_resident(ctx, Rows(NOISE), None, district).answer == before


def test_every_channel_shows_the_frame_first_and_whole(district):
    text = for_english_resident(answered(NOISE), Rows(NOISE), None, district).answer
    reply = Reply("s", [{"text": text}], source="faq", lang="en",
                  citations=[{"id": "living-002", "title": NOISE.question, "url": NOISE.url}])
    outputs = kakao.render(reply)["template"]["outputs"]
    assert outputs[0]["simpleText"]["text"] == text and len(text) <= kakao.TEXT_LIMIT
    assert outputs[1]["textCard"]["buttons"][0]["webLinkUrl"] == NOISE.url
    shown = telegram.render(reply)[0][0]
    assert shown.startswith("This answer is only in Korean for now. Contact:\n• Environment Division\n"
                            "• Phone: 02-2286-5451") and NOISE.answer in shown
    # Through Rasa each paragraph is a message; with the privacy notice first, Kakao still shows them all.
    notice = {"text": "Please don't send personal data. I have hidden what you sent."}
    split = replace(reply, messages=[notice] + [{"text": part} for part in text.split("\n\n")])
    outputs = kakao.render(split)["template"]["outputs"]
    assert len(outputs) <= 3 and outputs[-1]["textCard"]
    assert "\n\n".join(o["simpleText"]["text"] for o in outputs[:-1]) == notice["text"] + "\n\n" + text


# --- with an LLM: the translation, checked ----------------------------------------------------------------

@pytest.fixture()
def fake():
    with FakeOpenAI() as server:
        yield server


def llm_for(fake) -> ChatLLM:
    return ChatLLM("sk-test", fake.base_url, "test-model", 2.0)


def test_a_faithful_translation_is_answered_with_the_contact(fake, district):
    fake.replies = [FAITHFUL]
    ctx = for_english_resident(answered(NOISE), Rows(NOISE), llm_for(fake), district)
    assert ctx.source == "llm"
    assert ctx.answer == (FAITHFUL + "\n\nMachine-translated from the district's Korean FAQ. Contact:\n"
                          "• Environment Division\n• Phone: 02-2286-5451\n• Hours: Weekdays 09:00-18:00\n"
                          "• Web page: https://www.sd.go.kr/noise")
    assert [c["id"] for c in ctx.citations()] == ["living-002"]
    sent = fake.requests[0]["body"]
    assert sent["messages"] == [{"role": "system", "content": ANSWER_PROMPT}, {"role": "user", "content": NOISE.answer}]


@pytest.mark.parametrize("translation, bad", [
    (FAITHFUL.replace("the Environment Division", "the Environment Division on 02-2286-5999"), "02-2286-5999"),
    (FAITHFUL.replace("200,000 won", "300,000 won"), "300,000"),
    (FAITHFUL.replace("10 p.m.", "11 p.m."), "23:00"),
    (FAITHFUL.replace("July", "August"), "August"),
    (FAITHFUL.replace("on weekdays", "on Sundays"), "Sunday"),
    (FAITHFUL + " See https://example.com/noise.", "https://example.com/noise"),
])
def test_a_translation_with_an_invented_fact_gives_the_frame(fake, district, translation, bad):
    fake.replies = [translation]
    ctx = for_english_resident(answered(NOISE), Rows(NOISE), llm_for(fake), district)
    assert ctx.source == "faq" and ctx.answer.startswith("This answer is only in Korean for now. Contact:")
    assert ctx.answer.endswith("In Korean (from the district's FAQ):\n" + NOISE.answer)
    assert any(note.startswith("translate answer: rejected (facts not in the Korean") and bad in note
               for note in ctx.notes), ctx.notes


def test_a_translation_that_is_not_english_gives_the_frame(fake, district):
    fake.replies = [NOISE.answer]
    ctx = for_english_resident(answered(NOISE), Rows(NOISE), llm_for(fake), district)
    assert ctx.answer.startswith("This answer is only in Korean") and "translate answer: rejected (not English)" in ctx.notes


@pytest.mark.parametrize("mode", ["error", "malformed", "empty"])
def test_a_failed_translation_gives_the_frame(fake, district, mode):
    fake.mode = mode
    ctx = for_english_resident(answered(NOISE), Rows(NOISE), llm_for(fake), district)
    assert ctx.source == "faq" and ctx.answer.startswith("This answer is only in Korean")


def test_an_llm_that_was_down_for_compose_is_not_asked_again(fake, district):
    ctx = answered(NOISE)
    ctx.llm_down = True
    for_english_resident(ctx, Rows(NOISE), llm_for(fake), district)
    assert fake.requests == [] and ctx.answer.startswith("This answer is only in Korean")


def test_through_the_pipeline_a_rejected_compose_is_translated(fake, demo_index, embedder, tmp_path):
    """translate the question → compose (rejected: a phone the row does not have) → translate the answer."""
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path), "openai_api_key": "sk-test",
                              "openai_base_url": fake.base_url, "llm_timeout": 2.0}, environ={})
    service = AnswerService(settings, index=demo_index, embedder=embedder, llm=llm_for(fake))
    row = next(r for r in demo_index.rows if r.id == "living-002")
    english = "Tell the Environment Division where the construction site is and when the noise is worst."
    fake.replies = ["공사장 소음 신고는 어떻게 해요?", "Call 02-1234-5678 [1].", english]
    answer = service.answer("How do I report construction noise?", "en")
    assert answer.citations[0]["id"] == "living-002", answer.notes
    assert answer.source == "llm" and answer.text.startswith(english + "\n\nMachine-translated")
    assert "• Phone: 02-2286-5451" in answer.text
    assert fake.requests[2]["body"]["messages"][1]["content"] == row.answer


def test_through_the_pipeline_without_an_llm_the_frame(demo_index, embedder, settings):
    answer = AnswerService(settings, index=demo_index, embedder=embedder).answer("How do I report construction noise?",
                                                                                "en")
    cited = answer.citations[0]["id"]
    assert not cited.endswith("-en"), "this question should find a Korean-only row"
    row = next(r for r in demo_index.rows if r.id == cited)
    assert answer.source == "faq" and answer.text.startswith("This answer is only in Korean for now. Contact:\n• ")
    assert answer.text.endswith("In Korean (from the district's FAQ):\n" + row.answer)


# --- the facts an English text states in words -------------------------------------------------------------

def test_korean_amounts_clock_times_months_and_weekdays():
    assert korean_amounts("20만 원, 1만 5천 원, 2천만 원, 3천원, 1억 2천만 원, 만 65세") == \
        {"200000", "15000", "20000000", "3000", "120000000"}
    assert clock_times("from 9 a.m. to 6 p.m., or 12:30 pm") == "from 09:00 to 18:00, or 12:30"
    sources = "7월 16일~31일, 월·수·금 배출, 화요일 휴무"
    assert unsupported_words("In July, on Mondays, Wednesdays, Fridays; closed Tuesday.", sources) == []
    assert unsupported_words("In August, on Sunday; you may apply.", sources) == ["August", "Sunday"]
    assert unsupported_words("From May 3.", sources) == ["May"]
