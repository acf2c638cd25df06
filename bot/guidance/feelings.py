"""A resident who is upset is heard first: one kind sentence, then the way forward.

``is_upset`` looks for what an upset resident writes (anger, exasperation, repeated asking,
despair, loneliness) in Korean, dialect included, and English. ``acknowledge`` is one sentence
that names the feeling without grovelling; the dialogue manager sends it before the answer
(a complaint to file, a person to call), never instead of it.
"""
from __future__ import annotations

import re

from bot.guidance import pick

_KO_UPSET = (
    r"(?<![가-힣])화\s*(가\s*)?(나|났|난)|열\s*받|열받|짜증|빡치|빡쳐|어이\s*없|어이가\s*없|기가\s*막|기막|답답|미치겠|미쳐|"
    r"못\s*살겠|환장|돌겠|속\s*터|속터|억울|분통|황당|도대체|대체\s*몇\s*번|몇\s*번을|몇번을|몇\s*번째|"
    r"아직도\s*(그대로|안|않|처리|해결)|언제까지\s*기다|일\s*을?\s*(안|않)\s*하|일을\s*하는\s*기가|도대체\s*뭐\s*하는|장난\s*하|"
    r"너무\s*하(네|다|시|잖)|너무해|무시|성의\s*없|불친절|실망|너무\s*힘들|너무\s*힘드|사는\s*게\s*힘들|살기\s*힘들|외롭|외로워|우울|막막|"
    r"어떻게\s*해야\s*(될|할)지\s*모르|눈물|서러|속상|죽겠|ㅡㅡ|-_-|\?\?\?|"
    # rhetorical questions of an exasperated resident: "이게 말이 됩니까", "구청은 뭐하는 겁니까", "세금은 꼬박꼬박 내는데"
    r"말이\s*(됩니까|돼요|되요|되나|되냐|됨|되는\s*거)|뭐\s*하는\s*(겁니까|건지)|이게\s*뭐(예요|야|냐|입니까)|"
    r"세금\s*(은|을|도)?\s*(꼬박|다\s*내|내는데|냈는데)"
)
_EN_UPSET = (
    r"\b(ridiculous|unacceptable|outrageous|furious|angry|annoyed|annoying|frustrat\w*|fed up|sick of|"
    r"tired of|useless|pathetic|disgusting|terrible|awful|upset|lonely|desperate|hopeless|"
    r"third time|again and again|how many times|still (not|no|hasn'?t|haven'?t)|nobody (cares|does)|"
    r"don'?t know what to do|can'?t take|stressed|so stressed|can'?t pay|lost my job|at my wits'? end|"
    r"what (are|is) (you|the office|the district) (even )?doing|how is (this|that) (ok|okay|acceptable|possible)|"
    r"i pay (my |our )?tax(es)?)\b|\?\?\?"
)
_UPSET = re.compile(f"{_KO_UPSET}|{_EN_UPSET}", re.IGNORECASE)
# A WORD IN CAPITALS (four letters or more: "ID", "LED", "KRW" are abbreviations) is shouting.
_SHOUT = re.compile(r"\b[A-Z]{4,}\b")
# "안 답답해요", "not angry", "no problem": the word is there, the feeling is not.
_NEGATED = re.compile(r"(안\s*(답답|화나|힘들)|not\s+(angry|upset|frustrated)|no\s+problem)", re.IGNORECASE)


def is_upset(text: str) -> bool:
    """True when the message carries anger, exasperation or distress."""
    if not text or _NEGATED.search(text):
        return False
    if _UPSET.search(text):
        return True
    return len(_SHOUT.findall(text)) >= 1 and bool(re.search(r"[a-z]", text))


_SAD = re.compile(r"외롭|외로워|우울|막막|힘들|힘드|눈물|서러|어떻게\s*해야\s*(될|할)지|lonely|desperate|hopeless|"
                  r"don'?t know what to do|can'?t take|stressed|can'?t pay|lost my job", re.IGNORECASE)


def acknowledge(lang: str, text: str = "") -> str:
    """One sentence that hears the resident; distress gets warmth rather than an apology."""
    if text and _SAD.search(text):
        return pick(lang, "많이 힘드셨겠어요. 말씀해 주셔서 고마워요. 도움 받으실 수 있는 곳을 같이 찾아볼게요.",
                    "That sounds really hard. Thank you for telling me. Let's find where you can get help.")
    return pick(lang, "많이 답답하고 속상하셨겠어요. 불편을 드려 죄송해요. 바로 해결할 수 있게 도와드릴게요.",
                "I'm sorry, that sounds really frustrating. I understand, and I'll help you sort it out now.")
