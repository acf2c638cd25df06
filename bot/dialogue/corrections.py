"""A resident correcting what they just said: "sorry not two. three people sofa", "아니 3인용이요", "아 2개 말고 3개",
"행당1동 말고 2동", "no wait, the fridge". Pure readings of the words (Korean and English); the dialogue manager reads
them against the answer just given (actions/corrections.py), before the NLU's guess of a new intent.
"""
from __future__ import annotations

import re

# The ways a value is taken back: "X 말고 Y", "X 아니고 Y", "아니 Y", "not X. Y", "Y, not X", "I meant Y"
_KO_INSTEAD = re.compile(r"말고|아니고|아니라|아닌\s*(데|거)\s*[,.]?|잘못\s*(말|썼|적|눌)\S*|정정(할게|합니다|해요|이요)?")
_KO_NO_FIRST = re.compile(r"^\s*(아+\s*|어+\s*|앗\s*|헐\s*|죄송|미안)?[,.!\s]*(아니|아뇨|아니요|아니오|아니다|아닙니다|아녀)"
                          r"(요|에요|예요|야)?(?![가-힣])\s*[,.!~]*\s*")
_EN_NOT_FIRST = re.compile(r"^\s*(?:(?:sorry|oops|oh|no|nope|wait|hmm|um+|actually|my bad|correction|i mean|i meant)[\s,.!:;-]*)*"
                           r"not\s+(?:a\s+|an\s+|the\s+)?[\w-]+(?:\s+[\w-]+)?\s*[,.;!:-]+\s*(?:(?:but|it'?s|its|it is|i mean|"
                           r"rather)\s+)?", re.I)
_EN_NOT_AFTER = re.compile(r"[,;]\s*not\s+(?:a\s+|an\s+|the\s+)?[\w-]+(?:\s+[\w-]+)?\s*[.!]?\s*$", re.I)
_EN_TAKEN_BACK = re.compile(r"^\s*(?:(?:sorry|oops|oh|no|nope|wait|actually)[\s,.!]*)*(?:i meant|i mean|my bad|correction|"
                            r"actually|sorry,? (?:it'?s|i meant))[\s,.:;!-]+", re.I)


def corrects(text: str) -> bool:
    """The message takes back a value it, or the message before, gave: "아니 3인용이요", "2개 말고 3개",
    "sorry not two. three people sofa", "I meant the fridge", "Majang-dong, not Haengdang"."""
    return corrected(text) is not None


def corrected(text: str) -> str | None:
    """What the resident says instead (the words after the taking back), or None when nothing is taken back or
    nothing is said instead ("아니요" alone is a no, not a correction)."""
    words = (text or "").strip()
    if not words:
        return None
    instead = _KO_INSTEAD.search(words)
    if instead:
        rest = words[instead.end():]
        return _value(rest)
    for pattern in (_EN_NOT_FIRST, _EN_TAKEN_BACK, _KO_NO_FIRST):
        found = pattern.match(words)
        if found and found.end() < len(words):
            return _value(words[found.end():])
    after = _EN_NOT_AFTER.search(words)
    if after:
        return _value(re.sub(r"^\s*(?:(?:sorry|oops|no|wait|actually)[\s,.!]*)*(?:it'?s|its|it is|i meant)?\s*", "",
                             words[:after.start()], flags=re.I))
    return None


def taken_back(text: str) -> str | None:
    """The word a correction takes back: the one before "말고/아니고/아니라" ("1번 아니고 8번" → "1번"), or after "not"
    ("not Geumho, Eungbong" → "Geumho")."""
    words = text or ""
    instead = _KO_INSTEAD.search(words)
    if instead:
        before = re.findall(r"[\w·-]+", words[:instead.start()])
        return re.sub(r"(은|는|이|가|을|를)$", "", before[-1]) if before else None
    found = re.search(r"\bnot\s+(?:a\s+|an\s+|the\s+)?([\w-]+)", words, re.I)
    return found.group(1) if found else None


def _value(rest: str) -> str | None:
    value = rest.strip(" ,.!~?")
    return value if len(re.sub(r"\W", "", value)) >= 1 else None


# How many of a thing: "3개", "두 대", "three of them"
_KO_COUNT_WORDS = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6}
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "single": 1, "double": 2}
COUNT = re.compile(r"(\d+|한|하나|두|둘|세|셋|네|넷|다섯|여섯)\s*(개|대|짝|세트)(?=요|이요|씩|면|는|도|가|를|예요|에요|[^가-힣]|$)|"
                   r"\b(\d+|one|two|three|four|five|six)\s+(of them|pieces?|items?|units?)\b|"
                   # "how much for two?", "and for 3?": a number alone at the end of a short question
                   r"\bfor\s+(\d+|two|three|four|five|six)\s*[?.!]*\s*$", re.I)


def count_in(text: str) -> int | None:
    """The number of things a message gives ("3개", "두 대", "three of them"), else None."""
    found = COUNT.search(text or "")
    if not found:
        return None
    said = (found.group(1) or found.group(3) or found.group(5)).lower()
    return int(said) if said.isdigit() else _KO_COUNT_WORDS.get(said) or _EN_NUMBERS.get(said)


# A size: a number with a unit of size ("3인용", "43인치", "500리터", "1.2m", "120cm", "three people", "3 seater")
_SIZE = re.compile(r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight)\s*-?\s*(인용|인승|인치|리터|l\b|kg|키로|m\b|미터|cm|센티|"
                   r"단(?![가-힣])|단(?=이|짜리|으로|이에요|이요|이네|인데|이면|입니다|요|은|도)|"
                   r"seat(?:s|er)?|people|persons?|inch(?:es)?|litres?|liters?|drawers?|tiers?)", re.I)
_UNIT_OF = {"인용": "seat", "인승": "seat", "seat": "seat", "seats": "seat", "seater": "seat", "people": "seat",
            "person": "seat", "persons": "seat", "인치": "inch", "inch": "inch", "inches": "inch", "리터": "l", "l": "l",
            "litre": "l", "litres": "l", "liter": "l", "liters": "l", "kg": "kg", "키로": "kg", "m": "m", "미터": "m",
            "cm": "cm", "센티": "cm", "단": "tier", "drawer": "tier", "drawers": "tier", "tier": "tier", "tiers": "tier"}


def size_in(text: str) -> tuple[float, str] | None:
    """(the number, its unit: seat | inch | l | kg | m) of the one size a message gives, else None."""
    found = [(_number(m.group(1)), _UNIT_OF[m.group(2).lower()]) for m in _SIZE.finditer(text or "")]
    if len(found) != 1:
        return None
    number, unit = found[0]
    return (number / 100, "m") if unit == "cm" else (number, unit)


def _number(said: str) -> float:
    return float(said) if said[0].isdigit() else float(_EN_NUMBERS[said.lower()])


def size_fits(label: str, size: tuple[float, str]) -> bool:
    """Whether a fee row's size label ("3인용 이상", "32 inches or more", "폭 1m 미만", "300L 미만") holds a size."""
    number, unit = size
    found = size_in(label.replace("seats or more", "seats 이상").replace("-seater", " seater"))
    if found is None or found[1] != unit:
        return False
    bound = found[0]
    if re.search(r"이상|or more|or larger|over", label, re.I):
        return number >= bound
    if re.search(r"이하|or fewer|or less|or smaller", label, re.I):    # "3단 이하", "3 drawers or fewer": the bound too
        return number <= bound
    if re.search(r"미만|under|fewer|less", label, re.I):
        return number < bound
    return number == bound
