"""Custom Rasa components. Imported only by the Rasa engine (.venv-rasa).

Importing this package (Rasa does, for our components and our channel) also makes
each turn cheaper without changing what Rasa does: its check of action-server
responses is built once (``action_response``), event classes are found by a table
(``event_lookup``), its connection to the action server stays open between turns
(``kept_connections``), and the intent classifier's feature row and the domain check of
each parse cost less (``parse_costs``), and its graph runs skip dask's task scheduler
(``graph_runs``).
"""
from bot.nlu import action_response, event_lookup, graph_runs, kept_connections, parse_costs

action_response.install()
event_lookup.install()
graph_runs.install()
kept_connections.install()
parse_costs.install()
