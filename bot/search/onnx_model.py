"""A sentence-transformers model run by ONNX Runtime (``MINWON_EMBEDDER_RUNTIME=onnx``): no torch at serving time.

`make embedder-gemma-onnx` (``python -m bot.search.onnx_model FOLDER``) converts a model folder once: the whole
of what sentence-transformers computes (the transformer, pooling, dense layers, normalisation: the folder's
modules.json) exported by torch into ``FOLDER/onnx/model.onnx``, checked against sentence-transformers' own
vectors, and ``model_int8_v2.onnx`` beside it (ONNX Runtime's dynamic quantisation: int8 weights, activations
quantised per call, and the token table in int8; ``int8_excluded`` names what stays float), each file's weights in
a ``.data`` file beside it, which ONNX Runtime maps rather than copies. Texts are tokenised as sentence-transformers
tokenises them (the folder's tokenizer, its prompts, its length limit); ONNX Runtime runs the rest with its graph
optimisations, one text per run, ``OnnxRuns.workers`` texts at once. What each costs and does to quality:
docs/benchmarks.md (bench/embedder_cost.py for the files, bench/onnx_runs.py for how they are run).
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ONNX_DIR = "onnx"
# int8 since 2026-12-07 evening: the edge blocks in int8 too (EmbeddingGemma: dev hit@1 as fp32's on the demo FAQ and
# Boulder, 0.75x the first int8 file's CPU per question, docs/benchmarks.md); its own name, so that vectors cached
# from the first file (model_int8.onnx, edge blocks float) are never mixed with its own
FILES = {"": "model.onnx", "int8": "model_int8_v2.onnx"}
OPSET = 18
EDGE_BLOCKS = 0       # a decoder's first and last blocks kept float in int8 (bot/search/quantize.py keeps 2 for torch)


def variant(quantize: str) -> str:
    """The file's part of the embedder's name ("" for fp32, "int8_v2"): cached vectors and the index follow it."""
    return Path(FILES[quantize]).stem.removeprefix("model").lstrip("_")


def onnx_file(folder: Path, quantize: str = "") -> Path:
    if quantize not in FILES:
        raise ValueError(f"unknown embedder_quantize '{quantize}': use int8, or leave it empty for the model's own weights")
    return folder / ONNX_DIR / FILES[quantize]


class MissingOnnx(FileNotFoundError):
    pass


@dataclass(frozen=True)
class OnnxRuns:
    """How a server runs the model: ``threads`` ONNX Runtime intra-op threads per text (0: one per core), at most
    ``workers`` texts at once (a list of passages is spread over them, one text per run: no padding)."""
    threads: int = 1
    workers: int = 2


class OnnxEmbedder:
    """A converted model folder run by ONNX Runtime. Same vectors as SentenceTransformerEmbedder's (cosine
    ≥ 0.9999 in fp32: checked when converting, and by tests/test_embedder_onnx.py)."""

    def __init__(self, folder: Path, quantize: str = "", dimensions: int = 0, max_tokens: int = 0,
                 runs: OnnxRuns = OnnxRuns(), file: Path | None = None) -> None:
        try:
            import onnxruntime  # noqa: F401
        except ImportError as exc:
            raise MissingOnnx("onnxruntime is not installed: run `make embedder-st`") from exc
        self.path = file or onnx_file(folder, quantize)
        if not self.path.exists():
            raise MissingOnnx(f"{self.path} is missing: convert the model once with `make embedder-gemma-onnx` "
                              f"(or `python -m bot.search.onnx_model {folder}`)")
        config = _json(folder / "sentence_bert_config.json")
        self.max_tokens = max_tokens or int(config.get("max_seq_length")
                                            or _json(folder / "tokenizer_config.json").get("model_max_length", 512))
        self.tokenizer = tokenizer(folder, self.max_tokens)
        prompts = _json(folder / "config_sentence_transformers.json").get("prompts") or {}
        from bot.search.embedders import _prompts

        self._prompts = {"query": prompts["query"], "passage": prompts["document"]} \
            if {"query", "document"} <= set(prompts) else _prompts(prompts, str(folder))
        self.name = f"st-{folder.name}-onnx-{self.path.stem}"   # make_embedder names it as the settings do
        self.runs = runs
        self._session = self._open(runs)
        full = int(self._session.get_outputs()[0].shape[-1])
        if dimensions and not 0 < dimensions <= full:
            raise ValueError(f"embedder_dimensions {dimensions}: this model's vectors have {full}")
        self.dim = dimensions or full
        # One text per run: no padding. EmbeddingGemma int8 on ONNX Runtime, 32 Seoul 120 passages on one thread,
        # cost 150 ms of CPU each one at a time, 209 in batches of 8, 380 in batches of 32 (docs/benchmarks.md)
        self.batch_size = 1
        self._swap = threading.Lock()
        self._running = threading.BoundedSemaphore(max(1, runs.workers))
        self._threads: ThreadPoolExecutor | None = None

    def _open(self, runs: OnnxRuns):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = runs.threads
        options.inter_op_num_threads = 1
        # Threads that wait for work sleep instead of spinning: the gateway, Rasa and the console share the CPU.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # An arena that grows by what a run asks, no more: EmbeddingGemma int8, 200 questions and 200 Seoul 120
        # passages, 500 MB added and 149 ms of CPU a passage, against 622 MB and 171 ms with plain malloc, whose
        # freed buffers stay with the process and come back as fresh pages (docs/benchmarks.md)
        options.enable_cpu_mem_arena = True
        session = ort.InferenceSession(str(self.path), options, providers=[
            ("CPUExecutionProvider", {"arena_extend_strategy": "kSameAsRequested"})])
        session.run(None, {"input_ids": np.array([[2]], dtype=np.int64), "attention_mask": np.array([[1]], dtype=np.int64)})
        return session

    def set_threads(self, threads: int) -> None:
        if threads != self.runs.threads:
            with self._swap:
                self.runs = replace(self.runs, threads=threads)
                self._session = None
                self._session = self._open(self.runs)

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prompted = [self._prompts["query" if kind == "query" else "passage"] + t for t in texts]
        order = np.argsort([-len(t) for t in prompted], kind="stable")   # as sentence-transformers: by length
        batches = [order[start:start + self.batch_size] for start in range(0, len(texts), self.batch_size)]
        if self.runs.workers > 1 and len(batches) > 1:
            found = list(self._pool().map(lambda chosen: self._run([prompted[i] for i in chosen]), batches))
        else:
            found = [self._run([prompted[i] for i in chosen]) for chosen in batches]
        out = np.empty((len(texts), found[0].shape[1]), dtype=np.float32)
        for chosen, vectors in zip(batches, found):
            out[chosen] = vectors
        out = out[:, :self.dim]   # Matryoshka: the first dimensions, normalised again
        return np.ascontiguousarray(out / np.linalg.norm(out, axis=1, keepdims=True), dtype=np.float32)

    def _pool(self) -> ThreadPoolExecutor:
        """Threads kept for the next list: ONNX Runtime runs one session from many threads, and the C library keeps
        a memory arena per thread (new threads for every list would grow the process)."""
        with self._swap:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(self.runs.workers, thread_name_prefix="onnx-embed")
            return self._threads

    def _run(self, texts: list[str]) -> np.ndarray:
        tokens = self.tokenizer.encode_batch(texts)
        feed = {"input_ids": np.array([t.ids for t in tokens], dtype=np.int64),
                "attention_mask": np.array([t.attention_mask for t in tokens], dtype=np.int64)}
        with self._running:   # at most ``workers`` texts at once, whoever asks (publishing, residents' questions)
            with self._swap:
                session = self._session
            return session.run(None, feed)[0]


def tokenizer(folder: Path, max_tokens: int):
    """The folder's fast tokenizer (``tokenizer.json``) set up as sentence-transformers calls it: special tokens
    added, cut at ``max_tokens``, a batch padded to its longest text on the tokenizer's side. The ``tokenizers``
    library alone: transformers' AutoTokenizer would import torch, which ONNX Runtime does not need."""
    from tokenizers import Tokenizer

    if not (folder / "tokenizer.json").exists():
        raise MissingOnnx(f"{folder} has no tokenizer.json (a fast tokenizer), which the ONNX runtime reads")
    found = Tokenizer.from_file(str(folder / "tokenizer.json"))
    config = _json(folder / "tokenizer_config.json")
    pad = config.get("pad_token") or "[PAD]"
    pad = pad["content"] if isinstance(pad, dict) else pad
    found.no_padding()
    found.enable_padding(direction=config.get("padding_side", "right"), pad_id=found.token_to_id(pad) or 0, pad_token=pad)
    found.no_truncation()
    found.enable_truncation(max_tokens)
    return found


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# ---------------------------------------------------------------- converting a model folder (needs torch)

def export(folder: Path, out: Path) -> Path:
    """The folder's whole sentence-transformers model as one ONNX graph: token ids and mask in, the normalised
    sentence embedding out (batch and length dynamic)."""
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True,
                                model_kwargs={"attn_implementation": "eager"})
    model.eval()

    class Whole(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            features = {"input_ids": input_ids, "attention_mask": attention_mask}
            config = self.model[0].auto_model.config
            if getattr(config, "use_bidirectional_attention", False):
                # Gemma 3 builds its attention masks with vmap, which torch's exporter cannot trace: the same masks
                # written out (every token sees every other; in a sliding layer those closer than its window).
                out = self.model[0].auto_model(input_ids=input_ids, attention_mask=bidirectional_masks(
                    attention_mask, config.sliding_window))
                features["token_embeddings"] = out[0]
                for module in list(self.model)[1:]:
                    features = module(features)
            else:
                features = self.model(features)
            return torch.nn.functional.normalize(features["sentence_embedding"], dim=-1)

    tokens = model.tokenize(["an example to trace", "a second, longer example to trace the shapes with"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(Whole(), (tokens["input_ids"], tokens["attention_mask"]), str(out), dynamo=False,
                          input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                        "sentence_embedding": {0: "batch"}}, opset_version=OPSET)
    return out


def bidirectional_masks(attention_mask, window: int) -> dict:
    """Gemma 3's two additive masks for bidirectional attention over a padded batch: full layers see every real
    token, sliding layers the real tokens less than ``window`` positions away (transformers' masking_utils with
    use_bidirectional_attention, which traces through vmap)."""
    import torch

    positions = torch.arange(attention_mask.shape[1], device=attention_mask.device)
    real = attention_mask.bool()[:, None, None, :]
    near = ((positions[:, None] - positions[None, :]).abs() < window)[None, None]
    lowest = torch.finfo(torch.float32).min
    zero = torch.zeros((), dtype=torch.float32)
    return {"full_attention": torch.where(real, zero, lowest), "sliding_attention": torch.where(real & near, zero, lowest)}


def int8_excluded(path: Path, outliers: bool = True, edge_blocks: int = EDGE_BLOCKS) -> list[str]:
    """The MatMul nodes that stay float in int8: the rotary position tables' (positions, not weights) and, with
    ``outliers``, as bot/search/quantize.py's int8_layers, a decoder's MLP output projections (``down_proj``,
    whose inputs have outliers) and its first and last ``edge_blocks`` blocks; an encoder (BERT) goes int8 whole."""
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    matmuls = [node.name for node in graph.node if node.op_type == "MatMul"]
    blocks = {int(m.group(1)) for name in matmuls if (m := re.search(r"/layers\.(\d+)/", name))}
    edge = {i for i in blocks if i < edge_blocks or i > max(blocks) - edge_blocks} if blocks and outliers else set()
    return [name for name in matmuls if "rotary" in name or (outliers and "down_proj" in name)
            or ((m := re.search(r"/layers\.(\d+)/", name)) and int(m.group(1)) in edge)]


def quantize(source: Path, target: Path, exclude: list[str] | None = None, per_channel: bool = True,
             reduce_range: bool = False, gather: bool = False) -> Path:
    """int8 weights for the MatMuls (ONNX Runtime's dynamic quantisation), but ``exclude``; ``gather``: the token
    table too (one scale for all of it)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=per_channel,
                     reduce_range=reduce_range, nodes_to_exclude=exclude or [],
                     op_types_to_quantize=["MatMul", "Gather"] if gather else ["MatMul"])
    return target


def weights_beside(path: Path) -> Path:
    """The file's weights moved into ``<file>.data`` beside it, which ONNX Runtime maps into memory rather than
    copying: the rows of a token table that no text uses are never read (EmbeddingGemma's has 262,144)."""
    import onnx

    model = onnx.load(str(path))
    data = path.with_name(path.name + ".data")
    data.unlink(missing_ok=True)
    onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True, location=data.name,
                    size_threshold=1024)
    data.chmod(path.stat().st_mode & 0o777)   # readable by whoever may read the graph (onnx writes it 0600)
    return path


def agreement(folder: Path, file: Path, texts: list[str]) -> dict[str, float]:
    """The lowest cosine between sentence-transformers' vectors and the ONNX file's, per kind (prompts included)."""
    from bot.search.embedders import SentenceTransformerEmbedder

    reference = SentenceTransformerEmbedder(str(folder))
    converted = OnnxEmbedder(folder, file=file)
    return {kind: float(np.min(np.sum(reference.embed(texts, kind) * converted.embed(texts, kind), axis=1)))
            for kind in ("query", "passage")}


CHECK_TEXTS = ["대형폐기물은 어떻게 버리나요?", "여권 재발급에 필요한 서류", "How do I renew my dog licence?",
               "주민등록등본을 온라인으로 발급받을 수 있나요? 수수료는 얼마인가요?",
               "Bulky waste such as sofas is collected after you book a pickup online or by phone.",
               "전입신고는 이사한 날부터 14일 이내에 해야 합니다. 주민센터를 방문하거나 정부24에서 신청하세요."]


def convert(folder: Path, int8: bool = True) -> list[Path]:
    """`make embedder-gemma-onnx`: the folder's model as ONNX (fp32, and int8), each with its weights in a ``.data``
    file beside it and checked against sentence-transformers' vectors; a file that does not agree is removed and the
    conversion fails."""
    fp32 = export(folder, onnx_file(folder))
    made = [fp32]
    if int8:
        made.append(quantize(fp32, onnx_file(folder, "int8"), exclude=int8_excluded(fp32), gather=True))
    for file in made:
        weights_beside(file)
    for file, floor in zip(made, (0.9999, 0.95)):
        lowest = agreement(folder, file, CHECK_TEXTS)
        print(f"{file}: lowest cosine with sentence-transformers' vectors {min(lowest.values()):.5f}")
        if min(lowest.values()) < floor:
            file.unlink()
            file.with_name(file.name + ".data").unlink(missing_ok=True)
            raise SystemExit(f"{file.name} does not agree with the model (cosine below {floor}): removed")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert a sentence-transformers model folder to ONNX (fp32 and int8)")
    parser.add_argument("folder", help="the model folder (e.g. var/models/embeddinggemma-300m)")
    parser.add_argument("--no-int8", action="store_true")
    args = parser.parse_args(argv)
    folder = Path(args.folder).expanduser()
    if not (folder / "modules.json").exists():
        print(f"{folder} is not a sentence-transformers model folder (no modules.json): run `make embedder-gemma` "
              "first, or give the folder", file=sys.stderr)
        return 1
    for file in convert(folder, int8=not args.no_int8):
        print(f"wrote {file}")
    print("use it with MINWON_EMBEDDER_RUNTIME=onnx (and MINWON_EMBEDDER_QUANTIZE=int8 for the int8 file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
