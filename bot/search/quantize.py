"""A sentence-transformers model made cheaper on a CPU (``MINWON_EMBEDDER_QUANTIZE=int8``): its Linear layers
in int8 (torch's dynamic quantisation: int8 weights, activations quantised per call), except those int8 hurts
(``int8_layers``), and its token table in int8 rows (each row with its own scale, turned back into floats only
for the tokens looked up).

EmbeddingGemma-300M's fp32 weights are 1.2 GB, two thirds of them the token table (262,144 × 768): int8 rows
bring the table to a quarter and the layers' int8 kernels cut the CPU per text. What it does to quality
and cost, measured: docs/benchmarks.md (bench/embedder_cost.py)."""
from __future__ import annotations

import ctypes
import gc
import warnings

import torch
from torch import nn

QUANTIZE_CHOICES = ("", "int8")
CHUNK_ROWS = 16384
EDGE_BLOCKS = 2      # a decoder's first and last blocks stay float (int8_layers)


class Int8Rows(nn.Module):
    """A token embedding table held as int8 rows with one float scale each (symmetric). Looks up the
    same rows as the table it replaces, times the table's own ``embed_scale`` where it has one (Gemma's)."""

    def __init__(self, table: nn.Embedding) -> None:
        super().__init__()
        weight = table.weight.detach()
        rows = torch.empty(weight.shape, dtype=torch.int8)
        scale = torch.empty(weight.shape[0], dtype=torch.float32)
        for start in range(0, weight.shape[0], CHUNK_ROWS):   # in chunks: no fp32 copy of the whole table at once
            chunk = weight[start:start + CHUNK_ROWS].float()
            scale[start:start + CHUNK_ROWS] = chunk.abs().amax(dim=1).clamp(min=1e-12) / 127.0
            rows[start:start + CHUNK_ROWS] = torch.round(chunk / scale[start:start + CHUNK_ROWS, None]).to(torch.int8)
        self.register_buffer("rows", rows)
        self.register_buffer("scale", scale)
        embed_scale = getattr(table, "embed_scale", None)
        self.register_buffer("embed_scale", embed_scale.detach().clone().float() if embed_scale is not None else None)
        self.num_embeddings, self.embedding_dim = weight.shape

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        vectors = self.rows[input_ids].float() * self.scale[input_ids].unsqueeze(-1)
        return vectors * self.embed_scale if self.embed_scale is not None else vectors


def check(kind: str) -> None:
    if kind not in QUANTIZE_CHOICES:
        raise ValueError(f"unknown embedder_quantize '{kind}': use int8, or leave it empty for the model's own weights")


def quantize(model: nn.Module, kind: str) -> nn.Module:
    """``model`` (a SentenceTransformer, changed in place) with its weights in ``kind`` ("" leaves it as it is)."""
    check(kind)
    if not kind:
        return model
    for module in list(model.modules()):
        get_table = getattr(module, "get_input_embeddings", None)
        table = get_table() if callable(get_table) else None
        if isinstance(table, nn.Embedding):
            module.set_input_embeddings(Int8Rows(table))
    with warnings.catch_warnings():   # torch marks torch.ao.quantization deprecated in favour of torchao (ADR 0003)
        warnings.simplefilter("ignore")
        layers = int8_layers(model)
        with torch.no_grad():   # an int8 layer keeps its float bias as it is: a view into the model file
            for name in layers:
                bias = model.get_submodule(name).bias
                if bias is not None:
                    bias.data = bias.data.clone()
        torch.ao.quantization.quantize_dynamic(model, set(layers), dtype=torch.qint8, inplace=True)
    _own_copies(model)
    return model


def int8_layers(model: nn.Module) -> list[str]:
    """The Linear layers that go int8: all but those whose input int8 cannot hold. In a decoder's blocks
    (a ``layers`` list: Gemma, Llama, Qwen) the MLP's output projection (``down_proj``) reads activations with
    outliers, and the first and last EDGE_BLOCKS blocks matter most: in int8 they moved EmbeddingGemma's vectors
    to a cosine of 0.93 with its fp32 ones, kept in float 0.99 (docs/benchmarks.md). Other models (BERT's
    ``encoder.layer``) go int8 whole."""
    edges: set[str] = set()
    for name, module in model.named_modules():
        if isinstance(module, nn.ModuleList) and name.split(".")[-1] == "layers":
            count = len(module)
            edges |= {f"{name}.{i}." for i in range(count) if i < EDGE_BLOCKS or i >= count - EDGE_BLOCKS}
    return [name for name, module in model.named_modules() if isinstance(module, nn.Linear)
            and not name.endswith("down_proj") and not any(name.startswith(edge) for edge in edges)]


def _own_copies(model: nn.Module) -> None:
    """The weights left in floats (norms, biases), copied out of the model file: transformers maps the file
    into memory and reads from it, so while any weight still points into it, every page quantising read
    stays resident; once none does, the mapping goes."""
    with torch.no_grad():
        for tensor in [*model.parameters(), *model.buffers()]:
            tensor.data = tensor.data.clone()
    gc.collect()


def return_freed_memory() -> None:
    """Hand freed pages back to the system: glibc keeps them otherwise. Loading EmbeddingGemma's tokenizer frees
    about 190 MB it used while reading its 33 MB file, and int8 frees the fp32 weights. Elsewhere a no-op."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
