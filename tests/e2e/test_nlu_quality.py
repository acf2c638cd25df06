"""NLU evaluation on the held-out files, against the served model; prints the F1 figures."""
import re
import subprocess

import pytest

from bot.nlu_eval import evaluate, load_examples, summary
from bot.settings import ROOT

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang, floor", [("ko", 0.85), ("en", 0.80)])
def test_heldout_intent_macro_f1(stack, lang, floor, capsys):
    examples = load_examples(ROOT / "tests" / "nlu" / f"heldout_{lang}.yml")
    report = evaluate(stack.rasa_url, examples, stack.rasa_token)
    with capsys.disabled():
        print("\n" + summary(f"held-out {lang}", report))
    assert report.macro_f1 >= floor, report.confusions


def test_rasa_data_validate_is_clean():
    """No errors and no warnings about our domain, data or config (issue 26). bot/nlu/rasa_cli.py takes out
    exactly the validator's messages about parts it cannot see (responses action_converse sends, the lookup
    tables and entity annotations our own extractor reads); everything else it says counts."""
    result = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-m", "bot.nlu.rasa_cli", "data", "validate"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert re.findall(r"UserWarning: (.*)", output) == []
