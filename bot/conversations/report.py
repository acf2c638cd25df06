"""What a play gives: the transcript (what was said, ✓/✗ and why), and the turn pass rate."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.conversations.corpus import Conversation, Turn


@dataclass
class TurnResult:
    turn: Turn
    sent: str                    # the text typed, or the pressed button's payload
    reply: dict[str, Any]
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class ConversationResult:
    conversation: Conversation
    session_id: str
    turns: list[TurnResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.turns)


@dataclass
class Result:
    conversations: list[ConversationResult] = field(default_factory=list)


def _figures(turns: int, passed: int) -> dict[str, Any]:
    return {"turns": turns, "passed": passed, "rate": round(passed / turns, 4) if turns else 0.0}


def summary(result: Result) -> dict[str, Any]:
    """The turn pass rate, in all and by file: {turns, passed, rate, by_file: {file: {turns, passed, rate}}}."""
    by_file: dict[str, list[int]] = {}
    for played in result.conversations:
        counts = by_file.setdefault(str(played.conversation.file), [0, 0])
        counts[0] += len(played.turns)
        counts[1] += played.passed
    turns, passed = sum(c[0] for c in by_file.values()), sum(c[1] for c in by_file.values())
    return {**_figures(turns, passed), "by_file": {name: _figures(*counts) for name, counts in by_file.items()}}


def _bot_lines(reply: dict[str, Any]) -> list[str]:
    intent = reply.get("intent") or {}
    about = f"{intent.get('name')} {intent.get('confidence')}, {reply.get('source')}, {reply.get('lang')}"
    lines = []
    for message in reply.get("messages") or []:
        text = str(message.get("text") or "").replace("\n", "\n        ")
        lines.append(f"  bot:   {text}")
        titles = [str(b.get("title")) for b in message.get("buttons") or []]
        if titles:
            lines.append("         " + " ".join(f"[{t}]" for t in titles))
    if reply.get("citations"):
        lines.append("         cites " + ", ".join(str(c.get("id")) for c in reply["citations"]))
    if not lines and reply.get("error"):
        lines.append(f"  bot:   (error) {reply['error']}")
    return [*lines, f"         ({about})"] if intent or reply.get("source") else lines


def transcript(played: ConversationResult) -> str:
    """One conversation as a resident saw it, each turn judged."""
    conversation = played.conversation
    tags = f" [{', '.join(conversation.tags)}]" if conversation.tags else ""
    lines = [f"== {conversation.file}: {conversation.name}{tags}  (session {played.session_id})"]
    for result in played.turns:
        turn = result.turn
        said = turn.user if turn.user is not None else f"[button {turn.button}] → {result.sent}"
        lines.append(f"  resident: {said}")
        lines += _bot_lines(result.reply)
        mark = "✓" if result.passed else "✗"
        lines.append(f"  {mark} turn {turn.number}" + ("" if result.passed else ": " + "; ".join(result.failures)))
    verdict = "PASSED" if played.passed == len(played.turns) else "FAILED"
    lines.append(f"-> {verdict}: {played.passed}/{len(played.turns)} turns passed")
    return "\n".join(lines)


def closing(result: Result) -> str:
    """The figures at the end of a transcript."""
    figures = summary(result)
    whole = sum(played.passed == len(played.turns) for played in result.conversations)
    lines = [f"{name}: {part['passed']}/{part['turns']} turns, rate {part['rate']}"
             for name, part in figures["by_file"].items()]
    lines.append(f"turn pass rate {figures['rate']} ({figures['passed']}/{figures['turns']} turns); "
                 f"{whole}/{len(result.conversations)} conversations passed every turn")
    return "\n".join(lines)
