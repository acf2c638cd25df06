"""What the dialogue manager remembers between turns, kept as JSON in the ``dialogue`` slot."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DialogueState:
    task: str | None = None            # "complaint" | "status" | None
    asked: str | None = None           # what the bot just asked: "dong", "location", "confirm", "ticket", …
    asked_for: str | None = None       # the topic a topic question belongs to ("waste_collection_schedule")
    values: dict[str, Any] = field(default_factory=dict)   # the active task's filled values
    misses: int = 0                    # unusable answers to the current question in a row
    last_intent: str | None = None     # the topic of the last answer (for follow-ups)
    last_citations: list[str] = field(default_factory=list)
    earlier_intent: str | None = None  # the topic answered before the last one (a side question in between)
    earlier_citations: list[str] = field(default_factory=list)
    last_text: str = ""                # the last reply, for "다시 말해 주세요"
    last_buttons: list[dict[str, str]] = field(default_factory=list)
    last_tail: str = ""                # the last message of the last reply (not sent twice in a row)
    last_question: str = ""            # the resident's words the last FAQ answer answered (for "늦으면요?")
    last_row: str = ""                 # the last FAQ answer's own question ("주민등록등본을 인터넷으로 뗄 수 있어요?")
    failures: int = 0                  # turns in a row the bot could not help (refusals): a person is offered at 2
    person: str | None = None          # the target group of the person a welfare question is for ("youth")
    repeats: int = 0                   # replies in a row that ended with the same question (never a third)
    dong: str | None = None            # the one 동 the resident last named ("사근동으로 이사왔는데요"): "재활용은요?" later
    filed: str | None = None           # the kind of the complaint filed in this conversation: "보통 며칠 걸려요?" after it
    filed_ticket: str | None = None    # and its ticket, as the resident was shown it: "방금 신고한 거 언제 처리돼요?"

    @classmethod
    def load(cls, raw: Any) -> "DialogueState":
        """The state a slot holds; a missing or damaged one is a fresh start, never an error."""
        if not isinstance(raw, str) or not raw:
            return cls()
        try:
            data = json.loads(raw)
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        try:
            return cls(**known)
        except TypeError:
            return cls()

    def dump(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    def start(self, task: str, values: dict[str, Any] | None = None) -> None:
        self.task, self.asked, self.asked_for, self.values, self.misses = task, None, None, dict(values or {}), 0

    def finish(self) -> None:
        self.task, self.asked, self.asked_for, self.values, self.misses = None, None, None, {}, 0

    def ask(self, what: str | None, topic: str | None = None) -> None:
        if what != self.asked or topic != self.asked_for:
            self.misses = 0
        self.asked, self.asked_for = what, topic
