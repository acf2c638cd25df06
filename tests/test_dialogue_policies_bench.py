"""bench/dialogue_policies.py's own logic (issue 21 §3), without training or starting anything."""

import yaml

from bench import dialogue_policies as bench


def _checkout(folder, rules="rules: []\n"):
    (folder / "data" / "nlu").mkdir(parents=True)
    (folder / "data" / "nlu" / "old.yml").write_text("nlu: []\n")
    (folder / "data" / "rules.yml").write_text(rules)
    (folder / "data" / "stories.yml").write_text("stories: []\n")
    (folder / "config.yml").write_text(yaml.safe_dump({"pipeline": [{"name": "P"}], "policies": [{"name": "Old"}]}))
    (folder / "domain.yml").write_text(yaml.safe_dump({"intents": ["greet"], "slots": {"a": {"type": "text"}}}))
    return folder


def test_every_variant_trains_on_this_checkouts_nlu_data_and_its_own_dialogue(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "WORK", tmp_path / "work")
    other = _checkout(tmp_path / "other")
    extra = tmp_path / "extra"
    extra.mkdir()
    (tmp_path / "ted.yml").write_text(yaml.safe_dump({"policies": [{"name": "TEDPolicy"}]}))
    (tmp_path / "overlay.yml").write_text(yaml.safe_dump({"intents": ["greet", "new"], "slots": {"a": {"type": "any"}}}))
    variant = bench.Variant("v", "label", "x", tmp_path / "ted.yml", tmp_path / "overlay.yml", (extra,),
                            tmp_path / "rules.yml")
    config, domain, data = bench.project(variant, other)
    assert bench.ROOT / "data" / "nlu" in data and other / "data" / "nlu" not in data
    assert other / "data" / "rules.yml" not in data and tmp_path / "rules.yml" in data
    assert other / "data" / "stories.yml" in data and extra in data
    written = yaml.safe_load(config.read_text())
    assert written == {"pipeline": [{"name": "P"}], "policies": [{"name": "TEDPolicy"}]}
    assert yaml.safe_load(domain.read_text()) == {"intents": ["greet", "new"], "slots": {"a": {"type": "any"}}}

    plain = bench.Variant("p", "label", "x")
    _, _, data = bench.project(plain, other)
    assert data == [other / "data" / "rules.yml", other / "data" / "stories.yml", bench.ROOT / "data" / "nlu"]


def test_the_table_shows_each_part_and_a_dash_for_a_part_not_measured():
    quality = {"main": {"turns": 10, "passed": 9, "rate": 0.9}, "heldout": {"turns": 4, "passed": 2, "rate": 0.5},
               "intent_macro_f1": {"ko": 0.97, "en": 0.95}, "load_before": 3.0}
    report = {"variants": {"a": {"label": "(a)", "quality": quality}},
              "load": {"by_variant": {"a": {"rps_c10": [50.0], "ratio_to_bare_c10": [2.6], "p95_ms_c10": [180.0],
                                            "load_before": [2.5]}}}}
    row = bench.table(report).splitlines()[-1]
    assert row == "| (a) | 0.900 (9/10) | – | 0.500 (2/4) | 0.970 / 0.950 | 50.0 (2.6×) | 180.0 | 2.5 |"
