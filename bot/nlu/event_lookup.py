"""Rasa finds an event's class by its type name with a table built once.

Stock ``Event.resolve_by_type`` walks every subclass of ``Event`` (recursively, checking
each for abstractness) for every event it deserialises: every turn rebuilds the
conversation from its stored events, so this walk was ~6 % of each Rasa process's CPU
(py-spy, 2026-12-02). The table gives the class the walk would find first; a name it does
not hold (a class defined later, "topic", an unknown name) goes to the stock lookup, which
also keeps its default and its error.
"""
from __future__ import annotations

from typing import Dict, Optional, Text, Type

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_stock = Event.resolve_by_type
_table: Dict[Text, Type[Event]] = {}


def _build() -> None:
    _table.clear()
    for cls in reversed(all_subclasses(Event)):   # the first match in the stock walk wins
        _table[cls.type_name] = cls


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    cls = _table.get(type_name)
    if cls is None:
        _build()
        cls = _table.get(type_name)
    return cls if cls is not None else _stock(type_name, default)


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
