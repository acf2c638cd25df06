"""bot.nlu.event_lookup, bot.nlu.kept_connections and bot.nlu.parse_costs: cheaper turns, same behaviour as stock Rasa.

Both run in the Rasa environment (.venv-rasa), against Rasa's own code.
"""
from tests.rasa_engine import run_in_rasa

EVENT_LOOKUP = r'''
import json
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
stock = Event.resolve_by_type
import bot.nlu  # installs ours
assert Event.resolve_by_type is not stock, "not installed"

def outcome(lookup, name, default=None):
    try:
        found = lookup(name, default)
        return None if found is None else found.__name__
    except ValueError as e:
        return "ValueError: " + str(e)

names = [c.type_name for c in all_subclasses(Event)] + ["topic", "no_such_event"]
same = [outcome(stock, n) == outcome(Event.resolve_by_type, n) for n in names]
default = outcome(Event.resolve_by_type, "no_such_event", Event)
# A class defined after the table was built is still found, as the stock walk finds it.
from rasa.shared.core.events import SlotSet as _Concrete
class LateEvent(_Concrete):
    type_name = "minwon_late_event"
late = outcome(Event.resolve_by_type, "minwon_late_event")
# A whole conversation read back from its JSON form: the same events.
from rasa.shared.core.events import UserUttered, SlotSet, ActionExecuted, BotUttered
events = [ActionExecuted("action_listen"), UserUttered("행당1동 쓰레기 언제 버려요?", {"name": "waste_collection_schedule"}),
          SlotSet("dong", "행당1동"), BotUttered("화, 목, 토요일이에요"), ActionExecuted("action_listen")]
back = [Event.from_parameters(e.as_dict()) for e in events]
print(json.dumps({"names": len(names), "same": all(same), "default": default, "late": late,
                  "round_trip": back == events}))
'''


def test_event_classes_found_as_rasa_finds_them():
    result = run_in_rasa(EVENT_LOOKUP)
    assert result == {"names": result["names"], "same": True, "default": "Event", "late": "LateEvent",
                      "round_trip": True}
    assert result["names"] > 20


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


PARSE_COSTS = r'''
import asyncio, json
import bot.nlu  # installs ours
from bot.nlu import parse_costs
from rasa.core.agent import load_agent
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import coo_matrix
import numpy as np

assert LogisticRegressionClassifier._create_X is parse_costs.create_x, "not installed"
rows = {"compared": 0, "different": 0}

def comparing(self, messages):
    ours, stock = parse_costs.create_x(self, messages), parse_costs._stock_create_x(self, messages)
    rows["compared"] += 1
    if ours.shape != stock.shape or ours.dtype != stock.dtype or (ours != stock.tocsr()).nnz:
        rows["different"] += 1
    return stock

async def outcome(agent, text):
    try:
        parsed = await agent.parse_message(text)
    except Exception as error:   # e.g. no features at all: stock Rasa's own error, which ours must keep
        return {"error": type(error).__name__}
    return {"intent": parsed["intent"]["name"], "confidence": parsed["intent"]["confidence"],
            "ranking": [r["name"] for r in parsed["intent_ranking"]]}

def same(a, b):
    return a.keys() == b.keys() and all(abs(a[k] - b[k]) < 1e-12 if k == "confidence" else a[k] == b[k] for k in a)

async def main():
    agent = await load_agent("models/minwon.tar.gz")
    texts = sorted({m.get("text") for m in load_data("data/nlu").training_examples if m.get("text")})
    texts += ["", "!!!", "ㅋㅋㅋㅋ", "x" * 300, "음식물쓰레기 봉투 어디서 사요?? 성수1가1동"]
    ours = [await outcome(agent, t) for t in texts]
    LogisticRegressionClassifier._create_X = comparing
    stock = [await outcome(agent, t) for t in texts]
    stock_is_empty, asked = parse_costs._stock_is_empty, []
    parse_costs._stock_is_empty = lambda domain: asked.append(domain) or stock_is_empty(domain)
    fresh_empty = Domain.empty()
    verdicts = [agent.domain.is_empty(), agent.domain.is_empty(), fresh_empty.is_empty(), fresh_empty.is_empty()]
    # A message with a dense sentence feature goes Rasa's own way.
    message = Message({"text": "a"})
    message.add_features(Features(coo_matrix(np.array([[1, 0, 2]])), "sentence", "text", "cv"))
    message.add_features(Features(np.array([[0.5, 0.25]]), "sentence", "text", "dense"))
    print(json.dumps({"texts": len(texts), "same": all(same(a, b) for a, b in zip(ours, stock)), **rows,
                      "errors": sum("error" in o for o in ours), "verdicts": verdicts, "asked": len(asked),
                      "dense_row": parse_costs.sentence_row(message) is None}))

asyncio.run(main())
'''


def test_parse_gives_the_same_features_and_intents_as_rasa():
    result = run_in_rasa(PARSE_COSTS, timeout=300)
    assert result["texts"] > 500 and result["same"]
    assert result["compared"] == result["texts"] and result["different"] == 0
    assert result["errors"] < 5
    # The loaded domain was answered during the parses already; the new empty one is asked once.
    assert result["verdicts"] == [False, False, True, True] and result["asked"] == 1
    assert result["dense_row"]


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
                      "predicted": sorted({o["predictions"][0][0] for o in ours if "predictions" in o})}))

asyncio.run(main())
'''


def test_graph_runs_give_the_same_parses_and_predictions_as_dasks_scheduler():
    result = run_in_rasa(GRAPH_RUNS, timeout=300)
    assert result["texts"] > 500 and result["same"]
    assert result["errors"][0] == result["errors"][1]
    assert result["errors"][0][0] == "GraphComponentException" and result["errors"][0][2] == "RuntimeError"
    assert result["with_hooks"] == ["stock"]
    assert len(result["predicted"]) > 10    # the comparison covered many different dialogue steps



COUNT_VECTORS = r'''
import asyncio, json
import numpy as np
import bot.nlu  # installs ours
from bot.nlu import parse_costs
from rasa.core.agent import load_agent
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

assert CountVectorsFeaturizer._create_features is parse_costs.create_features, "not installed"
seen = {"calls": 0, "different": 0, "matrices": 0, "attributes": set(), "binary": 0}

def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    seen["matrices"] += 1
    return (a.format == b.format == "coo" and a.shape == b.shape and a.dtype == b.dtype
            and a.row.dtype == b.row.dtype and a.col.dtype == b.col.dtype and np.array_equal(a.row, b.row)
            and np.array_equal(a.col, b.col) and np.array_equal(a.data, b.data))

def comparing(self, attribute, all_tokens):
    ours, stock = parse_costs.create_features(self, attribute, all_tokens), parse_costs._stock_create_features(self, attribute, all_tokens)
    seen["calls"] += 1
    seen["attributes"].add(attribute)
    if not all(same(a, b) for a, b in zip(ours[0] + ours[1], stock[0] + stock[1])) or len(ours[0]) != len(stock[0]):
        seen["different"] += 1
    return stock

async def main():
    agent = await load_agent("models/minwon.tar.gz")
    texts = sorted({m.get("text") for m in load_data("data/nlu").training_examples if m.get("text")})
    texts += ["", "!!!", "ㅋㅋㅋㅋ", "x" * 300, "Hangdang 1-dong 음식물 쓰레기 봉투??", "qqqq zzzz"]
    CountVectorsFeaturizer._create_features = comparing
    for text in texts:
        try:
            await agent.parse_message(text)
        except Exception:
            pass
    CountVectorsFeaturizer._create_features = parse_costs.create_features
    # Training featurises message by message too: every attribute of the training examples and of
    # the domain's intents and actions (core featurisation), tokenised as in training.
    components = [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()]
    featurizers = [c for c in components if isinstance(c, CountVectorsFeaturizer)]
    tokenizer = next(c for c in components if isinstance(c, Tokenizer))
    training = TrainingData(load_data("data/nlu").training_examples
                            + [Message({"intent": name}) for name in agent.domain.intents]
                            + [Message({"action_name": name}) for name in agent.domain.action_names_or_texts])
    tokenizer.process_training_data(training)
    trained = {"compared": 0, "different": 0, "attributes": set()}
    for featurizer in featurizers:
        for message in training.training_examples:
            for attribute in featurizer._attributes:
                tokens = featurizer._get_processed_message_tokens_by_attribute(message, attribute)
                if not tokens:
                    continue
                ours = parse_costs.create_features(featurizer, attribute, [tokens])
                stock = parse_costs._stock_create_features(featurizer, attribute, [tokens])
                trained["compared"] += 1
                trained["attributes"].add(attribute)
                trained["different"] += not all(same(a, b) for a, b in zip(ours[0] + ours[1], stock[0] + stock[1]))
    seen["trained"] = {**trained, "attributes": sorted(trained["attributes"])}
    # The binary option counts presence, as scikit-learn's does.
    featurizer = featurizers[0]
    vectorizer = featurizer.vectorizers["text"]
    vectorizer.binary = True
    featurizer.__dict__.pop("_minwon_analyzers", None)
    tokens = [["음식물", "음식물", "쓰레기"]]
    seen["binary"] = same(parse_costs.create_features(featurizer, "text", tokens)[1][0],
                          parse_costs._stock_create_features(featurizer, "text", tokens)[1][0])
    seen["attributes"] = sorted(seen["attributes"])
    print(json.dumps({"texts": len(texts), **seen}))

asyncio.run(main())
'''


def test_count_vectors_are_the_matrices_scikit_learn_gives():
    result = run_in_rasa(COUNT_VECTORS, timeout=300)
    assert result["texts"] > 500 and result["calls"] >= 2 * (result["texts"] - 10)   # two featurisers a message
    assert result["different"] == 0 and result["matrices"] > 4 * (result["texts"] - 10)
    assert "text" in result["attributes"] and result["binary"]
    trained = result["trained"]
    assert trained["different"] == 0 and trained["compared"] > 2 * result["texts"]
    assert {"text", "intent", "action_name"} <= set(trained["attributes"])
