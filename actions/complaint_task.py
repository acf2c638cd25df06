"""The complaint form in the dialogue manager: kind → where (a place, a landmark or a 동) → the 동 or the
exact place if still missing → details → consent → phone → confirm.

Every message is read for everything it says (several values at once, values given before they were
asked); only what is still missing is asked. Corrections change one value and come back to the
summary; "네 접수해 주세요" submits as the button does.
"""
from __future__ import annotations

import re
import uuid

from actions.phones import forget
from actions.talk import Talk
from bot.dialogue.categories import category_named as category_in
from bot.dialogue.categories import second_category
from bot.dialogue import reading
from bot.dialogue.details import details_apart, details_in, location_in, looks_like_place
from bot.dialogue.texts import said
from bot.guidance import Button, Guidance, pick
from bot.knowledge.matching import squash
from bot.texts import text

from actions.complaint_views import category_buttons, dong_buttons, how_long, phone_in, summary  # noqa: F401

ORDER = ("category", "where", "dong", "location", "description", "consent", "phone", "confirm")
FIELD_WORDS = (("location", r"위치|장소|주소|어디|address|place|location"),
               ("description", r"내용|설명|상황|details|description"),
               ("dong", r"동을|동이|동은|동 이름|neighbou?rhood|\bdong\b"),
               ("category", r"종류|분류|kind|category"),
               ("phone", r"연락처|전화|번호|phone|contact|number"))


# A danger now, not a nuisance: sparks, smoke, gas, a live wire, the ground giving way
DANGER_NOW = re.compile(r"불꽃|스파크|감전|연기가?\s*(나|피어|올라)|가스\s*(냄새|가\s*새|새)|불이\s*(났|붙)|타는\s*냄새|"
                        r"전선이?\s*(끊|늘어|떨어|내려)|싱크홀|땅이?\s*꺼|무너지|\bsparks?\b|\bsmoke\b|gas (leak|smell)|"
                        r"smell(s|ing)? (of )?gas|live wire|wires? (down|hanging)|on fire|sinkhole", re.I)


# Someone hurt: "방금 어르신이 넘어져 다치셨어요", "a kid fell and is bleeding" — 119 comes before any question of the form
INJURED = re.compile(r"다쳤|다치셨|다치신|다쳐서|다쳐요|다친\s*(사람|분|애|아이)|부상|피가\s*(나|흘|철철)|피를\s*흘|"
                     r"(넘어|쓰러|떨어)(지|져|졌|지셔|지셨)\S*\s*.{0,12}(다치|다쳐|피(가|를)|피\s*(나|흘)|못\s*일어|의식|병원)|"
                     r"의식이?\s*(없|잃)|구급차|앰뷸런스|\b(bleeding|unconscious|ambulance)\b|"
                     r"\b(is|are|was|were|got|gets|been|badly|seriously|just|'s|'re) (hurt|injured)\b|"
                     r"\bhurt (himself|herself|themselves|myself|yourself)\b|"
                     # breathing, a sting, a fit: a medical emergency whatever else the message reports
                     r"쏘였|쏘여|(개|벌|뱀|진드기)\S{0,2}\s*물렸|숨(을|이)?\s*(잘\s*)?(못|안)\s*쉬|숨\s*쉬기\s*(가\s*)?(힘들|어려)|"
                     r"호흡\S{0,2}\s*(곤란|힘들)|"
                     r"경련|발작|\b(stung|can'?t breathe|trouble breathing|not breathing|choking|allergic reaction|chest pain|"
                     r"seizure)\b|"
                     r"\b(fell|tripped) (over|down)?.{0,30}\b(hurt|bleed|injur|hospital)", re.I)


# "someone might get hurt", "누가 다칠 것 같아요": a risk, said as a reason to fix it — no one is hurt yet
MAY_HURT = re.compile(r"(might|could|may|will|would|gonna|going to) (get |be )?(hurt|injured)|다칠\s*(것|거|수|까|뻔)|"
                      r"다치기\s*(전|쉬)|다칠라", re.I)
# Fine dust or pollen that makes breathing hard is an everyday complaint, not an emergency
_AIR = re.compile(r"(미세먼지|초미세|황사|꽃가루|fine dust|air quality|pollen)\S*.{0,12}?(숨|호흡|breath)", re.I)
# Hurt long ago ("작년에 다쳐서 일을 못 하는데 지원 있나요", "I hurt my back last year"), or a welfare question about an
# injury ("부상 제대군인 지원", "support for people with an injury?"): no 119, unless it says now
_LONG_AGO = re.compile(r"작년|재작년|예전|옛날|지난\s*(해|달)|\d+\s*(년|달|개월)\s*전|몇\s*(년|달|개월)\s*전|"
                       r"\blast (year|month)\b|\b(years?|months?) ago\b", re.I)
_WELFARE = re.compile(r"지원|수당|보상|연금|보훈|제대군인|\b(support|benefits?|allowance|compensation|pension|veterans?)\b",
                      re.I)
_NOW = re.compile(r"방금|빨리|구급차|앰뷸런스|의식|피가|피를|\b(right now|ambulance|unconscious|bleeding)\b", re.I)


def hurt_now(words: str) -> bool:
    """Someone hurt now — not a risk, not long ago, not a welfare question about an injury."""
    words = _AIR.sub(" ", MAY_HURT.sub(" ", words or ""))
    if not INJURED.search(words):
        return False
    return bool(_NOW.search(words)) or not (_LONG_AGO.search(words) or _WELFARE.search(words))


def urgent(words: str) -> bool:
    """Danger now, or someone hurt."""
    return bool(words) and bool(DANGER_NOW.search(words) or hurt_now(words))


def safety_first(talk: Talk) -> None:
    """Danger now or someone hurt: 119 (and the duty desk) before any question of the form, once a report."""
    words, values = talk.text, talk.state.values
    if not words or values.get("warned"):
        return
    if DANGER_NOW.search(words):
        talk.say(Guidance(said("danger_first", talk.lang, talk.turn.district)))
    elif hurt_now(words):
        talk.say(Guidance(said("injured_first", talk.lang, talk.turn.district)))
    else:
        return
    values["warned"] = True


def start(talk: Talk, kind: str, values: dict | None = None) -> None:
    values = {"key": uuid.uuid4().hex, "kind": kind, **(values or {})}
    talk.state.start("complaint", values)
    safety_first(talk)       # safety first: 119 and the duty desk, then the report
    read_all(talk, talk.state.values, opening=True)
    ask_next(talk)


def read_all(talk: Talk, values: dict, opening: bool = False) -> None:
    """Fill every value still missing that this message gives."""
    from actions.places import dong_in, landmarks_in

    words = talk.text
    if not words:
        return
    district = talk.turn.district
    if not values.get("category"):
        named = category_in(words, district.complaint_categories)
        if named:
            values["category"] = named.category
    if not values.get("dong"):
        dongs = dong_in(talk.turn, words)
        if len(dongs) == 1:
            values["dong"] = dongs[0]
    named = tuple(s.dong for s in district.schedules if s.dong in words)
    place = location_in(words, talk.lang, landmarks_in(words), after=named)
    if place and not values.get("location"):
        values["location"] = place
    if not values.get("description"):
        details = details_in(words, lang=talk.lang, names=named, location=place) if opening else details_apart(words, place)
        if details:
            values["description"] = details
    if opening:
        values["opening"] = reading.tidy(words)[:1000]
        other = second_category(words, district.complaint_categories, values.get("category"))
        if other is not None:       # "… 가로등도 며칠째 꺼져 있어요 둘다 신고하고 싶어요": the second, after the first
            values["also"] = other.category


def ask_next(talk: Talk, prefix: str | None = None) -> None:
    values, lang = talk.state.values, talk.lang
    missing = next((f for f in ORDER if _missing(values, f)), "confirm")
    talk.state.ask(missing)
    noted = _noted(talk, values) if not prefix and missing != "confirm" else None
    if prefix or noted:
        talk.say(Guidance(prefix or noted))
    if missing == "category":
        talk.say(Guidance(said("ask_category", lang), category_buttons(talk)))
    elif missing == "dong":
        talk.say(Guidance(said("ask_dong", lang), dong_buttons(talk, values.get("dong_choices"))))
    elif missing == "where":
        talk.say(Guidance(said("ask_where", lang, talk.turn.district)))
    elif missing == "consent":
        talk.say(Guidance(said("ask_consent", lang), [Button(pick(lang, "동의해요", "I agree"), pick(lang, "동의해요", "I agree")),
                 Button(pick(lang, "동의하지 않아요", "I don't agree"), pick(lang, "동의하지 않아요", "I don't agree"))]))
    elif missing == "confirm":
        talk.say(summary(talk))
    else:
        talk.say(Guidance(said(f"ask_{missing}", lang, talk.turn.district)))
    if missing in ("consent", "phone"):   # the gateway keeps a number sent now in the vault, not in the tracker
        talk.slot("requested_slot", "complaint_phone")


def _noted(talk: Talk, values: dict) -> str | None:
    """"용답동 용답역 1번 출구 앞으로 적었어요.": the place this message gave, said back before the next
    question, so the resident sees it was understood (and can correct it)."""
    before, district = talk.values_before, talk.turn.district
    changed = [k for k in ("dong", "location") if values.get(k) and values.get(k) != before.get(k)]
    place = " ".join(district.dong_shown(values[k], talk.lang) if k == "dong" else values[k] for k in changed)
    also = district.complaint_category(values.get("also")) if values.get("also") and not before.get("also") else None
    also_line = said("also_noted", talk.lang, what=pick(talk.lang, also.label, also.label_en)) if also else None
    if not place or not talk.text:
        return also_line
    noted = said("noted_place", talk.lang, place=place)
    kind = values.get("category")
    category = district.complaint_category(kind) if kind != "other" and kind != before.get("category") else None
    if category:     # the kind read from the same message: said too
        noted = f"{pick(talk.lang, category.label, category.label_en)} — {noted}"
    return f"{noted}\n{also_line}" if also_line else noted


def _missing(values: dict, name: str) -> bool:
    if name == "where":
        return not values.get("dong") and not values.get("location")
    if name == "phone":
        return values.get("consent") == "yes" and not values.get("phone")
    if name == "description":
        return not values.get("description") and not values.get("description_skipped")
    if name == "location":
        return not values.get("location") and not values.get("location_skipped")
    if name == "confirm":
        return True
    if name == "dong":
        return not values.get("dong") and not values.get("dong_skipped")
    return not values.get(name)


def again(talk: Talk) -> None:
    """The question once more, with an example; after the second unusable answer, a way out."""
    state = talk.state
    state.misses += 1
    asked = state.asked or "confirm"
    if state.misses >= 2:
        from actions.talk import start_offers

        cancel = Button(pick(talk.lang, "취소", "Cancel"), pick(talk.lang, "취소", "cancel"))
        talk.say(Guidance(said("way_out", talk.lang, talk.turn.district), [cancel, start_offers(talk.lang)[1]]))
        return
    buttons = category_buttons(talk) if asked == "category" else []
    talk.say(Guidance(said(f"ask_{asked}_again", talk.lang, talk.turn.district), buttons))
    if asked in ("consent", "phone"):
        talk.slot("requested_slot", "complaint_phone")


def take(talk: Talk) -> bool:
    """Read the message as the answer to the form's question; False when it is not one."""
    state, words = talk.state, talk.text
    values, asked = state.values, state.asked
    safety_first(talk)       # "어르신이 넘어져서 피가 나요" in the details: 119 first, whatever the answer is
    if asked != "confirm" and _correction(talk):
        return True
    if asked in ("category", "where", "dong", "location", "description") and _contact_early(talk):
        return True
    if asked in ("location", "description", "dong") and _submit_now(talk):
        return True
    if asked in ("consent", "phone") and _file_without_contact(talk):
        return True
    if asked == "category" and _asks_back(talk) and not category_in(words or "", talk.turn.district.complaint_categories):
        return False      # "wait, which days is food waste collected in Majang-dong?": a side question
    if asked == "category":
        return _take_category(talk)
    if asked in ("dong", "where") and _asks_back(talk):
        return False      # "근데 행당2동 오늘 쓰레기 내놔도 돼요?": a question naming a 동, not the answer
    if asked == "where":
        return _take_where(talk)
    if asked == "dong":
        return _take_dong(talk)
    if asked in ("location", "description") and _bare_yes(words):
        values[f"{asked}_skipped"] = True     # "네" to "정확히 어디인가요?": nothing more to add — on to the next question
        ask_next(talk)
        return True
    if asked in ("location", "description") and _only_assent(words):
        return False
    if asked == "location" and (reading.passes(words) or reading.wants_skip(words)) and len(words) <= 30:
        values["location_skipped"] = True     # "skip", "몰라요 넘어가 주세요": the 동 is enough
    elif asked == "location":
        if _asks_back(talk) and not location_in(words, talk.lang) or len(reading.tidy(words)) < 2 or _asks_another(talk) or \
                reading.is_question(words) and not location_in(words, talk.lang) and not looks_like_place(words):
            return False      # "스티카는 어디다 붙이는겨", "마장역 근처에서 하는 행사 있어요?": questions, not the place
        place = location_in(words, talk.lang)
        rest = details_apart(words, place) if place else None
        values["location"] = place if place and rest else reading.tidy(words)[:200]
        if rest and not values.get("description"):
            values["description"] = rest
    elif asked == "description":
        if reading.wants_skip(words):
            values["description_skipped"] = True
        elif _asks_back(talk) or _asks_another(talk) or len(reading.tidy(words)) < 4:
            return False
        else:
            values["description"] = reading.tidy(words)[:1000]
    elif asked == "consent":
        if not _take_consent(talk):
            return False
    elif asked == "phone":
        if not _take_phone(talk):
            return False
    elif asked == "confirm":
        return _take_confirm(talk)
    else:
        return False
    read_all(talk, values)
    ask_next(talk)
    return True


# "no texts please", "연락은 안 받을게요" while the bot asks the place: the consent answered before it was asked
CONTACT_NO = re.compile(r"(연락|문자|전화|카톡|알림|답장)(번호|처)?\s*(은|는|도|을|를)?\s*"
                        r"(안\s*(받|주|줄|해|하|할|남)|필요\s*없|없(어|음|습|다|고)|괜찮|됐|싫|ㄴㄴ|노노|패스|"
                        r"안\s*주셔도|하지\s*마)|\bno (contact|texts?|calls?|sms|messages?|need to (contact|call|text))\b|"
                        r"\bno (phone )?number\b|"
                        r"don'?t (text|message|call|contact) me", re.I)
# "담당자한테 전화했는데 전화 안 받아요": a call the resident made, part of the problem, not a wish about contact
CALLED_BEFORE = re.compile(r"(했는데|했더니|했지만|했어도|걸었는데|걸어도|드렸는데|해\s*봤)")
SUBMIT = re.compile(r"접수\s*(나|라도|부터|를|좀)?\s*(해|하|혀|좀|부탁|ㄱ|요\b|요$|$)|제출|넣어\s*주|\bsubmit|\bfile it\b|"
                    r"send it|go ahead|"
                    r"\b(lodge|register|report) it\b|\bregister please\b", re.I)
# the consent asked for in words of its own: "동의하고 접수해 주세요" agrees to be contacted, "접수해 주세요" alone does not
AGREES = re.compile(r"동의|agree|연락\s*(주|받|해)|contact me|call me|text me", re.I)


def _contact_early(talk: Talk) -> bool:
    """The contact question answered before it was asked: kept, and the question asked is asked again."""
    from bot.dialogue.details import location_in

    words, values = talk.text, talk.state.values
    if not words or not CONTACT_NO.search(words) or CALLED_BEFORE.search(words) or location_in(words, talk.lang) or \
            len(words) > 40 or values.get("consent"):
        return False
    values.update(consent="no", phone=None)
    ask_next(talk, prefix=said("no_contact_noted", talk.lang))
    return True


def _submit_now(talk: Talk) -> bool:
    """"네 그렇게 접수해 주세요", "yes submit it" at the exact place or the details, the 동 known: what is still
    missing is left out (the opening stands for the details), and the complaint is filed when nothing else
    (the contact) is open; never the words taken for the place."""
    words, values = talk.text, talk.state.values
    rest = re.sub(r"\b(yes|yeah|yep|ok|okay|please|it|just|that|now|and)\b|네|예|그렇게|그대로|그냥|주세요|줘요|해요|요",
                  " ", SUBMIT.sub(" ", words or ""), flags=re.I)
    if not words or not SUBMIT.search(words) or len(re.findall(r"\w+", rest)) >= 2 or \
            not (values.get("dong") or values.get("location")):
        return False      # the 동 or the place: staff can find it from either
    values["location_skipped"] = True
    if not values.get("dong"):
        values["dong_skipped"] = True      # "submit" at "어느 동인가요?" with the place given: staff place it
    if not values.get("description"):
        values["description_skipped"] = True
    if next((f for f in ORDER if _missing(values, f)), "confirm") == "confirm":
        from actions.complaint_filing import submit

        submit(talk)
    else:
        ask_next(talk)
    return True


def _file_without_contact(talk: Talk) -> bool:
    """"ㅇㅇ 접수해줘", "yes, submit it", "ㅇㅋ 접수" at the consent or the phone question: the resident wants it filed
    and gives no number and no consent of their own words — filed now without contact (a consent is never read
    into "yes, submit"); with anything else still missing, that is asked next."""
    words, values = talk.text, talk.state.values
    if not words or not SUBMIT.search(words) or phone_in(talk.turn.text) or AGREES.search(words) or \
            reading.is_question(words) or len(words) > 40:
        return False
    forget(values.get("phone"))
    values.update(consent="no", phone=None)
    talk.slot("complaint_phone", None)
    if next((f for f in ORDER if _missing(values, f)), "confirm") == "confirm":
        from actions.complaint_filing import submit

        submit(talk)
    else:
        ask_next(talk)
    return True


def _bare_yes(words: str) -> bool:
    """"네", "넵", "yes", "ok" alone — no request, no place, no details."""
    return reading.says_yes(words) and not reading.says_no(words) and len(re.findall(r"\w+", words or "")) <= 2 and \
        not SUBMIT.search(words) and not reading.is_question(words) and len(words) <= 12


def _only_assent(words: str) -> bool:
    """"네 신고할게요", "yes, file a complaint": agreement, not a place or details."""
    from bot.dialogue.details import without_request

    rest = re.sub(r"\b(yes|yeah|yep|sure|ok|okay|please|no|a)\b|네|예|응|아니요|좀|해\s*주세요", " ",
                  without_request(words), flags=re.I)
    return (reading.says_yes(words) or reading.says_no(words) or without_request(words) != words.strip(" .!")) \
        and len(re.findall(r"\w+", rest)) < 2


def _asks_back(talk: Talk) -> bool:
    """A question of the resident's own where a free-text answer was expected ("며칠 걸려요?")."""
    from actions.talk import TOPIC_INTENTS, confident

    words = talk.text
    return "?" in words or reading.asks_how_long(words) or \
        (talk.turn.intent in TOPIC_INTENTS and confident(talk, 0.8) and reading.is_question(words))


def _asks_another(talk: Talk) -> bool:
    """A question about another topic, read so with some confidence and naming no problem to report ("아들이
    스물여섯인데 청년 월세 지원 내가 대신 신청해 줄 수 있나" at the details question): a side question, not the
    complaint's place or details."""
    from actions.talk import TOPIC_INTENTS, confident

    words, intent = talk.text, talk.turn.intent
    if not words or not reading.asks(words) or category_in(words, talk.turn.district.complaint_categories) or \
            re.search(r"신고|민원|접수|report|complain", words, re.I):
        return False
    return intent in TOPIC_INTENTS and confident(talk, 0.75) or intent == "out_of_scope" and confident(talk, 0.9)


def _take_category(talk: Talk) -> bool:
    district, words = talk.turn.district, talk.text or talk.turn.text
    wanted = squash(words)
    for category in district.complaint_categories:
        if wanted in {squash(category.category), squash(category.label), squash(category.label_en)}:
            talk.state.values["category"] = category.category
            break
    else:
        named = category_in(words, district.complaint_categories)
        if not named:
            # Not a kind, but the place or the details: keep them and file it as "other" (staff re-sort it)
            # rather than ask a third time for a label the resident does not know.
            before = dict(talk.state.values)
            read_all(talk, talk.state.values)
            if talk.state.values == before or not talk.text:
                return False
            talk.state.values["category"] = "other"
            ask_next(talk)
            return True
        talk.state.values["category"] = named.category
    read_all(talk, talk.state.values)
    ask_next(talk)
    return True


def _take_where(talk: Talk) -> bool:
    """"용답역 1번 출구 앞 빌라요", "행당2동이요", "우리 집 앞 골목이요": a landmark gives the 동 and the place, a
    동 alone asks the exact place next, a place we do not know asks the 동 next."""
    from actions.places import dong_in

    words, values = talk.text, talk.state.values
    if not words or len(reading.tidy(words)) < 2 or _only_assent(words) or reading.wants_skip(words):
        return False      # "idk, near my house": asked again, with an example
    before = dict(values)
    found = dong_in(talk.turn, words)
    if len(found) > 1:
        values["dong_choices"] = found
    read_all(talk, values)
    if values == before:
        if not looks_like_place(words):
            return False                                 # "우리 동네요": asked again, with an example
        values["location"] = reading.tidy(words)[:200]   # a place we have no name for: kept as said
    ask_next(talk)
    return True


def _take_dong(talk: Talk) -> bool:
    from actions.places import dong_in

    found = dong_in(talk.turn, reading.after_correction(talk.turn.text) if reading.is_correction(talk.turn.text)
                    else talk.turn.text)
    if not found:
        return False
    values = talk.state.values
    if len(found) > 1:
        values["dong_choices"] = found
        talk.state.ask("dong")
        talk.say(Guidance(said("ask_dong", talk.lang), dong_buttons(talk, found)))
        return True
    values["dong"] = found[0]
    values.pop("dong_choices", None)
    read_all(talk, values)
    ask_next(talk)
    return True


def _take_consent(talk: Talk) -> bool:
    values, words = talk.state.values, talk.turn.text
    phone = phone_in(words)
    if (reading.says_no(words) or reading.passes(words)) and not phone:   # "그건 넘어가 주세요": no contact
        values.update(consent="no", phone=None)
    elif phone or reading.says_yes(words):
        values["consent"] = "yes"
        if phone:
            values["phone"] = phone
            talk.slot("complaint_phone", phone)
    else:
        return False
    return True


def _take_phone(talk: Talk) -> bool:
    values, words = talk.state.values, talk.turn.text
    phone = phone_in(words)
    if phone:
        values["phone"] = phone
        talk.slot("complaint_phone", phone)
    elif reading.says_no(words) or reading.wants_skip(words) or re.search(r"없음|없어요|none", words, re.I):
        values.update(consent="no", phone=None)
    else:
        return False
    return True


def _take_confirm(talk: Talk) -> bool:
    words = talk.turn.text
    if _correction(talk):
        return True
    # "접수 ㄱㄱ", "빨리 접수나 해요", "yes, please lodge it": filed as "네" would be
    if (reading.says_yes(words) or SUBMIT.search(words) and not reading.is_question(words)) and not reading.says_no(words):
        from actions.complaint_filing import submit

        submit(talk)
        return True
    if reading.says_no(words):
        talk.say(Guidance(said("ask_confirm_again", talk.lang), summary(talk).buttons))
        return True
    return False


def _correction(talk: Talk) -> bool:
    """"위치가 틀렸어요. 행당로 81이에요", "아니 3인용이요", "Fix place": change one value, then carry on."""
    from bot.dialogue.corrections import corrected, taken_back

    words, values = talk.turn.text, talk.state.values
    field = next((name for name, pattern in FIELD_WORDS if re.search(pattern, words, re.I)), None)
    instead = corrected(words)
    fixing = reading.is_correction(words) or instead is not None or re.search(r"고치기|fix", words, re.I)
    if not fixing:
        return False
    if instead is not None and field is None and _fixes_a_word(talk, taken_back(words), instead):
        return True
    from actions.places import dong_in

    tail = instead if instead is not None and reading.after_correction(words) == words else reading.after_correction(words)
    dongs = dong_in(talk.turn, tail)
    moved = len(dongs) == 1 and dongs[0] != values.get("dong")
    if moved and field in (None, "phone", "dong"):
        # "행현초 말고 금북초등학교 정문이에요", "it's Yongdap Station, not Majang. Same exit number though": a new
        # landmark is a new place (whatever else the sentence names), and its 동 comes with it
        new_place = _place_of(talk, tail)
        field = "location" if new_place else "dong" if field is None else field
    if field is None:
        return False
    if field == "dong":
        values["dong"] = dongs[0] if len(dongs) == 1 else None
    elif field == "location":
        values["location"] = _place_of(talk, tail) or (reading.tidy(tail) if tail != words else None)
        if len(dongs) == 1:          # "성수역 말고 뚝섬역 2번 출구예요": the new place's 동 comes with it
            values["dong"] = dongs[0]
    elif field == "description":
        values["description"] = reading.tidy(tail)[:1000] if tail != words and len(tail) >= 4 else None
    elif field == "category":
        named = category_in(tail, talk.turn.district.complaint_categories)
        values["category"] = named.category if named else None
    else:
        forget(values.get("phone"))
        phone = phone_in(words)
        values.update(consent="yes" if phone else None, phone=phone)
    shown_value = values.get(field) if field in ("dong", "location") else None
    ask_next(talk, prefix=said("fixed", talk.lang, what=shown_value) if shown_value else None)
    return True


def _place_of(talk: Talk, tail: str) -> str | None:
    """The place a correction gives: the place phrase it holds, unless that leaves out the landmark it names
    ("Sangwangsimni Station exit 1" is more than "exit 1") — then the corrected words as written."""
    from actions.places import landmarks_in, place_named

    marks = landmarks_in(tail)
    place = location_in(tail, talk.lang, marks)
    if place and marks and not any(mark.casefold() in place.casefold() for mark in marks) and len(tail) <= 80:
        return reading.tidy(tail).strip(" .,!")
    return place or place_named(tail)     # a landmark alone: written for staff ("용답역 (Yongdap Station)")


def _fixes_a_word(talk: Talk, wrong: str | None, instead: str) -> bool:
    """"아 근데 1번 아니고 8번 출구요", "쓰레기통 말고 음식물 수거함이 넘친 거예요": the word taken back is in the place or the
    details already written; the place gets the new word in its stead, the details the new sentence."""
    from actions.places import dong_in

    values = talk.state.values
    if not wrong or len(wrong) < 2 or dong_in(talk.turn, instead):
        return False            # a new 동 or landmark: the place and its 동 change together (below)
    if wrong in (values.get("location") or ""):
        new = instead.split()[0] if instead.split() else instead
        values["location"] = values["location"].replace(wrong, reading.tidy(new))
        ask_next(talk, prefix=said("fixed", talk.lang, what=values["location"]))
        return True
    if wrong in (values.get("description") or "") or wrong in (values.get("opening") or ""):
        values["description"] = reading.tidy(instead)[:1000] if len(instead) >= 4 else \
            (values.get("description") or "").replace(wrong, reading.tidy(instead))
        ask_next(talk, prefix=said("fixed", talk.lang, what=values["description"]))
        return True
    return False


def cancel(talk: Talk, leaving: bool = False) -> None:
    forget(talk.state.values.get("phone"))
    talk.state.finish()
    talk.slot("complaint_phone", None)
    talk.say(Guidance(said("left_complaint", talk.lang) if leaving else text("complaint_cancelled", talk.lang)))
