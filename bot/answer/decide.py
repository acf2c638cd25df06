"""Decide: is the best row really an answer? A score threshold plus rules.

Rules catch what scores miss: a question about another city or district (the
nearest row would be about ours), and topics no district office handles.
"""
from __future__ import annotations

import re

from bot.answer.context import AnswerContext

PLACES = ("서울", "부산", "대구", "인천", "광주광역시", "대전", "울산", "세종시", "경기도", "강원", "충북", "충남", "전북",
          "전남", "경북", "경남", "제주", "수원", "성남", "고양", "용인", "창원", "청주", "전주", "천안", "포항",
          "강남구", "강동구", "강북구", "강서구", "관악구", "광진구", "구로구", "금천구", "노원구", "도봉구",
          "동대문구", "동작구", "마포구", "서대문구", "서초구", "성동구", "성북구", "송파구", "양천구", "영등포구",
          "용산구", "은평구", "종로구", "중구", "중랑구", "해운대", "분당", "일산",
          "busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "jeju", "gangnam", "denver", "new york",
          "seattle", "austin", "chicago", "los angeles", "san francisco", "longmont", "aurora", "fort collins")
NOT_OUR_TOPIC = re.compile(
    r"날씨|기온|미세먼지\s*(농도|수치)|주식|코인|비트코인|로또|복권\s*번호|맛집|레시피|요리법|연애|운세|궁합|"
    r"야구|축구|경기\s*결과|영화\s*추천|드라마|노래\s*추천|숙제|코딩|번역해|파스타|수도(는|가)?\s*(어디|뭐)|"
    r"weather|forecast|stock|crypto|bitcoin|lottery|recipe|restaurant recommend|horoscope|sports score|"
    r"movie recommend|homework|write (me )?(a|some) code|capital (city )?of|pasta|how tall is|who (won|invented|wrote)",
    re.IGNORECASE)


_PLACE_PATTERNS = [(p, re.compile(r"(?<![가-힣a-z])" + re.escape(p))) for p in PLACES]


def places_named(text: str) -> list[str]:
    """Cities and districts named in the text (a name must start a word: 집중구역 is not 중구)."""
    lowered = text.lower()
    return [p for p, pattern in _PLACE_PATTERNS if pattern.search(lowered)]


def decide(ctx: AnswerContext, threshold: float, home_places: tuple[str, ...] = (),
           min_specificity: float = 0.45, coverage_weight: float = 0.0) -> AnswerContext:
    if not ctx.candidates:
        ctx.refusal = "out_of_scope"
        ctx.notes.append("decide: nothing retrieved")
        return ctx
    top = ctx.candidates[0]
    if NOT_OUR_TOPIC.search(ctx.question):
        ctx.refusal = "out_of_scope"
        ctx.notes.append("decide: not a topic a district office handles")
        return ctx
    source_text = f"{top.row.question} {' '.join(top.row.alternates)} {top.row.answer}".lower()
    foreign = [p for p in places_named(ctx.question) if p not in source_text and p not in home_places]
    if foreign:
        ctx.refusal = "out_of_scope"
        ctx.notes.append(f"decide: about {foreign[0]}, which the source does not cover")
        return ctx
    if ctx.specificity < min_specificity:
        ctx.refusal = "unclear"
        ctx.notes.append(f"decide: the question names nothing specific ({ctx.specificity:.2f})")
        return ctx
    # The cosine is calibrated across questions (the fused score only ranks), lowered when the row
    # does not cover the question's nouns (coverage_weight; docs/adr/0003-retrieval.md).
    if top.similarity(coverage_weight) < threshold:
        ctx.refusal = "out_of_scope"
        ctx.notes.append(f"decide: best similarity {top.similarity(coverage_weight):.3f} < {threshold}"
                         + (f" (cosine {top.dense:.3f}, noun coverage {top.coverage:.3f})" if top.coverage < 1 else ""))
        return ctx
    ctx.sources = [c for c in ctx.candidates if c.similarity(coverage_weight) >= threshold][:3]
    return ctx
