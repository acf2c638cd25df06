"""bot.nlu.kept_connections and bot.nlu.graph_runs: cheaper turns, same behaviour as stock Rasa.

They run in the Rasa environment (.venv-rasa), against Rasa's own code.
"""
from tests.rasa_engine import run_in_rasa

KEPT_CONNECTIONS = r'''
import asyncio, json
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig
import bot.nlu  # installs ours

async def main():
    peers, headers = set(), []

    async def webhook(request):
        peers.add(request.transport.get_extra_info("peername"))
        headers.append(request.headers.get("X-District"))
        body = await request.json()
        return web.json_response({"echo": body["n"]})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-District": "seongdong"})
    answers = [await endpoint.request(json={"n": n}, method="post") for n in range(5)]
    # The same endpoint read again from endpoints.yml (a new EndpointConfig) shares the connection too.
    again = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-District": "seongdong"})
    answers.append(await again.request(json={"n": 5}, method="post"))
    # After the server went away and came back, the next call still gets through.
    await runner.cleanup()
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        answers.append(await endpoint.request(json={"n": 6}, method="post"))
    except Exception as e:
        answers.append(type(e).__name__)
    answers.append(await endpoint.request(json={"n": 7}, method="post"))
    await runner.cleanup()
    print(json.dumps({"answers": [a["echo"] if isinstance(a, dict) else a for a in answers],
                      "connections": len(peers), "headers": sorted(set(headers))}))

asyncio.run(main())
'''


def test_action_calls_share_one_connection_and_keep_their_headers():
    result = run_in_rasa(KEPT_CONNECTIONS)
    assert result["answers"] == [0, 1, 2, 3, 4, 5, 6, 7]   # 6 and 7: after a restart of the action server
    assert result["headers"] == ["seongdong"]
    assert result["connections"] <= 3                    # stock Rasa: one per request (8)


GRAPH_RUNS = r'''
import asyncio, json
import bot.nlu  # installs ours
from bot.nlu import graph_runs
from rasa.core.agent import load_agent
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.loading import load_data

assert DaskGraphRunner.run is graph_runs.run, "not installed"

async def conversation(agent, texts):
    """Residents' messages in one conversation: each one's parse, then the two actions the
    policies predict after it (appended, so later turns see a growing conversation)."""
    tracker, turns = DialogueStateTracker.from_events("graph-runs", [], slots=agent.domain.slots), []
    for text in texts:
        try:
            parsed = await agent.parse_message(text)
        except Exception as error:
            turns.append({"error": type(error).__name__})
            continue
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed))
        predictions = []
        for _ in range(2):
            prediction = agent.processor._predict_next_with_tracker(tracker)
            action = agent.domain.action_names_or_texts[prediction.max_confidence_index]
            predictions.append([action, prediction.policy_name, prediction.probabilities])
            tracker.update(ActionExecuted(action, prediction.policy_name, prediction.max_confidence))
        turns.append({"intent": parsed["intent"], "ranking": parsed["intent_ranking"],
                      "entities": parsed["entities"], "predictions": predictions})
    return turns


async def all_turns(agent, texts):
    return [turn for start in range(0, len(texts), 6) for turn in await conversation(agent, texts[start:start + 6])]


async def main():
    agent = await load_agent("models/minwon.tar.gz")
    texts = sorted({m.get("text") for m in load_data("data/nlu").training_examples if m.get("text")})
    texts += ["", "!!!", "x" * 300, "성수1가1동 대형폐기물 스티커 얼마예요"]
    ours = await all_turns(agent, texts)
    DaskGraphRunner.run = graph_runs._stock_run
    stock = await all_turns(agent, texts)
    DaskGraphRunner.run = graph_runs.run
    # A node that fails: the same exception as with dask's scheduler.
    runner = agent.processor.graph_runner
    node = next(iter(runner._instantiated_nodes.values()))
    def failing(*args, **kwargs):
        raise RuntimeError("node failed")
    errors = []
    for run in (graph_runs.run, graph_runs._stock_run):
        (original, inputs), node._fn, node._inputs = (node._fn, node._inputs), failing, {}
        try:
            run(runner, targets=[node._node_name])
        except Exception as error:
            errors.append([type(error).__name__, str(error), type(error.__cause__).__name__])
        node._fn, node._inputs = original, inputs
    # Graphs with hooks (training) keep dask's scheduler.
    used = []
    graph_runs._stock_run, stock_run = (lambda *a, **k: used.append("stock") or {}), graph_runs._stock_run
    node._hooks = [object()]
    runner.__dict__.pop("_minwon_has_hooks", None)
    graph_runs.run(runner)
    print(json.dumps({"texts": len(texts), "same": ours == stock, "errors": errors, "with_hooks": used,
                      "predicted": sorted({o["predictions"][0][0] for o in ours if "predictions" in o}),
                      "intents": sorted({o["intent"]["name"] for o in ours if "intent" in o})}))

asyncio.run(main())
'''


def test_graph_runs_give_the_same_parses_and_predictions_as_dasks_scheduler():
    result = run_in_rasa(GRAPH_RUNS, timeout=300)
    assert result["texts"] > 500 and result["same"]
    assert result["errors"][0] == result["errors"][1]
    assert result["errors"][0][0] == "GraphComponentException" and result["errors"][0][2] == "RuntimeError"
    assert result["with_hooks"] == ["stock"]
    # Every intent routes to the dialogue manager (ADR 0007), so the policies predict one action; the comparison
    # covered every intent's parse and that prediction.
    assert "action_converse" in result["predicted"] and len(result["intents"]) > 15
    assert set(result["predicted"]) <= {"action_converse", "action_answer_from_knowledge"}
