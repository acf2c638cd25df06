"""Every use of the staff assistant goes into the audit log (who, which task, which sources, how many
tokens), and a staff member's LLM uses are counted against a daily limit (``assistant_daily_limit``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.complaints.models import AuditEntry
from bot.complaints.store import ComplaintStore
from bot.settings import Settings

# Audit actions, one per task (console/common.py shows them in Korean)
TASKS = {"assistant_ask": "자료에 묻기", "assistant_report": "민원 정리", "assistant_reply": "답변 초안",
         "assistant_document": "문서 초안", "assistant_translate": "번역·교정"}
LLM_MARK = "llm=yes"


class DailyLimitReached(Exception):
    """The staff member has used the LLM as often as a day allows."""


@dataclass
class Use:
    task: str                                   # one of TASKS
    target: str = ""                            # a ticket, a document kind, the question's start
    sources: list[str] = field(default_factory=list)
    llm: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    outcome: str = ""                           # answered, rejected, no LLM, failed …

    def detail(self) -> str:
        parts = [LLM_MARK if self.llm else "llm=no", f"tokens={self.prompt_tokens}+{self.completion_tokens}",
                 f"outcome={self.outcome}" if self.outcome else "", "sources=" + "; ".join(self.sources[:10])]
        return ", ".join(p for p in parts if p)


class AssistantUsage:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = ComplaintStore(settings.database)

    def llm_uses_today(self, username: str) -> int:
        # The audit log's own clock (the real one), not a pinned demo date: today since midnight in Seoul
        start = dt.datetime.combine(dt.datetime.now(self.settings.seoul).date(), dt.time(), self.settings.seoul)
        with self.store._session() as session:
            return session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.username == username, AuditEntry.action.in_(tuple(TASKS)),
                AuditEntry.at >= start.astimezone(dt.timezone.utc), AuditEntry.detail.like(f"{LLM_MARK}%"))) or 0

    def check(self, username: str) -> None:
        """Raise DailyLimitReached when today's LLM uses reached the limit (0 = no limit)."""
        limit = self.settings.assistant_daily_limit
        if limit and self.llm_uses_today(username) >= limit:
            raise DailyLimitReached(f"오늘 쓸 수 있는 AI 사용 횟수({limit}회)를 모두 썼어요. 내일 다시 쓰거나, "
                                    "AI 없이 되는 자료 검색과 민원 정리를 써 주세요.")

    def record(self, username: str, staff_id: int | None, use: Use) -> None:
        self.store.audit(username, use.task, use.target[:128], use.detail(), staff_id=staff_id)
