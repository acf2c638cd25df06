"""OpenMP threads sleep when idle in every minwon process (bot/__init__.py), unless the deployer says otherwise."""
from __future__ import annotations

import os
import subprocess
import sys

from bot.settings import ROOT

PROBE = "import bot, os; print(os.environ['OMP_WAIT_POLICY'])"


def policy(env: dict[str, str]) -> str:
    return subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_openmp_threads_sleep_instead_of_spinning():
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    assert policy(env) == "PASSIVE"


def test_a_deployers_own_policy_wins():
    assert policy({**os.environ, "OMP_WAIT_POLICY": "ACTIVE"}) == "ACTIVE"
