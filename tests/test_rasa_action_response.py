"""bot.nlu.action_response: Rasa's check of action-server responses, built once.

Runs in the Rasa environment (.venv-rasa), against Rasa's own stock check: every
response must get the same verdict and, when rejected, the same message.
"""
import json

from tests.rasa_engine import run_in_rasa

SCRIPT = r'''
import json, sys
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
stock = RemoteAction._validate_action_result
import bot.nlu  # installs ours
assert RemoteAction._validate_action_result is not stock, "not installed"
action = RemoteAction("action_x", None)

def verdict(check, response):
    try:
        return ["ok", check(action, response)]
    except ValidationError as e:
        return ["rejected", e.message]

out = [[verdict(stock, r), verdict(RemoteAction._validate_action_result, r)] for r in json.loads(sys.argv[1])]
print(json.dumps(out))
'''

RESPONSES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "dong", "value": "행당1동"}],
     "responses": [{"text": "안녕하세요", "buttons": []}]},
    {"events": [{"event": "followup", "name": "action_listen"}], "responses": []},
    {"events": {"event": "slot"}, "responses": []},          # events must be a list
    {"events": [{"event": "slot", "name": 3}], "responses": []},
    {"events": [], "responses": "text"},                     # responses must be a list
    {"events": [{"event": "no_such_event"}]},
]


def test_same_verdicts_and_messages_as_rasas_own_check():
    pairs = run_in_rasa(SCRIPT, json.dumps(RESPONSES, ensure_ascii=False))
    assert [stock for stock, _ in pairs] == [ours for _, ours in pairs]
    verdicts = [stock[0] for stock, _ in pairs]
    assert verdicts[:3] == ["ok"] * 3 and verdicts[3:6] == ["rejected"] * 3
    assert all("Failed to validate Action server response" in stock[1] for stock, _ in pairs if stock[0] == "rejected")
