"""Reading conversation files: the README's format, and every mistake named by file, conversation and turn."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversations.corpus import Conversation, CorpusError, Turn, load_conversations

GOOD = """\
conversations:
  - name: 요일을 묻고 다른 동을 이어서 묻는다
    lang: ko
    now: "2026-11-25T23:40"
    tags: [follow_up, waste]
    turns:
      - user: 쓰레기 언제 버려요?
        expect:
          intent: waste_collection_schedule
          contains_any: [어느 동, 동을]
      - button: 행당2동
        expect:
          contains: [행당2동]
          citations: true
      - user: yes
      - user: "2026-000123"
        expect:
          slots: {complaint_dong: 행당1동, complaint_phone: null}
          complaint: {dong: 행당1동}
  - name: English, no checks
    turns:
      - user: no
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_in_the_readme_format_loads(tmp_path):
    path = write(tmp_path, "waste.yml", GOOD)
    first, second = load_conversations([path])
    assert first == Conversation(path, "요일을 묻고 다른 동을 이어서 묻는다", (
        Turn(1, "쓰레기 언제 버려요?", None, {"intent": "waste_collection_schedule", "contains_any": ["어느 동", "동을"]}),
        Turn(2, None, "행당2동", {"contains": ["행당2동"], "citations": True}),
        Turn(3, "yes", None, {}),   # YAML 1.1 would have made it true; a resident's "yes" stays text
        Turn(4, "2026-000123", None, {"slots": {"complaint_dong": "행당1동", "complaint_phone": None},
                                      "complaint": {"dong": "행당1동"}}),
    ), "ko", "2026-11-25T23:40", ("follow_up", "waste"))
    assert second.turns == (Turn(1, "no", None, {}),) and second.lang is None and second.now is None


def test_a_folder_means_its_files_not_its_subfolders(tmp_path):
    write(tmp_path, "b.yml", GOOD)
    write(tmp_path, "a.yaml", GOOD.replace("요일을", "배출을"))
    write(tmp_path, "heldout/c.yml", GOOD)
    write(tmp_path, "notes.txt", "not a conversation")
    loaded = load_conversations([tmp_path])
    assert [(c.file.name, c.turns[0].number) for c in loaded] == [("a.yaml", 1), ("a.yaml", 1), ("b.yml", 1), ("b.yml", 1)]
    assert len(load_conversations([tmp_path, tmp_path / "heldout"])) == 6


def test_no_files_is_an_error_not_an_empty_pass(tmp_path):
    with pytest.raises(CorpusError, match="no conversation files"):
        load_conversations([tmp_path])
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_conversations([tmp_path / "missing.yml"])


BAD = """\
conversations:
  - name: 소파
    turns:
      - user: 소파 버리려면 얼마예요?
        expect:
          contain: [소파]
          source: rule
      - button: ""
      - user: 1234
  - name: 소파
    lang: jp
    now: "2026-11-25"
    turns: []
  - turns:
      - {user: 네, button: 네}
      - user: 취소
        expect: [contains]
      - user: 행당동
        expect:
          intent: greet
          intent: goodbye
"""


def test_every_mistake_names_file_conversation_turn_and_line(tmp_path):
    path = write(tmp_path, "bulky.yml", BAD)
    with pytest.raises(CorpusError) as raised:
        load_conversations([path])
    problems = raised.value.problems
    assert f"{path}: not valid YAML" in problems[0] and "key intent given twice" in problems[0] and "line 20" in problems[0]

    path.write_text(BAD.rsplit("          intent: goodbye\n", 1)[0], encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        load_conversations([path])
    where = f"{path}, conversation #"
    assert raised.value.problems == [
        f"{where}1 '소파', turn 1 (line 4): `expect.contain` is not a check (known: intent, source, lang, contains, "
        "contains_any, not_contains, buttons, no_buttons, citations, slots, complaint)",
        f"{where}1 '소파', turn 1 (line 4): `expect.source` must be one of intent, faq, llm, fallback, handoff, not rule",
        f"{where}1 '소파', turn 2 (line 8): `button` must be non-empty text (quote a number: \"1234\")",
        f"{where}1 '소파', turn 3 (line 9): `user` must be non-empty text (quote a number: \"1234\")",
        f"{where}2 '소파' (line 10): the name is used twice in this file",
        f"{where}2 '소파' (line 10): `lang` must be ko or en, not 'jp'",
        f"{where}2 '소파' (line 10): `now` must be a quoted ISO date and time in Seoul time, e.g. \"2026-11-25T23:40\", "
        "not '2026-11-25'",
        f"{where}2 '소파' (line 10): `turns` is missing or empty",
        f"{where}3 (line 14): `name` is missing (a name unique within the file)",
        f"{where}3, turn 1 (line 15): give exactly one of `user:` (typed text) or `button:` (a button's title)",
        f"{where}3, turn 2 (line 16): `expect` must be a mapping of checks",
    ]


def test_every_file_is_checked_before_anything_plays(tmp_path):
    write(tmp_path, "a.yml", "conversations:\n  - name: x\n    turns:\n      - user: hi\n        expect: {lang: fr}\n")
    write(tmp_path, "b.yml", "talks: []\n")
    write(tmp_path, "c.yml", GOOD)
    with pytest.raises(CorpusError) as raised:
        load_conversations([tmp_path])
    assert raised.value.problems == [
        f"{tmp_path / 'a.yml'}, conversation #1 'x', turn 1 (line 4): `expect.lang` must be one of ko, en, not fr",
        f"{tmp_path / 'b.yml'}: the file must hold one key, `conversations:`, with a list of conversations"]
