"""Both environments install from lock files that pin every package with its hashes, and a
requirements file changed without `make lock` fails here (so in CI). Offline: nothing is resolved."""
import importlib.util
import re
import shutil
import subprocess
import sys

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.settings import ROOT

spec = importlib.util.spec_from_file_location("scripts_lock", ROOT / "scripts" / "lock.py")
lock = sys.modules["scripts_lock"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock)

REQUIREMENTS = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)==(\S+) \\$")


def pinned(path) -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} of a lock file."""
    found, name = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            name = canonicalize_name(match.group(1))
            found[name] = (match.group(2), [])
        elif line.strip().startswith("--hash=sha256:") and name:
            found[name][1].append(line.strip().split(":", 1)[1].rstrip(" \\"))
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"{path.name}: not a pinned requirement: {line!r}")
    return found


def direct_requirements(path) -> list[Requirement]:
    lines = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def test_every_lock_was_compiled_from_its_current_inputs():
    assert lock.stale() == []


def test_the_check_names_a_lock_whose_input_changed(tmp_path):
    copy = tmp_path / "requirements"
    shutil.copytree(REQUIREMENTS, copy)
    with (copy / "runtime.in").open("a") as f:
        f.write("cachetools==5.5.0\n")
    assert lock.stale(copy) == ["runtime.txt was not compiled from the current runtime.in: run `make lock`"]
    shutil.copy(REQUIREMENTS / "runtime.in", copy / "runtime.in")
    (copy / "torch.txt").write_text("torch==2.14.0\n")    # st.in includes it
    assert [p.split(" ")[0] for p in lock.stale(copy)] == ["st.txt"]
    (copy / "st.txt").unlink()
    assert lock.stale(copy)[0] == "st.txt is missing: run `make lock`"


def test_the_command_line_check_fails_on_a_stale_lock(tmp_path):
    copy = tmp_path / "requirements"
    shutil.copytree(REQUIREMENTS, copy)
    (copy / "rasa.in").write_text((copy / "rasa.in").read_text() + "jsonschema==4.17.3\n")
    check = [sys.executable, str(ROOT / "scripts" / "lock.py"), "--check"]
    stale = subprocess.run([*check, "--requirements", str(copy)], capture_output=True, text=True, timeout=60)
    assert stale.returncode == 1 and "rasa.txt was not compiled from the current rasa.in" in stale.stderr
    assert subprocess.run(check, timeout=60).returncode == 0


@pytest.mark.parametrize("name", [lk.name for lk in lock.LOCKS])
def test_every_package_is_pinned_with_its_hashes(name):
    packages = pinned(REQUIREMENTS / f"{name}.txt")
    assert packages
    for package, (version, hashes) in packages.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), f"{name}.txt: {package} has no hash"
        assert "+" not in version, f"{name}.txt pins a local build of {package} ({version}), which PyPI does not have"


@pytest.mark.parametrize("name", [lk.name for lk in lock.LOCKS])
def test_every_direct_requirement_is_in_its_lock_at_an_allowed_version(name):
    packages = pinned(REQUIREMENTS / f"{name}.txt")
    for requirement in direct_requirements(REQUIREMENTS / f"{name}.in"):
        version = packages.get(canonicalize_name(requirement.name), (None,))[0]
        assert version and requirement.specifier.contains(version, prereleases=True), f"{name}.txt: {requirement}"
        for extra in requirement.extras:   # psycopg[binary] -> psycopg-binary
            assert canonicalize_name(f"{requirement.name}-{extra}") in packages


def test_torch_stays_out_of_the_hashed_locks_and_is_pinned_on_its_own():
    """pip, checking hashes, prefers a file whose index lists a known hash over a local CPU wheel, so a
    hashed torch would install the CUDA build here (requirements/torch.txt)."""
    for lk in lock.LOCKS:
        assert "torch" not in pinned(REQUIREMENTS / f"{lk.name}.txt")
        assert not [p for p in pinned(REQUIREMENTS / f"{lk.name}.txt") if p.startswith(("nvidia-", "triton"))]
    assert [str(r) for r in direct_requirements(REQUIREMENTS / "torch.txt")] == ["torch==2.13.0"]


def test_shared_packages_have_one_version_in_the_python_311_environment():
    versions: dict[str, set[str]] = {}
    for name in ("runtime", "st", "dev"):
        for package, (version, _) in pinned(REQUIREMENTS / f"{name}.txt").items():
            versions.setdefault(package, set()).add(version)
    assert {p: v for p, v in versions.items() if len(v) > 1} == {}


def test_development_tools_are_not_runtime_requirements():
    runtime = set(pinned(REQUIREMENTS / "runtime.txt")) | set(pinned(REQUIREMENTS / "st.txt"))
    for tool in ("pytest", "ruff", "playwright", "hypothesis", "honcho", "matplotlib", "uv"):
        assert tool not in runtime
        assert tool in pinned(REQUIREMENTS / "dev.txt")


def test_make_setup_installs_only_from_the_locks():
    dry = subprocess.run(["make", "-n", "-B", "setup"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    installs = [line for line in dry.stdout.splitlines() if "pip install" in line]
    locked = [line for line in installs if "--require-hashes --no-deps" in line]
    assert {f for line in locked for f in re.findall(r"-r (requirements/\S+)", line)} == \
        {f"requirements/{lk.name}.txt" for lk in lock.LOCKS}
    rest = [line for line in installs if line not in locked]
    assert len(rest) == 2 and "--no-deps" in rest[0] and "-e ." in rest[0] and "-r requirements/torch.txt" in rest[1]


def test_make_setup_runtime_installs_no_development_tools():
    dry = subprocess.run(["make", "-n", "-B", "setup-runtime"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "requirements/runtime.txt" in dry.stdout and "requirements/dev.txt" not in dry.stdout
