"""What residents read about talking to a person, in Korean and English."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "queued": {
        "ko": "{department} 직원에게 연결하고 있어요. 지금 대기 {position}번째, 예상 대기 약 {minutes}분이에요. "
              "기다리는 동안 하실 말씀을 써 두시면 직원이 바로 봐요. 챗봇으로 돌아가려면 '끝'이라고 써 주세요.",
        "en": "Connecting you to a member of staff ({department}). You are number {position} in the queue; "
              "the wait is about {minutes} min. Write your question meanwhile and they will see it. "
              "To go back to the chatbot, write 'end'.",
    },
    "still_waiting": {
        "ko": "직원 연결을 기다리고 있어요 (대기 {position}번째, 약 {minutes}분). 남기신 말씀은 직원에게 전해져요.",
        "en": "Still waiting for a member of staff (number {position}, about {minutes} min). "
              "What you write is passed on.",
    },
    "taken": {
        "ko": "{department} 직원과 연결됐어요. 말씀해 주세요.",
        "en": "You are now talking to a member of staff ({department}). Go ahead.",
    },
    "closed_now": {
        "ko": "지금은 근무 시간이 아니라 직원과 바로 연결할 수 없어요 (근무 시간: {hours}). 다음 근무는 {opens}에 "
              "시작해요. 메시지를 남기시면 그때 담당 직원이 확인하고 연락드려요. 남기실 말씀을 써 주세요. "
              "그만두려면 '그만'이라고 써 주세요.",
        "en": "The office is closed now, so no one can take the chat (hours: {hours}). It opens {opens}. "
              "Leave a message and a member of staff will read it then and get back to you: write it now. "
              "To stop, write 'stop'.",
    },
    "timed_out": {
        "ko": "죄송해요, 지금 모든 직원이 상담 중이라 연결하지 못했어요. 메시지를 남기시면 담당 직원이 확인하고 "
              "연락드려요. 남기실 말씀을 써 주세요. 그만두려면 '그만'이라고 써 주세요.",
        "en": "Sorry, every member of staff is busy and nobody could take the chat. Leave a message and they will "
              "get back to you: write it now. To stop, write 'stop'.",
    },
    "ask_phone": {
        "ko": "전화로 연락받으시려면 전화번호를 써 주세요. 번호는 이 상담 요청에 답하는 데에만 써요(동의). "
              "원하지 않으시면 '없음'이라고 써 주세요.",
        "en": "To be called back, write your phone number; it is used only to answer this request (your consent). "
              "If you'd rather not, write 'none'.",
    },
    "callback_filed": {
        "ko": "상담 요청 {reference}을 남겼어요. {opens}부터 담당 직원이 확인해요.{phone}",
        "en": "Your request {reference} is filed. Staff will read it from {opens}.{phone}",
    },
    "callback_phone": {"ko": " 남기신 번호 {phone}로 연락드려요.", "en": " We will call {phone}."},
    "passed_on": {"ko": "직원에게 전했어요.", "en": "Passed on to the member of staff."},
    "kakao_phone_offer": {
        "ko": " 카카오톡에서는 직원의 답을 다음에 말씀하실 때 보여 드려요. 답을 휴대전화로도 받으시려면 번호를 써 "
              "주세요(이 상담의 답을 알리는 데만 써요).",
        "en": " In KakaoTalk, staff replies are shown when you next write. To get them on your phone too, write "
              "your mobile number (used only to tell you about this chat).",
    },
    "phone_kept": {"ko": "직원의 답을 {phone}(으)로도 알려 드릴게요.", "en": "Staff replies will also go to {phone}."},
    "kakao_later": {
        "ko": "직원의 답을 기다리고 있어요. 답이 오면 다음에 말씀하실 때 함께 보여 드려요.",
        "en": "Waiting for the member of staff to reply. The reply will be shown when you next write.",
    },
    "kakao_later_phone": {
        "ko": "직원의 답을 기다리고 있어요. 답이 오면 다음에 말씀하실 때 보여 드리고, 남기신 번호로도 알려 드려요.",
        "en": "Waiting for the member of staff to reply. It will be shown when you next write, and sent to "
              "your phone too.",
    },
    "back_to_bot": {
        "ko": "챗봇으로 돌아왔어요. 궁금한 점을 물어보세요.",
        "en": "You are back with the chatbot. Ask me anything.",
    },
    "staff_returned": {
        "ko": "직원이 상담을 마치고 챗봇으로 돌려드렸어요. 더 궁금한 점은 물어보세요.",
        "en": "The member of staff has handed you back to the chatbot. Ask me anything else.",
    },
    "staff_closed": {
        "ko": "직원이 상담을 마쳤어요. 이용해 주셔서 고마워요.",
        "en": "The member of staff has closed the chat. Thank you.",
    },
}
END_WORDS = {"끝", "그만", "종료", "취소", "챗봇", "end", "stop", "cancel", "bot", "quit"}
NO_PHONE = {"없음", "없어요", "아니요", "아니오", "싫어요", "no", "none", "skip"}


def say(key: str, lang: str, **values: object) -> str:
    return TEXTS[key]["en" if lang == "en" else "ko"].format(**values)


def is_end(text: str) -> bool:
    return text.strip().strip(".!?~ ").lower() in END_WORDS


def when(moment, lang: str) -> str:
    """12월 8일(월) 09:00 / Mon 8 Dec, 09:00"""
    if lang == "en":
        return moment.strftime("%a %-d %b, %H:%M")
    return f"{moment.month}월 {moment.day}일({'월화수목금토일'[moment.weekday()]}) {moment:%H:%M}"
