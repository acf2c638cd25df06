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
    """No errors and no warnings, except Rasa's false alarm for form questions (utter_ask_<slot>
    is used by the form, which the validator does not see)."""
    result = subprocess.run([str(ROOT / ".venv-rasa/bin/rasa"), "data", "validate"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = re.findall(r"UserWarning: (.*)", output)
    unexpected = [w for w in warnings if not re.match(r"The utterance 'utter_ask_\w+' is not used in any story", w)]
    assert unexpected == []
