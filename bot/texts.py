"""Canned text residents see, in Korean and English. Kind, specific, with a next step.

A Korean particle after a value is written as a format spec, either member of its pair
("{ticket:이에요}", "{ticket:을}"): bot/particles.py picks the one that fits the value.

A line naming the district itself ({district}, {district_en}) takes the name the district configured
(``MINWON_DISTRICT``, ``MINWON_DISTRICT_EN``): its caller passes ``Settings.district_names``. Its offices and
call centre come from its tables (``contacts``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.particles import Word

if TYPE_CHECKING:
    from bot.knowledge.district import District

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
    "refer_seoul_district": {
        "ko": "{place} 일은 {place}청이나 {call_centre}에 문의해 주세요.",
        "en": "For {place}, please contact its district office or {call_centre_en}.",
    },
    "refer_elsewhere": {
        "ko": "저는 {district}의 일만 안내해 드려요. {place} 지역의 일은 그곳 시청·군청·구청에서 안내해요. 어디에 "
              "물어봐야 할지 모르겠으면 정부민원안내콜센터(110)에 전화해 주세요.",
        "en": "I can only help with {district_en}. Questions about {place} are handled by the city, county or "
              "district office there. If you are not sure whom to ask, call the Government Call Center (110).",
    },
    "unclear": {
        "ko": "조금 더 자세히 말씀해 주시겠어요? 예를 들어 '종량제 봉투 어디서 사요?'처럼 궁금한 물건이나 일을 넣어 물어봐 주세요.",
        "en": "Could you tell me a bit more? For example, 'Where do I buy garbage bags?': name the thing or service you mean.",
    },
    "injection": {
        "ko": "그 요청은 도와드릴 수 없어요. {district} 생활 정보(쓰레기, 복지, 행사, 민원 등)에 대해 물어봐 주세요.",
        "en": "I can't help with that request. Please ask me about life in {district_en}: waste, welfare, events or "
              "complaints.",
    },
    "political": {
        "ko": "저는 정치적으로 중립이라 정당이나 후보, 투표에 대한 의견은 드리지 않아요. 선거 정보는 중앙선거관리위원회"
              "(국번 없이 1390, www.nec.go.kr)에서 확인해 주세요.",
        "en": "I stay politically neutral, so I don't give opinions on parties, candidates or votes. For election "
              "information, please contact the National Election Commission (1390, www.nec.go.kr).",
    },
    "self_harm": {
        "ko": "많이 힘드시군요. 혼자 견디지 않으셔도 돼요. 지금 바로 자살예방상담전화 109(24시간), "
              "정신건강위기상담 1577-0199에 전화해 이야기해 주세요. 위급하면 119에 전화해 주세요.",
        "en": "I'm sorry you're going through this. You don't have to face it alone. Please call the suicide "
              "prevention line 109 (24 hours) or the mental health crisis line 1577-0199 now. In an emergency, call 119.",
    },
    "abuse": {
        "ko": "불편하신 점이 있으셨군요. 도와드리고 싶어요. 궁금한 점이나 신고할 내용을 알려 주시면 안내해 드릴게요.",
        "en": "I'm sorry something upset you. I'd like to help: tell me what you need or what you want to report.",
    },
    "verbatim_contact": {
        "ko": "문의: {department} {phone}",
        "en": "Contact: {department} {phone}",
    },
    # An English question answered from a Korean-only FAQ row (bot/answer/korean_only.py)
    "korean_only": {
        "ko": "이 답은 아직 한국어로만 있어요.",
        "en": "This answer is only in Korean for now.",
    },
    "korean_only_contact": {
        "ko": "이 답은 아직 한국어로만 있어요. 문의할 곳:",
        "en": "This answer is only in Korean for now. Contact:",
    },
    "korean_only_about": {"ko": "주제: {title}", "en": "About: {title}"},
    "in_korean": {
        "ko": "한국어 원문 (구청 자주 묻는 질문):",
        "en": "In Korean (from the district's FAQ):",
    },
    "machine_translated": {
        "ko": "구청의 한국어 자주 묻는 질문을 기계로 번역했어요.",
        "en": "Machine-translated from the district's Korean FAQ.",
    },
    "machine_translated_contact": {
        "ko": "구청의 한국어 자주 묻는 질문을 기계로 번역했어요. 문의할 곳:",
        "en": "Machine-translated from the district's Korean FAQ. Contact:",
    },
    "contact_phone": {"ko": "전화: {phone}", "en": "Phone: {phone}"},
    "contact_hours": {"ko": "운영 시간: {hours}", "en": "Hours: {hours}"},
    "contact_page": {"ko": "누리집: {url}", "en": "Web page: {url}"},
    "kakao_wait": {
        "ko": "답변을 준비하고 있어요. 잠시만 기다려 주세요.",
        "en": "I'm preparing your answer. Just a moment, please.",
    },
    "kakao_more": {
        "ko": "다른 항목도 골라 보세요.",
        "en": "More choices:",
    },
    "complaint_pick_category": {
        "ko": "목록에서 민원 종류를 골라 주세요. 그만두려면 '취소'라고 보내 주세요.",
        "en": "Please choose the kind of problem from the list. To stop, send 'cancel'.",
    },
    "complaint_bad_phone": {
        "ko": "전화번호 형식이 맞지 않아요. 010-1234-5678처럼 적어 주세요. 연락을 원하지 않으면 '없음'이라고 보내 주세요.",
        "en": "That doesn't look like a phone number. Please write it like 010-1234-5678, or send 'none'.",
    },
    "complaint_too_short": {
        "ko": "조금 더 자세히 적어 주세요.",
        "en": "Please write a little more.",
    },
    "complaint_summary": {
        "ko": "접수할 내용을 확인해 주세요.\n• 종류: {category}\n• 동: {dong}\n• 위치: {location}\n• 내용: {description}\n"
              "• 연락처: {phone}\n맞으면 '접수'를 눌러 주세요. 고칠 항목을 누르거나 '취소'할 수도 있어요.",
        "en": "Please check your complaint.\n• Kind: {category}\n• Neighbourhood: {dong}\n• Place: {location}\n"
              "• Details: {description}\n• Contact: {phone}\nIf it is right, press 'Submit'. You can also fix an item or cancel.",
    },
    "complaint_no_phone": {"ko": "받지 않음", "en": "none"},
    "complaint_filed": {
        "ko": "민원을 접수했어요. 접수번호는 {ticket:이에요}.\n{department}에서 {days}일 안에 처리할 예정이에요"
              "(문의 {phone}). 처리 상황은 '민원 조회'에서 접수번호로 확인할 수 있어요.",
        "en": "Your complaint is filed. Your ticket number is {ticket}.\nThe {department} expects to handle it "
              "within {days} day(s) (phone {phone}). Check it any time with 'check a complaint' and this number.",
    },
    "complaint_cancelled": {
        "ko": "민원 접수를 취소했어요. 입력하신 내용은 저장하지 않았어요.",
        "en": "The complaint was cancelled. Nothing you entered was stored.",
    },
    "complaint_db_down": {
        "ko": "죄송해요, 지금 민원 시스템에 연결되지 않아 접수하지 못했어요. 접수번호는 아직 없어요. 입력하신 내용은 "
              "그대로 있으니 잠시 후 '다시 접수'라고 보내 주세요. 급하면 {call_centre:으로} 전화해 주세요.",
        "en": "Sorry, the complaint system can't be reached right now, so it is not filed yet and there is no ticket "
              "number. What you entered is kept: send 'submit again' in a moment. If it is urgent, call "
              "{call_centre_en}.",
    },
    "status_not_found": {
        "ko": "접수번호 {ticket:을} 찾지 못했어요. 2026-000123-K7MQ처럼 적어 주세요. 그만두려면 '취소'라고 보내 주세요.",
        "en": "I couldn't find ticket {ticket}. Please write it like 2026-000123-K7MQ, or send 'cancel'.",
    },
    "status_typo": {
        "ko": "접수번호 {ticket}에 잘못 적힌 글자가 있는 것 같아요. 받으신 번호를 다시 확인해서 보내 주세요. "
              "그만두려면 '취소'라고 보내 주세요.",
        "en": "Ticket {ticket} seems to have a typo. Please check the number you were given and send it again, "
              "or send 'cancel'.",
    },
    "status_received": {
        "ko": "접수번호 {ticket:은} 접수된 민원이에요. 처리 상태와 답변은 접수할 때 받은 전체 번호"
              "(예: 2026-000123-K7MQ)로 조회하면 알려 드려요.",
        "en": "Ticket {ticket} was received. To see its status and reply, check it with the full number you were "
              "given (like 2026-000123-K7MQ).",
    },
    "status_wrong_code": {
        "ko": "접수번호가 맞지 않아 내용을 보여 드릴 수 없어요. 받으신 번호를 다시 확인해 주세요.",
        "en": "That ticket number doesn't match, so I can't show this complaint. Please check the number you were given.",
    },
    "status_locked": {
        "ko": "이 민원은 조회가 여러 번 틀려서 개인정보 보호를 위해 {until}까지 조회를 멈췄어요. "
              "급한 일은 {call_centre:으로} 전화해 주세요.",
        "en": "This complaint was checked with wrong details too many times, so lookups are paused until {until} "
              "to protect the resident. For anything urgent, call {call_centre_en}.",
    },
    "status_four_digits": {
        "ko": "전화번호 끝 4자리 숫자만 보내 주세요. (예: 5678)",
        "en": "Please send just the last 4 digits of the phone number (e.g. 5678).",
    },
    "status_wrong_phone": {
        "ko": "전화번호 끝 4자리가 맞지 않아 내용을 보여 드릴 수 없어요.",
        "en": "The last 4 digits don't match, so I can't show this complaint.",
    },
    "status_report": {
        "ko": "접수번호 {ticket}\n• 상태: {status}\n• 담당: {department}\n• 답변: {reply}",
        "en": "Ticket {ticket}\n• Status: {status}\n• Department: {department}\n• Reply: {reply}",
    },
    "status_no_reply": {"ko": "아직 답변이 없어요.", "en": "No reply yet."},
    "status_cancelled": {"ko": "민원 조회를 그만둘게요.", "en": "Okay, I stopped the lookup."},
    "pii_notice": {
        "ko": "개인정보(주민등록번호, 카드·계좌번호, 전화번호 등)는 보내지 않으셔도 돼요. 보내신 내용은 가려서 처리했어요.",
        "en": "Please don't send personal data (ID, card or account numbers, phone numbers). I have hidden what you sent.",
    },
    "degraded": {
        "ko": "지금은 일부 기능을 점검하고 있어 자주 묻는 질문으로만 답해 드려요.",
        "en": "Some features are under maintenance right now, so I can only answer from our FAQ.",
    },
    "busy": {
        "ko": "지금 문의가 많아 답변이 늦어지고 있어요. 잠시 후 다시 보내 주세요. 급한 일은 {call_centre:으로} 전화해 주세요.",
        "en": "Many people are asking right now. Please try again in a moment. For anything urgent, call "
              "{call_centre_en}.",
    },
    "unavailable": {
        "ko": "죄송해요, 지금 답변을 준비하지 못했어요. 잠시 후 다시 시도해 주세요. 급한 일은 {call_centre:으로} 전화해 "
              "주세요.",
        "en": "Sorry, I couldn't prepare an answer just now. Please try again shortly. For anything urgent, call "
              "{call_centre_en}.",
    },
    "telegram_help": {
        "ko": "저는 {district} 주민 안내 챗봇이에요. 24시간 이런 것을 도와드려요.\n"
              "• 쓰레기·재활용·음식물 배출 요일 (예: '행당1동 쓰레기 언제 버려요?')\n"
              "• 대형폐기물 신고와 수수료\n"
              "• 복지 지원, 동네 행사\n"
              "• 구청·주민센터 위치와 연락처, 민원 접수 방법\n"
              "• 세금 등 자주 묻는 질문\n\n"
              "질문을 그냥 글로 보내 주세요. /start 처음 인사, /reset 대화를 처음부터, /help 이 안내.\n"
              "급한 일은 {call_centre:으로} 전화해 주세요.",
        "en": "I'm the {district_en} resident assistant, here 24/7. I can help with:\n"
              "• Waste, recycling and food waste collection days (e.g. 'When is trash collected in Majang-dong?')\n"
              "• Bulky waste: how to report it and the fees\n"
              "• Welfare support and local events\n"
              "• The district office and community centres: where they are, phone numbers, filing a complaint\n"
              "• Common questions such as local taxes\n\n"
              "Just type your question. /start says hello, /reset starts over, /help shows this.\n"
              "For anything urgent, call {call_centre_en}.",
    },
    "restarted": {
        "ko": "처음부터 다시 시작할게요. 무엇이 궁금하세요?",
        "en": "Let's start over. What would you like to know?",
    },
    "button_expired": {
        "ko": "이 버튼은 더 이상 쓸 수 없어요. 궁금한 내용을 글로 다시 보내 주세요.",
        "en": "That button has expired. Please type your question again.",
    },
    "text_only": {
        "ko": "지금은 글로 보낸 질문에만 답할 수 있어요. 궁금한 내용을 글로 보내 주세요.",
        "en": "I can only answer typed questions for now. Please send your question as text.",
    },
    "too_long": {
        "ko": "질문이 너무 길어요. {limit}자 이내로 줄여서 보내 주세요.",
        "en": "That message is too long. Please keep it under {limit} characters.",
    },
}


# Where a resident is sent when the district's tables name nobody: Seoul's call centre, the demo district's.
LAST_RESORT = {"office": "다산콜센터 120", "office_en": "the Dasan Call Center (120)",
               "call_centre": "다산콜센터 120", "call_centre_en": "the Dasan Call Center (120)"}


def contacts(district: District | None) -> dict[str, Word]:
    """Who canned lines send a resident to, from the district's own offices table (offices.csv): the
    district office ({office}, {office_en}) and the call centre ({call_centre}, {call_centre_en}), each with
    its phone. A district without a call-centre row is sent to its office for both, one without an office row
    to its call centre for both; with neither (or no tables at all), 120 (``LAST_RESORT``)."""
    office = district.office_of("district_office") if district else None
    call = (district.office_of("call_centre") if district else None) or office
    office = office or call
    if office is None:
        return {name: Word(value) for name, value in LAST_RESORT.items()}
    return {"office": Word(f"{office.name}({office.phone})"), "office_en": Word(f"{office.name_en} ({office.phone})"),
            "call_centre": Word(f"{call.name} {call.phone}" if call.phone not in call.name else call.name),
            "call_centre_en": Word(f"the {call.name_en}" if call.phone in call.name_en
                                   else f"the {call.name_en} ({call.phone})")}


def with_contacts(line: str, district: District | None, values: dict) -> dict:
    """``values``, plus the district's ``contacts`` when ``line`` names the office or the call centre (a value
    given wins)."""
    if "{office" in line or "{call_centre" in line:
        return {**contacts(district), **values}
    return values


def text(key: str, lang: str, district: District | None = None, /, **values: str) -> str:
    """``key``'s line in ``lang``; a line naming the office or the call centre takes them from ``district``
    (positional: ``district=`` is a value, the district's name in telegram_help)."""
    line = TEXTS[key].get(lang) or TEXTS[key]["ko"]
    return line.format(**with_contacts(line, district, {name: Word(value) for name, value in values.items()}))
