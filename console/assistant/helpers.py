"""What every assistant page shares: the LLM (None when not configured or the day's limit is used up),
recording a use, the chosen department preset, the district's tables."""
from __future__ import annotations

from flask import request

from bot.answer.llm import ChatLLM, llm_from
from bot.assistant.presets import Preset, PresetStore
from bot.assistant.usage import AssistantUsage, DailyLimitReached, Use
from bot.knowledge.district import District, load_district
from console.access import current_user
from console.common import logger, settings

NO_LLM = ("AI(LLM)가 설정되어 있지 않아요. 지금도 자료 검색, 민원 정리, 서식을 채운 초안은 돼요. AI를 설정하면 찾은 조문으로 "
          "답을 써 주고, 민원 정리를 요약하고, 초안을 다듬고, 번역·교정도 해 드려요.")


def usage() -> AssistantUsage:
    return AssistantUsage(settings())


def llm_for_user() -> tuple[ChatLLM | None, str]:
    """The LLM for this staff member now, or None and why not (in plain words)."""
    llm = llm_from(settings())
    if llm is None:
        return None, NO_LLM
    try:
        usage().check(current_user().username)
    except DailyLimitReached as exc:
        return None, str(exc)
    return llm, ""


def record(use: Use) -> None:
    user = current_user()
    try:
        usage().record(user.username, user.id, use)
    except Exception:  # the page is already answered; a missing audit row is logged, loudly
        logger.exception("could not record an assistant use")


def presets() -> PresetStore:
    return PresetStore(settings().data_dir / "assistant" / "presets.json")


def chosen_preset() -> Preset | None:
    name = (request.values.get("preset") or "").strip()
    return presets().get(name) if name else None


def district() -> District:
    return load_district(settings().tables_dir, base=settings().knowledge_dir, strict=False)


def templates_dir():
    return settings().knowledge_dir / "assistant"
