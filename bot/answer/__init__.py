"""The answer pipeline for questions with no rule: guard → retrieve → decide → compose → check.

With an LLM configured, an English question about a Korean FAQ is also translated before
retrieve (``translate``): it only helps find rows, residents never see it.

Each step is a small function over one ``AnswerContext``; ``bot.answer.pipeline``
runs them in order.
"""
