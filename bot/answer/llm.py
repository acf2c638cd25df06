"""The one module that talks to an LLM: any OpenAI-compatible chat-completions endpoint."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class Completion:
    """An answer and what it cost (tokens as the server counted them; 0 when it did not say)."""
    text: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLMUnavailable(Exception):
    """No answer from the LLM: not configured, timed out, an error status, or a malformed body."""


class ChatLLM:
    def __init__(self, api_key: str, base_url: str, model: str, timeout: float) -> None:
        from openai import OpenAI

        self.model = model
        self._client = OpenAI(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=1)

    def complete(self, messages: list[dict[str, str]], max_tokens: int = 400) -> str:
        return self.chat(messages, max_tokens).text

    def chat(self, messages: list[dict[str, str]], max_tokens: int = 400) -> Completion:
        import openai

        try:
            response = self._client.chat.completions.create(model=self.model, messages=messages, temperature=0.1,
                                                            max_tokens=max_tokens)
            content = response.choices[0].message.content
            usage = response.usage
        except (openai.OpenAIError, IndexError, AttributeError, TypeError, ValueError) as exc:
            logger.warning("LLM unavailable: %s", type(exc).__name__)
            raise LLMUnavailable(type(exc).__name__) from exc
        if not isinstance(content, str) or not content.strip():
            raise LLMUnavailable("empty answer")
        return Completion(content.strip(), getattr(usage, "prompt_tokens", 0) or 0,
                          getattr(usage, "completion_tokens", 0) or 0)

    def stream(self, messages: list[dict[str, str]], completion: Completion, max_tokens: int = 800) -> Iterator[str]:
        """The answer piece by piece as the server sends it; ``completion`` collects the whole text and the
        tokens. ``LLMUnavailable`` when it fails, before or during the answer."""
        import httpx
        import openai

        try:
            chunks = self._client.chat.completions.create(
                model=self.model, messages=messages, temperature=0.1, max_tokens=max_tokens, stream=True,
                stream_options={"include_usage": True})
            finished = False
            for chunk in chunks:
                finished = finished or any(choice.finish_reason for choice in chunk.choices)
                if chunk.usage is not None:
                    completion.prompt_tokens = chunk.usage.prompt_tokens or 0
                    completion.completion_tokens = chunk.usage.completion_tokens or 0
                piece = chunk.choices[0].delta.content if chunk.choices else None
                if piece:
                    completion.text += piece
                    yield piece
        except (openai.OpenAIError, httpx.HTTPError, IndexError, AttributeError, TypeError, ValueError) as exc:
            logger.warning("LLM stream broken: %s", type(exc).__name__)
            raise LLMUnavailable(type(exc).__name__) from exc
        if not finished:   # the connection closed before the server said the answer was complete
            raise LLMUnavailable("the answer was cut off")
        if not completion.text.strip():
            raise LLMUnavailable("empty answer")


def llm_from(settings) -> ChatLLM | None:
    """The LLM the settings configure; None without an API key (answers are then FAQ rows verbatim)."""
    if not settings.openai_api_key:
        return None
    return ChatLLM(settings.openai_api_key, settings.openai_base_url, settings.openai_model, settings.llm_timeout)
