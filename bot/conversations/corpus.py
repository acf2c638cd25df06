"""Read conversation files (tests/conversations/README.md) into typed conversations.

Every mistake in a file is reported with the file, its line, the conversation and the turn,
all of them at once, and nothing is played until the files are right.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.conversations.checks import CHECKS, shape_error

CONVERSATION_KEYS = {"name", "lang", "now", "tags", "turns"}
TURN_KEYS = {"user", "button", "expect"}


@dataclass(frozen=True)
class Turn:
    number: int                   # 1-based, as the transcript and errors name it
    user: str | None              # what the resident types …
    button: str | None            # … or the title of the button they press
    expect: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Conversation:
    file: Path
    name: str
    turns: tuple[Turn, ...]
    lang: str | None = None
    now: str | None = None         # Seoul time, sent as X-Minwon-Now
    tags: tuple[str, ...] = ()


class CorpusError(Exception):
    """One or more conversation files are wrong; ``problems`` names each place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Mapping(dict):
    line = 0


class _Loader(yaml.SafeLoader):
    """Safe YAML whose mappings know their line and refuse a key given twice, and where only
    true/false are booleans (YAML 1.2): a resident who types "yes", "no" or "off" stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    keys = [loader.construct_object(key, deep=True) for key, _ in node.value]
    twice = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"key {', '.join(twice)} given twice", node.start_mark)
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def conversation_files(paths: list[Path]) -> list[Path]:
    """Files as given; a folder means its *.yml / *.yaml files, not its subfolders
    (so tests/conversations leaves heldout/ apart)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))
        elif path.is_file():
            found.append(path)
        else:
            raise CorpusError([f"{path}: no such file or folder"])
    if not found:
        raise CorpusError([f"{', '.join(map(str, paths))}: no conversation files (*.yml) here"])
    return found


def load_conversations(paths: list[Path]) -> list[Conversation]:
    """Every conversation of these files and folders; CorpusError lists every mistake."""
    conversations: list[Conversation] = []
    problems: list[str] = []
    for path in conversation_files(paths):
        found, wrong = _read_file(path)
        conversations += found
        problems += wrong
    if problems:
        raise CorpusError(problems)
    return conversations


def _read_file(path: Path) -> tuple[list[Conversation], list[str]]:
    try:
        with path.open(encoding="utf-8") as stream:   # so YAML's own errors name the file
            document = yaml.load(stream, Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return [], [f"{path}: not valid YAML: {exc}"]
    if not isinstance(document, dict) or set(document) != {"conversations"} \
            or not isinstance(document["conversations"], list) or not document["conversations"]:
        return [], [f"{path}: the file must hold one key, `conversations:`, with a list of conversations"]
    conversations, problems, names = [], [], set()
    for index, raw in enumerate(document["conversations"], start=1):
        where = f"{path}, conversation #{index}"
        if isinstance(raw, dict) and isinstance(raw.get("name"), str):
            where += f" {raw['name']!r}"
            if raw["name"] in names:
                problems.append(f"{_at(where, raw)}: the name is used twice in this file")
            names.add(raw["name"])
        conversation, wrong = _read_conversation(path, raw, where)
        problems += wrong
        if conversation is not None:
            conversations.append(conversation)
    return conversations, problems


def _at(where: str, raw: Any) -> str:
    return f"{where} (line {raw.line})" if isinstance(raw, _Mapping) else where


def _read_conversation(path: Path, raw: Any, where: str) -> tuple[Conversation | None, list[str]]:
    if not isinstance(raw, dict):
        return None, [f"{where}: a conversation is a mapping with name and turns"]
    outer, where = where, _at(where, raw)
    problems = [f"{where}: unknown key {key!r} (known: {', '.join(sorted(CONVERSATION_KEYS))})"
                for key in raw if key not in CONVERSATION_KEYS]
    name, lang, now, tags, turns = (raw.get(k) for k in ("name", "lang", "now", "tags", "turns"))
    if isinstance(now, dt.datetime):   # written unquoted with seconds: YAML made it a timestamp
        now = now.isoformat()
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: `name` is missing (a name unique within the file)")
    if lang is not None and lang not in ("ko", "en"):
        problems.append(f"{where}: `lang` must be ko or en, not {lang!r}")
    if now is not None:
        problems += [f"{where}: {p}" for p in _now_problems(now)]
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        problems.append(f"{where}: `tags` must be a list of words, e.g. [follow_up, waste]")
    if not isinstance(turns, list) or not turns:
        return None, problems + [f"{where}: `turns` is missing or empty"]
    read = []
    for number, turn in enumerate(turns, start=1):
        step, wrong = _read_turn(turn, number, _at(f"{outer}, turn {number}", turn))
        problems += wrong
        read.append(step)
    if problems:
        return None, problems
    return Conversation(path, name, tuple(read), lang, now, tuple(tags or ())), []


def _now_problems(now: Any) -> list[str]:
    if isinstance(now, str) and re.search(r"\d[T ]\d", now):   # a time, not only a date
        try:
            dt.datetime.fromisoformat(now)
            return []
        except ValueError:
            pass
    return [f"`now` must be a quoted ISO date and time in Seoul time, e.g. \"2026-11-25T23:40\", not {now!r}"]


def _read_turn(raw: Any, number: int, where: str) -> tuple[Turn | None, list[str]]:
    if not isinstance(raw, dict):
        return None, [f"{where}: a turn is a mapping: `user: <text>` or `button: <title>`, and `expect`"]
    problems = [f"{where}: unknown key {key!r} (known: {', '.join(sorted(TURN_KEYS))})" for key in raw
                if key not in TURN_KEYS]
    said = [key for key in ("user", "button") if key in raw]
    if len(said) != 1:
        problems.append(f"{where}: give exactly one of `user:` (typed text) or `button:` (a button's title)")
    elif not isinstance(raw[said[0]], str) or not raw[said[0]].strip():
        problems.append(f"{where}: `{said[0]}` must be non-empty text (quote a number: \"1234\")")
    expect = raw.get("expect") or {}
    if not isinstance(expect, dict):
        return None, problems + [f"{where}: `expect` must be a mapping of checks"]
    for key, value in expect.items():
        if key not in CHECKS:
            problems.append(f"{where}: `expect.{key}` is not a check (known: {', '.join(CHECKS)})")
        elif (error := shape_error(key, value)) is not None:
            problems.append(f"{where}: `expect.{key}` {error}")
    if problems:
        return None, problems
    text = raw[said[0]].strip()
    return Turn(number, text if said[0] == "user" else None, text if said[0] == "button" else None, dict(expect)), []
