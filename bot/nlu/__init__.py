"""Custom Rasa components. Imported only by the Rasa engine (.venv-rasa).

Importing this package (Rasa does, for our components and our channel) also makes
each turn cheaper without changing what Rasa does: its check of action-server
responses is built once (``action_response``), its connection to the action server stays
open between turns (``kept_connections``), and its graph runs skip dask's task scheduler
(``graph_runs``); the minwon channel reads back the tracker Rasa just saved
(``channel``). docs/adr/0004 gives what each saves. Each patch is imported and installed only when Rasa and the library it
reaches into are the versions it was written for (``versions``); otherwise Rasa's own code runs.
"""
from importlib import import_module

from bot.nlu.versions import written_for

# patch module: the libraries besides Rasa whose internals it relies on
PATCHES = {"action_response": ("jsonschema",), "graph_runs": ("dask",), "kept_connections": ("aiohttp",)}

for _name, _packages in PATCHES.items():
    if written_for(_name, *_packages):
        import_module(f"bot.nlu.{_name}").install()
