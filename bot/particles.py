"""Korean particles that fit the word before them, whatever it ends in.

이/가, 을/를, 은/는, 와/과, 이에요/예요, 으로/로, 이나/나, 이랑/랑: the first of each pair follows a
final consonant (받침). The word may end in Hangul, in digits (read as Korean numerals: 1 일,
10 십, 2026-000001 … 일), or in Latin letters (acronyms by their letters' names: SMS 에스,
ARS 에스, URL 엘; words by their last sound: app 앱, Seoul 서울). Closing quotes and a trailing
parenthesis ("민원여권과(02-2286-5281)") are looked past.

Canned text writes the particle as a format spec, either member of the pair:
``"접수번호는 {ticket:이에요}"``, ``"{ticket:을} 찾지 못했어요"`` (``Word`` chooses).
"""
from __future__ import annotations

import re

# pair members → (after a final consonant, after a vowel); 으로/로 also takes 로 after ㄹ
PAIRS = {p: pair for pair in (("이", "가"), ("을", "를"), ("은", "는"), ("과", "와"), ("이에요", "예요"),
                               ("으로", "로"), ("이나", "나"), ("이랑", "랑"), ("이라고", "라고"), ("아", "야"))
         for p in pair}
_RIEUL = 8   # index of ㄹ among final consonants
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": ""}
_POWER_FINAL = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ"}                 # 십, 백, 천; then 만 (ㄴ), 억 (ㄱ), 조 (none)
_LETTER_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}  # 엘, 엠, 엔, 알: other letters' names end in a vowel
_WORD_FINAL = (("ng", "ㅇ"), ("ck", "ㄱ"), ("m", "ㅁ"), ("n", "ㄴ"), ("l", "ㄹ"), ("k", "ㄱ"), ("p", "ㅂ"), ("b", "ㅂ"),
               ("t", "ㅅ"))
_TRAILING = re.compile(r"(\s*\([^()]*\))+\s*$|['\"’”」』\]\s.,!?]+$")


def _number_final(digits: str) -> str:
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:
        return "ㅇ"                                          # 영
    if zeros == 0:
        return _DIGIT_FINAL[stripped[-1]]
    if zeros in _POWER_FINAL:
        return _POWER_FINAL[zeros]
    return "ㄴ" if zeros < 8 else "ㄱ" if zeros < 12 else ""   # 만, 억, 조


def _latin_final(word: str) -> str:
    if len(word) > 1 and word.isupper():                   # an acronym: the last letter's name
        return _LETTER_FINAL.get(word[-1].lower(), "")
    if len(word) == 1:
        return _LETTER_FINAL.get(word.lower(), "")
    lowered = word.lower()
    return next((final for ending, final in _WORD_FINAL if lowered.endswith(ending)), "")


def final_consonant(text: str) -> str | None:
    """The final consonant the text is read with ("" after a vowel), or None when it cannot be told."""
    while True:
        trimmed = _TRAILING.sub("", text)
        if trimmed == text or not trimmed:
            break
        text = trimmed
    last = text[-1:] if text else ""
    if "가" <= last <= "힣":
        index = (ord(last) - 0xAC00) % 28
        return "" if index == 0 else ("ㄹ" if index == _RIEUL else "ㄱ")   # ㄱ stands for "any but ㄹ"
    if last.isdigit():
        return _number_final(re.search(r"\d+$", text).group(0))
    if last.isascii() and last.isalpha():
        return _latin_final(re.search(r"[A-Za-z]+$", text).group(0))
    return None


def particle(word: str, either: str) -> str:
    """The member of ``either``'s pair that fits after ``word`` (when unsure: the consonant form with the
    vowel form in brackets, "을(를)", as Korean forms do)."""
    pair = PAIRS[either]
    final = final_consonant(word)
    if final is None:
        return f"{pair[0]}({pair[1]})" if pair[0] not in ("이에요", "으로") else pair[0]
    if pair[0] == "으로" and final == "ㄹ":
        return "로"
    return pair[0] if final else pair[1]


class Word(str):
    """A value for canned text: ``format(Word("2026-000001"), "이에요")`` → "2026-000001이에요"."""

    def __format__(self, spec: str) -> str:
        return str(self) + particle(self, spec) if spec else str(self)
