"""The Korean lexicon: the FAQ's own nouns, embedded at publish, found for an English question's
words; they rank rows for English questions about a Korean FAQ but leave the in-scope decision's
cosine alone."""
from dataclasses import replace

import numpy as np
import pytest

from bot.answer.context import AnswerContext
from bot.answer.pipeline import understand
from bot.knowledge.faq import FaqRow, load_faq
from bot.publishing import build, embedding_cache
from bot.search.index import FaqIndex
from bot.search.korean_lexicon import KoreanLexicon, english_words
from bot.search.lexical import analyse, nouns, terms
from bot.search.versions import IndexStore
from bot.settings import ROOT, Settings
from tests.conftest import TODAY


def row(row_id, question, answer, lang="ko"):
    return FaqRow(id=row_id, question=question, answer=answer, lang=lang, category="test", department="문화체육과",
                  phone="02-2286-5000", url="https://example.org", file="t.csv", row=2)


ROWS = [row("k1", "구립 박물관 관람 시간은요?", "화요일부터 일요일까지 열어요. 호텔 숙박객 할인은 없어요."),
        row("k2", "공원 화장실은 어디에 있어요?", "공원 입구 옆 건물에 있어요."),
        row("e1", "Where is the museum shop?", "Next to the entrance hall.", lang="en")]


def test_english_words_are_content_words_once_each():
    assert english_words("Where is the MUSEUM, and is the museum's shop open? I'm asking") == \
        ["museum", "museum's", "shop", "open", "asking"]
    assert english_words("how do I") == []


def test_a_korean_faq_gets_its_korean_nouns_and_an_english_faq_none(embedder):
    index, _ = FaqIndex.build(ROWS, embedder)
    assert {"박물관", "호텔", "화장실", "공원"} <= set(index.lexicon.nouns)
    assert not {"museum", "shop"} & set(index.lexicon.nouns)          # English rows give no nouns
    assert index.lexicon.vectors.shape == (len(index.lexicon.nouns), embedder.dim)
    assert FaqIndex.build([replace(r, lang="en") for r in ROWS], embedder)[0].lexicon is None


def test_settings_that_use_neither_the_lexicon_nor_noun_coverage_embed_no_nouns(embedder, settings):
    from bot.knowledge.faq import FaqSet

    faq = FaqSet(rows=list(ROWS), expired=[], problems=[], due_for_review=[])
    off = replace(settings, lexicon_similarity=0.0, coverage_weight=0.0)
    index, stats = build(off, faq, embedder)
    assert index.lexicon is None and stats.embedded == stats.vectors          # the units, and no noun
    assert build(replace(off, coverage_weight=0.15), faq, embedder)[0].lexicon is not None
    assert build(replace(off, lexicon_similarity=0.86), faq, embedder)[0].lexicon is not None
    ctx = understand(AnswerContext("박물관 몇 시에 열어요?", "ko", TODAY), index, embedder, off, 3)
    assert ctx.candidates[0].row.id == "k1" and ctx.candidates[0].coverage == 1.0


def test_an_english_word_takes_the_nearest_noun_when_close_enough(embedder):
    lexicon, _ = KoreanLexicon.build(["박물관", "호텔", "화장실", "공원", "주차장"], embedder)
    assert lexicon.korean_for(["museum", "hotel", "restroom"], embedder) == ["박물관", "호텔", "화장실"]
    assert lexicon.korean_for(["hotel", "hotels"], embedder) == ["호텔"]            # each noun once
    assert lexicon.korean_for(["hotel"], embedder, min_similarity=0.999) == []     # not close enough
    assert lexicon.korean_for([], embedder) == []


def test_an_english_word_is_embedded_once_per_lexicon(embedder, monkeypatch):
    import bot.search.korean_lexicon as korean_lexicon

    lexicon, _ = KoreanLexicon.build(["박물관", "호텔"], embedder)
    asked = []

    class Counting:
        def embed(self, texts, kind):
            asked.append(list(texts))
            return embedder.embed(texts, kind)

    assert lexicon.korean_for(["museum", "hotel"], Counting()) == ["박물관", "호텔"]
    assert lexicon.korean_for(["hotel", "museum", "hotels"], Counting()) == ["호텔", "박물관"]
    assert asked == [["museum", "hotel"], ["hotels"]]
    monkeypatch.setattr(korean_lexicon, "WORDS_KEPT", 3)          # full: still answered, no longer kept
    assert lexicon.korean_for(["restroom"], Counting()) == [] and "restroom" not in lexicon._words


def test_nouns_are_embedded_once_then_cached(embedder, settings):
    cache = embedding_cache(settings)
    korean = nouns("구립 박물관 관람 시간") + nouns("공원 화장실 위치")
    first, embedded = KoreanLexicon.build(korean, embedder, cache)
    again, embedded_again = KoreanLexicon.build(korean, embedder, cache)
    assert {"박물관", "화장실", "공원"} <= set(first.nouns)
    assert embedded == len(first.nouns) > 0 and embedded_again == 0
    assert again.nouns == first.nouns and np.array_equal(again.vectors, first.vectors)


def test_a_saved_version_keeps_its_lexicon(embedder, tmp_path):
    index, stats = FaqIndex.build(ROWS, embedder)
    store = IndexStore(tmp_path / "index")
    loaded = store.load(store.save(index, stats, "fp", {}))
    assert loaded.lexicon.nouns == index.lexicon.nouns
    assert np.array_equal(loaded.lexicon.vectors, index.lexicon.vectors)


@pytest.fixture(scope="module")
def korean_demo_index(embedder, tmp_path_factory):
    """The demo FAQ without its English twins: English questions must find the Korean row."""
    folder = tmp_path_factory.mktemp("faq")
    for path in (ROOT / "knowledge" / "faq").glob("*.csv"):
        if path.name != "english.csv":
            (folder / path.name).write_bytes(path.read_bytes())
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path_factory.mktemp("index"))},
                             environ={})
    index, _ = build(settings, load_faq(folder, TODAY), embedder)
    return index


@pytest.mark.parametrize("question, without, expected", [
    ("What subway line do I take to get to Seoul Forest?", "welfare-002", "events-016"),
    ("Is there a city-run parking lot near Wangsimni?", "park-004", "park-010"),
])
def test_the_lexicon_puts_the_right_korean_row_first(korean_demo_index, embedder, settings, question, without,
                                                     expected):
    def candidates(similarity):
        ctx = understand(AnswerContext(question, "en", TODAY), korean_demo_index, embedder,
                         replace(settings, lexicon_similarity=similarity), 5, threshold=-1.0)
        return ctx

    off, on = candidates(0.0), candidates(settings.lexicon_similarity)
    assert off.candidates[0].row.id == without and on.candidates[0].row.id == expected
    assert any("lexicon=" in note for note in on.notes) and not any("lexicon=" in note for note in off.notes)
    # The nouns rank; the cosine the in-scope decision compares is the question's own.
    dense_off = {c.row.id: c.dense for c in off.candidates}
    assert all(c.dense == pytest.approx(dense_off[c.row.id], abs=1e-6) for c in on.candidates if c.row.id in dense_off)


def test_korean_questions_do_not_use_the_lexicon(korean_demo_index, embedder, settings):
    ctx = understand(AnswerContext("빈 생수병도 플라스틱으로 버려요?", "ko", TODAY), korean_demo_index, embedder,
                     settings, 3)
    assert ctx.candidates and not any("lexicon=" in note for note in ctx.notes)


def test_one_kiwipiepy_pass_gives_the_bm25_terms_and_the_nouns():
    text = "구립 박물관 관람 시간은 몇 시예요? Museum hours"
    found, korean_nouns = analyse(text)
    assert found == terms(text) and "museum" in found and "박물관" in found
    assert korean_nouns == nouns(text) and "박물관" in korean_nouns and "museum" not in korean_nouns
    assert all(len(n) >= 2 for n in korean_nouns)                       # 시 (one syllable) is not a noun here
