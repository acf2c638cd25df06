"""Rasa's graph runs in order, without dask's task scheduler (same nodes, same inputs, same results).

Every message runs Rasa's NLU graph once and its policy graph once per predicted action.
Rasa evaluates each run with ``dask.get``, i.e. dask's synchronous *local scheduler*
(``dask.local.get_sync``): for every run it orders the graph, builds task states and work
queues and retires tasks one by one — about 12 % of each Rasa process's CPU under load
(py-spy at concurrency 10, 2026-12-03), for graphs of a dozen nodes.

``dask.core.get`` evaluates the same graph dict with the same ``_execute_task`` in topological
order: each node receives the same ``(node name, output)`` inputs, an input no node provides
still arrives as its bare name (Rasa's ``GraphNode`` warns about it), and an exception raised by
a node propagates unchanged (a ``RuntimeError`` still becomes Rasa's ``GraphRunError``).
Graphs with hooks on their nodes — training, with its caching and logging hooks — keep dask's
scheduler, which frees each intermediate result as soon as nothing needs it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import dask.core
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

_stock_run = DaskGraphRunner.run


def _has_hooks(runner: DaskGraphRunner) -> bool:
    known = runner.__dict__.get("_minwon_has_hooks")
    if known is None:
        known = runner.__dict__["_minwon_has_hooks"] = any(
            node._hooks for node in runner._instantiated_nodes.values())
    return known


def run(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    if _has_hooks(self):
        return _stock_run(self, inputs, targets)
    run_targets = targets if targets else self._graph_schema.target_names
    graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
    if inputs:
        self._add_inputs_to_graph(inputs, graph)
    try:
        return dict(dask.core.get(graph, run_targets))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


def install() -> None:
    DaskGraphRunner.run = run
