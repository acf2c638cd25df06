"""What a complaint message already says: the place, and the details beyond "신고할게요".

"마장동 축산물시장 입구 앞 인도에 전동킥보드 세 대가 쓰러져 있어요. 신고해 주세요" gives the place
("축산물시장 입구 앞 인도") and the details (the whole first sentence); "가로등 신고요" gives neither,
so the form asks. Details are kept only when they say more than the kind of problem (a few words).
"""
from __future__ import annotations

import re

# Where a place starts: a road address, a landmark word, or (English) a locative phrase.
_ROAD = r"[가-힣A-Za-z0-9]+(?:로|길)\s*\d+(?:-\d+)?(?:길\s*\d+)?"
_LANDMARK = (r"[가-힣]{1,12}(?:역|시장|공원|학교|아파트|빌라|정류장|주민센터|센터|구청|다리|산책로|놀이터|주차장|"
             r"사거리|삼거리|출구)")
_KO_START = re.compile(rf"({_ROAD}|{_LANDMARK})")
_KO_STOP = re.compile(r"(이에요|예요|에요|이요|에서|에|을|를|이|가|은|는|요)$")
_KO_PLACE_WORD = re.compile(r"(앞|옆|뒤|뒤편|뒤쪽|근처|입구|건너편|맞은편|쪽|위|아래|안|밖|출구|번|계단|인도|골목|"
                            r"횡단보도|정류장|주차장|도로|길가|모퉁이|코너)")
_EN_ROAD = r"[A-Z][a-z]+(?:-[a-z]+)?-(?:ro|gil)(?:\s*\d+-gil)?\s*\d+(?:-\d+)?"
_EN_PLACE = re.compile(rf"((?:right\s+)?(?:in front of|outside|near|next to|beside|behind|across from|opposite|at the|on the|"
                       rf"by the|at exit|exit \d|\bat (?=[A-Za-z]+ (?:[A-Za-z]+ )?(?:elementary|middle|high|school|station|"
                       rf"park|market|apartments?|apt|tower|building)))[^.,;!?()]*(?:\({_EN_ROAD}\))?|{_EN_ROAD}[^.;!?]*)", re.I)
_EN_ROAD_ONLY = re.compile(_EN_ROAD)
REQUEST = re.compile(
    r"(민원|신고|접수)\s*(을|를)?\s*(좀|하나|한\s*건)?\s*(해\s*주\S*|해\s*줘\S*|할게\S*|할께\S*|할래\S*|하려\S*|하고\s*싶\S*|"
    r"합니다|해요|요|넣\S*|부탁\S*|드려요|좀)?|"
    r"\b(i(?:'d| would)? like to|i want to|i need to|i'm calling to|can i|could you|please|pls)?\s*"
    r"(report|file|lodge|make|complain)\s*(\ban\b|\ba\b)?\s*(complaint)?\s*(about|regarding|for|of)?\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?。])\s+|\n+")
_HANGUL = re.compile(r"[가-힣]")


def location_in(text: str, lang: str, landmarks: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> str | None:
    """The place a message names ("왕십리역 4번 출구 앞", "Majang-ro 286"), or None. ``lang``: the message's
    language as the gateway found it (the conversation's): its way of naming a place is read first, the other's
    after it ("Majang-ro 286" in a Korean conversation, "near 왕십리역 exit 4" in an English one). ``landmarks``:
    names from the gazetteer (knowledge/tables/places.csv) found in the text; ``after``: 동 names, after which
    residents name the place ("사근동 한양대 앞 골목에 …")."""
    text = text or ""
    # The Korean reading ends a place at a particle: it has nothing to read in a text with no Hangul
    korean = _korean_place(text, landmarks, after) if _HANGUL.search(text) else None
    english = _english_place(text)
    return (english or korean) if lang == "en" else (korean or english)


def _english_place(text: str) -> str | None:
    """"in front of Wangsimni Station exit 4", "near 왕십리역 exit 4", "Majang-ro 286": a locative phrase that
    names something a resident can find (a road address, a station, an exit, a number …)."""
    found = _EN_PLACE.search(text)
    # a thing one can find there, or a proper name after the locative word ("beside Seongsu Lotte Castle"); a number
    # of hours or days ("until 11pm") names no place
    specific = found and (re.search(rf"{_EN_ROAD}|station|exit|market|park|school|elementary|cent(re|er)|library|universit|"
                                    rf"hospital|church|gate|bridge|apartments?\b|apt\b|villa|tower|building|mart|store|shop|"
                                    rf"office|bus stop|playground|\d(?!\s*(am|pm|a\.m|p\.m|o'?clock|hours?|days?|min|weeks?))",
                                    found.group(1), re.I) or re.search(r"\s(?!I\b)[A-Z][a-z]+\b(?!-dong)", found.group(1)))
    if not specific or re.search(r"\b(my|our|his|her|their)\s+(house|home|building|place|flat|apartment|street|door)\b",
                                 found.group(1), re.I):
        return None      # "in front of my building in Sageun-dong": where only the resident can find it
    # the place ends where the report goes on ("… Songwon Elementary, kids keep tripping"; "… Castle is drilling …")
    place = re.split(r"\s+(?:is|are|was|were|has|have|keeps?|every|since|for (?:\d|a|an|the|days|weeks)|until|"
                     r"and (?:it|they|there))\b",
                     found.group(1))[0]
    return place.strip(" ,") or None


def _korean_place(text: str, landmarks: tuple[str, ...], after: tuple[str, ...]) -> str | None:
    """"왕십리역 4번 출구 앞에 …": from a road address or a landmark word to the particle that ends the place."""
    starts = [m.start() for m in [_KO_START.search(text)] if m]
    starts += [text.find(name) for name in landmarks if name and text.find(name) >= 0]
    behind = [_after(text, name) for name in after if name and name in text]
    if not starts:
        return next((place for place in behind if place), None)
    kept: list[str] = []
    for word in text[min(starts):].split()[:7]:
        bare = word.strip(",.!?")
        stop = _KO_STOP.search(bare)
        if not stop:
            kept.append(bare)
            continue
        stem = bare[:stop.start()]
        if not kept or _KO_PLACE_WORD.search(stem):
            kept.append(stem)
        break
    place = " ".join(w for w in kept if w).strip()
    return place if len(place) >= 2 else None


def _after(text: str, name: str) -> str | None:
    """"사근동 한양대 앞 골목에 …" → "한양대 앞 골목": the words after a 동 name, when they name a place (a
    place word among them: 앞, 옆, 골목, 쪽 …), up to the first word that ends the place."""
    kept: list[str] = []
    for word in text[text.find(name) + len(name):].split()[:7]:
        bare = word.strip(",.!?")
        stop = _KO_STOP.search(bare)
        if not stop:
            kept.append(bare)
            continue
        if _KO_PLACE_WORD.search(bare[:stop.start()]):
            kept.append(bare[:stop.start()])
        break
    place = " ".join(w for w in kept if w).strip()
    return place if len(place) >= 2 and _KO_PLACE_WORD.search(place) and not re.search(r"\d+\s*시|부터", place) \
        else None


def looks_like_place(text: str) -> bool:
    """"우리 집 앞 골목이요", "the alley behind my house" are places; "우리 동네요", "몰라요" are not. Either
    language's place words count, whatever the conversation's language."""
    text = text or ""
    return bool(_KO_START.search(text) or _KO_PLACE_WORD.search(text) or re.search(r"\d", text)
                or _english_place(text) or re.search(r"\b(street|road|alley|corner)\b", text, re.I))


def without_request(text: str) -> str:
    """The message without "신고할게요 / I want to report": what is left describes the problem."""
    sentences = [s for s in _SENTENCES.split(text or "") if s.strip()]
    kept = [s for s in sentences if len(REQUEST.sub("", s).split()) >= 2 or not REQUEST.search(s)]
    return REQUEST.sub(" ", " ".join(kept)).strip(" .,!") if kept else ""


def details_in(text: str, *, lang: str, names: tuple[str, ...] = (), location: str | None = None,
               least: int | None = None) -> str | None:
    """The details of the problem, when the message says more than its kind ("가로등 신고요" says nothing).
    ``least``: the words needed beside the place and names (default: 2 when a place was named, else 5;
    6 when ``lang``, the message's language as the gateway found it, is English)."""
    rest = without_request(text)
    counted = rest
    for name in (location or "", *names):
        if name:
            counted = counted.replace(name, " ")
    enough = least if least is not None else 2 if location else (6 if lang == "en" else 5)
    if len(re.findall(r"\w+", counted)) < enough:
        return None
    return rest[:1000]


def details_apart(text: str, place: str | None) -> str | None:
    """Details given beside an answer ("응봉동이고 독서당로 369 앞이에요. 보도블록이 들떠서 …"): the sentences
    that do not hold the place, when they say something (three words or more)."""
    sentences = [s.strip() for s in _SENTENCES.split(text or "") if s.strip()]
    extra = [s for s in sentences if not (place and place in s) and len(re.findall(r"\w+", REQUEST.sub(" ", s))) >= 3]
    if len(sentences) < 2 or not extra:
        return None
    return " ".join(extra)[:1000]
