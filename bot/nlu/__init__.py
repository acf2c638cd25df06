"""Custom Rasa components. Imported only by the Rasa engine (.venv-rasa).

Importing this package (Rasa does, for our components and our channel) also makes
each turn cheaper without changing what Rasa does: its check of action-server
responses is built once (``action_response``), event classes are found by a table
(``event_lookup``), and its connection to the action server stays open between
turns (``kept_connections``).
"""
from bot.nlu import action_response, event_lookup, kept_connections

action_response.install()
event_lookup.install()
kept_connections.install()
