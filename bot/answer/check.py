"""Check: an LLM answer may only say what its sources say.

Rejected (then answered verbatim): no citation, a citation to a source that was
not given, or any number, phone, date or URL that does not appear in the sources
(an English answer's months, weekdays, clock times and won amounts are read in the
sources' Korean forms: bot/answer/facts.py).
"""
from __future__ import annotations

import re

from bot.answer.compose import numbered_sources, verbatim
from bot.answer.context import AnswerContext
from bot.answer.facts import clock_times, korean_amounts, unsupported_words

CITATION = re.compile(r"\[(\d+)\]")
URL = re.compile(r"(?:https?://|www\.)[^\s)\]]+", re.IGNORECASE)
NUMBER = re.compile(r"\d[\d,.\-:/]*\d|\d")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _value(number: str) -> str:
    """The digits without leading zeros: "09:00" and "9:00" are one time."""
    return _digits(number).lstrip("0") or "0"


def unsupported_facts(answer: str, sources: str) -> list[str]:
    """Links, numbers (phones, amounts, dates, times) and, in English, months and weekdays the sources do not have."""
    plain = CITATION.sub(" ", answer)
    source_urls = {u.rstrip(".,").lower() for u in URL.findall(sources)}
    bad = [u for u in URL.findall(plain) if u.rstrip(".,").lower() not in source_urls]
    plain = clock_times(URL.sub(" ", plain))
    written = NUMBER.findall(sources)
    # A range's ends stand alone too: "09:00-18:00" holds 09:00 ("opens at 9 a.m.")
    ends = [end for number in written for end in re.split(r"(?<=\d)[-~](?=\d)", number)]
    source_numbers = {_value(n) for n in written + ends + sorted(korean_amounts(sources))}
    source_digits = _digits(sources)
    for number in NUMBER.findall(plain):
        digits = _digits(number)
        if digits and _value(number) not in source_numbers and not (len(digits) > 4 and digits in source_digits):
            bad.append(number)
    return bad + unsupported_words(plain, sources)


def check(ctx: AnswerContext) -> AnswerContext:
    if ctx.answer is not None:
        return ctx
    if ctx.draft is None:
        return verbatim(ctx)
    cited = {int(n) for n in CITATION.findall(ctx.draft)}
    problems = []
    if not cited:
        problems.append("cites nothing")
    if any(n < 1 or n > len(ctx.sources) for n in cited):
        problems.append("cites a source it was not given")
    bad = unsupported_facts(ctx.draft, numbered_sources(ctx))
    if bad:
        problems.append(f"facts not in the sources: {', '.join(bad[:3])}")
    if "자료에 없어요" in ctx.draft or "not in the sources" in ctx.draft.lower():
        problems.append("the model found no answer in the sources")
    if problems:
        ctx.notes.append("check: LLM answer rejected (" + "; ".join(problems) + "), verbatim")
        return verbatim(ctx)
    ctx.sources = [c for n, c in enumerate(ctx.sources, start=1) if n in cited]
    ctx.answer, ctx.source = ctx.draft, "llm"
    return ctx
