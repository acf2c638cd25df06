"""The language of each message (Korean or English) as the ``lang`` entity.

The ``lang`` slot is filled from it, so responses and actions answer in the resident's
language. The gateway detected it already and sent it in the message metadata
(bot/message_meta.py): it is read from there, never worked out again. A message whose
language the gateway could not tell (no letters: "1", "?") and no channel chose sets no
entity, so the conversation keeps its language. Only a message that did not come through
the gateway (``rasa shell``, ``rasa test``) is detected here.
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
from bot.message_meta import MessageMeta


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
            metadata = message.get("metadata") or {}
            meta = MessageMeta.from_metadata(metadata)
            if meta is not None:
                lang = meta.lang if meta.lang_from != "default" else None
            else:
                lang = detect_language(text, metadata.get("lang"))
            if lang:
                entity = {"entity": "lang", "value": lang, "start": 0, "end": len(text)}
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name([entity]),
                            add_to_output=True)
        return messages
