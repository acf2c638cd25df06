"""Follow-up questions about the answer just given, answered from that answer's own row.

After "이번 주말 행사예요: … 서울숲 가족 겨울 숲 산책", the resident asks "미리 신청해야 돼요?",
"대신 신청해도 돼요?", "행당동은요?", "음식물은요?". The last answer's citations
("events:ev-002", "welfare:wf-002", "waste_collection:마장동", "bulky_fees:소파", "offices:…")
name its rows; the row's own columns (signup, fee, place, proxy application, another 동's days)
answer before any FAQ. ``follow_up`` returns None when the message is not such a question
(a new topic, thanks, a long new request): the dialogue manager then classifies it as usual.
"""
from __future__ import annotations

import datetime as dt
import re

from bot.dates import find_date
from bot.guidance import Guidance, cited_keys, joined, pick
from bot.guidance import community, offices, waste
from bot.guidance.asks import Asks, asks
from bot.guidance.naming import named_rows
from bot.knowledge.district import District
from bot.knowledge.matching import squash
from bot.knowledge.tables import Event, WelfareProgramme
from bot.particles import particle

MAX_ROWS = 4
# Words of the other topics: "쓰레기 언제 버려요?" after an event is a new question, not a follow-up.
TOPIC_CUES = {
    "waste": r"쓰레기|음식물|재활용|분리|(?<!잃어)(?<!잊어)버[리려릴]|수거|배출|종량제|trash|garbage|recycl|rubbish",
    "bulky": r"대형|폐기물|소파|쇼파|장롱|침대|냉장고|스티커|bulky|sofa|furniture|wardrobe",
    "complaint": r"민원|고장|불법|무단|킥보드|신고할|신고하려|report|complain",
    "events": r"행사|축제|공연|전시|강좌|event|festival|concert",
    "welfare": r"복지|연금|수당|급여|지원금|바우처|welfare|pension|allowance",
    "offices": r"구청\s*(은|이|도)?\s*(몇|언제|문|열|닫|전화|주소)|주민\s*센터|동\s*사무소|district office|community (service )?cent",
}
_QUESTION = re.compile(r"\?|뭐|무엇|어디|어데|언제|몇|누가|누구|얼마|어떻게|왜|되나|돼요|되요|되죠|가능|있어요|있나|있노|"
                       r"나요|까요|건가|인가|면서요|래요|대요|는지|가요|노\b|\b(what|where|when|who|how|can|do|does|is|are)\b",
                       re.I)
PUT_OUT = re.compile(r"내놓|내놔|내다\s*놓|밖에\s*(두|놔)|leave\s+(it|them)\s+(out|on|outside)|put\s+(it|them)?\s*out|"
                     r"on the (street|curb|kerb)", re.I)
MODAL_CAN = re.compile(r"\b(can|could)\s+(i|we|you|he|she|they|it|someone|somebody)\b|"
                       r"\b(i|we|you|they|he|she)\s+(can|could)\b", re.I)
AGE = re.compile(r"몇\s*살|나이|연령|how old|\bage\b", re.I)
TABLE_TOPIC = {"events": "events", "welfare": "welfare", "waste_collection": "waste", "bulky_fees": "bulky",
               "bulky_booking": "bulky",
               "recycling": "waste", "offices": "offices"}


def follow_up(district: District, last_intent: str, last_citation_ids: list[str], text: str, lang: str,
              now: dt.datetime, person: str | None = None, earlier: str = "") -> Guidance | None:
    """The answer to a follow-up about the last answer's rows, or None when ``text`` is not one.

    The rows decide (``last_citation_ids``); ``last_intent`` is taken for the manager's convenience and
    a last answer without table citations (a FAQ row, a question back) has no follow-up here. ``person``:
    the target group of whom the resident asks for ("youth"), when they said it earlier."""
    if not text.strip() or not last_citation_ids:
        return None
    from_faq = ":" not in last_citation_ids[0]
    rows = [c for c in last_citation_ids if c.split(":", 1)[0] in TABLE_TOPIC]
    table = rows[0].split(":", 1)[0] if rows else ""
    topic = TABLE_TOPIC.get(table)
    if topic is None or _new_topic(text, topic):
        return None
    question = asks(text)
    if from_faq and not question.any():
        return None     # the rows behind a FAQ answer answer a column's question; "늦으면요?" stays the FAQ's
    last_citation_ids = rows
    if table == "events":
        return _event(district, cited_keys(last_citation_ids, "events"), text, question, lang, now.date())
    if table == "welfare":
        return _welfare(district, cited_keys(last_citation_ids, "welfare"), text, question, lang, person)
    if table == "offices":
        return _office(district, cited_keys(last_citation_ids, "offices"), text, question, lang, now)
    return _waste(district, last_citation_ids, text, question, lang, earlier)


def rows_behind_faq(district: District, faq_ids: list[str], answer_text: str) -> list[str]:
    """The welfare table's rows a FAQ answer about welfare names first, in full ("노인맞춤돌봄서비스로 안부
    확인… 기초연금 수급자 등" → ["welfare:wf-002"]), so that "대신 신청해도 돼요?" or "한 달에 얼마 받아요?"
    right after it is answered from the programme's own columns. None for a FAQ answer of another kind."""
    if not any(i.startswith("welfare-") for i in faq_ids):
        return []
    return programmes_named(district, answer_text)[:1]


def programmes_named(district: District, said_text: str) -> list[str]:
    """The welfare rows a text of ours names in full, in the order it names them (["welfare:wf-002", …])."""
    said = squash(said_text)
    where = {p.id: min((said.find(squash(n)) for n in (p.name, p.name_en) if n and len(squash(n)) >= 4
                        and squash(n) in said), default=-1) for p in district.welfare}
    return [f"welfare:{key}" for at, key in sorted((at, key) for key, at in where.items() if at >= 0)]


def _new_topic(text: str, topic: str) -> bool:
    """Words of another topic and none of this one's; where to apply (주민센터) stays a welfare question."""
    own = TOPIC_CUES.get(topic)
    if own and re.search(own, text, re.I):
        return False
    if topic == "bulky" and re.search(TOPIC_CUES["waste"], text, re.I):
        return False   # "언제 내놓아요?" about a sofa: still the sofa
    return any(re.search(cues, text, re.I) for name, cues in TOPIC_CUES.items()
               # where to apply or book (주민센터) is a step of the answer just given, not another topic
               if name != topic and not (topic in ("welfare", "bulky", "events") and name == "offices"))


def points_back(text: str) -> bool:
    """"do I pay for it online?", "그건 얼마예요?": the words point back at what was just said."""
    return points_back_at(text) is not None


def points_back_at(text: str) -> int | None:
    """Where the words first point back ("그건", "it"), or None. "in this area", "around here", "이 근처" say where the
    resident is, not what was just said."""
    where_i_am = _LOCALITY.sub(lambda m: " " * len(m.group(0)), text or "")
    found = _POINTS_BACK.search(where_i_am)
    return found.start() if found else None


_LOCALITY = re.compile(r"\b(in|around|near|from)\s+(this|that)\s+(area|neighbou?rhood|district|dong|part of town|city)\b|"
                       r"\bthis\s+(area|neighbou?rhood)\b|이\s*근처|이\s*동네|여기\s*근처", re.I)


# "그건", "거기", "it", "he … too": the words point back at what was just said
_POINTS_BACK = re.compile(r"그거|그건|그것|그걸|거기|이거|이건|저거|그\s*(사업|행사|프로그램|서비스|지원|곳)|둘\s*다|각각|"
                          r"\b(it|its|that|this|they|them|their|those|there|he|she|him|her|his)\b|\b(too|also|either|both|each)\b",
                          re.I)


def _short_question(text: str, question: Asks | None = None) -> bool:
    """A short question ("어디서요?"), a few words that ask for a column ("전화번호도요"), or a longer question
    that asks for a column and points back at the answer ("wait, my brother is 41, can he get it too?")."""
    from bot.dialogue.reading import is_question

    short = text.strip()
    asked = _QUESTION.search(short) is not None or is_question(short)
    return (len(short) <= 40 and asked) or \
        (question is not None and question.any() and len(short) <= 20) or \
        (question is not None and question.proxy and asked and len(short) <= 90) or \
        (question is not None and question.any() and asked and len(short) <= 90 and bool(_POINTS_BACK.search(short)))


# --- events ----------------------------------------------------------------------------------------
def event_lead(event: Event, question: Asks, lang: str, text: str = "") -> str:
    title = pick(lang, event.title, event.title_en)
    how = pick(lang, event.signup_how, event.signup_how_en or event.signup_how)
    if question.capacity and how:
        return how
    if question.signup and event.signup:
        ko = {"required": "네, 미리 신청해야 해요.", "not_needed": "아니요, 미리 신청하지 않아도 돼요.",
              "on_site": "미리 신청하지 않아도 돼요. 당일 현장에서 접수해요."}[event.signup]
        en = {"required": "Yes, you need to sign up in advance.", "not_needed": "No, you don't need to sign up.",
              "on_site": "No advance sign-up: you register on the day."}[event.signup]
        return pick(lang, ko, en) + (f" {how}" if how else "")
    if question.fee and event.fee:
        fee = pick(lang, event.fee, event.fee_en or event.fee)
        return pick(lang, f"{title} 참가비는 {fee}{particle(fee, '이에요')}.", f"{title}: {fee}.")
    if question.place and event.place:
        place = pick(lang, event.place, event.place_en or event.place)
        return pick(lang, f"{place}에서 해요.", f"It takes place at {place}.")
    if question.audience and (event.audience or how) and (AGE.search(text) or not question.time):
        who = pick(lang, event.audience, event.audience_en or event.audience)   # "몇 살까지 가요?" asks the age
        return pick(lang, f"대상: {who}.", f"Who can come: {who}.") + (f" {how}" if how and "명" in how else "")
    if question.time:
        return pick(lang, f"{community.events.when_text(event, lang)} {event.time}에 해요.",
                    f"{community.events.when_text(event, lang)}, {event.time}.")
    return ""


def _event(district: District, cited: list[str], text: str, question: Asks, lang: str,
           today: dt.date | None = None) -> Guidance | None:
    shown = [e for key in cited for e in district.events if e.id == key]
    named = named_rows(text, district.events, lambda e: (e.title, e.title_en), shown)
    column = question.signup or question.fee or question.place or question.audience or question.capacity or question.phone
    day = find_date(text, today) if today and not named and not column else None
    if day and not any(e.start_date <= day.end and e.end_date >= day.start for e in shown):
        return None     # "12월 3일에 뭐 해요?" after a 29 November walk: a new search of that day, not the walk's time
    group = district.group_named(text) if not named and not column and not day and len(shown) > 1 else None
    if group and _short_question(text, question):
        # "anything for small kids?" after a weekend's events: the ones among them for that group (a families' event
        # is for children too)
        fitting = [e for e in shown if e.target_group == group or group == "children" and e.target_group == "families"]
        if fitting:
            return joined([community.event_card(e, lang, "") for e in fitting[:MAX_ROWS]])
    rows = named[:1] or shown
    if not rows or (not named and not _short_question(text, question)):
        return None
    if not named and question.phone and not (question.signup or question.place or question.time or question.capacity
                                             or question.fee or question.audience or question.documents):
        return None   # "any number I can call now?": no event column answers it
    if len(rows) == 1:
        return community.event_card(rows[0], lang, event_lead(rows[0], question, lang, text))
    leads = [(e, event_lead(e, question, lang, text)) for e in rows[:MAX_ROWS]]
    if not any(lead for _, lead in leads):
        return None
    text = "\n".join(f"• {pick(lang, e.title, e.title_en)}: {lead}" for e, lead in leads if lead)
    return Guidance(text, citations=community.event_citations([e for e, _ in leads], lang))


# --- welfare ---------------------------------------------------------------------------------------
def welfare_lead(p: WelfareProgramme, question: Asks, lang: str) -> str:
    if question.proxy:
        proxy = pick(lang, p.proxy_application, p.proxy_application_en or p.proxy_application)
        return proxy or pick(lang, f"대신 신청할 수 있는지는 {p.department}({p.phone})에 확인해 주세요.",
                             f"Please ask {p.department_en or p.department} ({p.phone}) whether someone else may apply.")
    if question.documents:
        docs = pick(lang, ", ".join(p.documents), ", ".join(p.documents_en))
        return pick(lang, f"준비 서류: {docs}", f"Documents: {docs}") if docs else ""
    if question.phone:
        return pick(lang, f"문의: {p.department} {p.phone}", f"Contact: {p.department_en or p.department}, {p.phone}")
    if question.fee:
        return pick(lang, p.benefit, p.benefit_en)
    if question.audience:
        return pick(lang, p.eligibility, p.eligibility_en)
    if question.signup or question.place or question.time:
        return pick(lang, p.how_to_apply, p.how_to_apply_en)
    return ""


_NOT_THIS = re.compile(r"말고|아니고|아니라|instead of|rather than|other than|not the", re.I)


def _welfare(district: District, cited: list[str], text: str, question: Asks, lang: str,
             person: str | None = None) -> Guidance | None:
    dongs = district.dongs_named(text)
    if dongs and not (question.signup or question.place) or len(dongs) > 1:
        return None   # "행당2동 주민센터 전화번호": the centre, not the programme
    shown = [p for key in cited for p in district.welfare if p.id == key]
    negated = _NOT_THIS.search(text)
    if negated:      # "월세 말고 일자리 구하는 동안 받는 돈도 있어요?": not the rows named before "말고"
        dropped = named_rows(text[:negated.start()], shown, lambda p: (p.name, p.name_en))
        shown = [p for p in shown if p not in dropped] if dropped else []
        text = text[negated.end():]
    named = named_rows(text, district.welfare, lambda p: (p.name, p.name_en), shown)
    if person:       # a programme of another group is not for the person described ("일자리" for a 26-year-old)
        named = [p for p in named if p.target_group in (person, "all")]
    rows = named[:1] or _told_apart(shown, text) or shown
    if not rows or (not named and not _short_question(text, question)):
        return None
    if dongs:        # "그건 어디다 신청해요? 성수2가3동 살아요": how to apply, and that 동's centre
        centre = district.office_of("community_centre", dongs[0].dong)
        leads = "\n".join(f"• {pick(lang, p.name, p.name_en)}: {welfare_lead(p, question, lang)}" for p in rows[:MAX_ROWS])
        answer = Guidance(leads, citations=community.programme_citations(rows[:MAX_ROWS], lang))
        return joined([answer, offices.office_card(centre, lang)]) if centre else answer
    if len(rows) == 1:
        return community.how_to_apply(rows[0], lang, welfare_lead(rows[0], question, lang))
    leads = [(p, welfare_lead(p, question, lang)) for p in rows[:MAX_ROWS]]
    if not any(lead for _, lead in leads):
        return None
    text = "\n".join(f"• {pick(lang, p.name, p.name_en)}: {lead}" for p, lead in leads if lead)
    return Guidance(text, citations=community.programme_citations([p for p, _ in leads], lang))


# English words of a question that tell no programme apart ("and if it's our second?" is told apart by "second")
_TOLD_APART_STOP = frozenset("what when where which that this with from have will would could should about does their "
                             "there they them your ours much many also just really then what's it's".split())


def _told_apart(shown: list[WelfareProgramme], text: str) -> list[WelfareProgramme]:
    """Of several programmes just shown, the one whose own text alone holds a noun of the question
    ("작년에 받았는데 또 신청해야 돼요?": only 에너지바우처 says what happens after last year); else []."""
    if len(shown) < 2:
        return []
    from bot.search.lexical import nouns

    asked = nouns(text) or [w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _TOLD_APART_STOP]
    texts = {p.id: " ".join((p.eligibility, p.benefit, p.how_to_apply, p.proxy_application, p.eligibility_en.lower(),
                             p.benefit_en.lower(), p.how_to_apply_en.lower(), p.proxy_application_en.lower()))
             for p in shown}
    holding = {p.id for p in shown for noun in asked if noun in texts[p.id] and
               sum(noun in t for t in texts.values()) == 1}
    return [p for p in shown if p.id in holding] if len(holding) == 1 else []


# --- offices ---------------------------------------------------------------------------------------
def _office(district: District, cited: list[str], text: str, question: Asks, lang: str,
            now: dt.datetime) -> Guidance | None:
    named = district.dongs_named(text)
    if named and not question.any() and not _short_question(text) and len(text.strip()) > 12:
        return None      # "아이고 반가워요 나는 왕십리도선동 사는 할매요": where the resident lives, no question of the centre
    if len(named) == 1:
        office = district.office_of("community_centre", named[0].dong)
    elif named:
        return waste.ask_dong(district, lang, "office_info", named, asked=text.strip())
    elif re.search(r"구청|district office", text, re.I):
        office = district.office_of("district_office")
    elif len(cited) > 1 and re.search(r"둘\s*다|각각|모두|both|each", text, re.I):
        return joined([offices.office_card(o, lang) for key in cited for o in district.offices if o.id == key])
    else:
        office = next((o for key in cited for o in district.offices if o.id == key), None)
        if not (question.phone or question.place or question.time) or not _short_question(text, question):
            return None
    if question.phone and re.search(r"밤|새벽|주말|night|weekend|after hours", text, re.I):
        return offices.person_to_call(district, lang)   # a number that answers at night: 120 with the office's
    if office is None:
        return None
    card = offices.office_card(office, lang)
    day = find_date(text, now.date())
    if day and re.search(r"열|닫|문|하나요|해요|open|close", text, re.I):
        card.text = offices.open_on_line(office, day.start, lang, offices.holidays_of(district), day.every) + "\n" + card.text
    if re.search(r"지금|오늘|아직|now|today|yet", text, re.I):
        card.text = offices.open_now_line(office, now, lang, offices.holidays_of(district)) + "\n" + card.text
    return card


# --- waste -----------------------------------------------------------------------------------------
def _waste(district: District, cited: list[str], text: str, question: Asks, lang: str, earlier: str = "") -> Guidance | None:
    dongs = cited_keys(cited, "waste_collection")
    items = cited_keys(cited, "bulky_fees")
    sorted_items = cited_keys(cited, "recycling")
    kind = waste.waste_type_in(text)
    if dongs:
        named = district.dongs_named(text)
        if len(named) > 1:
            return waste.ask_dong(district, lang, "waste_collection_schedule", named, asked=text.strip())
        if named:
            return waste.collection_days(named[0], lang, kind)
        shown = [s for key in dongs for s in district.schedules if s.dong == key]
        sibling = _sibling_dong(district, shown, text)
        if sibling:       # "2동은요?" right after 행당1동's days: 행당2동
            return waste.collection_days(sibling, lang, kind)
        weekday = _WEEKDAY_ASKED.search(text)
        if shown and len(shown) == 1 and weekday and _short_question(text) and not kind:
            return _on_weekday(shown[0], weekday, lang)       # "토요일은 안돼요?": that day, from the row's columns
        asked = kind or (question.time and _short_question(text, question))
        if shown and not asked and _short_question(text) and HOLIDAYS.search(text):
            return _holidays(district, shown, lang)     # "명절에는 달라지남유?"
        if shown and not asked and _short_question(text) and _in_note(text, shown):
            asked = True                                # "아파트는 따로 하는 거여?": the row's own note says
        return joined([waste.collection_days(s, lang, kind) for s in shown]) if asked and shown else None
    if sorted_items:
        detail = _sorting_detail(district, sorted_items, text, question, lang)
        if detail is not None:     # "빨간 국물이 안 지워지면여?", "where is that bin?": the row's own sentence
            return detail
    if len(items) > 1 and waste.TOTAL.search(text):
        # "그럼 다 합치면 얼마예요?" after several fees: with the sizes the resident gave for them (``earlier``)
        return waste.bulky_total(district, items, lang, earlier)
    variant = variant_named(district, items, text)
    if variant:
        return waste.bulky_fee(district, variant, lang)
    named_in = MODAL_CAN.sub(" ", text)       # "Can I leave them out?" names no drink can
    _, bulky = district.items_named(named_in, prefer_bulky=True)   # "3인용 가죽쇼파고요 식탁의자도 두개": both
    if bulky and (items or sorted_items):
        return waste.bulky_fees(district, bulky, lang, said=named_in)
    recycled = district.recycling_named(named_in)
    if recycled and (items or sorted_items):
        return waste.sorting(recycled[0], lang)
    booked = cited_keys(cited, "bulky_booking")     # the booking guide alone: "how do I apply online?" again
    if (items or booked) and (question.signup or PUT_OUT.search(text) or STICKER.search(text)):
        return waste.booking(district, lang)     # "언제 내놓으면 돼요?" about the item: on the day the booking gives
    sized = re.search(r"\d\s*인용|인용|미터|\d\s*m\b|cm|리터|\d\s*l\b|\d\s*단(?![가-힣])|\d\s*단(이|짜리)|drawers?|"
                      r"싱글|더블|퀸|킹|폭|높이|크기|이상|미만|넘는|큰\s*거|"
                      r"작은\s*거|seater|seats?\b|인승|size|single|double|queen|king|wide|tall|big|small|large|over|under|more than|"
                      r"people|person|persons|"
                      # a kind of the item rather than a size ("바퀴 달린 사무용이요" after the chair's fees): its fees again
                      r"사무용|바퀴|회전|접이식|식탁용|일반\s*(거|것|의자)|보통|종류|kind|type|wheels|swivel|office|folding|"
                      r"less than|\d{2,}", text, re.I)
    from bot.dialogue.corrections import count_in

    counted = count_in(text) and _short_question(text)     # "세 대면요?" after a fee: that fee, times three
    if items and (question.fee or sized or counted) and district.fees_for(items[0]):
        return waste.bulky_fee(district, items[0], lang, said=text)
    return None


# The bulky-waste sticker (납부필증), in everyday spellings: where to get it is the booking guide
STICKER = re.compile(r"스티[커카꺼]|납부\s*필증|신고\s*필증|딱지|붙이|붙여|붙일|sticker|label|tag\b|attach|stick on", re.I)


def _sibling_dong(district: District, shown: list, text: str):
    """"2동은요?", "4가동은?" after a 동's answer: the 동 of the same name with that number ("행당1동" → "행당2동")."""
    said = re.search(r"(\d+\s*가?\s*\d*)\s*동|(\d+)\s*-?\s*(ga|dong)\b", text, re.I)
    if not said or len(shown) != 1:
        return None
    number = re.sub(r"\s", "", said.group(1) or said.group(2) + ("가" if (said.group(3) or "").lower() == "ga" else ""))
    stem = re.match(r"\D+", shown[0].dong)
    if not stem:
        return None
    wanted = f"{stem.group(0)}{number}동"
    return next((s for s in district.schedules if s.dong == wanted and s.dong != shown[0].dong), None)


HOLIDAYS = re.compile(r"명절|연휴|설날|추석|공휴일|빨간\s*날|holiday|new year|chuseok", re.I)
_NOTE_STOP = frozenset({"쓰레기", "요일", "배출", "시간", "언제", "어디", "그럼", "따로", "하는", "있어", "없어", "해요", "돼요",
                        "확인", "주세", "예시", "안내", "please", "check", "times", "samples", "sample"})


def _in_note(text: str, shown: list) -> bool:
    """A word of the question (its longest beginning, two syllables or more) in the shown rows' own note or
    place: "아파트는 따로 하는 거여?" after a 동 whose note says what apartment complexes do."""
    notes = " ".join(f"{s.note} {s.place} {s.note_en} {s.place_en}".lower() for s in shown)
    for word in re.findall(r"[가-힣]{2,}|[a-z]{5,}", text.lower()):
        for size in range(len(word), 1 if word[0] >= "가" else 4, -1):
            part = word[:size]
            if part in _NOTE_STOP:
                break
            if part in notes:
                return True
    return False


def _holidays(district: District, shown: list, lang: str) -> Guidance:
    """Collection on public holidays: the row's note when it says, else where the district announces it."""
    said = [s for s in shown if HOLIDAYS.search(s.note or "")]
    if said:
        return joined([waste.collection_days(s, lang) for s in said])
    from bot.handoff.queues import department_for

    name = department_for("waste_collection_schedule", district)
    phone = district.phone_for(name)
    return Guidance(pick(lang, f"명절 연휴에는 수거 날짜가 바뀔 수 있어요. 연휴 전에 구청 홈페이지 공지로 알려 드리니 확인해 "
                               f"주시고, 궁금하시면 {name}({phone})에 물어봐 주세요. 평소 요일은 그대로예요.",
                         f"Around public holidays collection days can change: the district announces it on its "
                         f"website before the holiday, or ask the {name} ({phone}). Otherwise the usual days apply."),
                    citations=[c for s in shown for c in waste.collection_days(s, lang).citations])


def variant_named(district: District, items: list[str], text: str) -> str | None:
    """"스탠드형은요?" after the 김치냉장고 fees: a size or kind of an item just quoted, not another item."""
    said = squash(text)
    for item in items:
        for fee in district.fees_for(item):
            labels = [squash(label) for label in (fee.size, fee.size_en) if label]
            if any(len(label) >= 3 and label in said for label in labels):
                return item
    return None


# --- sorting: the row's own sentences ------------------------------------------------------------------
# Places a sorting guide sends things to ("…주민센터나 아파트의 폐건전지 수거함"): where a bin is
_PLACE_WORDS = re.compile(r"주민\s*센터|아파트|약국|보건소|구청|마트|community cent|apartment|pharmac|health cent|"
                          r"district office|supermarket|shop", re.I)
# Words every question and sentence shares: they tell no sentence apart
_SHARED_TERMS = frozenset({"있다", "없다", "하다", "되다", "안", "어디", "뭐", "거", "것", "수", "주다", "버리다", "넣다", "내놓다",
                           "같다", "그", "이", "저", "put", "them", "out", "have", "too", "much", "throw", "dispose",
                           "away", "what", "only", "off", "also", "just", "thing", "things", "where", "will", "should"})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _sorting_terms(text: str) -> set[str]:
    from bot.search.lexical import terms

    return {t if re.search(r"[가-힣]", t) or len(t) < 5 else t[:4] for t in terms(text)} - _SHARED_TERMS


def _sorting_detail(district: District, keys: list[str], text: str, question: Asks, lang: str) -> Guidance | None:
    """A question about the item just sorted that one sentence of its own row answers best ("빨간 국물이 안
    지워지면여?" after the cup-noodle row, "what about the greasy part of the box?" after the pizza box, "양이
    많으면요?" after cooking oil) — or, asked where ("그 수거함은 어디 있어요?"), the sentence of a row of the same
    sorting category that says where its bin is (건전지's "주민센터나 아파트의 폐건전지 수거함" after the power bank).
    None for a question naming another item of the table, a long message, or no sentence standing out."""
    from bot.guidance import cite

    shown = [r for key in keys for r in district.recycling if r.item == key]
    if not shown or len(text.strip()) > 60:
        return None
    said = " ".join(f"{r.item} {r.how} {r.item_en} {r.how_en}" for r in shown)
    named = [r for r in district.recycling_named(MODAL_CAN.sub(" ", text)) if r not in shown]
    if any(squash(r.item) not in squash(said) and squash(r.item_en).lower() not in squash(said).lower() and
           not any(a and squash(a).lower() in squash(said).lower() for a in r.aliases) for r in named):
        return None          # "생선 가시는요?" after chicken bones: another row, answered as such
    rows = list(shown)
    if question.place:       # where: the rows of the same sorting category say where their bin is
        rows += [r for r in district.recycling if r not in rows and any(r.category == s.category for s in shown)]
    asked = _sorting_terms(text)
    scored = []
    for order, row in enumerate(rows):
        for sentence in _SENTENCE_END.split(pick(lang, row.how, row.how_en or row.how)):
            if question.place and not _PLACE_WORDS.search(sentence):
                continue
            scored.append((len(asked & _sorting_terms(sentence)), -order, sentence.strip(), row))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    own = [s for s in scored if s[3] in shown]
    if question.place and len(own) == 1 and (not scored or scored[0][0] <= own[0][0]):
        scored = own        # "그라믄 어데 버리노" after cooking oil: the one sentence of its row that says where
    tied = len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][2] != scored[0][2] and scored[1][3] is scored[0][3]
    if not scored or scored[0][0] < 1 and not (question.place and len(scored) == 1) or tied:
        return None
    _, _, sentence, row = scored[0]
    if row not in shown:     # another row of the category: named, so the resident knows whose guide it is
        sentence = pick(lang, f"{row.category} — {sentence}", f"{row.category_en}: {sentence}")
    title = pick(lang, f"분리배출 안내 ({row.item})", f"Sorting guide ({row.item_en})")
    return Guidance(sentence, citations=cite("recycling", row.item, title, row.source_url))


# --- collection on a day of the week -------------------------------------------------------------------
_WEEKDAY_ASKED = re.compile(r"([월화수목금토일])요일|(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?", re.I)
_EN_DAY = {"monday": "월", "tuesday": "화", "wednesday": "수", "thursday": "목", "friday": "금", "saturday": "토",
           "sunday": "일"}


def _on_weekday(schedule, found: re.Match, lang: str) -> Guidance:
    """What goes out on the day asked ("토요일은 안돼요?", "saturday also ok?"), from the 동's day columns, then its days."""
    day = found.group(1) or _EN_DAY[found.group(2).lower()]
    kinds = [kind for kind, (_, _, column) in waste.WASTE_TYPES.items() if day in getattr(schedule, column)]
    names = [pick(lang, waste.WASTE_TYPES[k][0], waste.WASTE_TYPES[k][1]) for k in kinds]
    shown_day = pick(lang, f"{day}요일", waste.EN_DAYS[day])
    if kinds:
        lead = pick(lang, f"{shown_day}에는 {', '.join(names)}{particle(names[-1], '을')} 내놓을 수 있어요.",
                    f"On {shown_day} you can put out: {', '.join(names)}.")
    else:
        lead = pick(lang, f"{schedule.dong}은 {shown_day}이 배출 요일이 아니에요. 아래 요일에 내놓아 주세요.",
                    f"{shown_day} is not a collection day in {schedule.dong_en}; please use the days below.")
    days = waste.collection_days(schedule, lang)
    return Guidance(lead + "\n" + days.text, citations=days.citations)

