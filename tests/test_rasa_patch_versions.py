"""Each of bot/nlu's Rasa patches installs only on the versions it was written for; on any other it
logs one line and Rasa's own code stays in place. Runs in the Rasa environment (.venv-rasa), with the
version lookup faked for the other case."""
import re

import pytest

from bot.settings import ROOT
from tests.rasa_engine import run_in_rasa

PATCHED = r'''
import json, logging, sys
from rasa.core.actions.action import RemoteAction
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.utils.endpoints import EndpointConfig

targets = {"action_response": (RemoteAction, "_validate_action_result"), "graph_runs": (DaskGraphRunner, "run"),
           "kept_connections": (EndpointConfig, "session")}
stock = {name: cls.__dict__[attr] for name, (cls, attr) in targets.items()}
lines = []
class Collect(logging.Handler):
    def emit(self, record):
        lines.append(record.getMessage())
logging.getLogger("bot.nlu").addHandler(Collect())

from importlib import metadata
if sys.argv[1:]:                        # package=version: pretend that version is installed ("": none is)
    package, version = sys.argv[1].split("=")
    real = metadata.version
    def fake(name):
        if name != package:
            return real(name)
        if not version:
            raise metadata.PackageNotFoundError(name)
        return version
    metadata.version = fake
import bot.nlu
import bot.nlu.channel
print(json.dumps({"replaced": sorted(n for n, (cls, attr) in targets.items() if cls.__dict__[attr] is not stock[n]),
                  "tracker_cache": bot.nlu.channel.KEEP_SAVED_TRACKERS, "lines": lines,
                  "checked": sorted(bot.nlu.PATCHES)}))
'''


def test_on_the_versions_they_were_written_for_every_patch_is_installed_silently():
    result = run_in_rasa(PATCHED)
    assert result["replaced"] == result["checked"]
    assert result["tracker_cache"] is True and result["lines"] == []


@pytest.mark.parametrize("package, version, off", [
    ("dask", "2023.1.0", ["graph_runs"]),
    ("jsonschema", "4.23.0", ["action_response"]),
    ("aiohttp", "3.10.0", ["kept_connections"]),
    ("rasa", "3.6.20", ["action_response", "graph_runs", "kept_connections", "channel"]),
    ("dask", "", ["graph_runs"]),         # not installed at all
])
def test_on_another_version_a_patch_logs_one_line_and_leaves_rasa_alone(package, version, off):
    result = run_in_rasa(PATCHED, f"{package}={version}")
    assert sorted(set(result["checked"]) - set(result["replaced"])) == [p for p in off if p != "channel"]
    assert result["tracker_cache"] is ("channel" not in off)
    assert len(result["lines"]) == len(off)
    for line in result["lines"]:
        assert re.fullmatch(rf"bot\.nlu: .+ is off, Rasa's own code runs: {package} {version or 'missing'} "
                            rf"\(written for [\w.]+\)", line), line


def test_the_versions_are_the_ones_the_rasa_lock_pins():
    """A new lock (`make lock`) that moves one of them makes someone re-check the patch first."""
    from bot.nlu.versions import WRITTEN_FOR

    lock = (ROOT / "requirements" / "rasa.txt").read_text(encoding="utf-8")
    for package, version in WRITTEN_FOR.items():
        assert re.search(rf"^{re.escape(package)}=={re.escape(version)} ", lock, re.M), package
