"""Invariant fuzzing of the dialogue: new conversations recombined from the development sets' turns, played
against a running gateway, checked against what must hold whatever the expected answer (issue 21):

- ``always``: an HTTP 200, a non-empty reply, no internal text, not the same question a third time in a row
  (the corpus' own always-checks, bot/conversations/checks.py);
- ``low_confidence_form``: a form (complaint, status lookup) is never opened by an intent under 0.5;
- ``cancel_stays``: a plain cancel ("취소", "never mind") inside a form leaves it;
- ``form_swallows``: a question from another conversation asked inside a form is not counted as an
  unusable answer to the form's question;
- ``not_resumed``: a side answer inside a form ends with the form's question again;
- ``language``: the reply is in the language of the resident's message (a Hangul-only message gets a Korean
  reply, an English one with no Hangul an English reply);
- ``context_changes_answer``: another conversation's first message (self-contained) asked in the middle of this
  one — inside a form or after another topic — is answered from at least one of the sources it gets when asked
  alone in a fresh session (a metamorphic check: the context may add, not take the answer away).

The turns come from tests/conversations/*.yml, fresh/ and fresh2/ (never heldout/): form openings, other
conversations' first messages (side questions, topic changes), corrections, follow-ups ("거기는요?"),
cancels, Korean and English in one session. Nothing here knows the right answer; a violation is a class of
failure to look at, and a fixed class becomes a unit test (tests/test_dialogue*.py).

    PYTHONPATH=$PWD .venv/bin/python bench/dialogue_fuzz.py --url http://127.0.0.1:8000 \
        --rasa-url http://127.0.0.1:5005 --rasa-token TOKEN --sessions 300 --seed 1 [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.conversations.checks import Observation, always, last_message
from bot.conversations.corpus import Conversation, load_conversations
from bot.conversations.player import WORLD_NOW, Player
from bot.dialogue import reading
from bot.settings import ROOT

DEV_SETS = [ROOT / "tests" / "conversations", ROOT / "tests" / "conversations" / "fresh",
            ROOT / "tests" / "conversations" / "fresh2"]
FORM_INTENTS = ("file_complaint", "complaint_status")
CANCELS = ["취소", "취소할게요", "그만할래요", "됐어요 그만 할게요", "cancel", "never mind", "Cancel please", "그만"]
HANGUL = re.compile(r"[가-힣]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
LOW = 0.5
# A request to file that names itself ("거리 청소 민원이요"): the words decide, not the intent's confidence.
FILING = re.compile(r"(?<!전입)(?<!출생)신고|민원|접수|\breport|complain", re.I)
# How a form's question reads: a question mark, an example, a request ("…을 알려 주세요", "Please tell me …").
ASKING = re.compile(r"\?|\(예|\(e\.g|주세요\.?$|세요\.?$|please|describe|tell me|눌러|press", re.I)


@dataclass(frozen=True)
class Step:
    text: str | None              # typed …
    button: str | None = None     # … or a button of the last reply, pressed by its title
    role: str = "turn"            # opener | side | cancel | correction | follow_up | continue


@dataclass
class Pools:
    conversations: list[Conversation]
    forms: list[Conversation] = field(default_factory=list)     # conversations that open a form
    openers: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    cancels: list[str] = field(default_factory=list)


def pools(folders: list[Path]) -> Pools:
    if any("heldout" in part for folder in folders for part in folder.parts):
        raise SystemExit("the held-out conversations are never read: give development sets only")
    found = Pools(load_conversations(folders))
    for conversation in found.conversations:
        first = conversation.turns[0]
        if first.user:
            found.openers.append(first.user)
        if any(_intents(t.expect) & set(FORM_INTENTS) for t in conversation.turns):
            found.forms.append(conversation)
        for turn in conversation.turns[1:]:
            text = turn.user or ""
            if not text or "{ticket}" in text:
                continue
            if reading.is_cancel(text) and len(text) <= 20:
                found.cancels.append(text)
            elif reading.is_correction(text) and len(text) <= 60:
                found.corrections.append(text)
            elif len(text) <= 20 and reading.is_question(text):
                found.follow_ups.append(text)
    found.cancels = sorted(set(found.cancels) | set(CANCELS))
    return found


def _intents(expect: dict[str, Any]) -> set[str]:
    wanted = expect.get("intent")
    return set(wanted) if isinstance(wanted, list) else {wanted} if wanted else set()


def form_prefix(rng: random.Random, conversation: Conversation) -> list[Step]:
    """The conversation up to its form's opening, and now and then one or two answers more."""
    turns = list(conversation.turns)
    opening = next(i for i, t in enumerate(turns) if _intents(t.expect) & set(FORM_INTENTS))
    end = min(len(turns), opening + 1 + rng.choice([0, 0, 1, 2]))
    return [Step(t.user, t.button, "opener" if i == opening else "continue") for i, t in enumerate(turns[:end])]


def rest_of(conversation: Conversation, done: int, most: int = 2) -> list[Step]:
    return [Step(t.user, t.button, "continue") for t in conversation.turns[done:done + most]
            if not (t.user and "{ticket}" in t.user)]


def scenario(rng: random.Random, found: Pools) -> tuple[str, list[Step]]:
    kind = rng.choice(["side_question", "cancel", "topic_change", "correction", "follow_up", "mixed_language"])
    other = lambda: Step(rng.choice(found.openers), role="side")   # noqa: E731
    if kind in ("side_question", "cancel", "topic_change", "correction"):
        form = rng.choice(found.forms)
        steps = form_prefix(rng, form)
        done = len(steps)
        if kind == "side_question":
            steps += [other(), *rest_of(form, done)]
        elif kind == "cancel":
            steps += [Step(rng.choice(found.cancels), role="cancel"), other()]
        elif kind == "topic_change":
            steps += [other(), Step(rng.choice(found.follow_ups), role="follow_up")]
        else:
            steps += [Step(rng.choice(found.corrections), role="correction"), *rest_of(form, done)]
        return kind, steps
    if kind == "follow_up":
        return kind, [Step(rng.choice(found.openers), role="opener"), Step(rng.choice(found.follow_ups), role="follow_up"),
                      other(), Step(rng.choice(found.follow_ups), role="follow_up")]
    korean = [o for o in found.openers if HANGUL.search(o)]
    english = [o for o in found.openers if not HANGUL.search(o)]
    return kind, [Step(rng.choice(korean), role="opener"), Step(rng.choice(english), role="side"),
                  Step(rng.choice(found.follow_ups), role="follow_up"), Step(rng.choice(korean), role="side")]


def state_of(player: Player, session_id: str) -> dict[str, Any]:
    try:
        raw = player.slots(session_id).get("dialogue")
        return json.loads(raw) if isinstance(raw, str) and raw else {}
    except Exception:     # noqa: BLE001 — no tracker yet: nothing under way
        return {}


def language_of(text: str) -> str | None:
    hangul, latin = len(HANGUL.findall(text)), len(LATIN_WORD.findall(text))
    if hangul >= 2 and latin == 0:
        return "ko"
    if hangul == 0 and latin >= 3:
        return "en"
    return None


def cited(reply: dict[str, Any]) -> set[str]:
    return {str(c.get("id")) for c in reply.get("citations") or []}


def violations(step: Step, message: str, obs: Observation, before: dict, after: dict, earlier_last: str | None,
               alone: set[str] | None = None) -> list[tuple[str, str]]:
    found = [("always", failure) for failure in always(obs)]
    if obs.status != 200:
        return found
    reply, typed = obs.reply, step.text is not None
    confidence = float((reply.get("intent") or {}).get("confidence") or 0)
    named = (after.get("values") or {}).get("category") not in (None, "other")     # "불법주차요": a problem named
    if typed and not before.get("task") and after.get("task") and confidence < LOW and not FILING.search(message) and \
            not named:
        found.append(("low_confidence_form", f"{after['task']} opened at {(reply.get('intent') or {}).get('name')} "
                                             f"{confidence:.2f}"))
    if typed and step.role == "cancel" and before.get("task") and after.get("task"):
        found.append(("cancel_stays", f"{after['task']} still under way after {message!r}"))
    side = typed and step.role == "side" and before.get("task") and reading.is_question(message)
    if side and after.get("task") == before.get("task") and int(after.get("misses") or 0) > int(before.get("misses") or 0):
        found.append(("form_swallows", f"counted as an unusable answer to {before.get('asked')!r}"))
    messages = [str(m.get("text") or "") for m in reply.get("messages") or []]
    last = last_message(reply) or ""
    if side and after.get("task") and after.get("task") == before.get("task") and len(messages) > 1 and \
            not ASKING.search(last) and last != earlier_last:
        found.append(("not_resumed", f"the form ({after.get('asked')!r}) is under way but the reply ends {last[-60:]!r}"))
    if alone and not cited(reply) & alone:
        where = f"inside the {before['task']} form ({before.get('asked')!r})" if before.get("task") else "after another topic"
        found.append(("context_changes_answer", f"{where}: cited {sorted(cited(reply))[:3]}, alone {sorted(alone)[:3]}"))
    wanted = language_of(message) if typed else None
    text = "\n".join(messages)
    if wanted and reply.get("lang") != wanted:
        found.append(("language", f"a {wanted} message answered with lang {reply.get('lang')!r}"))
    elif wanted == "en" and len(HANGUL.findall(text)) > len(re.findall(r"[A-Za-z]", text)):
        found.append(("language", "an English message answered mostly in Hangul"))
    return found


def asked_alone(player: Player, message: str, cache: dict[str, set[str]]) -> set[str]:
    """What a message is answered from in a fresh session of its own."""
    if message not in cache:
        status, reply = player.send(f"fuzz-alone-{uuid.uuid4().hex}", message, None, WORLD_NOW)
        cache[message] = cited(reply) if status == 200 else set()
    return cache[message]


def play_one(player: Player, kind: str, steps: list[Step], cache: dict[str, set[str]] | None = None) -> dict[str, Any]:
    session_id = f"fuzz-{uuid.uuid4().hex}"
    record: dict[str, Any] = {"kind": kind, "turns": [], "violations": []}
    lasts: list[str | None] = []
    said: list[str] = []
    last_reply: dict[str, Any] = {}
    before: dict[str, Any] = {}
    for step in steps:
        if step.button is not None:
            offered = [b for m in last_reply.get("messages") or [] for b in m.get("buttons") or []]
            pressed = [b for b in offered if step.button.casefold() in str(b.get("title") or "").casefold()]
            if not pressed:
                continue         # recombined: the button belongs to a reply this session did not get
            message = str(pressed[0].get("payload") or pressed[0].get("title"))
        else:
            message = step.text or ""
        status, reply = player.send(session_id, message, None, WORLD_NOW)
        said.append(message)
        obs = Observation(reply, status, "\n".join(said), lasts[-2:])
        after = state_of(player, session_id) if status == 200 else before
        alone = asked_alone(player, message, cache) if cache is not None and step.role == "side" else None
        found = violations(step, message, obs, before, after, lasts[-1] if lasts else None, alone)
        text = obs.text
        record["turns"].append({"role": step.role, "sent": message, "reply": text[:400],
                                "intent": reply.get("intent"), "lang": reply.get("lang"),
                                "task": [before.get("task"), after.get("task")], "asked": after.get("asked")})
        for name, why in found:
            record["violations"].append({"class": name, "turn": len(record["turns"]), "why": why})
        said.append(text)
        lasts.append(last_message(reply) if status == 200 else None)
        last_reply, before = reply, after
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the gateway")
    parser.add_argument("--rasa-url", required=True, help="Rasa's HTTP API (the dialogue state is read from it)")
    parser.add_argument("--rasa-token", default="")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write every session and its violations here")
    parser.add_argument("folders", nargs="*", type=Path, default=DEV_SETS)
    args = parser.parse_args(argv)
    found = pools(args.folders)
    rng = random.Random(args.seed)
    player = Player(args.url, rasa_url=args.rasa_url, rasa_token=args.rasa_token)
    sessions, turns, cache = [], 0, {}
    by_class: dict[str, list[dict]] = defaultdict(list)
    for _ in range(args.sessions):
        kind, steps = scenario(rng, found)
        record = play_one(player, kind, steps, cache)
        sessions.append(record)
        turns += len(record["turns"])
        for violation in record["violations"]:
            by_class[violation["class"]].append({**violation, "session": len(sessions) - 1})
    print(f"{len(sessions)} sessions, {turns} turns, seed {args.seed}")
    for name, found_here in sorted(by_class.items(), key=lambda item: -len(item[1])):
        print(f"  {name}: {len(found_here)}")
        for example in found_here[:3]:
            turn = sessions[example["session"]]["turns"][example["turn"] - 1]
            print(f"    - {turn['sent'][:70]!r} → {turn['reply'][:90]!r}: {example['why'][:120]}")
    if args.json:
        args.json.write_text(json.dumps({"sessions": sessions, "by_class": {k: len(v) for k, v in by_class.items()}},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if by_class else 0


if __name__ == "__main__":
    sys.exit(main())
