"""knowledge/taught_questions.csv: questions staff taught join their row's alternates when published
(and only then), a broken file publishes nothing, a question whose row is gone is named in Korean; the
queue's resolutions on SQLite and PostgreSQL (migration 0008)."""
from __future__ import annotations

import argparse

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.cli import cmd_validate
from bot.knowledge.faq import FaqRow
from bot.knowledge.files import KnowledgeError
from bot.knowledge.taught import TAUGHT_FILE, Taught, TaughtQuestion, load_taught, taught_problems, with_taught
from bot.publishing import publish
from bot.search.versions import IndexStore
from bot.storage import Base, migrate
from bot.unanswered import UnansweredStore
from console.knowledge.staging import problems_in
from console.knowledge.wording import in_korean
from tests.conftest import TODAY
from tests.handoff.test_migration import config
from tests.test_publishing import district_files, settings  # noqa: F401  (fixtures)

ROW = FaqRow("t-1", "재산세는 언제 내요?", "7월과 9월에 내요.", alternates=("재산세 납부 기간",))


def taught(*pairs: tuple[str, str]) -> Taught:
    return Taught([TaughtQuestion(faq_id, question, row=n + 2) for n, (faq_id, question) in enumerate(pairs)])


def test_taught_questions_join_their_rows_alternates_once():
    other = FaqRow("t-2", "종량제 봉투는 어디서 사요?", "편의점에서 사요.")
    rows = with_taught([ROW, other], taught(("t-1", "집 세금 고지서 몇 월에 와요"), ("t-1", "재산세 납부 기간!"),
                                           ("t-1", "재산세는 언제 내요"), ("t-1", "집 세금 고지서  몇 월에 와요?")))
    assert rows[0].alternates == ("재산세 납부 기간", "집 세금 고지서 몇 월에 와요")   # the same wording adds nothing
    assert rows[1] is other


def test_a_question_whose_row_is_gone_is_a_warning_in_korean(tmp_path):
    problems = taught_problems(taught(("t-1", "a"), ("t-9", "b")), [ROW])
    assert [(p.row, p.column, p.severity) for p in problems] == [(3, "id", "warning")]
    assert in_korean(problems[0]).startswith("번호 't-9'인 FAQ가 없어서 이 가르친 질문은 쓰지 않아요.")


def test_published_with_the_folder_not_before(settings, embedder, capsys):  # noqa: F811
    first = publish(settings, embedder=embedder)
    (settings.knowledge_dir / TAUGHT_FILE).write_text(
        "id,question,added_by,added_on\nt-1,집 세금 고지서 몇 월에 와요,admin1,2026-11-25\nt-9,없는 줄,admin1,\n",
        encoding="utf-8")
    assert cmd_validate(argparse.Namespace(), settings) == 0
    assert "taught_questions.csv row 3, column id: 't-9' is not the id of any FAQ row" in capsys.readouterr().out
    second = publish(settings, embedder=embedder)
    assert second.changed and second.version != first.version
    t1 = next(r for r in IndexStore(settings.index_dir).rows(second.version) if r.id == "t-1")
    assert t1.alternates == ("재산세 납부 기간", "집 세금 고지서 몇 월에 와요")
    # A single FAQ file published on its own has no taught questions.
    single = publish(settings, settings.faq_dir / "demo.csv", embedder=embedder)
    assert next(r for r in IndexStore(settings.index_dir).rows(single.version) if r.id == "t-1").alternates == (
        "재산세 납부 기간",)


def test_a_broken_taught_file_publishes_nothing(settings, embedder):  # noqa: F811
    first = publish(settings, embedder=embedder)
    (settings.knowledge_dir / TAUGHT_FILE).write_text("id,question\nt-1,\n", encoding="utf-8")
    problems = [p for p in problems_in(settings.knowledge_dir, TODAY) if p.severity == "error"]
    assert [str(p) for p in problems] == ["taught_questions.csv row 2, column question: empty: this column is required"]
    with pytest.raises(KnowledgeError):
        publish(settings, embedder=embedder, force=True)
    assert IndexStore(settings.index_dir).current_version() == first.version
    assert load_taught(settings.knowledge_dir / "nowhere").questions == []


def test_resolutions_detach_and_follow_a_renamed_draft(database_url):
    store = UnansweredStore(database_url)
    store.resolve([("unanswered", 1), ("down", 1)], "t-1", "a1", "admin1")
    store.resolve([("unanswered", 2)], "new-001", "draft:new-001", "admin1")
    store.resolve([("unanswered", 1)], "t-3", "a2", "staff1")          # attached again elsewhere: it moves
    found = store.resolutions()
    assert {ref: (r.faq_id, r.teaching) for ref, r in found.items()} == {
        ("unanswered", 1): ("t-3", "a2"), ("down", 1): ("t-1", "a1"), ("unanswered", 2): ("new-001", "draft:new-001")}
    store.retarget("draft:new-001", "draft:pet-001", "pet-001")
    assert store.resolutions()[("unanswered", 2)].faq_id == "pet-001"
    assert store.unresolve("a1") == 1 and ("down", 1) not in store.resolutions()
    assert store.unresolve("draft:pet-001") == 1 and store.unresolve("a2") == 1 and store.resolutions() == {}


def test_migration_0008_matches_the_model_and_goes_down_and_up(database_url):
    migrate(database_url)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in differences if "question_resolutions" in str(d)] == []
    command.downgrade(config(database_url), "0006")
    assert "question_resolutions" not in inspect(engine).get_table_names()
    command.upgrade(config(database_url), "head")
    assert "question_resolutions" in inspect(engine).get_table_names()
    engine.dispose()
