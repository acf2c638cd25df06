"""The one module that talks to an LLM: any OpenAI-compatible chat-completions endpoint."""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class LLMUnavailable(Exception):
    """No answer from the LLM: not configured, timed out, an error status, or a malformed body."""


class ChatLLM:
    def __init__(self, api_key: str, base_url: str, model: str, timeout: float) -> None:
        from openai import OpenAI

        self.model = model
        self._client = OpenAI(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=1)

    def complete(self, messages: list[dict[str, str]], max_tokens: int = 400) -> str:
        import openai

        try:
            response = self._client.chat.completions.create(model=self.model, messages=messages, temperature=0.1,
                                                            max_tokens=max_tokens)
            content = response.choices[0].message.content
        except (openai.OpenAIError, IndexError, AttributeError, TypeError, ValueError) as exc:
            logger.warning("LLM unavailable: %s", type(exc).__name__)
            raise LLMUnavailable(type(exc).__name__) from exc
        if not isinstance(content, str) or not content.strip():
            raise LLMUnavailable("empty answer")
        return content.strip()


def llm_from(settings) -> ChatLLM | None:
    """The LLM the settings configure; None without an API key (answers are then FAQ rows verbatim)."""
    if not settings.openai_api_key:
        return None
    return ChatLLM(settings.openai_api_key, settings.openai_base_url, settings.openai_model, settings.llm_timeout)
