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


WORDS_SCRIPT = r'''
import json, sys
from bot.nlu import district_entities as de
compiled = de.compile_lookups({"target_group": ["아이", "장애", "가족"], "dong": ["옥수", "옥수동"],
                               "bulky_item": ["쇼파"], "waste_type": ["음쓰"]})
print(json.dumps({t: [(e["entity"], t[e["start"]:e["end"]]) for e in de.find_entities(t, compiled)]
                  for t in json.loads(sys.argv[1])}, ensure_ascii=False))
'''


def test_a_short_name_inside_an_everyday_word_is_no_entity():
    texts = ["아이고 허리야", "아이구 고마워요", "아이디어가 있어요", "장애물이 있어요", "옥수수 껍질", "가족관계증명서",
             "아이랑 갈 행사", "아이가 둘이에요", "쇼파버리는법", "음쓰통 넘쳐요", "옥수동은요", "장애가 있어요", "가족 행사"]
    found = run_in_rasa(WORDS_SCRIPT, json.dumps(texts, ensure_ascii=False))
    assert [t for t in texts if found[t]] == texts[6:]
    assert found["아이랑 갈 행사"] == [["target_group", "아이"]] and found["쇼파버리는법"] == [["bulky_item", "쇼파"]]
