"""The action server's tables stay current: a changed file is re-read on the next request, a
broken one never replaces the last good version."""
import logging
import os
import shutil

from bot.knowledge.live import LiveDistrict
from bot.settings import ROOT


def copy_of_knowledge(tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    return tmp_path / "knowledge"


def some_table(knowledge):
    return sorted(p for p in (knowledge / "tables").iterdir() if p.suffix == ".csv")[0]


def test_unchanged_files_keep_the_loaded_tables(tmp_path):
    live = LiveDistrict(copy_of_knowledge(tmp_path))
    assert live.current() is live.current()


def test_a_changed_file_is_read_again(tmp_path):
    knowledge = copy_of_knowledge(tmp_path)
    live = LiveDistrict(knowledge)
    before = live.current()
    table = some_table(knowledge)
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # a blank row: still valid
    assert live.current() is not before


def test_a_changed_time_alone_is_noticed(tmp_path):
    knowledge = copy_of_knowledge(tmp_path)
    live = LiveDistrict(knowledge)
    before = live.current()
    table = some_table(knowledge)
    stat = table.stat()
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert live.current() is not before


def test_a_broken_file_keeps_the_last_good_version(tmp_path, caplog):
    knowledge = copy_of_knowledge(tmp_path)
    live = LiveDistrict(knowledge)
    good = live.current()
    some_table(knowledge).write_bytes(b"\xff\xfe not a table at all,,,\n\x00\x01")
    with caplog.at_level(logging.ERROR):
        assert live.current() is good
    assert "keeping the last good version" in caplog.text
