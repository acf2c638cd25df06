"""The README and docs/reference.md stay in step with the code: quick start, CLI commands and subcommands (read
from the argparse parser), make targets, endpoints (each documented one exists; each URL rule of the gateway's
Flask app, channels and staff console included, is documented)."""
import argparse
import re
import subprocess

from bot.cli import build_parser
from bot.settings import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
# Any endpoint named in backquotes: `GET /api/live?…`, `GET|POST /staff/inbox/canned`, `POST /staff/inbox/<id>/take|reply`
ENDPOINT = re.compile(r"`((?:GET|POST|PUT|PATCH|DELETE)(?:\|(?:GET|POST|PUT|PATCH|DELETE))*) (/[^`\s?]*)")


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


def cli_commands(parser: argparse.ArgumentParser | None = None, prefix: str = "minwon") -> list[str]:
    """Every command of the `minwon` parser, its subcommands included ("minwon library add"), read from
    the argparse object itself."""
    parser = parser or build_parser()
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [f"{prefix} {name}", *cli_commands(sub, f"{prefix} {name}")]
    return found


def test_every_cli_command_is_documented_and_every_documented_one_exists():
    commands = cli_commands()
    assert {"minwon publish", "minwon staff add", "minwon library search"} <= set(commands)
    missing = [name for name in commands if f"`{name}" not in REFERENCE]
    assert not missing, f"not in docs/reference.md: {missing}"
    with_actions = {name.split()[1] for name in commands if len(name.split()) == 3}
    named = {" ".join(words[:3] if words[1] in with_actions else words[:2])
             for words in (f"minwon {m}".split() for m in re.findall(r"`minwon ([a-z][a-z -]*)", README + REFERENCE))}
    assert named <= set(commands), f"documented but missing: {named - set(commands)}"


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
    documented = documented_endpoints(REFERENCE)
    assert ("POST", "/api/chat") in documented and ("GET", "/healthz") in documented
    for method, wanted in documented:
        if wanted.endswith("…"):
            assert any(m == method and p.startswith(wanted[:-1]) for m, p in routes), f"{method} {wanted}"
        else:
            assert (method, wanted) in routes, f"docs/reference.md names {method} {wanted}, which the gateway lacks"


def documented_endpoints(text: str) -> set[tuple[str, str]]:
    """Each (method, path pattern) the text names; "GET|POST /a" is two, "POST /a/<id>/take|reply" too."""
    found = set()
    for methods, path in ENDPOINT.findall(text):
        first, *others = path.split("|")
        paths = [first] + [first.rsplit("/", 1)[0] + "/" + other for other in others]
        found |= {(method, _pattern(p)) for method in methods.split("|") for p in paths}
    return found


def test_every_endpoint_is_documented(tmp_path):
    """Every URL rule of the one Flask app (gateway, channels, staff console) is named in docs/reference.md on its
    own: the console's "GET /staff/…" summary does not count for its pages."""
    documented = documented_endpoints(REFERENCE)
    routes = _gateway_routes(tmp_path)
    assert ("GET", "/staff/inbox/*/stream") in routes and ("POST", "/kakao/skill") in routes
    missing = sorted(f"{m} {p}" for m, p in routes if (m, p) not in documented)
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
