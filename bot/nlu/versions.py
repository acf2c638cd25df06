"""The versions of Rasa and of the libraries under it that bot/nlu's patches were written for.

Each patch replaces an internal of Rasa (or of dask, aiohttp or jsonschema beneath it) with
code that gives the same results for less work; the tests that compare it with the stock code
(tests/test_rasa_turn_costs.py, tests/test_rasa_action_response.py) prove that for these versions only,
the ones requirements/rasa.txt pins. On any other version a patch logs one line and Rasa's own code runs.
"""
from __future__ import annotations

import logging
from importlib import metadata

WRITTEN_FOR = {"rasa": "3.6.21", "dask": "2022.10.2", "aiohttp": "3.9.5", "jsonschema": "4.17.3"}

logger = logging.getLogger("bot.nlu")


def installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def written_for(patch: str, *packages: str) -> bool:
    """True when Rasa and these packages are the versions the patch was written for; otherwise says
    in one line that the patch is off, and why."""
    other = [f"{name} {installed(name) or 'missing'} (written for {WRITTEN_FOR[name]})"
             for name in ("rasa", *packages) if installed(name) != WRITTEN_FOR[name]]
    if other:
        logger.warning("bot.nlu: %s is off, Rasa's own code runs: %s", patch, ", ".join(other))
    return not other
