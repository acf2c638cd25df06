"""Rasa's command line (``python -m bot.nlu.rasa_cli train …`` = ``rasa train …``), without the validator's
warnings about parts of minwon it cannot see. Every other warning is shown as Rasa shows it.

Rasa's data validator (rasa 3.6: ``rasa/validator.py``, ``default_recipe_validator.py``) only knows its own
classes and stories/rules, so it calls three things of ours unused that are used, and no configuration
tells it otherwise:

- the small-talk responses (``utter_greet`` …): ``action_converse`` sends them by name
  (``actions/talk.py`` ``SMALL_TALK``); no rule names them since every intent runs ``action_converse``;
- the lookup tables (``data/nlu/lookups.yml``): ``bot.nlu.district_entities.DistrictEntityExtractor``
  reads them at training (``train``); the validator looks for Rasa's Regex/CRF/DIET classes by exact type;
- the entity annotations in the examples: the same extractor finds those entities (the annotations keep
  the examples readable and checked by ``tests/test_district_entities.py``); no trainable extractor is
  wanted (docs/adr/0002-nlu-pipeline.md).

Rasa's own list of expected warnings (``rasa.utils.common.EXPECTED_WARNINGS``, applied with
``--quiet``/``-v``, never with ``--debug``) gets exactly these messages.
"""
from __future__ import annotations

import re
import sys

SMALL_TALK_RESPONSES = ("utter_greet", "utter_goodbye", "utter_thanks", "utter_iamabot", "utter_affirm",
                        "utter_deny")
NOT_SEEN = [f"The utterance '{name}' is not used in any story or rule." for name in SMALL_TALK_RESPONSES] + [
    "You have defined training data consisting of lookup tables, but your NLU configuration does not include a "
    "featurizer or an entity extractor using the lookup table.",
    "You have defined training data consisting of lookup tables, but your NLU configuration does not include any "
    "components that uses the features created from the lookup table.",
    "You have defined training data consisting of entity examples, but your NLU configuration does not include "
    "an entity extractor trained on your training data.",
]


def main() -> None:
    from rasa.__main__ import main as rasa_main
    from rasa.utils.common import EXPECTED_WARNINGS

    # Rasa matches each as a regular expression after ".*"; ours are plain text.
    EXPECTED_WARNINGS.extend((UserWarning, re.escape(message)) for message in NOT_SEEN)
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
