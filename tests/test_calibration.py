"""Thresholds calibrated at publish from the FAQ itself (issue 25 §3): sensible on a small FAQ, kept with the
published version, used only when the setting is on, shown by `minwon eval` beside the best one."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace

import pytest

from bot.answer.calibration import off_topic_questions
from bot.answer.pipeline import AnswerService, threshold_for
from bot.cli import main
from bot.knowledge.faq import load_faq
from bot.publishing import build, calibration_for, publish
from bot.search.versions import IndexStore
from bot.settings import ROOT, Settings
from tests.conftest import TODAY

# A small district FAQ, one topic a row, each with an alternate a resident might type.
FAQ = """id,question,answer,alternates,department,phone,url,lang
c-1,대형폐기물은 어떻게 버려요?,구청 누리집에서 신고하고 수수료를 낸 뒤 필증을 붙여 내놓아요.,소파 버리는 방법,청소행정과,02-2286-5622,https://example.org/1,ko
c-2,음식물 쓰레기는 언제 내놓아요?,해가 진 뒤부터 자정 전까지 전용 용기에 담아 내놓아요.,음식물쓰레기 배출 시간,청소행정과,02-2286-5622,https://example.org/2,ko
c-3,재활용품은 무슨 요일에 버려요?,동마다 다르며 구청 누리집에서 요일을 확인할 수 있어요.,분리수거 요일,청소행정과,02-2286-5622,https://example.org/3,ko
c-4,종량제 봉투는 어디서 사요?,동네 편의점과 마트에서 살 수 있어요.,쓰레기봉투 파는 곳,청소행정과,02-2286-5622,https://example.org/4,ko
c-5,주민등록등본은 어떻게 떼요?,정부24에서 무료로 발급받거나 주민센터에서 400원에 받아요.,등본 발급,민원여권과,02-2286-5281,https://example.org/5,ko
c-6,여권은 어디서 만들어요?,구청 민원여권과에서 신청하고 열흘쯤 뒤에 받아요.,여권 신청하는 곳,민원여권과,02-2286-5281,https://example.org/6,ko
c-7,전입신고는 언제까지 해야 해요?,이사한 날부터 14일 안에 주민센터나 정부24에서 해요.,이사하고 전입신고 기한,민원여권과,02-2286-5281,https://example.org/7,ko
c-8,인감증명서는 대리로 뗄 수 있나요?,위임장과 대리인 신분증을 가지고 주민센터에 가면 돼요.,인감 대리 발급,민원여권과,02-2286-5281,https://example.org/8,ko
c-9,재산세는 언제 내요?,7월과 9월에 나누어 내요.,재산세 납부 기간,세무1과,02-2286-5000,https://example.org/9,ko
c-10,자동차세를 미리 내면 할인되나요?,1월에 1년 치를 한 번에 내면 할인돼요.,자동차세 연납 할인,세무2과,02-2286-5000,https://example.org/10,ko
c-11,거주자 우선주차는 어떻게 신청해요?,시설관리공단 누리집에서 신청하고 추첨으로 배정돼요.,거주자우선주차 신청,주차관리과,02-2286-5000,https://example.org/11,ko
c-12,불법 주차 신고는 어디에 해요?,안전신문고 앱에 사진을 찍어 올리면 돼요.,불법주차 신고 방법,주차관리과,02-2286-5000,https://example.org/12,ko
c-13,반려견 등록은 어디서 해요?,동물등록 대행 동물병원이나 구청 지역경제과에서 해요.,강아지 등록,지역경제과,02-2286-5000,https://example.org/13,ko
c-14,경로당 위치는 어디서 찾아요?,구청 누리집 복지 안내에서 동별 경로당을 찾을 수 있어요.,경로당 찾기,어르신복지과,02-2286-5000,https://example.org/14,ko
c-15,출산 지원금은 얼마예요?,첫째 아이 출산 때 100만 원을 드려요.,출산장려금 금액,가족정책과,02-2286-5000,https://example.org/15,ko
c-16,청소년 독서실은 무료인가요?,구립 청소년 독서실은 무료이고 누리집에서 좌석을 예약해요.,구립 독서실 요금,교육지원과,02-2286-5000,https://example.org/16,ko
"""


@pytest.fixture()
def small_faq(tmp_path):
    path = tmp_path / "faq.csv"
    path.write_text(FAQ, encoding="utf-8")
    return path


def calibrated(settings, embedder, path, **changes):
    settings = replace(settings, **changes)
    index, _ = build(settings, load_faq(path, TODAY), embedder)
    index.calibration = calibration_for(settings, index, embedder)
    return settings, index


def test_a_small_faq_gets_a_threshold_between_off_topic_questions_and_its_own_paraphrases(settings, embedder, small_faq):
    settings, index = calibrated(settings, embedder, small_faq)
    found = index.calibration
    korean = found["thresholds"]["ko"]
    assert 0.75 < korean < 0.97                        # e5-small's scale, not a default copied in
    probes = found["probes"]
    assert probes["near_miss"]["ko"]["n"] == 16         # every row's question, its own row left out
    assert probes["paraphrase"]["ko"]["n"] == 16        # every alternate, alternates left out of the index
    # Above most off-topic questions and most near misses, below most of its own rows' paraphrases.
    assert probes["off_topic"]["ko"]["answered"] <= 0.1
    assert probes["near_miss"]["ko"]["answered"] <= 0.5
    assert probes["paraphrase"]["ko"]["answered"] >= 0.5
    assert len(off_topic_questions()) >= 80


def test_the_switch_decides_which_thresholds_decide(settings, embedder, small_faq):
    settings, index = calibrated(settings, embedder, small_faq)
    index.calibration = {**index.calibration, "thresholds": {"ko": 0.999, "en": 0.999}}   # nothing can pass
    question = "소파 버리려면 어떻게 해요"
    assert AnswerService(settings, index=index, embedder=embedder).answer(question, "ko").status == "answered"
    on = replace(settings, calibrated_threshold=True)
    refused = AnswerService(on, index=index, embedder=embedder).answer(question, "ko")
    assert refused.status == "out_of_scope" and any("< 0.999" in note for note in refused.notes)
    assert threshold_for("en", on, calibration=index.calibration) == 0.999
    assert threshold_for("en", settings, calibration=index.calibration) == pytest.approx(0.855)
    # A stricter threshold asked for (a topic's answer giving way to a row) keeps its margin over the calibrated one.
    assert threshold_for("ko", on, 0.876, index.calibration) == pytest.approx(0.999 + 0.876 - 0.861)


def test_the_thresholds_are_published_with_their_version(tmp_path, embedder):
    knowledge = tmp_path / "knowledge"
    (knowledge / "faq").mkdir(parents=True)
    shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
    rows = re.sub(r",02-2286-\d+,", ",,", FAQ).splitlines()   # a publish takes each department's phone from its table
    (knowledge / "faq" / "demo.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path / "var"),
                              "knowledge_dir": str(knowledge), "calibrated_threshold": "true"}, environ={})
    first = publish(settings, embedder=embedder)
    assert first.calibrated and set(first.calibrated) == {"ko", "en"}
    store = IndexStore(settings.index_dir)
    saved = json.loads((settings.index_dir / first.version / "calibration.json").read_text(encoding="utf-8"))
    assert store.load(first.version).calibration == saved
    # Half the FAQ published next: its own calibration, and a rollback brings the first one back.
    (knowledge / "faq" / "demo.csv").write_text("\n".join(rows[:9]) + "\n", encoding="utf-8")
    second = publish(settings, embedder=embedder)
    assert store.load(second.version).calibration["probes"]["near_miss"]["ko"]["n"] == 8
    assert store.rollback() == first.version
    assert AnswerService(settings, embedder=embedder).index().calibration == saved


def test_eval_shows_the_calibrated_threshold_beside_the_best_for_its_queries(tmp_path, capsys, monkeypatch,
                                                                             small_faq):
    queries = tmp_path / "queries.csv"
    queries.write_text("query,expected_id,lang\n쇼파 버리려면 어떻게 해요,c-1,ko\n등본 어디서 떼요,c-5,ko\n"
                       "강아지 등록 어디서 하나요,c-13,ko\n주식 뭐 살까요,,ko\n", encoding="utf-8")
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "var"))
    assert main(["eval", "--faq", str(small_faq), "--queries", str(queries)]) == 0
    printed = capsys.readouterr().out
    assert "thresholds in use (ko / en): 0.861 / 0.855 (settings)" in printed
    assert "calibrated from the FAQ (ko / en): " in printed and "best for these queries: " in printed
    assert "not in use; MINWON_CALIBRATED_THRESHOLD=true uses them" in printed
    test = tmp_path / "test.csv"
    test.write_text("query,expected_id,lang\n음식물 쓰레기 버리는 시간,c-2,ko\n", encoding="utf-8")
    assert main(["eval", "--faq", str(small_faq), "--queries", str(queries), "--test", str(test)]) == 0
    assert "test at the calibrated thresholds: inscope_answer_rate=" in capsys.readouterr().out
    monkeypatch.setenv("MINWON_CALIBRATED_THRESHOLD", "true")
    assert main(["eval", "--faq", str(small_faq), "--queries", str(queries), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["calibrated"]["in_use"] and report["thresholds"] == report["calibrated"]["thresholds"]
    assert report["suggested"]["answer_threshold"] > 0


def test_new_off_topic_questions_calibrate_the_next_publish_again(tmp_path, monkeypatch):
    """The publish fingerprint covers our off-topic questions: a question added to the file is no
    "unchanged, nothing to publish" that keeps the thresholds calibrated without it."""
    import bot.answer.calibration as calibration
    from bot.publishing import calibration_key

    settings = Settings.load({"today": TODAY.isoformat(), "calibrated_threshold": "true"}, environ={})
    copy = tmp_path / "off_topic_questions.csv"
    shutil.copy(calibration.OFF_TOPIC, copy)
    monkeypatch.setattr(calibration, "OFF_TOPIC", copy)
    before = calibration_key(settings)
    assert calibration_key(settings) == before
    with copy.open("a", encoding="utf-8") as handle:
        handle.write("오늘 야구 몇 시에 해요,ko\n")
    assert calibration_key(settings) != before
    assert off_topic_questions()[-1] == ("오늘 야구 몇 시에 해요", "ko")     # and the probes read that file


def test_with_calibration_off_a_publish_does_not_calibrate(tmp_path, embedder, monkeypatch):
    """Off (the default), a publish spends nothing on probes and stores no thresholds; turning it on makes the
    next publish a new version with them."""
    knowledge = tmp_path / "knowledge"
    (knowledge / "faq").mkdir(parents=True)
    shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
    rows = re.sub(r",02-2286-\d+,", ",,", FAQ).splitlines()
    (knowledge / "faq" / "demo.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    values = {"today": TODAY.isoformat(), "data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge)}
    import bot.publishing

    monkeypatch.setattr(bot.publishing, "calibrate", lambda *a, **k: pytest.fail("calibrated with the setting off"))
    settings = Settings.load(values, environ={})
    off = publish(settings, embedder=embedder)
    assert off.calibrated is None and not (settings.index_dir / off.version / "calibration.json").exists()
    monkeypatch.undo()
    on = publish(Settings.load({**values, "calibrated_threshold": "true"}, environ={}), embedder=embedder)
    assert on.changed and on.version != off.version and set(on.calibrated) == {"ko", "en"}


def test_a_probe_is_ranked_as_a_residents_question_is(settings, embedder, small_faq, monkeypatch):
    """The probes go through the residents' retrieval (pipeline.retrieve_as_set): an English question's own BM25
    weight (english_lexical_weight, EmbeddingGemma's 0), the coverage switch and english_korean_forms count as they do
    for residents."""
    import bot.answer.pipeline as pipeline
    from bot.answer.calibration import probe

    own = replace(settings, lexical_weight=0.5, english_lexical_weight=0.0, coverage_weight=0.0,
                  english_korean_forms=False)
    index, _ = build(own, load_faq(small_faq, TODAY), embedder)
    seen = []
    real = pipeline.retrieve

    def spy(ctx, index, embedder, k, lexical_weight, *rest):
        seen.append((ctx.lang, lexical_weight, *rest[-2:]))   # coverage, english_korean_forms
        return real(ctx, index, embedder, k, lexical_weight, *rest)

    monkeypatch.setattr(pipeline, "retrieve", spy)
    probe("how do I throw away a sofa", "en", index, embedder, own)
    probe("소파 버리는 방법", "ko", index, embedder, own)
    assert seen == [("en", 0.0, False, False), ("ko", 0.5, False, False)]


def test_paraphrases_are_filed_under_the_language_the_gateway_detects(monkeypatch):
    """An alternate's language is the gateway's detector's (bot/language.py), not "is it ASCII": an accent
    ("café") is still English, and an English word in a Korean question leaves it Korean."""
    import bot.answer.calibration as calibration
    from bot.knowledge.faq import FaqRow

    rows = [FaqRow(id="r-1", question="카페 어디 있어요?", answer="성수동에 있어요.",
                   alternates=("café near Seongsu?", "쓰레기 봉투 price?", "Where do I buy garbage bags?"))]
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(calibration, "probe", lambda question, lang, *rest: asked.append((question, lang)) or 0.5)
    found = calibration.paraphrases(type("Index", (), {"rows": rows})(), None, None, without_alternates=object())
    assert asked == [("café near Seongsu?", "en"), ("쓰레기 봉투 price?", "ko"), ("Where do I buy garbage bags?", "en")]
    assert found == {"ko": [0.5], "en": [0.5, 0.5]}


def test_the_election_period_is_part_of_what_calibration_depends_on():
    """The guard refuses more of the probes in an election period, so turning it on or off calibrates again."""
    from bot.publishing import calibration_key

    values = {"today": TODAY.isoformat(), "calibrated_threshold": "true"}
    calm = Settings.load(values, environ={})
    election = Settings.load({**values, "election_period": "true"}, environ={})
    assert calibration_key(calm) != calibration_key(election)


def test_a_row_coming_into_force_calibrates_the_next_publish_again(tmp_path, embedder, monkeypatch):
    """The probes ask and find only the rows in force on the publish date: a row whose valid_from arrives
    makes the next publish a new calibration, though no file changed (the row is last in the file, so the
    rows' order, in force first, is the same on both days)."""
    import datetime as dt

    import bot.publishing

    knowledge = tmp_path / "knowledge"
    (knowledge / "faq").mkdir(parents=True)
    shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
    tomorrow = TODAY + dt.timedelta(days=1)
    rows = re.sub(r",02-2286-\d+,", ",,", FAQ).splitlines()
    rows[0] += ",valid_from"
    rows[1:] = [row + "," for row in rows[1:-1]] + [rows[-1] + "," + tomorrow.isoformat()]
    (knowledge / "faq" / "demo.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    calibrated = []
    monkeypatch.setattr(bot.publishing, "calibrate",
                        lambda index, *rest: calibrated.append(len(index.rows)) or {"thresholds": {}})
    values = {"data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge), "calibrated_threshold": "true"}
    today = publish(Settings.load({**values, "today": TODAY.isoformat()}, environ={}), embedder=embedder)
    again = publish(Settings.load({**values, "today": TODAY.isoformat()}, environ={}), embedder=embedder)
    assert today.changed and not again.changed
    next_day = publish(Settings.load({**values, "today": tomorrow.isoformat()}, environ={}), embedder=embedder)
    assert next_day.changed and next_day.version != today.version and len(calibrated) == 2
