"""Per-message work the action server does once, not per reading (docs/adr/0004-performance.md, 2026-12-07):
the gazetteer read once per version of the tables, its names tried longest first without sorting them
per message, and the resident's message tokenised once per turn."""
from __future__ import annotations

import shutil
from types import SimpleNamespace

import actions.places
from bot.dialogue.places import load_places, place_in
from bot.knowledge.district import load_district
from bot.search import lexical
from bot.settings import ROOT


def test_the_gazetteer_is_read_once_per_version_of_the_tables(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "knowledge" / "tables", tmp_path / "tables")
    reads = []

    def counted(path, dongs):
        reads.append(path)
        return load_places(path, dongs)

    monkeypatch.setattr(actions.places, "load_places", counted)
    monkeypatch.setattr(actions.places, "settings", lambda: SimpleNamespace(knowledge_dir=tmp_path))
    monkeypatch.setattr(actions.places, "_read", [])
    district = load_district(tmp_path / "tables")
    first = actions.places.places(district)
    assert actions.places.places(district) is first and len(reads) == 1
    assert first["왕십리역"].dong == "행당1동"
    # a new version of the tables (LiveDistrict makes a new District): read again
    assert actions.places.places(load_district(tmp_path / "tables")) == first and len(reads) == 2
    # places.csv rewritten under the same District (a staff edit, a test): read again, and the change is seen
    path = tmp_path / "tables" / "places.csv"
    path.write_text(path.read_text(encoding="utf-8") + "테스트광장,,,마장동\n", encoding="utf-8")
    assert actions.places.places(district)["테스트광장"].dong == "마장동" and len(reads) == 3


def test_place_names_come_longest_first_and_the_longest_in_the_text_wins(district):
    names = load_places(ROOT / "knowledge" / "tables" / "places.csv", {s.dong for s in district.schedules})
    lengths = [len(name) for name in names]
    assert lengths == sorted(lengths, reverse=True)
    longest = max((n for n in names if any(o != n and o in n for o in names)), key=len)
    assert place_in(f"{longest} 앞이에요", names) is names[longest]


def test_a_turn_tokenises_each_text_once():
    text = "소파 버리려면 얼마예요?"
    assert lexical.tokenize(text) is not lexical.tokenize(text)      # outside a turn nothing is kept
    with lexical.one_pass_per_text():
        tokens = lexical.tokenize(text)
        assert lexical.tokenize(text) is tokens
        with lexical.one_pass_per_text():      # a nested block shares the turn's
            assert lexical.tokenize(text) is tokens
        assert lexical.analyse(text) == lexical.analyse(text) != ([], [])
        kept_terms = lexical.analyse(text)
    assert lexical.analyse(text) == kept_terms
    assert lexical.tokenize(text) is not tokens                      # and nothing outlives the turn
