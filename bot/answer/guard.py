"""Guard: messages the bot must not treat as ordinary questions, caught before anything else.

Prompt injection never reaches the LLM as an instruction; requests to judge parties,
candidates or votes get the neutral canned answer (stricter in an election period);
abuse gets a calm reply; a mention of self-harm gets the crisis lines at once. Civic
requests stay open: reporting an illegal political banner is a complaint, asking
where the polling station is, is office information.
"""
from __future__ import annotations

import re

from bot.answer.context import AnswerContext

INJECTION = re.compile(
    r"(ignore|disregard|forget|override)\s+(all\s+|the\s+|your\s+|any\s+)*(previous|prior|above|earlier)|"
    r"system\s*prompt|hidden\s+(prompt|instructions)|you\s+are\s+now|act\s+as\s+(a|an|my)|pretend\s+(to\s+be|you)|"
    r"jailbreak|developer\s+mode|\bDAN\b|no\s+restrictions|without\s+(any\s+)?(rules|restrictions|filters)|"
    r"(이전|위의?|앞의?|모든)\s*(지시|명령|규칙|설정)\S*\s*(은|는|을|를|다)?\s*(무시|잊어|삭제)|시스템\s*프롬프트|"
    r"프롬프트\s*(를|을)?\s*(알려|보여|출력|공개)|숨겨진\s*(지시|명령)|역할\s*(극|놀이)|너는\s*이제|지금부터\s*(너는|넌)|"
    r"탈옥|제한\s*(없는|없이|을\s*풀|해제)|규칙\s*(을|를)?\s*(무시|어겨|풀어)|개발자\s*모드", re.IGNORECASE)
_PARTY = r"(민주당|더불어민주당|국민의\s*힘|국힘|조국혁신당|개혁신당|진보당|정의당|녹색당|새로운미래)"
_OFFICE = r"(대통령|구청장|시장|도지사|국회의원|구의원|시의원|후보|정당|당)"
POLITICAL = re.compile(
    r"(누구|어느\s*(당|정당|후보|쪽)|어떤\s*(당|정당|후보|사람)).{0,12}(뽑|찍|투표|지지)|"
    + _OFFICE + r".{0,12}(추천|지지해|찍어|뽑아|누가\s*나아|누가\s*좋|잘했|못했|잘하고|못하고|평가|좋아\?|싫어|별로|최고|최악)|"
    + _PARTY + r".{0,12}(어때|좋|싫|찍|뽑|지지|평가|나빠|최고|최악|잘|못)|"
    r"who\s+(should|do)\s+(i|you)\s+vote|which\s+(party|candidate)\s+(is|should|do)|vote\s+for\s+(which|who)|"
    r"(is|was)\s+the\s+(mayor|president|governor)\s+(good|bad|doing)|(your|an)\s+opinion\s+(on|about)\s+(the\s+)?"
    r"(party|candidate|election|president|mayor)", re.IGNORECASE)
# In an election period, any mention of a party or a candidate's name with an opinion word is enough.
ELECTION_TIGHT = re.compile(_PARTY + r"|후보\s*(자|들)?\s*(중|가|는|이)|(선거|공약).{0,10}(어때|좋|나아|누가|비교|평가)",
                            re.IGNORECASE)
CIVIC = re.compile(r"현수막|벽보|투표소|투표\s*장소|사전\s*투표|선거\s*(일|날)|신고|철거|polling|banner|where\s+do\s+i\s+vote",
                   re.IGNORECASE)
SELF_HARM = re.compile(
    r"죽고\s*싶|자살|목숨\s*을?\s*끊|스스로\s*목숨|살기\s*싫|살고\s*싶지\s*않|사라지고\s*싶|죽어\s*버리|뛰어\s*내리고|"
    r"suicid|kill\s+myself|end\s+my\s+life|want\s+to\s+die|self[-\s]?harm|hurt\s+myself", re.IGNORECASE)
ABUSE = re.compile(
    r"시발|씨발|씨팔|ㅅㅂ|ㅆㅂ|병신|ㅂㅅ|개새|새끼|좆|존나|닥쳐|꺼져|미친\s*놈|미친\s*년|멍청|바보\s*같|쓰레기\s*같은\s*(놈|봇|챗봇)|"
    r"fuck|shit|bitch|asshole|idiot|stupid\s+bot|shut\s+up", re.IGNORECASE)


def check_message(text: str, election_period: bool = False) -> str | None:
    """The canned-text key for a message the bot must not answer normally, else None."""
    if SELF_HARM.search(text):
        return "self_harm"
    if INJECTION.search(text):
        return "injection"
    civic = CIVIC.search(text)
    if POLITICAL.search(text) and not civic:
        return "political"
    if election_period and ELECTION_TIGHT.search(text) and not civic:
        return "political"
    if ABUSE.search(text):
        return "abuse"
    return None


def guard(ctx: AnswerContext, election_period: bool = False) -> AnswerContext:
    refusal = check_message(ctx.question, election_period)
    if refusal:
        ctx.refusal = refusal
        ctx.notes.append(f"guard: {refusal}")
    return ctx
