"""What the dialogue manager says, in Korean and English: its questions, repairs and confirmations."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.particles import particle
from bot.texts import with_contacts

if TYPE_CHECKING:
    from bot.knowledge.district import District

SAID: dict[str, tuple[str, str]] = {
    # the complaint form's questions (the first asking, then with an example, then the way out)
    "ask_category": ("어떤 문제를 신고하시나요? 아래에서 골라 주세요. (그만두려면 '취소')",
                     "What kind of problem would you like to report? Please choose below. (To stop: 'cancel')"),
    "ask_category_again": ("어떤 문제인지 아래 버튼에서 골라 주세요. 예: 불법 주차, 가로등 고장, 쓰레기 무단투기",
                           "Please choose the kind of problem below, e.g. illegal parking, broken streetlight, "
                           "illegal dumping."),
    "ask_dong": ("어느 동인가요? 아래에서 고르거나 동 이름을 적어 주세요.",
                 "Which neighbourhood (dong) is it in? Choose below or write its name."),
    "ask_dong_again": ("동 이름을 알려 주세요. 예: {dongs}. 가까운 역이나 시장 이름(예: {landmark})도 괜찮아요.",
                       "Please name the neighbourhood, e.g. {dongs}. A nearby station or market (e.g. {landmark}) "
                       "is fine too."),
    "ask_where": ("어디에서 생긴 일인가요? 가까운 역·건물·주소나 동 이름을 알려 주세요. (예: {near}, {dong})",
                  "Where did it happen? Tell me a nearby station, building or address, or the neighbourhood (dong) "
                  "(e.g. '{near}')."),
    "ask_where_again": ("장소를 알려 주세요. 예: {near}, {address} 앞, {other_place} 뒤편 골목. 동 이름(예: {dong})만 "
                        "말씀하셔도 돼요.",
                        "Please tell me the place, e.g. 'in front of {address}' or '{near}'. "
                        "The neighbourhood name alone (e.g. {dong}) is fine too."),
    "noted_place": ("{place}{ro} 적었어요.", "Noted: {place}."),
    "ask_location": ("정확히 어디인가요? 가까운 건물이나 출구, 주소를 알려 주세요. (예: {near})",
                     "Where exactly is it? Name a nearby building, exit or address (e.g. '{near}')."),
    "ask_location_again": ("장소를 조금 더 알려 주세요. 예: {address} 앞, {other_place} 뒤편 골목",
                           "Please tell me the place a bit more, e.g. 'in front of {address}'."),
    "ask_description": ("어떤 상황인지 자세히 적어 주세요. (예: 킥보드 두 대가 점자블록 위에 쓰러져 있어요)",
                        "Please describe the problem in a sentence or two (what happened, since when)."),
    "ask_description_again": ("무슨 일이 있는지 한두 문장으로 설명해 주세요. 모르시면 '넘어가 주세요'라고 보내 주세요.",
                              "Please describe what is wrong in a sentence, or say 'skip'."),
    "ask_consent": ("처리 결과를 연락받으시겠어요? 연락을 받으려면 휴대전화 번호가 필요해요.\n[개인정보 수집·이용 동의] "
                    "수집 항목: 휴대전화 번호 / 이용 목적: 이 민원의 처리 결과 안내에만 사용 / 보관 기간: 민원 처리 완료 후 "
                    "1년, 그 뒤 파기. 동의하지 않아도 민원은 접수되고, 접수번호로 처리 상황을 볼 수 있어요.",
                    "Would you like a reply about this complaint? We need your mobile number for that.\n[Consent to "
                    "collect personal data] Item: mobile number. Purpose: only to tell you how this complaint was "
                    "handled. Kept until 1 year after it is closed, then deleted. If you don't agree, your complaint "
                    "is still filed; you can check it with the ticket number."),
    "ask_consent_again": ("연락처를 남기는 데 동의하시면 '동의해요', 원하지 않으시면 '동의하지 않아요'라고 해 주세요. "
                          "동의하지 않아도 민원은 똑같이 접수돼요.",
                          "Say 'I agree' to leave a number for a reply, or 'I don't agree'. Your complaint is "
                          "filed either way."),
    "ask_phone": ("연락받을 휴대전화 번호를 적어 주세요. (예: 010-1234-5678)",
                  "Please write your mobile number (e.g. 010-1234-5678)."),
    "ask_phone_again": ("휴대전화 번호는 010-1234-5678처럼 적어 주세요. 연락을 원하지 않으면 '없음'이라고 보내 주세요.",
                        "Please write it like 010-1234-5678, or send 'none' if you'd rather not be contacted."),
    "ask_confirm_again": ("이대로 접수할까요? '네' 또는 '접수'라고 하시면 접수하고, 고칠 것이 있으면 '위치 고치기'처럼 "
                          "말씀해 주세요.",
                          "Shall I submit it as it is? Say 'yes' or 'submit', or tell me what to fix (e.g. 'fix "
                          "place')."),
    "way_out": ("제가 잘 알아듣지 못해 죄송해요. 그만하시려면 '취소'라고 보내 주시고, 직원과 이야기하시려면 '상담원 연결'을 "
                "눌러 주세요. {call_centre}에서도 도와드려요.",
                "Sorry, I didn't catch that. To stop, send 'cancel'; to talk to a person, press 'Talk to a person'. "
                "You can also call {call_centre_en}."),
    "way_out_topic": ("제가 잘 알아듣지 못해 죄송해요. 조금 다르게 물어봐 주시거나, 직원과 이야기하시려면 '상담원 연결'을 "
                      "눌러 주세요. {call_centre}에서도 도와드려요.",
                      "Sorry, I'm not getting it. Please ask in other words, or press 'Talk to a person' to reach a "
                      "member of staff. You can also call {call_centre_en}."),
    "resume": ("그럼 이어서 여쭤볼게요.", "Let's carry on."),
    "take_your_time": ("네, 천천히 하세요. 준비되시면 이어서 답해 주세요.", "Sure, take your time. Answer when you're ready."),
    "no_contact_noted": ("연락은 받지 않으시는 걸로 적었어요.", "Noted: no contact about this complaint."),
    "again": ("다시 말씀드릴게요.", "Here it is again:"),
    "offer_person": ("두 번이나 제대로 도와드리지 못했네요. 직원과 이야기하시겠어요? 아래 '상담원 연결'을 눌러 주세요.",
                     "I couldn't help with that twice now. Would you like to talk to a member of staff? "
                     "Press 'Talk to a person' below."),
    "as_said": ("앞에서 말씀드린 것과 같아요.", "Same as I said just before:"),
    "fixed": ("{what}{ro} 고쳤어요.", "Fixed: {what}."),
    "left_complaint": ("신고는 접수하지 않고 그만둘게요.", "Okay, I've stopped the complaint without filing it."),
    "left_status": ("민원 조회는 그만둘게요.", "Okay, I've stopped the lookup."),
    "handling_days": ("{label} 민원은 보통 {days}일 안에 처리해요. (담당: {department} {phone})",
                      "{label} complaints are usually handled within {days} {day_word} ({department}, {phone})."),
    "just_filed": ("방금 접수하신 민원({ticket})은 {department}에서 보통 {days}일 안에 처리해요(문의 {phone}). 지금은 접수되어 "
                   "담당 부서가 확인할 차례예요. 처리 상황은 '민원 조회'에서 접수번호로 언제든 볼 수 있어요.",
                   "The complaint you just filed ({ticket}) is usually handled by the {department} within {days} {day_word} "
                   "(phone {phone}). It has been received and is waiting for the department; check it any time with "
                   "'check a complaint' and this number."),
    "offer_complaint": ("민원으로 접수해 드릴까요?", "Shall I file this as a complaint?"),
    # the status lookup
    "ask_ticket": ("접수번호를 알려 주세요. (예: 2026-000123-K7MQ)", "Please tell me the ticket number "
                   "(e.g. 2026-000123-K7MQ)."),
    "ask_ticket_again": ("접수번호는 2026-000123-K7MQ처럼 생겼어요. 접수할 때 받은 문자나 화면에서 찾아 주세요. 번호를 "
                         "찾지 못하시면 담당 부서나 {call_centre}에 전화해 주세요.",
                         "A ticket number looks like 2026-000123-K7MQ: it was shown when you filed. If you can't "
                         "find it, call the department or {call_centre_en}."),
    "ask_last4": ("개인정보 보호를 위해 접수할 때 남기신 전화번호 끝 4자리를 알려 주세요. (예: 5678)",
                  "To protect your information, please give the last 4 digits of the phone number you left "
                  "(e.g. 5678)."),
    "ask_last4_for": ("접수번호 {ticket}{particle} 확인할게요. 개인정보 보호를 위해 접수할 때 남기신 전화번호 끝 4자리를 알려 "
                      "주세요. (예: 5678)",
                      "Checking ticket {ticket}. To protect your information, please give the last 4 digits of the "
                      "phone number you left (e.g. 5678)."),
    "ask_last4_again": ("접수할 때 남기신 전화번호의 끝 4자리 숫자만 보내 주세요. (예: 5678) 번호를 바꾸셨어도 접수할 때 "
                        "적은 번호의 끝자리가 필요해요. 모르시면 담당 부서에 전화해 주세요.",
                        "Please send just the last 4 digits of the number you left when filing (e.g. 5678), even if "
                        "you have changed it since. If you don't know it, please call the department."),
    "status_none": ("접수번호 {ticket}{particle} 끝자리 {last4}로 확인되는 민원을 찾지 못했어요. 받으신 번호를 다시 확인해 "
                    "주세요. 잘 모르시면 {office:이나} {call_centre}에 문의해 주세요.",
                    "I couldn't find a complaint with ticket {ticket} and last digits {last4}. Please check the "
                    "number you were given, or call {office_en} or {call_centre_en}."),
    "status_not_issued": ("접수번호 {ticket}{particle} 확인해 봤는데, 이 번호로 접수된 민원을 찾지 못했어요. 받으신 번호를 다시 "
                          "확인해 보시고 맞는 번호를 보내 주세요. 잘 모르시면 {office:이나} {call_centre}에 문의해 주세요.",
                          "I checked ticket {ticket}: I couldn't find a complaint filed under that number. Please check "
                          "the number you were given and send it again, or call {office_en} or {call_centre_en}."),
    # the resident's own data
    "forgot": ("이 대화에서 보내신 내용과 접수하지 않은 입력은 지웠어요. 주민등록번호·카드·계좌번호는 처음부터 가려서 "
               "저장하지 않았어요. 이미 접수한 민원은 처리 기록으로 법에 따라 보관되어 여기서 지워지지 않아요. "
               "취하하시려면 접수번호를 가지고 담당 부서나 {office}에 말씀해 주세요.",
               "I deleted what you sent in this conversation and anything not yet submitted. ID, card and account "
               "numbers were hidden before anything was stored. A complaint already filed is kept as an official "
               "record and is not deleted here; to withdraw it, contact the department or {office_en} with its ticket number."),
    "forgot_kept": ("네, 이 대화에서 보내신 내용과 접수하지 않은 입력은 지웠어요. 남아 있는 것은 이미 접수한 민원뿐이고, "
                    "그건 처리 기록으로 보관돼요. 취하하시려면 접수번호를 가지고 담당 부서나 {office}에 "
                    "말씀해 주세요.",
                    "Yes: what you sent in this conversation and anything not submitted has been deleted. The only thing "
                    "kept is a complaint you already filed, as an official record; to withdraw it, contact the "
                    "department or {office_en} with its ticket number."),
    "withdraw": ("접수한 민원은 처리 기록으로 보관되어 여기서 조용히 지우지 않아요. 민원을 취하하시려면 접수번호를 "
                 "가지고 담당 부서나 {office}에 취하를 요청해 주세요. 담당 부서가 취하로 처리해 드려요.",
                 "A filed complaint is kept as a record and is never deleted silently. To withdraw it, ask the "
                 "department or {office_en} with its ticket number."),
    # feelings, completion
    "sorry_upset": ("불편을 드려 정말 죄송해요. 답답하셨을 마음 이해해요.", "I'm really sorry for the trouble. "
                    "I understand how frustrating this is."),
    "can_do": ("제가 도와드릴 수 있는 건 이런 거예요: 쓰레기·재활용 배출 요일과 방법, 대형폐기물 수수료와 신청, 복지 지원, "
               "구의 행사, 구청·주민센터 시간과 연락처, 그리고 민원 신고 접수와 처리 상황 조회예요. 사람과 이야기하고 싶으시면 "
               "직원도 연결해 드려요.",
               "Here is what I can do: waste and recycling days and how to sort, bulky-waste fees and booking, welfare "
               "support, district events, office hours and contacts, and filing a complaint or checking one. I can "
               "also put you in touch with a member of staff."),
    "route_upset": ("민원으로 접수해 드리거나 담당 직원을 연결해 드릴 수 있어요. 어떻게 도와드릴까요?",
                    "I can file a complaint for you or put you in touch with a member of staff. What would you like?"),
    "sad": ("많이 힘드시겠어요. 마음을 털어놓아 주셔서 고마워요. 혼자 견디지 않으셔도 돼요.",
            "That sounds really hard. Thank you for telling me; you don't have to face it alone."),
    "route_sad": ("혼자 지내시는 어르신께는 안부를 살피고 말벗이 되어 드리는 노인맞춤돌봄서비스가 있고, 갑자기 생계가 "
                  "어려워졌다면 긴급복지지원을 받을 수 있어요. 가까운 주민센터나 보건복지상담센터(국번 없이 129, 24시간)에서 "
                  "상담받으실 수 있어요.",
                  "If you suddenly can't make ends meet, Emergency Welfare Support can help, and older people living "
                  "alone can get senior customised care that checks in on them. Call the welfare call centre 129 "
                  "(24 hours, nights and weekends too) or visit your community centre."),
    "sad_night": ("보건복지상담센터 129는 24시간, 밤과 주말에도 전화를 받아요. 위급하면 119에 전화해 주세요.",
                  "The welfare call centre 129 answers 24 hours a day, nights and weekends too. In an emergency, "
                  "call 119."),
    "centre_hours": ("동 주민센터는 {hours}에 열어요. 어느 동인지 알려 주시면 주소와 전화번호도 알려 드릴게요.",
                     "Community centres are open {hours}. Tell me which neighbourhood for the address and phone."),
    "can_file_now": ("네, 지금도 민원을 접수할 수 있어요. 접수해 두면 담당 부서가 운영 시간에 확인해요.",
                     "Yes, you can report it now: I'll take it down and the department will look at it in office "
                     "hours."),
    "will_file": ("민원으로 접수해 드릴게요. 몇 가지만 여쭤볼게요.", "I'll file this as a complaint for you. A few quick "
                  "questions."),
    "danger_first": ("위험할 수 있으니 가까이 가지 마세요. 불꽃·연기·가스 냄새처럼 지금 위험하면 바로 119에 신고해 주세요. "
                     "밤이나 휴일에도 {office} 당직실이 전화를 받아요. 신고도 지금 같이 접수해 둘게요.",
                     "Please keep away from it. If it is dangerous right now (sparks, smoke, a smell of gas), call 119 "
                     "at once; {office_en} also has a duty desk at night and on holidays. I'll file the report now too."),
    "emergency_now": ("지금 위험하거나 다친 사람이 있으면 바로 119에 전화해 주세요. 가스 냄새나 연기가 나면 불을 켜거나 끄지 말고 "
                      "먼저 밖으로 피하세요.",
                      "If anyone is hurt or in danger right now, call 119 at once. If you smell gas or see smoke, don't "
                      "switch anything on or off: get out first."),
    "injured_first": ("다치신 분은 괜찮으세요? 다친 사람이 있으면 먼저 119에 전화해 주세요. 신고는 지금 같이 접수해 둘게요.",
                      "Is the person who was hurt all right? If anyone is injured, call 119 first. I'll file the report "
                      "now too."),
    "also_noted": ("{what}도 말씀하셨어요. 이 신고를 마치면 같은 곳으로 이어서 접수해 드릴게요.",
                   "You also mentioned: {what}. Once this one is filed, I'll file that too, at the same place."),
    "also_both": ("네, 두 가지 모두 접수해요. 먼저 {first} 민원을 접수하고, 이어서 {what}도 같은 곳으로 따로 접수해 드릴게요.",
                  "Yes, both: I'll file the {first} report first, then {what} separately, at the same place."),
    "also_offer": ("말씀하신 {what}도 같은 곳으로 이어서 접수할까요?", "Shall I also file {what} at the same place?"),
    "declined": ("알겠어요. 필요하시면 언제든 다시 물어봐 주세요.", "Okay, no problem. Ask me any time if you need it."),
    "anything_else": ("더 궁금한 것 있으세요?", "Is there anything else I can help with?"),
}


EXAMPLES = ("{dongs}", "{dong}", "{landmark}", "{near}", "{address}", "{other_place}")


def spread(items: list, most: int) -> list:
    """Up to ``most`` of ``items`` from the start, middle and end of the table."""
    return [items[i * (len(items) - 1) // (most - 1)] for i in range(most)] if len(items) > most else items


def examples(district: District | None, lang: str) -> dict[str, str]:
    """The form's examples from the district's own tables, so another district's residents read their own
    places: 동 from waste_collection.csv, a station and a market (or any other place) from the gazetteer
    (places.csv), an address from a community centre (offices.csv)."""
    english = lang == "en"
    dongs = [(s.dong_en if english and s.dong_en else s.dong) for s in (district.schedules if district else [])]
    places = district.landmarks if district else []
    station = next((p for p in places if p.name.endswith("역")), places[0] if places else None)
    others = [p for p in places if p is not station]
    other = next((p for p in others if p.name.endswith("시장")), next((p for p in others if p.name.endswith("공원")),
                                                                     others[0] if others else station))
    centre = next((o for o in (district.offices if district else []) if o.kind == "community_centre" and o.address),
                  None)
    name = (lambda place: place.name_en or place.name) if english else (lambda place: place.name)
    landmark = name(station) if station else ("the community centre" if english else "주민센터")
    near = (f"{landmark} exit 1" if english else f"{landmark} 1번 출구 앞") if station and station.name.endswith("역") \
        else (f"in front of {landmark}" if english else f"{landmark} 앞")
    if centre is None:
        address = "the community centre" if english else "주민센터"
    elif english and centre.address_en:
        address = centre.address_en.split(",")[0]
    else:
        address = " ".join(centre.address.split()[-2:])   # "서울특별시 성동구 마장로 286" → "마장로 286"
    return {"dongs": ", ".join(spread(dongs, 3)) or ("your neighbourhood" if english else "OO동"),
            "dong": dongs[len(dongs) // 2] if dongs else ("your neighbourhood" if english else "OO동"),
            "landmark": landmark, "near": near, "address": address,
            "other_place": name(other) if other else landmark}


def said(key: str, lang: str, district: District | None = None, **values: str) -> str:
    """A canned line in the resident's language; lines naming an office or the call centre take them from
    ``district`` (``contacts``), and the form's examples its own places (``examples``)."""
    ko, en = SAID[key]
    values = with_contacts(ko + en, district, values)
    if any(example in ko + en for example in EXAMPLES):
        for name, value in examples(district, lang).items():
            values.setdefault(name, value)
    if "what" in values or "place" in values:
        values.setdefault("ro", particle(values.get("what") or values["place"], "으로"))
    if "days" in values:
        values.setdefault("day_word", "day" if values["days"] == "1" else "days")
    if "ticket" in values:
        values.setdefault("particle", particle(values["ticket"], "과" if key == "status_none" else "을"))
    return (en if lang == "en" else ko).format(**values)
