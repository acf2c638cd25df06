"""Asking the library through the real openai client against the loopback stand-in: grounded answers,
an invented article number rejected, failures and cut-off streams falling back to the excerpts,
personal data masked before the model sees it, and tokens counted for the audit."""
from __future__ import annotations

import pytest

from bot.answer.llm import ChatLLM
from bot.assistant.ask import ask, ask_streaming, start
from bot.assistant.presets import Preset
from tests.fakes.openai_server import FakeOpenAI

QUESTION = "주민등록증 발급 사진 규격이 어떻게 돼요? 민원인 주민번호 900101-1234567"


@pytest.fixture()
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture()
def llm(fake):
    return ChatLLM("test-key", fake.base_url, "test-model", 5)


@pytest.fixture()
def ranking(small_index, embedder):
    return small_index.search(QUESTION, embedder)


def test_a_grounded_answer_keeps_its_citations(fake, llm, ranking):
    fake.answer = "주민등록증 사진은 주민등록법 시행규칙 제9조에 따라 보완할 수 있어요 [1]."
    result = ask(QUESTION, ranking, llm, "성동구")
    assert result.status == "answered" and result.text == fake.answer
    assert result.hits[0].unit_id == "주민등록법/시행규칙#제9조"
    assert result.use.outcome == "answered" and result.use.llm and result.use.prompt_tokens == 10
    sent = fake.requests[-1]["body"]["messages"]
    assert "900101-1234567" not in str(sent) and "[주민등록번호]" in sent[1]["content"]
    assert "[1] 주민등록법 시행규칙 제9조(주민등록증 발급용 사진의 보완)" in sent[0]["content"]


def test_an_invented_article_number_is_rejected(fake, llm, ranking):
    fake.answer = "주민등록법 시행규칙 제99조에 따라 사진은 3개월 안에 찍은 것이어야 해요 [1]."
    result = ask(QUESTION, ranking, llm, "성동구")
    assert result.status == "excerpts" and result.text == ""
    assert "제99조" in result.notes[0] and result.use.outcome == "rejected"
    assert result.hits                                   # the excerpts are shown instead


def test_an_article_from_a_source_it_does_not_cite_is_rejected(fake, llm, ranking):
    first, second = ranking.hits[0], ranking.hits[1]
    assert second.entry.unit.key not in first.entry.unit.text + first.entry.unit.heading
    fake.answer = f"사진은 주민등록법 시행규칙 {second.entry.unit.key}에 따라 보완해요 [1]."   # cites [1], names [2]'s article
    result = ask(QUESTION, ranking, llm, "성동구")
    assert result.status == "excerpts" and second.entry.unit.key in result.notes[0]
    fake.answer = f"사진은 주민등록법 시행규칙 {second.entry.unit.key}에 따라 보완해요 [2]."   # cited: accepted
    assert ask(QUESTION, ranking, llm, "성동구").status == "answered"


def test_an_answer_without_citations_or_with_a_wrong_one_is_rejected(fake, llm, ranking):
    fake.answer = "사진은 보완할 수 있어요."
    assert ask(QUESTION, ranking, llm, "성동구").status == "excerpts"
    fake.answer = "사진은 보완할 수 있어요 [7]."
    assert "주지 않은 자료 번호" in ask(QUESTION, ranking, llm, "성동구").notes[0]


def test_the_model_failing_leaves_the_excerpts(fake, llm, ranking):
    fake.mode, fake.status = "error", 503
    result = ask(QUESTION, ranking, llm, "성동구")
    assert result.status == "excerpts" and result.use.outcome == "failed" and "AI에 연결하지 못해" in result.notes[0]


def test_without_an_llm_the_excerpts_are_the_answer(ranking):
    result = ask(QUESTION, ranking, None, "성동구")
    assert result.status == "excerpts" and not result.use.llm and result.use.outcome == "no LLM"


def test_a_question_the_library_cannot_answer_never_reaches_the_model(fake, llm, small_index, embedder):
    question = "국내 출장 여비 지급 기준"
    result = ask(question, small_index.search(question, embedder), llm, "성동구")
    assert result.status == "not_found" and fake.requests == []


def test_streamed_answer_is_checked_at_the_end(fake, llm, ranking):
    fake.answer = "주민등록법 시행규칙 제9조에 따라 사진을 보완하게 할 수 있어요 [1]."
    result = start(QUESTION, ranking)
    pieces = list(ask_streaming(QUESTION, ranking, llm, "성동구", None, result))
    assert len(pieces) > 3 and "".join(pieces) == fake.answer
    assert result.status == "answered" and result.use.completion_tokens == len(pieces)
    assert fake.requests[-1]["body"]["stream"] is True


def test_a_streamed_draft_with_an_invented_article_is_replaced_by_the_excerpts(fake, llm, ranking):
    fake.answer = "주민등록법 시행규칙 제77조의2에 따라 처리해요 [1]."
    result = start(QUESTION, ranking)
    assert "".join(ask_streaming(QUESTION, ranking, llm, "성동구", None, result)) == fake.answer
    assert result.status == "excerpts" and "제77조의2" in result.notes[0]


def test_a_cut_off_stream_leaves_the_excerpts(fake, llm, ranking):
    fake.mode, fake.answer = "broken_stream", "주민등록법 시행규칙 제9조에 따라 사진을 보완해요 [1]."
    result = start(QUESTION, ranking)
    pieces = list(ask_streaming(QUESTION, ranking, llm, "성동구", None, result))
    assert len(pieces) == 2
    assert result.status == "excerpts" and result.use.outcome == "failed" and "끊겨" in result.notes[0]


def test_a_preset_adds_its_instructions_after_the_rules(fake, llm, ranking):
    fake.answer = "주민등록법 시행규칙 제9조를 보세요 [1]."
    ask(QUESTION, ranking, llm, "성동구", Preset("민원여권과", instructions="담당 부서를 함께 적어 주세요."))
    system = fake.requests[-1]["body"]["messages"][0]["content"]
    assert system.index("자료에 없어요") < system.index("담당 부서를 함께 적어 주세요.")


def test_an_empty_library_finds_nothing():
    result = start("아무 질문", None)
    assert (result.status, result.hits) == ("not_found", []) and "찾지 못했어요" in result.notes[0]
