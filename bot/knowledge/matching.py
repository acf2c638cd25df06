"""Find staff-listed names (dongs, items, groups) inside what residents type.

Residents drop spaces and add particles ("행당2동은요", "쇼파버리려면"), so names
are matched as substrings of the text with spaces removed, longest first.
"""
from __future__ import annotations

import difflib
import re
from typing import Generic, Iterable, TypeVar

T = TypeVar("T")
_NON_WORD = re.compile(r"[\s·・.,\-_/()]+")
_NON_WORD_MARKS = "·・.,-_/()"      # one character of _NON_WORD is whitespace or one of these (checked for every code point)


def squash(text: str) -> str:
    """Lower-case, without spaces and the punctuation people vary in names."""
    return _NON_WORD.sub("", text).lower()


_LATIN = re.compile(r"[a-z0-9]")


class _Squashed:
    """A text squashed, knowing where each of its characters was: a Latin name is found only as whole
    words of the text ("AC" for an air conditioner is not in "actually")."""

    def __init__(self, text: str) -> None:
        kept = [(i, ch) for i, ch in enumerate(text) if not (ch.isspace() or ch in _NON_WORD_MARKS)]
        self.text = "".join(ch for _, ch in kept).lower()
        self.where = [i for i, _ in kept]
        self.original = text.lower()

    def whole(self, start: int, key: str) -> bool:
        if not key.isascii():
            return True
        before = self.where[start] - 1
        after = self.where[start + len(key) - 1] + 1
        if key[-1].isalpha() and self.original[after:after + 1] == "s":   # a plural: "chairs", "cans", "tvs"
            after += 1
        return not (before >= 0 and _LATIN.match(self.original[before])) and \
            not (after < len(self.original) and _LATIN.match(self.original[after]))

    def find(self, key: str, start: int = 0) -> int:
        """The next place ``key`` is found as a name (whole words when it is Latin), or -1."""
        at = self.text.find(key, start)
        while at != -1 and not self.whole(at, key):
            at = self.text.find(key, at + 1)
        return at


class NameIndex(Generic[T]):
    """Maps every name and alias to the records it may mean (several when ambiguous)."""

    def __init__(self) -> None:
        self._names: dict[str, list[T]] = {}

    def add(self, names: Iterable[str], record: T) -> None:
        for name in names:
            key = squash(name)
            if key and record not in self._names.setdefault(key, []):
                self._names[key].append(record)

    def names(self) -> list[str]:
        return list(self._names)

    def exact(self, text: str) -> list[T]:
        return list(self._names.get(squash(text), []))

    def find(self, text: str) -> list[T]:
        """Records named in ``text``: the longest name found wins."""
        squashed = _Squashed(text)
        for key in sorted(self._names, key=len, reverse=True):
            if len(key) >= 2 and squashed.find(key) != -1:
                return list(self._names[key])
        return []

    def find_all(self, text: str) -> list[T]:
        """Every record named in ``text`` ("소파랑 의자"), in the order they are written; a longer
        name wins over the shorter ones inside it ("소파베드" is not also a "소파")."""
        return [record for _, record in find_all(text, [self])]

    def find_each(self, text: str) -> list[list[T]]:
        """For each name in ``text``, in order, the records it may mean ("응봉동이랑 송정동" → [[응봉동], [송정동]];
        "왕십리" → [[왕십리2동, 왕십리도선동]]); a record named twice is kept once."""
        groups: list[list[T]] = []
        for key in names_in(text, [self]):
            records = [r for r in self._names[key] if not any(r in g for g in groups)]
            if records:
                groups.append(records)
        return groups

    def nearest(self, text: str, limit: int = 4) -> list[T]:
        """Closest names for a typo or an unknown item, best first, without repeats."""
        found: list[T] = []
        for key in difflib.get_close_matches(squash(text), self._names, n=limit * 3, cutoff=0.4):
            for record in self._names[key]:
                if record not in found:
                    found.append(record)
        return found[:limit]


def names_in(text: str, indexes: list["NameIndex"]) -> list[str]:
    """The names of ``indexes`` found in ``text``, in text order, longest first, not overlapping."""
    squashed = _Squashed(text)
    taken = [False] * len(squashed.text)
    found: list[tuple[int, str]] = []
    for key in sorted({k for index in indexes for k in index._names}, key=len, reverse=True):
        start = squashed.find(key) if len(key) >= 2 else -1
        while start != -1:
            if not any(taken[start:start + len(key)]):
                taken[start:start + len(key)] = [True] * len(key)
                found.append((start, key))
            start = squashed.find(key, start + 1)
    return [key for _, key in sorted(found)]


def find_all(text: str, indexes: list["NameIndex"]) -> list[tuple[int, object]]:
    """(index number, record) for every name of any of ``indexes`` in ``text``, in text order.
    Longest names first; on equal length the earlier index wins; names may not overlap."""
    squashed = _Squashed(text)
    taken = [False] * len(squashed.text)
    found: list[tuple[int, int, object]] = []
    keys = sorted(((key, number) for number, index in enumerate(indexes) for key in index._names),
                  key=lambda pair: (-len(pair[0]), pair[1]))
    for key, number in keys:
        if len(key) < 2:
            continue
        start = squashed.find(key)
        while start != -1:
            if not any(taken[start:start + len(key)]):
                taken[start:start + len(key)] = [True] * len(key)
                found += [(start, number, record) for record in indexes[number]._names[key]]
            start = squashed.find(key, start + 1)
    seen, ordered = set(), []
    for _, number, record in sorted(found, key=lambda f: f[0]):
        if (number, id(record)) not in seen:
            seen.add((number, id(record)))
            ordered.append((number, record))
    return ordered
