"""What residents read about talking to a person, in Korean and English."""
from __future__ import annotations

import re

TEXTS: dict[str, dict[str, str]] = {
    "queued": {
        "ko": "{department} 직원에게 연결하고 있어요. 지금 대기 {position}번째, 예상 대기 약 {minutes}분이에요. "
              "기다리는 동안 하실 말씀을 써 두시면 직원이 바로 봐요. 챗봇으로 돌아가려면 '끝'이라고 써 주세요. "
              "기다리기 어려우시면 {phone}로 전화하셔도 돼요.",
        "en": "Connecting you to a member of staff ({department}). You are number {position} in the queue; "
              "the wait is about {minutes} min. Write your question meanwhile and they will see it. "
              "To go back to the chatbot, write 'end'. If you can't wait, you can also call {phone}.",
    },
    "still_waiting": {
        "ko": "직원 연결을 기다리고 있어요 (대기 {position}번째, 약 {minutes}분). 남기신 말씀은 직원에게 전해져요.",
        "en": "Still waiting for a member of staff (number {position}, about {minutes} min). "
              "What you write is passed on.",
    },
    "meanwhile": {
        "ko": "직원 연결을 기다리는 중이에요 (대기 {position}번째). 그동안 제가 아는 대로 먼저 답해 드릴게요.",
        "en": "You are still in the queue for a member of staff (number {position}). Meanwhile, here is what I "
              "can tell you.",
    },
    "left_queue": {
        "ko": "직원 연결 대기를 그만둘게요.",
        "en": "Okay, I've taken you out of the queue for a member of staff.",
    },
    "still_collecting": {
        "ko": "직원에게 남기실 말씀이 있으면 써 주세요. 그만두려면 '그만'이라고 써 주세요.",
        "en": "If you'd like to leave a message for a member of staff, write it now. To stop, write 'stop'.",
    },
    "no_message_left": {
        "ko": "알겠어요. 직원에게 남긴 메시지 없이 상담 요청은 닫을게요. 필요하시면 언제든 '상담원 연결'이라고 써 주세요.",
        "en": "All right: no message was left, so I've closed the request. Write 'talk to a person' any time.",
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


# About the wait itself ("아직이에요?", "언제 연결돼요?"): for the queue's own answer, not the bot's.
_ABOUT_THE_WAIT = re.compile(r"아직|언제\s*(연결|돼|되|와|오)|빨리|기다려|기다리|대기|순서|몇\s*번째|사람|직원|상담|연결|"
                            r"still waiting|how long|queue|connect|hurry|someone|person|human|staff|agent", re.I)
# "됐어요, 그냥 물어볼게요", "never mind, I'll just ask": the resident stops waiting
_LEAVES = re.compile(r"그냥\s*(제가\s*|챗봇(한테|에게)\s*)?(물어|여쭤)|안\s*기다릴|기다리지\s*않|"
                     r"i'?ll just ask|ask you instead|don'?t want to wait|not wait", re.I)
# "주소 알려 주세요", "tell me the number": asking for information without a question mark
_TELL_ME = re.compile(r"알려\s*(주|줘|줄)|가르쳐\s*(주|줘)|말해\s*(주|줘)|tell me|let me know|give me", re.I)
# Hours, numbers, when to call: how to reach the office, which the bot answers
_REACHING_US = re.compile(r"몇\s*시|시간|언제|전화|번호|연락처|주소|어디|hours|open|close|when|call|phone|number|address",
                          re.I)


def asks_the_bot(text: str) -> bool:
    """A question the bot may answer while the resident waits for a person (not one about the wait)."""
    from bot.dialogue import reading

    asks = reading.is_question(text) or reading.wants_repeat(text) or bool(_TELL_ME.search(text))
    return asks and not _ABOUT_THE_WAIT.search(text)


def for_the_bot(text: str) -> bool:
    """While waiting: anything but the wait itself and a bare word or two ("복지 쪽이요 기초연금 때문에" names what
    the bot can already tell about), for the bot to answer meanwhile when it can."""
    return asks_the_bot(text) or (len(text.split()) >= 2 and not _ABOUT_THE_WAIT.search(text))


def leaves_queue(text: str) -> bool:
    from bot.dialogue import reading

    return bool(_LEAVES.search(text)) or reading.is_cancel(text)


def reaching_us(text: str) -> bool:
    """"내일 몇 시부터 전화하면 돼요?": when or how to reach the office, asked instead of leaving a message."""
    from bot.dialogue import reading

    return reading.is_question(text) and bool(_REACHING_US.search(text)) and len(text) <= 60


def signs_off(text: str) -> bool:
    """"알겠어요 고마워요", "ok thanks": nothing to leave for staff."""
    from bot.dialogue import reading

    short = len(text.strip()) <= 30 and not reading.is_question(text)
    return short and (reading.thanks(text) or bool(re.search(r"수고하|안녕히|들어가세요|bye|good night", text, re.I)))


def say(key: str, lang: str, **values: object) -> str:
    return TEXTS[key]["en" if lang == "en" else "ko"].format(**values)


def is_end(text: str) -> bool:
    return text.strip().strip(".!?~ ").lower() in END_WORDS


def when(moment, lang: str) -> str:
    """12월 8일(월) 09:00 / Mon 8 Dec, 09:00"""
    if lang == "en":
        return moment.strftime("%a %-d %b, %H:%M")
    return f"{moment.month}월 {moment.day}일({'월화수목금토일'[moment.weekday()]}) {moment:%H:%M}"
