"""What a short question asks about: signing up, applying for someone, the fee, the place…

Read from the resident's words alone, in Korean (plain, colloquial, dialect) and English, so that a
follow-up ("미리 신청해야 돼요?", "공짜가?", "where is it?") can be answered from a table row's columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_KINDS = {
    "proxy": r"대신|대리|위임|제가\s*(해|신청)|아들이|딸이|자식이|자녀가|가족이|며느리|on\s+(my|his|her|their)\s+behalf|"
             r"for\s+(me|him|her|them|my\s+(mother|father|mom|mum|dad|parents?))|my\s+(son|daughter|family|wife|husband|"
             r"mother|father|mom|mum|dad|parents?|brother|sister|friend)\s+(apply|register|sign)|"
             r"\b(sign|register|enrol+)\s+(me|him|her|them)\b",
    "signup": r"신청|예약|등록|접수|신고\s*(하|해|할)|"
               r"그냥\s*(가|와|오)|sign\s*up|register|regist|book|reserv|just\s+(come|turn up|show up)|"
              r"apply|application",
    "documents": r"서류|챙겨|챙길|준비물|가져가|가져와|documents?|papers|bring",
    "phone": r"전화|번호|연락처|연락|phone|number|call|contact",
    "fee": r"무료|공짜|돈|비용|얼마|입장료|참가비|유료|수수료|금액|나와요|나오나|free|cost|fee|price|charge|how\s+much|"
           r"amount",
    "capacity": r"몇\s*명|인원|정원|선착순|how\s+many\s+(people|places|spots|kids|children)|limit|capacity",
    "place": r"어디|어데|장소|주소|위치|모여|모이|where|address|place|location|venue",
    "time": r"몇\s*시|언제|시간|까지|부터|꺼정|기한|열었|열어|여나요|닫았|닫아|what\s+time|when|until|start|open|deadline",
    "audience": r"누가|누구|몇\s*살|나이|대상|몇\s*명|자격|받을\s*수|해당(돼|되|이)|who|age|how\s+old|how\s+many|eligib|"
                r"qualif|can\s+(he|she|i|we|they|my\s+\w+)\s+(get|receive|have|use|join)|"
                r"(is|are)\s+(he|she|they|we|i)\s+(allowed|able|eligible)",
}
_COMPILED = {kind: re.compile(rx, re.I) for kind, rx in _KINDS.items()}


@dataclass(frozen=True)
class Asks:
    proxy: bool = False
    signup: bool = False
    documents: bool = False
    phone: bool = False
    fee: bool = False
    place: bool = False
    time: bool = False
    audience: bool = False
    capacity: bool = False

    def any(self) -> bool:
        return any(self.__dict__.values())


def asks(text: str) -> Asks:
    return Asks(**{kind: rx.search(text) is not None for kind, rx in _COMPILED.items()})
