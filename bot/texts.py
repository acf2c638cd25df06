"""Canned text residents see, in Korean and English. Kind, specific, with a next step."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "out_of_scope": {
        "ko": "죄송해요, 그 질문은 제가 답할 수 있는 자료가 없어요. 저는 쓰레기·재활용, 대형폐기물, 복지, 행사, "
              "구청·주민센터 안내를 도와드려요.",
        "en": "Sorry, I don't have information to answer that. I can help with waste and recycling, bulky waste, "
              "welfare, events, and the district office and community centres.",
    },
    "who_to_call": {
        "ko": "더 궁금한 점은 {name}({phone})에 문의해 주세요.",
        "en": "For more help, please call {name} ({phone}).",
    },
    "complaint_referral": {
        "ko": "민원은 전화나 온라인으로 접수할 수 있어요. 성동구청 민원 상담 {district_phone}(평일 09:00-18:00), "
              "다산콜센터 120(24시간), 또는 국민신문고(www.epeople.go.kr)를 이용해 주세요.",
        "en": "You can file or check a complaint by phone or online: Seongdong-gu Office {district_phone} "
              "(weekdays 09:00-18:00), Dasan Call Centre 120 (24 hours, English available), or www.epeople.go.kr.",
    },
    "unclear": {
        "ko": "조금 더 자세히 말씀해 주시겠어요? 예를 들어 '종량제 봉투 어디서 사요?'처럼 궁금한 물건이나 일을 넣어 물어봐 주세요.",
        "en": "Could you tell me a bit more? For example, 'Where do I buy garbage bags?': name the thing or service you mean.",
    },
    "injection": {
        "ko": "그 요청은 도와드릴 수 없어요. 성동구 생활 정보(쓰레기, 복지, 행사, 민원 등)에 대해 물어봐 주세요.",
        "en": "I can't help with that request. Please ask me about life in the district: waste, welfare, events or complaints.",
    },
    "political": {
        "ko": "저는 정치적으로 중립이라 정당이나 후보, 투표에 대한 의견은 드리지 않아요. 선거 정보는 중앙선거관리위원회"
              "(국번 없이 1390, www.nec.go.kr)에서 확인해 주세요.",
        "en": "I stay politically neutral, so I don't give opinions on parties, candidates or votes. For election "
              "information, please contact the National Election Commission (1390, www.nec.go.kr).",
    },
    "verbatim_contact": {
        "ko": "문의: {department} {phone}",
        "en": "Contact: {department} {phone}",
    },
    "korean_only": {
        "ko": "",
        "en": "(This answer is only available in Korean.)",
    },
    "kakao_wait": {
        "ko": "답변을 준비하고 있어요. 잠시만 기다려 주세요.",
        "en": "I'm preparing your answer. Just a moment, please.",
    },
    "busy": {
        "ko": "지금 문의가 많아 답변이 늦어지고 있어요. 잠시 후 다시 보내 주세요. 급한 일은 다산콜센터 120으로 전화해 주세요.",
        "en": "Many people are asking right now. Please try again in a moment. For anything urgent, call 120.",
    },
    "unavailable": {
        "ko": "죄송해요, 지금 답변을 준비하지 못했어요. 잠시 후 다시 시도해 주세요. 급한 일은 다산콜센터 120으로 전화해 주세요.",
        "en": "Sorry, I couldn't prepare an answer just now. Please try again shortly. For anything urgent, call 120.",
    },
}


def text(key: str, lang: str, **values: str) -> str:
    entry = TEXTS[key]
    return (entry.get(lang) or entry["ko"]).format(**values)
