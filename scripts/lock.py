"""`make lock`: compile requirements/*.in into lock files that pin every package with its hashes.

    .venv/bin/python scripts/lock.py            # recompile every lock (uv pip compile; needs PyPI)
    .venv/bin/python scripts/lock.py --check    # offline: fail when an input changed after its lock

Each lock records the SHA-256 of what it was compiled from: its .in file and every file that names
with -r/-c (the earlier locks, torch.txt). `--check` (run by tests/test_locks.py, so by CI) recomputes
it; a requirements file edited without `make lock` fails there. uv keeps the versions a lock already
pins wherever the inputs still allow them, so recompiling after adding one package moves nothing else.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu/torch/"
DIGEST_LINE = re.compile(r"^# inputs sha256: ([0-9a-f]{64})$", re.M)
INCLUDE = re.compile(r"^\s*(?:-r|-c|--requirement|--constraint)[\s=]+(\S+)", re.M)


@dataclass(frozen=True)
class Lock:
    name: str
    python: str           # the Python version the environment runs
    cpu_torch: bool = False

    def source(self, folder: Path) -> Path:
        return folder / f"{self.name}.in"

    def target(self, folder: Path) -> Path:
        return folder / f"{self.name}.txt"


# In order: st and dev are constrained by the runtime lock (and dev by st's), so they come after it.
LOCKS = (Lock("runtime", "3.11"), Lock("st", "3.11", cpu_torch=True), Lock("dev", "3.11"), Lock("rasa", "3.10"))


def inputs(path: Path) -> list[Path]:
    """The file and every file it includes (-r) or is constrained by (-c), depth first, each once."""
    found = [path]
    if not path.exists():
        return found
    for name in INCLUDE.findall(path.read_text(encoding="utf-8")):
        for included in inputs((path.parent / name).resolve()):
            if included not in found:
                found.append(included)
    return found


def input_digest(source: Path) -> str:
    digest = hashlib.sha256()
    for path in inputs(source):
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"missing") + b"\0")
    return digest.hexdigest()


def stale(folder: Path = REQUIREMENTS) -> list[str]:
    """One sentence per lock that does not match its inputs (empty: all current)."""
    problems = []
    for lock in LOCKS:
        target = lock.target(folder)
        if not target.exists():
            problems.append(f"{target.name} is missing: run `make lock`")
            continue
        recorded = DIGEST_LINE.search(target.read_text(encoding="utf-8"))
        if recorded is None or recorded.group(1) != input_digest(lock.source(folder)):
            names = ", ".join(p.name for p in inputs(lock.source(folder)))
            problems.append(f"{target.name} was not compiled from the current {names}: run `make lock`")
    return problems


def torch_wheels() -> str:
    """Where torch's CPU build is: pip's own find-links on a machine that keeps wheels locally, else
    torch's CPU index (st.txt leaves torch out, but its other dependencies must be the CPU build's)."""
    configured = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.find-links"],
                                capture_output=True, text=True).stdout.split()
    local = [d for d in configured if any(Path(d).glob("torch-*+cpu-*.whl"))]
    return local[0] if local else TORCH_CPU_INDEX


def compile_lock(lock: Lock, uv: str) -> None:
    source, target = lock.source(REQUIREMENTS), lock.target(REQUIREMENTS)
    command = [uv, "pip", "compile", "--quiet", "--generate-hashes", "--custom-compile-command", "make lock",
               "--python-version", lock.python, "--python-platform", "x86_64-unknown-linux-gnu",
               str(source.relative_to(ROOT)), "-o", str(target.relative_to(ROOT))]
    if lock.cpu_torch:
        command += ["--find-links", torch_wheels(), "--no-emit-package", "torch"]
    subprocess.run(command, cwd=ROOT, check=True)
    text = target.read_text(encoding="utf-8")
    header, _, body = text.partition("\n#    make lock\n")
    target.write_text(f"{header}\n#    make lock\n# inputs sha256: {input_digest(source)}\n{body}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that every lock matches its inputs")
    parser.add_argument("--uv", default=str(Path(sys.executable).parent / "uv"), help="the uv to compile with")
    parser.add_argument("--requirements", type=Path, default=REQUIREMENTS, help="the folder to check (default: ours)")
    args = parser.parse_args(argv)
    if not args.check:
        for lock in LOCKS:
            print(f"compiling requirements/{lock.target(REQUIREMENTS).name} (Python {lock.python})")
            compile_lock(lock, args.uv)
    problems = stale(args.requirements)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
