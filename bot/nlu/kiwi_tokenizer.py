"""A Korean morpheme tokenizer for Rasa, using kiwipiepy.

"행당2동쓰레기언제버려요" becomes 행당 / 2 / 동 / 쓰레기 / 언제 / 버리 / 어요, so word
features see the stems residents mean. Compared against the whitespace tokenizer
in docs/adr/0002-nlu-pipeline.md.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class KiwiTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent_tokenization_flag": False, "intent_split_symbol": "_", "token_pattern": None,
                "prefix_separator_symbol": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        from kiwipiepy import Kiwi

        # Without the typo and multi-word dictionaries: 185 MB less per process, same held-out F1
        # (docs/adr/0004).
        self._kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "KiwiTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        tokens = [Token(t.form, t.start, t.start + t.len, lemma=t.form) for t in self._kiwi.tokenize(text)]
        if not tokens and text.strip():
            tokens = [Token(text, 0, len(text))]
        return self._apply_token_pattern(tokens)
