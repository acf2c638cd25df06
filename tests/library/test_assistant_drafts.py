"""Reply and document drafts from templates (without an LLM) and by the model (checked); translation
and correction; audited uses and the daily limit."""
from __future__ import annotations

import shutil

import pytest

from bot.answer.llm import ChatLLM
from bot.assistant.drafts import TemplateError, document_draft, reply_draft
from bot.assistant.translate import rewrite
from bot.assistant.usage import AssistantUsage, DailyLimitReached, Use
from bot.complaints.models import Complaint
from bot.settings import ROOT
from tests.conftest import TODAY
from tests.fakes.openai_server import FakeOpenAI

TEMPLATES = ROOT / "knowledge" / "assistant"
COMPLAINT = Complaint(ticket="2026-000042", category="e_scooter", dong="성수1가1동", location="뚝섬역 2번 출구",
                      description="킥보드가 점자블록을 막고 있어요. 제 번호 010-2345-6789", status="received",
                      department="교통행정과", lang="ko")


@pytest.fixture()
def fake():
    with FakeOpenAI() as server:
        yield server


def category(district):
    return next(c for c in district.complaint_categories if c.category == "e_scooter")


def test_a_reply_without_an_llm_is_the_template_filled(district):
    faq = ("mobility-003", "방치된 전동킥보드는 대여 업체가 수거하도록 요청해요.")
    draft = reply_draft(COMPLAINT, category(district), faq, [], "성동구", TEMPLATES, None, TODAY)
    assert draft.text.startswith("안녕하세요. 성동구 교통행정과입니다.")
    assert "접수번호 2026-000042" in draft.text and faq[1] in draft.text
    assert "2일 안에 처리할 예정입니다" in draft.text and f"({category(district).phone})" in draft.text
    assert draft.sources == ["FAQ mobility-003", "민원 분류표: 전동킥보드 방치"]
    assert "AI가 설정되면" in draft.notes[0] and draft.use.task == "assistant_reply" and not draft.use.llm


def test_a_reply_by_the_model_is_checked(district, fake):
    llm = ChatLLM("k", fake.base_url, "m", 5)
    fake.answer = (f"성동구 교통행정과입니다. 접수번호 2026-000042 민원은 2일 안에 처리하겠습니다. "
                   f"문의 {category(district).phone}.")
    draft = reply_draft(COMPLAINT, category(district), None, [], "성동구", TEMPLATES, llm, TODAY)
    assert draft.text == fake.answer and draft.use.outcome == "answered"
    assert "010-2345-6789" not in str(fake.requests[-1]["body"])
    fake.answer = "성동구 교통행정과입니다. 도로교통법 제13조의2에 따라 3만원 과태료를 부과하겠습니다."
    draft = reply_draft(COMPLAINT, category(district), None, [], "성동구", TEMPLATES, llm, TODAY)
    assert draft.use.outcome == "rejected" and draft.text.startswith("안녕하세요. 성동구 교통행정과입니다.")
    assert "제13조의2" in draft.notes[0]


def test_documents_from_bullet_points(fake):
    points = ["- 전동킥보드 방치 민원 증가", "- 주요 역 앞 견인 구역 지정 검토", "- 업체 간담회 개최"]
    draft = document_draft("보고서", "전동킥보드 방치 대응", points, "교통행정과", "성동구", TEMPLATES, None, TODAY)
    assert draft.text.startswith("전동킥보드 방치 대응\n\n2026-11-25 / 성동구 교통행정과")
    assert "- 주요 역 앞 견인 구역 지정 검토" in draft.text and "3. 향후 계획" in draft.text
    llm = ChatLLM("k", fake.base_url, "m", 5)
    fake.answer = "성동구, 전동킥보드 방치 대응\n방치 민원이 늘어 주요 역 앞 견인 구역 지정을 검토하고 업체 간담회를 엽니다."
    assert document_draft("보도자료", "킥보드", points, "", "성동구", TEMPLATES, llm, TODAY).use.outcome == "answered"
    fake.answer = "방치 민원이 340% 늘어 12월 3일 간담회를 엽니다."
    rejected = document_draft("보도자료", "킥보드", points, "", "성동구", TEMPLATES, llm, TODAY)
    assert rejected.use.outcome == "rejected" and rejected.text.startswith("보도자료 | 성동구")


def test_a_template_staff_broke_is_named(tmp_path):
    shutil.copytree(TEMPLATES, tmp_path / "assistant")
    (tmp_path / "assistant" / "계획서.md").write_text("{title} {budget}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"계획서.md의 칸 \{budget\}"):
        document_draft("계획서", "t", ["a"], "", "성동구", tmp_path / "assistant", None, TODAY)
    with pytest.raises(TemplateError, match="보고서, 계획서, 보도자료"):
        document_draft("회의록", "t", ["a"], "", "성동구", TEMPLATES, None, TODAY)


def test_translate_and_correct(fake):
    reply = "접수번호 2026-000042 민원은 11월 27일까지 처리합니다. 문의 02-2286-5832."
    assert "AI가 있으면" in rewrite(reply, "translate", "vi", None).notes[0]
    llm = ChatLLM("k", fake.base_url, "m", 5)
    fake.answer = "Your complaint 2026-000042 will be handled by 27 November. Call 02-2286-5832."
    public = {"0222865832"}
    done = rewrite(reply + " 주민 연락처 010-2345-6789", "translate", "en", llm, public)
    assert done.text == fake.answer and "English" in fake.requests[-1]["body"]["messages"][0]["content"]
    sent = fake.requests[-1]["body"]["messages"][1]["content"]
    assert "02-2286-5832" in sent and "010-2345-6789" not in sent      # the office's number stays, the resident's not
    fake.answer = "Your complaint 2026-000042 will be handled by 29 November."
    assert rewrite(reply, "translate", "zh", llm, public).use.outcome == "rejected"


def test_every_use_is_audited_and_counted_against_the_daily_limit(settings):
    from dataclasses import replace

    usage = AssistantUsage(replace(settings, assistant_daily_limit=2))
    usage.record("kim", None, Use("assistant_ask", "현수막", ["공직선거법 제67조"], True, 120, 40, "answered"))
    usage.record("kim", None, Use("assistant_report", "킥보드", ["민원 데이터베이스"], False, outcome="no LLM"))
    usage.record("lee", None, Use("assistant_ask", "x", [], True, 1, 1, "answered"))
    assert usage.llm_uses_today("kim") == 1
    usage.check("kim")
    usage.record("kim", None, Use("assistant_translate", "translate:en", [], True, 5, 5, "answered"))
    with pytest.raises(DailyLimitReached, match="2회"):
        usage.check("kim")
    entry = next(e for e in usage.store.audit_log() if e.action == "assistant_ask" and e.username == "kim")
    assert entry.detail == "llm=yes, tokens=120+40, outcome=answered, sources=공직선거법 제67조"
