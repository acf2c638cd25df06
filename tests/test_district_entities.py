"""bot.nlu.district_entities: skipping entries that share no syllable with a message must find
exactly what running every entry's pattern finds.

Runs in the Rasa environment (.venv-rasa), like the extractor itself.
"""
import json

from bot.nlu_eval import load_examples
from tests.rasa_engine import ROOT, run_in_rasa

SCRIPT = r'''
import json, sys, yaml
from pathlib import Path
from bot.nlu import district_entities as de

lookups = {}
for item in yaml.safe_load(Path("data/nlu/lookups.yml").read_text(encoding="utf-8"))["nlu"]:
    lookups[item["lookup"]] = [line[2:].strip() for line in item["examples"].splitlines() if line.strip()]
compiled = de.compile_lookups(lookups)

def every_pattern(text):
    """The extractor before the shortcut: every entry's pattern on every message."""
    everything = [(entity, element, rx, frozenset()) for entity, element, rx, _ in compiled]
    return de.find_entities(text, everything, today=__import__("datetime").date(2026, 11, 25))

texts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
for element in [e for values in lookups.values() for e in values]:
    texts += [element + "은요?", " ".join(element), element.upper(), element.swapcase() + " 버려요",
              element.replace("i", "\u0131").replace("s", "\u017f"), element.replace("I", "\u0130"),
              element.replace("k", "\u212a")]
differ = [t for t in texts if de.find_entities(t, compiled, today=__import__("datetime").date(2026, 11, 25))
          != every_pattern(t)]
found = sum(1 for t in texts if every_pattern(t))
print(json.dumps({"texts": len(texts), "with_entities": found, "differ": differ[:5]}))
'''


def _examples() -> list[str]:
    files = sorted((ROOT / "data" / "nlu").glob("*/*.yml")) + sorted((ROOT / "tests" / "nlu").glob("*.yml"))
    return [text for path in files for text, _ in load_examples(path)]


def test_skipping_entries_finds_what_every_pattern_finds(tmp_path):
    # The examples go through a file: as one argument they outgrow Linux's 128 KiB limit per argument.
    texts = tmp_path / "texts.json"
    texts.write_text(json.dumps(_examples(), ensure_ascii=False), encoding="utf-8")
    result = run_in_rasa(SCRIPT, str(texts), timeout=300)
    assert result["differ"] == []
    assert result["texts"] > 5000 and result["with_entities"] > 2000   # the corpus exercises the matcher
