"""The README and docs/reference.md stay in step with the code: quick start, CLI commands, make targets,
endpoints (each documented one exists, each gateway endpoint is documented)."""
import re
import subprocess

from bot.cli import build_parser
from bot.settings import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
ENDPOINT_LINE = re.compile(r"^- `(GET|POST|PUT|PATCH|DELETE) (/[^`\s?]*)", re.M)


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines()
            if line.strip()]


def test_quick_start_is_exactly_the_two_commands():
    assert quick_start_commands() == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_the_readme_stays_short():
    assert len(README.splitlines()) <= 120


def test_every_cli_command_is_documented_and_every_documented_one_exists():
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    for name in commands:
        assert f"`minwon {name}" in REFERENCE, f"minwon {name} is not in docs/reference.md"
    named = set(re.findall(r"`minwon ([a-z][a-z-]*)", README + REFERENCE))
    assert named <= commands, f"documented but missing: {named - commands}"


def test_every_make_target_named_in_the_docs_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README + REFERENCE))
    assert named and named <= targets, f"documented but missing: {named - targets}"


def _pattern(path: str) -> str:
    """/open311/v2/requests/{id}.json and /open311/v2/requests/<id>.json alike; "…" stands for a subtree."""
    path = re.sub(r"\{[^}]*\}|<[^>]*>", "*", path)
    return path.split("…", 1)[0] + ("…" if "…" in path else "")


def _gateway_routes(tmp_path) -> set[tuple[str, str]]:
    from channels.web import create_app

    app = create_app({"rasa_url": "http://127.0.0.1:9", "data_dir": str(tmp_path)})
    return {(method, _pattern(rule.rule)) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"} if rule.endpoint != "static"}


def test_every_documented_endpoint_exists(tmp_path):
    routes = _gateway_routes(tmp_path)
    documented = ENDPOINT_LINE.findall(REFERENCE)
    assert ("POST", "/api/chat") in documented and ("GET", "/healthz") in documented
    for method, path in documented:
        wanted = _pattern(path)
        if wanted.endswith("…"):
            assert any(m == method and p.startswith(wanted[:-1]) for m, p in routes), f"{method} {path}"
        else:
            assert (method, wanted) in routes, f"docs/reference.md names {method} {path}, which the gateway lacks"


def test_every_resident_facing_endpoint_is_documented(tmp_path):
    """Everything outside the staff console (documented in docs/staff-guide.md) is in docs/reference.md."""
    documented = {(m, _pattern(p)) for m, p in ENDPOINT_LINE.findall(REFERENCE)}
    missing = sorted(f"{m} {p}" for m, p in _gateway_routes(tmp_path)
                     if not p.startswith("/staff") and not p.startswith("/static") and (m, p) not in documented)
    assert not missing, f"undocumented endpoints (add them to docs/reference.md): {missing}"


def test_fresh_clone_has_every_make_step(tmp_path):
    """A fresh clone resolves every file `make run` and `make test` need (dry run)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    for target in ("run", "test"):
        dry = subprocess.run(["make", "-n", target], cwd=clone, capture_output=True, text=True, timeout=60)
        assert dry.returncode == 0, dry.stderr
        assert "scripts/train-if-changed" in dry.stdout and "pip install" in dry.stdout
        assert "-m bot.search.e5_engine" in dry.stdout   # the faster embedding engine is built too
