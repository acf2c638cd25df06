"""Guard: questions the FAQ must not answer, caught before retrieval.

Prompt injection never reaches the LLM as an instruction; requests to judge
parties, candidates or votes get the neutral canned answer.
"""
from __future__ import annotations

import re

from bot.answer.context import AnswerContext

INJECTION = re.compile(
    r"(ignore|disregard|forget)\s+(all\s+|the\s+|your\s+)?(previous|prior|above)|system\s*prompt|"
    r"you\s+are\s+now|act\s+as|pretend\s+(to\s+be|you)|jailbreak|developer\s+mode|DAN\b|"
    r"(이전|위의?|앞의?)\s*(지시|명령|내용)\S*\s*(무시|잊어)|시스템\s*프롬프트|프롬프트\s*(알려|보여|출력)|"
    r"역할\s*(극|놀이)|너는\s*이제|지금부터\s*너는|탈옥", re.IGNORECASE)
POLITICAL = re.compile(
    r"(누구|어느\s*(당|정당|후보)|어떤\s*(당|정당|후보)).{0,12}(뽑|찍|투표|지지)|"
    r"(정당|후보|대통령|구청장|시장|국회의원).{0,10}(추천|지지|찍어|뽑아|어때|잘했|못했|좋아|싫어|평가)|"
    r"(민주당|국민의힘|조국혁신당|개혁신당|진보당|정의당).{0,10}(어때|좋|싫|찍|뽑|지지|평가)|"
    r"who\s+should\s+i\s+vote|which\s+(party|candidate)\s+(is|should)|vote\s+for\s+(which|who)",
    re.IGNORECASE)


def guard(ctx: AnswerContext) -> AnswerContext:
    if INJECTION.search(ctx.question):
        ctx.refusal = "injection"
        ctx.notes.append("guard: instruction-like text")
    elif POLITICAL.search(ctx.question):
        ctx.refusal = "political"
        ctx.notes.append("guard: asks for a political judgement")
    return ctx
