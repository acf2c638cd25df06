"""An English question about a Korean FAQ: the glossary's (and the lexicon's) Korean words as a second embedded form
of it (e5-small's default), or as terms only (``english_korean_forms`` false: EmbeddingGemma-300M's default, whose
own vectors ranked English questions about Korean rows better alone; docs/adr/0003-retrieval.md)."""
from bot.answer.context import AnswerContext
from bot.answer.pipeline import retrieve_as_set
from bot.settings import Settings
from tests.conftest import TODAY

QUESTION = "When do I pay property tax?"   # the glossary knows "property tax" (재산세)


class Recording:
    """The test session's embedder, keeping every text it was asked to embed as a question."""

    def __init__(self, embedder) -> None:
        self.inner, self.name, self.dim, self.asked = embedder, embedder.name, embedder.dim, []

    def embed(self, texts, kind):
        if kind == "query":
            self.asked.extend(texts)
        return self.inner.embed(texts, kind)


def asked(demo_index, embedder, **values) -> tuple[list[str], AnswerContext]:
    recording = Recording(embedder)
    settings = Settings.load({"today": TODAY.isoformat(), "latent_weight": 0.0, **values}, environ={})
    ctx = retrieve_as_set(AnswerContext(QUESTION, "en", TODAY), demo_index, recording, settings, 5)
    return recording.asked, ctx


def test_by_default_the_korean_form_is_embedded_too(demo_index, embedder):
    texts, ctx = asked(demo_index, embedder)
    assert QUESTION in texts and any("재산세" in text for text in texts)
    assert ctx.candidates


def test_without_korean_forms_only_the_question_is_embedded(demo_index, embedder):
    texts, ctx = asked(demo_index, embedder, english_korean_forms=False)
    assert QUESTION in texts and not any("재산세" in text for text in texts)
    # The glossary's words still count as terms: the question is as specific as with the form.
    assert ctx.specificity == asked(demo_index, embedder)[1].specificity > 0
    assert ctx.candidates


def test_only_embeddinggemma_starts_without_korean_forms():
    assert Settings.load(environ={}).english_korean_forms is True
    gemma = Settings.load(environ={"MINWON_EMBEDDER": "sentence-transformers",
                                   "MINWON_EMBEDDER_MODEL": "var/models/embeddinggemma-300m"})
    assert gemma.english_korean_forms is False
    assert Settings.load(environ={"MINWON_EMBEDDER": "sentence-transformers", "MINWON_ENGLISH_KOREAN_FORMS": "true",
                                  "MINWON_EMBEDDER_MODEL": "var/models/embeddinggemma-300m"}).english_korean_forms
