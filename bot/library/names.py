"""Names and citations the way staff write them: "경범죄 처벌법 제3조 제1항 제20호", with the law's
short name (약칭) where it has one ("가족관계등록법 제44조")."""
from __future__ import annotations

import re

from bot.library.units import Document, Line, Unit

# Official short names (약칭) as the national law information centre (law.go.kr) lists them.
# A document's own ``short_name`` (set when it is added) wins over this table.
SHORT_NAMES = {
    "가족관계의 등록 등에 관한 법률": "가족관계등록법",
    "국민기초생활 보장법": "기초생활보장법",
    "옥외광고물 등의 관리와 옥외광고산업 진흥에 관한 법률": "옥외광고물법",
    "민원 처리에 관한 법률": "민원처리법",
    "자원의 절약과 재활용촉진에 관한 법률": "자원재활용법",
}
# What staff call a law when they do not use its official name or 약칭 ("선거법상 …", "개보법 위반"):
# squashed colloquial name → the law's official title. A name that ends an official title names it
# anyway ("선거법" ⊂ "공직선거법", names_document), so only the names that do not go here.
COLLOQUIAL_NAMES = {
    "개보법": "개인정보 보호법", "개인정보법": "개인정보 보호법",
    "가족관계법": "가족관계의 등록 등에 관한 법률", "가족법": "가족관계의 등록 등에 관한 법률",
    "기초법": "국민기초생활 보장법", "기초생활법": "국민기초생활 보장법", "기초생활보장법": "국민기초생활 보장법",
    "도교법": "도로교통법", "경범법": "경범죄 처벌법", "경범죄법": "경범죄 처벌법",
    "질서법": "질서위반행위규제법", "질서위반법": "질서위반행위규제법", "질서행위법": "질서위반행위규제법",
    "건관법": "건축물관리법", "옥외광고법": "옥외광고물 등의 관리와 옥외광고산업 진흥에 관한 법률",
}
_DECREE = re.compile(r"^(.*?)\s*(시행령|시행규칙)$")
# How 법령구분 in a statute file's front matter maps to the kinds staff choose from
KIND_OF_CLASS = {"법률": "법률", "대통령령": "시행령", "총리령": "시행규칙", "조례": "조례", "규칙": "규칙"}


def short_name(title: str) -> str:
    """"가족관계의 등록 등에 관한 법률 시행령" → "가족관계등록법 시행령"; "" when it has none."""
    if title in SHORT_NAMES:
        return SHORT_NAMES[title]
    decree = _DECREE.match(title)
    if decree and decree.group(1) in SHORT_NAMES:
        return f"{SHORT_NAMES[decree.group(1)]} {decree.group(2)}"
    return ""


def kind_of(meta: dict, stem: str) -> str:
    """법률, 시행령 or 시행규칙 from a statute file's 법령구분 ("행정안전부령" → 시행규칙), else from its file name."""
    law_class = str(meta.get("법령구분") or "")
    if law_class in KIND_OF_CLASS:
        return KIND_OF_CLASS[law_class]
    if law_class.endswith("부령"):
        return "시행규칙"
    from bot.library.units import KINDS

    return stem if stem in KINDS else "기타"


def name_of(document: Document) -> str:
    return document.short_name or short_name(document.title) or document.title


def citation(document: Document, unit: Unit, line: Line | None = None) -> str:
    """"경범죄 처벌법 제3조 제1항 제20호"; "청소 안내 매뉴얼 4쪽"; "지침 「수거 일정」"."""
    name = name_of(document)
    if unit.key.startswith("제"):
        parts = [name, unit.key]
        if line is not None and line.paragraph:
            parts.append(f"제{line.paragraph}항")
        if line is not None and line.item:
            parts.append(f"제{line.item}호")
        return " ".join(parts)
    if unit.key.startswith("p"):
        return f"{name} {unit.heading}"
    return f"{name} 「{unit.heading}」" if unit.heading else name


# Words ending in 법 that name no law ("처리 방법", "불법 주차").
_NOT_LAWS = ("방법", "불법", "위법", "편법", "합법", "수법", "기법", "요법", "용법", "해법", "비법", "문법", "화법", "적법")
_LAW_WORD = re.compile(r"^([가-힣ㆍ·]+?(?:법률|법|시행령|시행규칙|조례))(?:에서|에는|에|상의|상|의|은|는|이|가|을|를|으로|로|과|와|도)?$")


def _squashed(text: str) -> str:
    return re.sub(r"[\s·ㆍ「」]", "", text)


def named_laws(question: str) -> list[str]:
    """The laws a question names, squashed ("경범죄 처벌법 제3조" → ["경범죄처벌법"]): a word ending in 법,
    법률, 시행령, 시행규칙 or 조례 of three syllables or more, joined to the word before it when that
    word is part of the name ("개인정보 보호법" → "개인정보보호법")."""
    words = re.findall(r"[가-힣ㆍ·]+", question)
    found = []
    for number, word in enumerate(words):
        law = _LAW_WORD.match(word)
        if not law or len(law.group(1)) < 3 or law.group(1).endswith(_NOT_LAWS):
            continue
        name = _squashed(law.group(1))
        found.append(_squashed(words[number - 1]) + name if number and name in ("보호법", "처벌법", "관리법") else name)
    return list(dict.fromkeys(found))


def names_document(law: str, document: Document) -> bool:
    """Whether a squashed law name from a question names this document (or the law it is a decree of):
    its title or short name starts with it or it with them, the name ends the law's title ("선거법" for
    공직선거법), or it is what staff call the law (COLLOQUIAL_NAMES: "개보법")."""
    title = _squashed(document.title)
    names = {title, _squashed(name_of(document))}
    if any(name.startswith(law) or law.startswith(name) for name in names if name):
        return True
    decree = _DECREE.match(document.title)
    act = _squashed(decree.group(1)) if decree else title
    colloquial = COLLOQUIAL_NAMES.get(law)
    return act.endswith(law) or (colloquial is not None and _squashed(colloquial) == act)
