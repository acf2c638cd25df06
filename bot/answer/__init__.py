"""The answer pipeline for questions with no rule: guard → retrieve → decide → compose → check.

Each step is a small function over one ``AnswerContext``; ``bot.answer.pipeline``
runs them in order.
"""
