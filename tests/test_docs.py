"""The README stays in step with the code: quick start, CLI commands, endpoints."""
import re
import subprocess

import pytest

from bot.cli import build_parser
from bot.settings import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines()
            if line.strip()]


def test_quick_start_is_exactly_the_two_commands():
    assert quick_start_commands() == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_every_cli_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"`minwon {name}" in README, f"minwon {name} is not in the README"


@pytest.mark.parametrize("endpoint", ["POST /api/chat", "GET /healthz", "GET /"])
def test_every_endpoint_is_documented(endpoint):
    assert f"`{endpoint}`" in README or f"`{endpoint} " in README


def test_fresh_clone_has_every_make_step(tmp_path):
    """A fresh clone resolves every file `make run` and `make test` need (dry run)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    for target in ("run", "test"):
        dry = subprocess.run(["make", "-n", target], cwd=clone, capture_output=True, text=True, timeout=60)
        assert dry.returncode == 0, dry.stderr
        assert "scripts/train-if-changed" in dry.stdout and "pip install" in dry.stdout
        assert "-m bot.search.e5_engine" in dry.stdout   # the faster embedding engine is built too
