"""Who the resident is asking for, from what they say about them: "어머니가 올해 일흔여덟이시고" → seniors,
"지난달에 애기 낳았는데" → children, "스물여섯 살 자취생" → youth. Read before asking "어떤 분을 위한 지원을
찾으세요?", so a welfare question that already said it is not asked again."""
from __future__ import annotations

import re

_TENS = {"스물": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}
_ONES = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7,
         "여덟": 8, "아홉": 9}
_AGE_DIGITS = re.compile(r"(?<!\d)(\d{1,3})\s*(살|세|years? old|yo\b)|\b(?:is|am|i'm|im|aged)\s+(\d{1,3})\b|"
                         r"올해\s*(\d{1,3})", re.I)
_AGE_WORDS = re.compile(r"(스물|서른|마흔|쉰|예순|일흔|여든|아흔)\s*(하나|한|둘|두|셋|세|넷|네|다섯|여섯|일곱|여덟|아홉)?")
_CHILDREN = re.compile(r"애기|아기|갓난|출산|낳았|신생아|newborn|had a baby|gave birth|\bmy (baby|infant|toddler)\b|"
                       r"\bbaby is\b", re.I)
# raising a child alone says more than the parent's age: a 23-year-old single mother is asking as a single parent
_SINGLE_PARENT = re.compile(r"싱글\s*맘|싱글\s*대디|한부모|미혼모|미혼부|홀어머니|홀아버지|혼자\s*(애|아이|아기|애기)\S*\s*(를\s*)?키우|"
                            r"single (mom|mum|mother|dad|father|parent)|lone parent|raising (my|a|the) (baby|child|kids?|son|"
                            r"daughter) (alone|on my own|by myself)", re.I)
_YOUTH = re.compile(r"자취|취준|청년|대학생|사회초년생", re.I)
# a grandparent the question is for is an older person ("a class for my grandpa"); in Korean the target groups' own
# aliases (할머니, 할아버지) say so already, and "할아버지랑 둘이 살아요" describes the household, not the help asked
_GRANDPARENT = re.compile(r"\b(for|my|our|his|her)\s+(grand(ma|pa|mother|father|mum|mom|dad)|granny|grandparents?)\b", re.I)
_SENIOR_PROGRAMMES = re.compile(r"기초연금|노인맞춤|basic pension", re.I)


# "예순셋 아니고 예순다섯이에요", "he's not 60, he is 65": the age after the correction is the one meant
_CORRECTED = re.compile(r"아니고|아니라|아니구|말고|\bnot\b|\bi mean\b|\bactually\b", re.I)


def age_in(text: str) -> int | None:
    for part in reversed(_CORRECTED.split(text or "")):
        age = _age(part)
        if age is not None:
            return age
    return None


def _age(text: str) -> int | None:
    found = _AGE_DIGITS.search(text or "")
    if found:
        value = next(g for g in (found.group(1), found.group(3), found.group(4)) if g)
        return int(value)
    words = _AGE_WORDS.search(text or "")
    if words:
        return _TENS[words.group(1)] + _ONES.get(words.group(2) or "", 0)
    return None


def group_in(text: str) -> str | None:
    """The target group (target_groups.csv key) the message describes, or None."""
    if _SINGLE_PARENT.search(text or ""):
        return "single_parent"
    age = age_in(text)
    if age is not None:
        if age >= 65:
            return "seniors"
        if 19 <= age <= 39:
            return "youth"
        if age <= 12:
            return "children"
    if _CHILDREN.search(text or ""):
        return "children"
    if _SENIOR_PROGRAMMES.search(text or ""):
        return "seniors"
    if _YOUTH.search(text or ""):
        return "youth"
    if _GRANDPARENT.search(text or ""):
        return "seniors"
    return None


# The person a question is for, named by who they are to the resident ("아버지 복지 혜택 알아보는 중이에요"): when
# nothing tells their group, their age and situation are asked in their own words ("아버님 연세가 …")
# a kinship word is a word of its own, followed by a particle or nothing: "유형", "형편", "딸기" name no one; the in-laws
# come first, so "시아버지" is not read as "아버지"
_KIN = (r"(?<![가-힣])(?:우리|울|저희|친정|남|여|큰|작은|막내|외동|친)?\s*({})"
        r"(?=$|[^가-힣]|[이가은는을를도만와과께의네랑]|한테|에게|하고|예요|요|님|어른)")
_RELATIVES = ((_KIN.format(r"시어머니|장모|시아버지|장인"), "그분", "them", True),
              (_KIN.format(r"아버지|아빠|부친|아버님"), "아버님", "your father", True),
              (_KIN.format(r"어머니|엄마|모친|어머님"), "어머님", "your mother", True),
              (_KIN.format(r"남편|아내|와이프|부인|동생|형|누나|언니|오빠|아들|딸|자녀|손자|손녀|조카|친구|이웃"), "그분", "them",
               False),
              (r"\b(dad|father|daddy)\b", "아버님", "your father", True), (r"\b(mom|mum|mother|mommy)\b", "어머님", "your mother", True),
              (r"\b(husband|wife|brother|sister|son|daughter|friend|neighbou?r|partner)\b", "그분", "them", False))


def relative_in(text: str, lang: str) -> tuple[str, bool] | None:
    """How to name the person the message is for ("아버님", "your father") and whether to ask their age as 연세."""
    for pattern, ko, en, elder in _RELATIVES:
        if re.search(pattern, text or "", re.I):
            return (en if lang == "en" else ko), elder
    return None
