"""Searching the library: articles with citations and the matching lines; filters; out-of-scope
questions; the index saved and loaded; the catalogue (add, replace, delete, history, audit)."""
from __future__ import annotations

import json

import pytest

from bot.library.catalogue import Library, Metadata
from bot.library.excerpt import excerpt, ranking_json
from bot.library.formats import LibraryFileError
from bot.library.index import LibraryIndex
from bot.library.live import LibraryService
from tests.library.corpus import make_hwp5, make_pdf, statutes_dir


def test_a_staff_question_finds_the_article_and_the_line(small_index, embedder):
    ranking = small_index.search("술 먹고 식당에서 시끄럽게 소란 피우는 사람 처벌", embedder)
    best = ranking.hits[0]
    assert best.unit_id == "경범죄처벌법/법률#제3조"
    assert best.citation.startswith("경범죄 처벌법 제3조 제1항 제")
    shown = excerpt(best)
    assert any(line.match and "음주소란" in line.text for line in shown)


def test_a_question_the_library_answers_is_answered(small_index, embedder):
    ranking = small_index.search("주민등록증 발급 사진 규격", embedder)
    assert ranking.answered() and ranking.hits[0].unit_id == "주민등록법/시행규칙#제9조"


def test_fines_questions_find_the_general_law_on_fines(small_index, embedder):
    ranking = small_index.search("과태료 부과에 이의제기 할 수 있는 기간", embedder)
    assert "질서위반행위규제법/법률#제20조" in [h.unit_id for h in ranking.hits[:3]]


def test_a_question_the_library_cannot_answer_is_not_answered(small_index, embedder):
    ranking = small_index.search("국내 출장 여비 지급 기준", embedder)
    assert not ranking.answered()
    payload = ranking_json(ranking)
    assert payload["answered"] is False and payload["results"]   # the nearest units are still shown


def test_filters_by_kind(small_index, embedder):
    ranking = small_index.search("범칙금 납부", embedder, kinds=("시행령",))
    assert ranking.hits and all(h.entry.document.kind == "시행령" for h in ranking.hits)
    assert all(h.unit_id.startswith("경범죄처벌법/시행령#") for h in ranking.hits)


def test_repealed_articles_are_not_searched(small_index):
    assert all(not e.unit.repealed for e in small_index.entries)


def test_the_index_saved_and_loaded_searches_the_same(small_index, embedder, tmp_path):
    small_index.save(tmp_path / "v1")
    loaded = LibraryIndex.load(tmp_path / "v1")
    question = "주민등록증 발급 사진 규격"
    assert ([h.unit_id for h in loaded.search(question, embedder).hits] ==
            [h.unit_id for h in small_index.search(question, embedder).hits])
    assert loaded.tuning.threshold == small_index.tuning.threshold      # the calibrated one
    assert loaded.search(question, embedder).confidence == pytest.approx(
        small_index.search(question, embedder).confidence, abs=1e-5)  # with the title and off-topic questions


def test_the_catalogue_adds_replaces_and_deletes_with_history_and_audit(tmp_path):
    audited = []
    library = Library(tmp_path / "library", lambda *entry: audited.append(entry))
    law = statutes_dir() / "경범죄처벌법" / "법률.md"
    document, replaced = library.add(law, "경범죄처벌법/법률", Metadata(department="질서행정과"), by="kim")
    assert not replaced and document.department == "질서행정과"
    newer = make_pdf(tmp_path / "새판.pdf", [["제1조(목적) 새 판의 목적", "제2조(정의) 새 판의 정의"]])
    document, replaced = library.add(newer, "경범죄처벌법/법률", Metadata(kind="법률"), by="lee", name="새판.pdf")
    assert replaced and [u.key for u in document.units] == ["제1조", "제2조"]
    entry = library.catalogue()["경범죄처벌법/법률"]
    assert entry["file"].endswith(".pdf") and entry["history"][0]["why"] == "replaced"
    assert (tmp_path / "library" / entry["history"][0]["file"]).read_text(encoding="utf-8").startswith("---")
    library.delete("경범죄처벌법/법률", by="lee")
    assert library.catalogue() == {}
    kept = json.loads((tmp_path / "library/history/경범죄처벌법/법률/deleted.json").read_text(encoding="utf-8"))
    assert [h["why"] for h in kept["history"]] == ["replaced", "deleted"]
    assert [a[0] for a in audited] == ["library_add", "library_replace", "library_delete"]


def test_an_unreadable_file_stores_nothing(tmp_path):
    library = Library(tmp_path / "library")
    with pytest.raises(LibraryFileError):
        library.add(make_hwp5(tmp_path / "옛.hwp"), "옛/기타")
    assert library.catalogue() == {} and not (tmp_path / "library" / "documents").exists()


def test_the_live_library_picks_up_a_rebuild(library_settings, embedder, tmp_path):
    from dataclasses import replace

    settings = replace(library_settings, library_dir=str(tmp_path / "live"))
    reader, writer = LibraryService(settings, embedder), LibraryService(settings, embedder)
    assert reader.search("현수막") is None                       # empty: nothing to search yet
    writer.library.add(statutes_dir() / "경범죄처벌법" / "시행령.md", "경범죄처벌법/시행령")
    writer.rebuild()
    assert reader.search("범칙금 납부 통고").hits[0].unit_id.startswith("경범죄처벌법/시행령#")


@pytest.mark.parametrize("question, laws", [
    ("쓰레기 무단투기 과태료 폐기물관리법", ["폐기물관리법"]),
    ("개인정보 보호법상 CCTV 안내판", ["개인정보보호법"]),
    ("도로교통법 시행령에서 견인 비용", ["도로교통법"]),
    ("과태료 이의제기 처리 방법", []),            # 방법, 불법: words ending in 법 that name no law
    ("불법 현수막 철거", []),
])
def test_the_laws_a_question_names(question, laws):
    from bot.library.names import named_laws

    assert named_laws(question) == laws


@pytest.mark.parametrize("law, title, names", [
    ("선거법", "공직선거법", True),                       # the end of the official title
    ("개보법", "개인정보 보호법", True),                  # what staff call it
    ("도교법", "도로교통법 시행령", True),                # … its decree too
    ("경범죄법", "경범죄 처벌법 시행령", True),
    ("폐기물관리법", "건축물관리법", False),
    ("아동복지법", "노인복지법", False),
    ("개보법", "건축법", False),
])
def test_staff_names_for_a_law_name_it(law, title, names):
    from bot.library.names import names_document
    from bot.library.units import Document

    assert names_document(law, Document("x/법률", title)) is names


def test_a_law_named_as_staff_call_it_is_not_an_absent_law(small_index, embedder):
    held = {d.title for d in small_index.documents}
    assert "경범죄 처벌법" in held
    ranking = small_index.search("경범법상 범칙금 납부 기한", embedder)
    assert not ranking.absent_laws
    assert ranking.hits[0].entry.document.title.startswith("경범죄 처벌법")


def test_a_question_naming_a_law_the_library_lacks_is_not_answered(small_index, embedder):
    question = "쓰레기 무단투기 과태료"
    plain = small_index.search(question, embedder)
    named = small_index.search(question + " 폐기물관리법", embedder)
    assert named.absent_laws == ["폐기물관리법"] and not plain.absent_laws
    assert not named.answered() and named.hits                 # the nearest articles are still shown
    assert named.confidence < plain.confidence - small_index.tuning.absent_law_penalty / 2


def test_naming_a_law_the_library_holds_favours_its_articles(small_index, embedder):
    import copy
    from dataclasses import replace

    question = "과태료 납부 기한 경범죄 처벌법"
    unboosted = copy.copy(small_index)
    unboosted.tuning = replace(small_index.tuning, law_boost=0.0)
    boosted_hits = small_index.search(question, embedder).hits
    plain_hits = unboosted.search(question, embedder).hits
    def in_law(hits):   # the act or its decree
        return [h.entry.document.title.startswith("경범죄 처벌법") for h in hits]

    assert in_law(boosted_hits)[0] and sum(in_law(boosted_hits)) > sum(in_law(plain_hits))
    assert not small_index.search(question, embedder).absent_laws


def test_everyday_words_bring_the_statute_words():
    from bot.library.query import question_terms

    assert "노인" in question_terms("어르신 실종되면 신고 절차").nouns
    assert "등록기준지" in question_terms("본적 바꾸려면").nouns


def test_everyday_verbs_bring_the_statute_words():
    from bot.library.query import question_terms

    assert "사망" in question_terms("할머니 돌아가셨는데 누가 신고해요").nouns
    assert {"국외", "이주"} <= set(question_terms("외국으로 아예 이민 간다는 주민").nouns)
    assert "해체" in question_terms("건물 다 부수고 나서").nouns


def test_staff_shorthand_brings_the_statute_words():
    from bot.library.query import question_terms

    assert {"이행", "강제금"} <= set(question_terms("이강금은 1년에 몇 번까지").nouns)
    assert {"경로", "우대"} <= set(question_terms("지하철 무료로 탈 수 있는 나이").nouns)
    assert {"용도", "변경"} <= set(question_terms("창고를 카페로 바꾸려는데").nouns)


def test_everyday_words_do_not_fire_across_words():
    from bot.library.query import question_terms

    assert "이주" not in question_terms("이 민원 처리 기한").nouns
    assert "해체" not in question_terms("수급자 부수입 신고").nouns
