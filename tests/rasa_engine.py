"""Run a script in the Rasa environment (.venv-rasa), where bot.nlu's components and
patches live, and read the JSON it prints last."""
import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str, *args: str, timeout: float = 180) -> Any:
    result = subprocess.run([str(RASA_PYTHON), "-c", script, *args], capture_output=True, text=True, timeout=timeout,
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
                                           "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
