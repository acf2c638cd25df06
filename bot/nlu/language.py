"""Detect the language of each message (Korean or English) as the ``lang`` entity.

The ``lang`` slot is filled from it, so responses and actions answer in the
resident's language. Messages with no letters (e.g. "1", "?") keep the language
the channel sent in metadata, or the previous one.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import detect_language

@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageDetector":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            hint = (message.get("metadata") or {}).get("lang")
            lang = detect_language(text, hint)
            if lang:
                entity = {"entity": "lang", "value": lang, "start": 0, "end": len(text)}
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name([entity]),
                            add_to_output=True)
        return messages
