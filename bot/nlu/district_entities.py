"""Find the district's names (dongs, bulky items, groups, programmes), dates and
ticket numbers in Korean text without relying on spaces.

Rasa's RegexEntityExtractor wraps lookup entries in ``\\b`` word boundaries, which
never match Korean words followed by a particle ("행당2동은요"). This extractor
matches lookup entries anywhere, spaces optional, longest first. The lookup tables
are generated from ``knowledge/tables`` by ``minwon nlu-lookups``, so names staff
add are understood after retraining.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import string
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.complaints.tickets import IN_TEXT as TICKET
from bot.dates import find_date

LOOKUPS_FILE = "lookups.json"


# Everyday words that begin with a short name and mean something else: "아이고" is no 아이
# (children), "장애물" no 장애, "옥수수" no 옥수동. Names are matched inside words on purpose
# ("쇼파버리는법", "노인돌봄"); only these continuations are excluded.
NOT_NAMES = ("아이고", "아이구", "아이쿠", "아이돌", "아이폰", "아이패드", "아이디", "아이스", "아이템", "아이콘", "아이참",
             "장애물", "옥수수", "옥수숫", "가족관계")


def _pattern(element: str) -> str:
    chars = [re.escape(c) for c in element if not c.isspace()]
    body = r"\s*".join(chars)
    if element.isascii():  # "tv" must not match inside "activity"
        return r"(?<![A-Za-z])" + body + r"(?![A-Za-z])"
    squashed = "".join(element.split())
    other = [w[len(squashed):] for w in NOT_NAMES if w.startswith(squashed) and len(w) > len(squashed)]
    if other:
        return body + r"(?!\s*(?:" + "|".join(re.escape(o) for o in other) + "))"
    return body


# Characters an entry's pattern can only match literally: Hangul syllables have no case, and
# an ASCII letter or digit matches itself, its upper case, and (re.IGNORECASE) these two.
_CASELESS = set(string.ascii_lowercase + string.digits)
_FOLDS = str.maketrans({"\u0131": "i", "\u017f": "s"})   # dotless ı, long ſ


def _required(element: str) -> frozenset:
    return frozenset(c for c in element.lower() if c in _CASELESS or "\uac00" <= c <= "\ud7a3")


def compile_lookups(lookups: Dict[str, List[str]]) -> List[tuple]:
    compiled = []
    for entity, elements in lookups.items():
        for element in sorted(set(elements), key=len, reverse=True):
            if len(element.replace(" ", "")) >= 2:
                compiled.append((entity, element, re.compile(_pattern(element), re.IGNORECASE), _required(element)))
    return compiled


def find_entities(text: str, compiled: List[tuple], today: Optional[dt.date] = None) -> List[Dict[str, Any]]:
    found = []
    # Most of ~700 entries share no syllable with a message: skip them without running their pattern.
    present = set(text.lower().translate(_FOLDS))
    for entity, element, rx, required in compiled:
        if not required <= present:
            continue
        for m in rx.finditer(text):
            found.append({"entity": entity, "value": element, "start": m.start(), "end": m.end()})
    for m in TICKET.finditer(text):
        found.append({"entity": "ticket_number", "value": m.group(0), "start": m.start(), "end": m.end()})
    span = find_date(text, today or dt.date.today())
    if span:
        found.append({"entity": "date", "value": span.phrase, "start": span.span[0], "end": span.span[1]})
    # Leftmost-longest wins; overlapping shorter matches are dropped.
    found.sort(key=lambda e: (e["start"], -(e["end"] - e["start"])))
    kept: List[Dict[str, Any]] = []
    for e in found:
        if not kept or e["start"] >= kept[-1]["end"]:
            kept.append(e)
    return kept


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class DistrictEntityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, model_storage: ModelStorage, resource: Resource,
                 lookups: Optional[Dict[str, List[str]]] = None) -> None:
        self._model_storage, self._resource = model_storage, resource
        self._lookups = lookups or {}
        self._compiled = compile_lookups(self._lookups)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DistrictEntityExtractor":
        return cls(model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "DistrictEntityExtractor":
        try:
            with model_storage.read_from(resource) as directory:
                lookups = json.loads((directory / LOOKUPS_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            lookups = {}
        return cls(model_storage, resource, lookups)

    def train(self, training_data: TrainingData) -> Resource:
        lookups = {t["name"]: list(t["elements"]) for t in training_data.lookup_tables}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / LOOKUPS_FILE).write_text(json.dumps(lookups, ensure_ascii=False), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entities = find_entities(message.get(TEXT) or "", self._compiled)
            if entities:
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities),
                            add_to_output=True)
        return messages
