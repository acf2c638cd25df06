"""Rasa custom actions: thin, each calls into ``bot``. Served by ``python -m rasa_sdk --actions actions``."""
