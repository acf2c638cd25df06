"""A turn outside any task: repeat, the answer to a topic's own question, feelings first, "is anyone
there?", a follow-up about the last answer, then the intent. A low-confidence intent never starts a form:
the resident is asked, with buttons, whether to file a complaint."""
from __future__ import annotations

import re

from actions import complaint_task, status_task
from actions.corrections import corrects_last_answer
from actions.context import (WELFARE_INTENTS, answer_contact, asks_something_new, describes_someone, faq_follow_up,
                             names_a_row, named_topic, reread_topic, row_names, said_already, topic_contact, with_person)
from actions.several import answer_each
from actions.talk import (COMPLAINT_INTENTS, SMALL_TALK, TOPIC_INTENTS, Talk, acknowledgement, anyone_there,
                          asks_for_a_person, confident, follow_up, knowledge_answer, person_to_call, start_offers,
                          topic_answer)
from bot.dialogue.categories import category_named as category_in
from bot.dialogue import reading
from bot.dialogue.cues import TOPIC_OF_INTENT, supports, topics_in
from bot.dialogue.people import group_in
from bot.dialogue.texts import said
from bot.guidance import Button, Guidance, offices, pick
from bot.guidance.asks import asks

REPORT_WORDS = re.compile(r"신고|민원|접수|\breport|complain", re.I)
# A plain request to report ("신고 좀 해주쇼", "접수해 주세요", "please report it", "I want to file a complaint")
REPORT_ASKED = re.compile(r"(?<!전입)(?<!전출)(?<!출생)(?<!사망)(?<!혼인)(신고|접수|민원)\s*(좀|을|를|하나)?\s*(해\s*주|해\s*줘|해주|"
                          r"할게|할께|할래|하려|하고\s*싶|합니다|넣을게|넣어|부탁)|"
                          r"\b(report|file|lodge)\s+(it|this|a complaint|a report)\b|\bwant to (report|complain|file)\b", re.I)
# A report of a problem (not 전입신고 or 출생신고, which are registrations)
FILING = re.compile(r"(?<!전입)(?<!전출)(?<!출생)(?<!사망)(?<!혼인)신고|민원|접수|\breport|complain", re.I)
STATUS_WORDS = re.compile(r"조회|확인|어떻게\s*(됐|되)|처리\s*(됐|되|상황|현황)|진행|현황|지난|아직|status|check|progress|update|"
                          r"happen|look up|look into|reported|filed|last (week|month)|still",
                          re.I)
# Words that ask after a complaint by themselves; "still", "check", "아직" also ask whether one may still report
CHECKING = re.compile(r"조회|어떻게\s*(됐|되)|처리\s*(가\s*)?(됐|되|상황|현황|중)|진행\s*(상황|현황|중|됐)|status|progress|any update|"
                      r"what'?s happening|look (it )?up|(filed|reported|lodged|submitted|넣었|냈었?|접수했|신고했)|"
                      r"(민원|신고|접수)\s*(내용\s*)?확인",
                      re.I)
OFFICE_HOURS = re.compile(r"몇\s*시|시간|열어|문\s*(열|닫)|open|close|hours", re.I)
# what was filed, named or only said to have been filed ("I filed something last week, can you check …")
ABOUT_COMPLAINTS = re.compile(r"민원|(?<![가-힣])신고|접수|complaint|report|ticket|case|\b(filed|lodged|submitted)\b|"
                              r"(넣었|냈었?)는데", re.I)
# "is it late already to report?" after moving: a registration (전입신고) with the office, not a complaint's status
REGISTERING = re.compile(r"이사|전입|전출|출생|혼인|사망|moved|move in|moving|new address|birth|married|marriage|"
                         r"passed away|died", re.I)
PHONE_ASKED = re.compile(r"번호|전화|연락처|phone|number|call", re.I)
NIGHT_OR_CALL = re.compile(r"밤|새벽|주말|24|전화|연락|night|weekend|call|phone", re.I)
WHO_TO_CALL = re.compile(r"어디(다|에|로)?\s*(물어|전화|연락|문의)|전화할\s*(수|데)|누구(한테|에게)|who (can|do) i|where can i "
                         r"(call|ask)|anyone (i|to) call|number i can call|can i call|call right now|"
                         r"(전화|연락|문의)\S*\s.{0,20}어디(로|에|다)?\s*(하면|해야|걸면|하나|해요)|어디로\s*(하면|걸면|전화)|"
                         r"where (do|should|can) i (call|ring|phone)|who (do|should) i (call|ring|contact)|what number (do|should|can) i",
                         re.I)
ASKS_TO_FILE = re.compile(r"(민원|신고)\S*\s*(지금|이\s*시간에?|밤에|주말에|여기서|여기에|챗봇으로)?\s*"
                          r"(넣어도|해도|넣을\s*수|할\s*수|접수(해도|할\s*수|\s*돼|\s*되|\s*가능))|"
                          r"\bcan i (still |also )?(report|file|lodge|make a complaint)|"
                          r"\bis it (possible|ok|okay) to (report|file|complain)", re.I)
ASKS_WHERE = re.compile(r"어디(다|에|로|에다)?\s*(말|얘기|이야기|신고|연락|문의|알려|해야|가야)|누구(한테|에게)|어느\s*곳|"
                        r"where (do|should|can) i (report|complain|go|turn)|who (do|should|can) i (tell|contact|ask)",
                        re.I)
FREE_ASKED = re.compile(r"공짜|무료|무상|돈\s*(안|없이)|for free|free of charge|\bfree\b|without paying", re.I)
# A question set aside from the one under way: "그 전에 …", "잠깐 …", "by the way …"
ASIDE = re.compile(r"그\s*전에|그보다\s*먼저|잠깐|잠시만|참\s*그리고|그건\s*그렇고|before that|by the way|\bbtw\b|quick question|"
                   r"real quick|one more thing", re.I)
FEE_ASKED = re.compile(r"수수료|얼마|비용|가격|요금|how much|\bfees?\b|\bcost|\bprice|\bcharge", re.I)
SIZE_SAID = re.compile(r"\d\s*(인치|인용|인승|리터|L\b|m\b|미터|cm|센티|kg|키로|inch|seat|litre|liter)|싱글|더블|퀸|킹|"
                       r"single|double|queen|king size", re.I)
# Items counted ("솜이불 두 채랑 전기장판 한 개요", "two chairs"): things to get rid of, named with how many
COUNTED = re.compile(r"(\d+|한|두|세|네|다섯|여섯)\s*(개|채|대|짝|점|장|세트)|하나|둘|셋|\b(one|two|three|four|a couple of)\s+\w+s?\b",
                     re.I)
OFFICE_QUESTION = re.compile(r"[^.?!]*(주민\s*센터|동사무소|구청|community cent(re|er)|district office)[^.?!]*"
                             r"(열어|열었|열려|문|하나요|해요|open|closed?)[^.?!]*[.?!]?", re.I)
# When to go and something to go to: a question of events, whatever else it names ("my grandmother is 70, is there
# anything for her on weekdays?" is not a welfare question)
WHEN_TO_GO = re.compile(r"평일|주말|weekdays?|weekends?|토요일|일요일|saturday|sunday|이번\s*주|다음\s*주|this week|next week",
                        re.I)
GOING_OUT = re.compile(r"(다니|갈|할|놀|배울|들을|볼)\S{0,3}\s*(만한|만 한)|anything (for|to do|on)|something (for|to do)|"
                       r"things to do|activit|classes|프로그램|교실|구경", re.I)
# Someone to look in on a person: a welfare service, whatever else the message names ("… in Majang-dong")
CARE_ASKED = re.compile(r"check (in )?on|look in on|look after|visit(s|ing)? (him|her|them)|들여다|돌봐|돌보|돌봄|챙겨|말벗|"
                        r"안부", re.I)
# Unsure what to answer to "who is it for?": "글쎄요", "잘 모르겠네", "dunno", "not sure", "whatever" — examples help.
# Not reading.SKIP, which leaves a form's field empty ("건너뛸게요", "패스", "번호는 좀"): the two share "don't know",
# but "skip it" is no doubt about the answer, and "글쎄요 그냥 뭐" is no wish to leave the question.
UNSURE = re.compile(r"글쎄|모르겠|몰라|모름|잘\s*모르|그냥\s*뭐|아무거나|뭐가\s*있|dunno|not sure|no idea|\bidk\b|don'?t know|"
                    r"whatever|no clue", re.I)
SAD = re.compile(r"외롭|외로워|우울|사는\s*게\s*힘들|막막|생활비|일을\s*못\s*하|어떻게\s*해야\s*(될|할)지\s*모르|실직|"
                 r"일자리를?\s*잃|돈이\s*(하나도\s*)?없어|lonely|depressed|stressed|scared|"
                 # hardship: a job lost, the rent or the bills unpaid, no food — 긴급복지 and 129 are the route
                 r"(회사|직장|일자리|공장|알바|가게)\S{0,3}\s*(에서\s*)?(잘리|잘렸|짤리|짤렸|해고|그만두게)|해고\s*(당|됐|되)|"
                 r"권고\s*사직|(월세|집세|관리비|공과금|전기세|가스비)\S{0,2}\s*(도\s*|를\s*|을\s*)?(못|밀려|밀렸)|"
                 r"먹고\s*살\s*(길|게|방법)|"
                 r"(got|been|was) (fired|laid off|let go)|behind on (the |my )?(rent|bills)|"
                 r"lost (my|his|her|our|their) jobs?|can'?t pay (the |our |my )?(rent|bills)|no money (for|to)|can'?t afford",
                 re.I)


def answer_outside(talk: Talk) -> None:
    state, words, intent = talk.state, talk.text, talk.turn.intent
    if words and reading.wants_repeat(words) and len(words) < 60 and state.last_text and \
            not (intent in TOPIC_INTENTS and confident(talk, 0.6) and reading.is_question(words)):
        talk.say(Guidance(said("again", talk.lang) + "\n" + state.last_text,
                          [Button(b["title"], b["payload"]) for b in state.last_buttons]))
        talk.repeating = True
        return
    if state.asked == "offer":
        offered = dict(state.values)
        state.finish()
        agreed = (intent == "affirm" or reading.says_yes(talk.turn.text)) and not reading.says_no(talk.turn.text)
        if offered.get("task") == "status" and (agreed or intent == "complaint_status"):
            return status_task.start(talk)
        if offered.get("task") != "status" and (intent in COMPLAINT_INTENTS or agreed):
            return complaint_task.start(talk, offered.get("kind") or "general", offered.get("values"))
    from actions.privacy_requests import withdraw_after_forgetting

    if words and withdraw_after_forgetting(talk):
        return
    from actions.unusable import unusable_outside

    if words and unusable_outside(talk):
        return       # "그거요", "you know the thing" after a topic's question or answer: asked again, with examples
    asked_topic = state.asked_for if state.asked == "topic" else None
    if asked_topic in WELFARE_INTENTS and words and UNSURE.search(words) and len(words) < 40 and \
            not group_in(words) and not (intent in TOPIC_INTENTS and confident(talk, 0.9)):
        from bot.guidance.community import group_examples

        state.ask("topic", asked_topic)   # "글쎄요 그냥 뭐" to "who is it for?": examples, the question still open
        talk.topic = asked_topic
        return talk.say(group_examples(talk.turn.district, talk.lang, asked_topic))
    if asked_topic in ("bulky_waste", "recycling_guide") and words and state.misses < 2 and names_nothing(talk):
        return item_again(talk, asked_topic)   # "그거요", "the thing" to "어떤 물건이에요?": examples, then a way out
    if words and reading.passes(words) and len(words.split()) <= 10 and skipped(talk):
        return     # "용량은 몰르것는디 넘어가 주쇼" after the fridge's fee: every size, no question back
    if words and reading.is_cancel(words) and not reading.asks(words) and not reading.wants_person(words) and \
            not (intent in TOPIC_INTENTS and confident(talk, 0.9)) and state.last_text:
        state.ask(None)     # "생각보다 비싸네 그냥 중고로 팔래요 신청 안 할게요" after a fee: declined, said so
        return talk.say(Guidance(said("declined", talk.lang)))
    asked_topic = state.asked_for if state.asked == "topic" else None
    held = state.asked_for if state.asked == "held" else None
    state.ask(None)
    if asked_topic and answers_topic_question(talk, asked_topic):
        return
    if held and answers_held_question(talk, held):
        return      # "장애가 있는 제 동생이요" after a side question in the middle of "어떤 분을 위한 지원을 찾으세요?"
    talk.interrupted = asked_topic
    if words and corrects_last_answer(talk):
        return      # "sorry not two. three people sofa" after the 2-seat sofa's fee: the fee again, for three
    if words and SAD.search(words) and (intent not in COMPLAINT_INTENTS or not REPORT_WORDS.search(words) and
                                        not category_in(words, talk.turn.district.complaint_categories)):
        talk.say(Guidance(said("sad", talk.lang)))
        talk.say(Guidance(said("route_sad", talk.lang)))
        talk.topic = "feelings"
        return
    upset = bool(words) and _upset(words)
    if upset:
        talk.say(Guidance(acknowledgement(talk)))
    if words and state.last_intent == "feelings" and NIGHT_OR_CALL.search(words):
        talk.topic = "feelings"        # "밤에도 전화 받아요?" after the route for hard times: 129, not office hours
        return talk.say(Guidance(said("sad_night", talk.lang)))
    if words and reading.asks_what_bot_does(words) and len(words) < 60 and not topics_in(words):
        # "그럼 니가 해줄 수 있는게 뭔데", "그럼 뭘 물어볼 수 있는데요": what the bot does
        talk.topic = "capabilities"
        return talk.say(Guidance(said("can_do", talk.lang), start_offers(talk.lang)))
    found = anyone_there(talk) if words else None
    if found:
        talk.topic = "request_human"       # "그럼 지금 급한 건 어디다 물어봐요?" next: the person to call
        return talk.say(found)
    phone = department_phone(talk) if words else None
    if phone:
        return talk.say(phone)
    handling = handling_asked(talk) if words else None
    if handling:
        return talk.say(handling)
    if words and not upset and not FILING.search(words) and not (intent in COMPLAINT_INTENTS and confident(talk, 0.8)) \
            and answer_each(talk):
        return       # "요일이랑, 책상 비용이랑, 전입신고 기한 알려 주세요": one answer each
    route_intent(talk, intent, upset)


def route_intent(talk: Talk, intent: str, upset: bool) -> None:
    from actions.converse import OFFICE_ASKED

    words = talk.text
    if words and intent not in ("office_info", "request_human", *COMPLAINT_INTENTS) and OFFICE_ASKED.search(words) \
            and reading.is_question(words) and not confident(talk, 0.95):
        intent = "office_info"     # "Is the community centre open today? I need a …": the centre first
    if words and intent != "request_human" and reading.asks_for_person(words) and not confident(talk, 0.9):
        intent = "request_human"   # "hi po can i talk to a real staff? i have a problem with …", read as bulky waste
    visit = visit_now(talk) if words and intent not in ("office_info", "request_human", "complaint_status",
                                                         *COMPLAINT_INTENTS) else None
    if visit:     # "오늘 구청 가면 서류 뗄 수 있어요?": whether it is open now, then the rest of the question
        talk.say(visit)
        answer_intent(talk, intent)
        if len(talk.out) > 1 and all(g.source == "fallback" for g in talk.out[1:]):
            del talk.out[1:]       # nothing more to add than the opening hours: no "자료가 없어요" after them
        return
    if words and asks_to_report(talk):
        talk.say(Guidance(said("can_file_now", talk.lang)))     # "그럼 쓰레기 민원 지금 넣어도 돼요?": yes, and how
        kind = "cleaning" if intent == "report_cleaning_issue" else "general"
        return complaint_task.start(talk, kind)
    if words and intent not in (*COMPLAINT_INTENTS, "complaint_status", "request_human") and not confident(talk, 0.9) and \
            REPORT_ASKED.search(words) and not reading.is_question(words) and \
            category_in(words, talk.turn.district.complaint_categories):
        intent = "file_complaint"      # "하수구서 냄새가 겁나게 올라온당께 신고 좀 해주쇼" read as out_of_scope at 0.66
    if upset and intent not in (*COMPLAINT_INTENTS, "complaint_status") and words and \
            not STATUS_WORDS.search(words) and category_in(words, talk.turn.district.complaint_categories):
        intent = "file_complaint"      # an angry report of a problem: acknowledged above, then the report
    if words and intent in ("welfare_programs", "welfare_apply", *COMPLAINT_INTENTS) and not confident(talk, 0.9) and \
            WHEN_TO_GO.search(words) and GOING_OUT.search(words) and not REPORT_WORDS.search(words) and \
            not category_in(words, talk.turn.district.complaint_categories):
        intent = "events_search"   # "울 엄마가 일흔이신데 평일에 다니실만한 거 있을까요?": a day to go out is an event's
    if intent in COMPLAINT_INTENTS and words and reading.is_question(words) and not REPORT_WORDS.search(words) \
            and (not upset or ASKS_WHERE.search(words)):
        # "층간소음 어디다 말해야 돼요?" — upset or not, a question where to turn is answered ("몇 번을 말해야
        # 돼요?" is no such question: an angry report goes on to the form)
        found = knowledge_answer(talk, remember=False, strict=True)
        if found:
            return talk.say(found)
    if intent in COMPLAINT_INTENTS or intent == "complaint_status" and _files_rather_than_checks(talk):
        return start_or_offer(talk, "file_complaint" if intent == "complaint_status" else intent, upset)
    if intent == "complaint_status":
        if reading.read_ticket_in(talk.turn.text) or talk.turn.is_payload or \
                (confident(talk, 0.55) or STATUS_WORDS.search(words) and (confident(talk) or CHECKING.search(words))) \
                and ABOUT_COMPLAINTS.search(words) and not REGISTERING.search(words):
            return status_task.start(talk)
        if words and STATUS_WORDS.search(words) and ABOUT_COMPLAINTS.search(words) and not REGISTERING.search(words):
            return offer_lookup(talk)      # "I filed something, can you check?" at 0.45: asked, never started
        second = "thanks" if reading.thanks(words) else _second_reading(talk)   # "아이고 고맙습니다 …" at 0.47
        if second in SMALL_TALK:
            talk.responses.append(SMALL_TALK[second])
            return
        intent = second if second in TOPIC_INTENTS else "out_of_scope"
    if upset and intent not in TOPIC_INTENTS and intent != "request_human":
        talk.say(Guidance(said("route_upset", talk.lang), start_offers(talk.lang)))
        return
    answer_intent(talk, intent)


def answer_intent(talk: Talk, intent: str) -> None:
    """The intent's own answer: a person, a follow-up of the last answer, a topic, small talk, the FAQ."""
    words = talk.text
    if talk.state.last_intent == "request_human" and OFFICE_HOURS.search(words) and intent != "request_human" and \
            not names_its_own_thing(talk):
        return talk.say(topic_answer(talk, "office_info"))   # "when do you open tomorrow?" after the person to call
    if WHO_TO_CALL.search(words) and not confident(talk, 0.85) and not _names_something(talk):
        found = answer_contact(talk) or faq_follow_up(talk, intent)      # "안 되면 어디로 전화해요?" right after a FAQ answer: its contact
        if found:
            talk.followed_up = True
            return talk.say(found)
        contact = topic_contact(talk)        # "그럼 전화로 물어볼게요. 어디로 하면 돼요?" after a bulky-waste answer
        if contact:
            return talk.say(contact)
        talk.topic = "request_human"
        return talk.say(person_to_call(talk, hand_over=False))   # "그럼 지금 급한 건 어디다 물어봐요?"
    online = online_instead(talk) if words else None
    if online:        # "그럼 온라인으로는요?" after the office's hours and "서류 떼야 되는데": that need, online
        talk.followed_up = True
        return talk.say(online)
    found = follow_up(talk) if words and not (intent == "request_human" and confident(talk, 0.6)) else None
    fee_rows = [c.id for c in found.citations if c.id.startswith("bulky_fees:")] if found else []
    no_column = bool(fee_rows) and bool(FREE_ASKED.search(words))    # the fee table has no "free pick-up" column
    if found and reading.is_question(words) and (said_already(found, talk.state.last_text) and
                                                 asks_something_new(words, talk.state.last_text) or no_column):
        # the same words as the answer just given: a FAQ row that answers what is new in the question says
        # more ("냉장고는 공짜로 가져가는 데도 있다던데 그게 맞아요?" right after the fridge's fee)
        from bot.search.lexical import terms

        # the rows' names and the question's content words: "냉장고 공짜 가져가다" finds the free pick-up row
        named = row_names(talk.turn.district, fee_rows if no_column else talk.state.last_citations)
        other = knowledge_answer(talk, remember=False, strict=False, question=f"{named} {' '.join(terms(words))}".strip())
        if other is not None and not said_already(other, talk.state.last_text):
            talk.followed_up = True
            return talk.say(other)
    if found:
        talk.topic = talk.state.last_intent
        return talk.say(found)
    if words and intent not in WELFARE_INTENTS and not confident(talk, 0.6) and describes_someone(talk):
        intent = "welfare_programs"       # "my father is 72 and lives alone", after asking about welfare
    if words and intent not in WELFARE_INTENTS and not confident(talk, 0.85) and group_in(words) and \
            CARE_ASKED.search(words) and not supports(TOPIC_OF_INTENT.get(intent), words):
        intent = "welfare_programs"       # "My dad is 72 … Is there someone who can check in on him?" read as days
    if words and intent in SMALL_TALK and not confident(talk, 0.9) and (reading.asks(words) or FREE_ASKED.search(words)) \
            and (_names_an_event(talk) or names_a_row(talk, "welfare")):
        intent = "events_search" if _names_an_event(talk) else "welfare_programs"   # "송년음악회 그거 공짜임?" at 0.68
    if intent == "request_human" and not confident(talk, 0.6) and not reading.wants_person(words):
        intent = named_topic(talk) or intent   # "아동수당 들어오는 계좌를 바꾸고 싶어요" at 0.40: the programme
    if intent == "request_human" and words and PHONE_ASKED.search(words) and not reading.wants_person(words) and \
            not reading.asks_for_person(words) and talk.state.last_intent in TOPIC_INTENTS:
        found = answer_contact(talk) or topic_contact(talk)
        if found:      # "전화로 하면 되나 번호좀" after a bulky item's fee: that topic's department, not the switchboard
            return talk.say(found)
    if intent == "request_human":
        talk.topic = "request_human"
        return talk.say(person_to_call(talk, hand_over=asks_for_a_person(talk)))
    found = faq_follow_up(talk, intent) if words else None
    if found:
        talk.followed_up = True
        return talk.say(found)
    if intent in WELFARE_INTENTS and words and group_in(words):
        return talk.say(topic_answer(talk, intent, talk.turn.telling(target_group=group_in(words))))
    if words and intent in ("out_of_scope", "nlu_fallback") and names_a_row(talk, "bulky") and \
            FEE_ASKED.search(words) and not FREE_ASKED.search(words):
        intent = "bulky_waste"     # "3단 서랍장 수수료 얼마예요?" read as out of scope: the fee table has the row
    if words and intent in ("out_of_scope", "nlu_fallback") and _names_an_event(talk) and asks(words).any():
        intent = "events_search"   # "how much is the year-end concert?" read as out of scope: the event's own row
    bare = bare_item(talk) if words and intent in SMALL_TALK and not confident(talk, 0.9) else None
    if bare:
        intent = bare              # "장롱" alone, read as "네" at 0.6: the item's answer, not "알겠어요"
    if words and intent not in (*TOPIC_INTENTS, *SMALL_TALK) and not confident(talk, 0.6) and \
            topic_named_instead(talk) == "bulky_waste":
        intent = "bulky_waste"     # "티비는 43인치요" at nlu_fallback: a bulky item and its size, the item's fee
    if intent in TOPIC_INTENTS:
        intent, supported = reread_topic(talk, intent)
        # a weak guess that names a row of its own table ("티비 버릴라고요" at 0.4996: the TV's fee) is no guess
        weak = not confident(talk, 0.5) and not names_a_row(talk, TOPIC_OF_INTENT.get(intent)) or \
            not supported and not confident(talk, 0.85) or \
            intent == "waste_collection_schedule" and not confident(talk, 0.85) and reading.is_question(words) and \
            not supports("waste", words) and "waste" not in topics_in(words)
        # the last: "용답동으로 이사왔는데요 전입신고는 언제까지 해야 돼요?" at 0.47 names a 동, and asks nothing of its days
        home = known_dong(talk, intent)
        if home and supports("waste", words):
            weak = False        # "재활용은 무슨 요일이에요" after "사근동으로 이사왔는데요": the 동's days, not the FAQ
        if words and weak and not talk.turn.is_follow_up():
            # a weak topic guess, or one the words do not bear out: a FAQ row first
            found = knowledge_answer(talk, remember=False, strict=confident(talk, 0.5))
            if found:
                return talk.say(found)
        answer = topic_answer(talk, intent, with_person(talk, intent).knowing(dong=home))
        if intent == "office_info" and talk.interrupted in WELFARE_INTENTS and OFFICE_HOURS.search(words) and \
                answer.buttons and not answer.citations and centre_hours(talk):
            # "주민센터 토요일에도 열어요?" while asked who the help is for: the hours every centre shares, then the
            # question it interrupted — not "어느 동에 사세요?", which would drop it
            from bot.guidance.community import ask_group

            talk.say(centre_hours(talk, asked_day=True))
            talk.say(Guidance(pick(talk.lang, "그럼 아까 여쭤본 것으로 돌아갈게요.", "Back to my question.")))
            talk.say(ask_group(talk.turn.district, talk.lang, talk.interrupted))
            talk.state.ask("topic", talk.interrupted)
            talk.topic = talk.interrupted
            return
        if intent == "office_info" and talk.state.asked == "topic" and OFFICE_HOURS.search(words):
            hours = centre_hours(talk)         # "주민센터 몇 시까지 해요?": the hours every centre shares first
            every = offices.every_centre(talk.turn.district)
            if hours and every and every.hours not in answer.text and every.hours_en not in answer.text:
                talk.say(hours)
        talk.say(answer)
        other_way = other_way_while_closed(talk) if intent == "office_info" else None
        if other_way:      # "주민센터 오늘 문 열어요? 등본 떼야 되는데" on a Saturday: how else to get it
            talk.say(other_way)
        if talk.interrupted in WELFARE_INTENTS and intent not in WELFARE_INTENTS and answer.citations and \
                not talk.state.asked and (intent == "office_info" or ASIDE.search(words)):
            # "그 전에 행당1동 주민센터 전화번호 뭐예요" while asked who the help is for — an office (where the help is
            # applied for) or a question set aside as one: answered, then that question again, still open ("장애가 있는
            # 제 동생이요" next answers it). A plain question of another topic is a change of topic.
            from bot.guidance.community import ask_group

            talk.say(Guidance(pick(talk.lang, "그럼 아까 여쭤본 것으로 돌아갈게요.", "Back to my question.")))
            talk.say(ask_group(talk.turn.district, talk.lang, talk.interrupted))
            talk.state.ask("topic", talk.interrupted)
        return
    if intent in ("affirm", "deny") and words and reading.is_question(words):
        return talk.say(knowledge_answer(talk))      # "그거 어떻게 해요?" is no "yes"
    if intent in SMALL_TALK and (confident(talk, 0.5) or talk.turn.is_payload):
        talk.responses.append(SMALL_TALK[intent])
        return
    talk.say(knowledge_answer(talk))


OFFICE_SUBJECT = re.compile(r"구청|센터|사무소|민원실|office|cent(re|er)|open|close|hour", re.I)


def names_its_own_thing(talk: Talk) -> bool:
    """A question the NLU reads with some confidence as another intent, naming a thing of its own that is no office
    ("따릉이 한 시간 타면 얼마예요": "시간" is a bike's hour, not the office's)."""
    from actions.talk import own_subjects

    if talk.turn.intent == "office_info" or not confident(talk, 0.6):
        return False
    return any(not OFFICE_SUBJECT.search(w) for w in own_subjects(talk.text))


def start_or_offer(talk: Talk, intent: str, upset: bool = False) -> None:
    kind = "cleaning" if intent == "report_cleaning_issue" else "general"
    named = category_in(talk.text, talk.turn.district.complaint_categories) if talk.text else None
    if talk.text and reading.thanks(talk.text) and not named and not REPORT_WORDS.search(talk.text):
        talk.responses.append("utter_thanks")     # "알겠어요 월요일에 갈게요 고마워요" is no report
        return
    if talk.text and STATUS_WORDS.search(talk.text) and not named and not reading.is_upset(talk.text):
        return status_task.start(talk)         # "민원 확인하려고요": a lookup, whatever the NLU says
    if talk.text and not named and not REPORT_WORDS.search(talk.text) and not upset:
        # no problem named and no report word: a follow-up of the last answer ("아 아니다 3인용이에요" after the
        # sofa's fee, at 0.88), or a question of a topic whose table it names ("장롱 … 각각 얼마씩인지") — never the form
        found = follow_up(talk)
        if found:
            talk.topic = talk.state.last_intent
            return talk.say(found)
        other = topic_named_instead(talk)
        if other:
            return answer_intent(talk, other)
    if talk.text and not named and not REPORT_WORDS.search(talk.text) and not confident(talk, 0.85) and not upset:
        found = follow_up(talk)                # "sorry not two. three people sofa" after the sofa's fee
        if found:
            talk.topic = talk.state.last_intent
            return talk.say(found)
    if confident(talk) or named or talk.turn.is_payload or REPORT_WORDS.search(talk.text) or \
            complaint_task.urgent(talk.text):     # danger or someone hurt: 119 first, and the report, never a menu
        if upset:
            talk.say(Guidance(said("will_file", talk.lang)))   # after the acknowledgement: what happens now
        return complaint_task.start(talk, kind)
    if reading.thanks(talk.text):
        talk.responses.append("utter_thanks")
        return
    second = _second_reading(talk)
    if second in SMALL_TALK:
        talk.responses.append(SMALL_TALK[second])
        return
    found = follow_up(talk)
    if found:
        talk.topic = talk.state.last_intent
        return talk.say(found)
    if talk.state.last_intent in TOPIC_INTENTS and len(talk.text.split()) <= 6:
        return talk.say(topic_answer(talk, talk.state.last_intent))   # "전신거울이라 1미터 넘어요" after a fee
    found = knowledge_answer(talk, remember=False, strict=False)
    if found:
        return talk.say(found)
    # A low-confidence complaint never starts the form: ask, and keep what was said for a "네".
    values: dict = {}
    complaint_task.read_all(talk, values, opening=True)
    talk.state.start(None, {"kind": kind, "values": values})   # type: ignore[arg-type]
    talk.state.ask("offer")
    other = talk.turn.tracker.latest_message.get("intent_ranking") or []
    second = next((r.get("name") for r in other if r.get("name") in TOPIC_INTENTS), None)
    buttons = [Button(pick(talk.lang, "네, 민원 접수", "Yes, file a complaint"), "/file_complaint")]
    if second:
        buttons.append(Button(pick(talk.lang, "아니요, 안내만", "No, just information"), f"/{second}"))
    talk.say(Guidance(said("offer_complaint", talk.lang), buttons))


def asks_to_report(talk: Talk) -> bool:
    """"ok but can I still report a broken street light now?", "그럼 민원 지금 넣어도 돼요?": whether (or how) to
    report a problem — never a status lookup, whatever the NLU read ("still" and "now" are no ticket). Words that
    ask after a filed complaint ("접수한 민원 처리됐어요?") or a ticket number make it a lookup."""
    words = talk.text
    return bool(ASKS_TO_FILE.search(words)) and not reading.read_ticket_in(words) and not CHECKING.search(words)


def offer_lookup(talk: Talk) -> None:
    """A status question the NLU reads weakly and only words like "check" or "지난" bear out: asked, with buttons —
    a low-confidence intent never starts a task (the lookup included); a button or a "네" starts it."""
    talk.state.start(None, {"task": "status"})   # type: ignore[arg-type]
    talk.state.ask("offer")
    talk.say(Guidance(pick(talk.lang, "접수하신 민원의 처리 상황을 확인할까요, 아니면 새로 신고하실 건가요?",
                           "Would you like to check a complaint you filed, or report something new?"),
                      [Button(pick(talk.lang, "처리 상황 확인", "Check a complaint"), "/complaint_status"),
                       Button(pick(talk.lang, "새로 신고", "Report something new"), "/file_complaint")]))


def known_dong(talk: Talk, intent: str) -> str | None:
    """The 동 the resident named earlier in the conversation, for a collection-day question that names none."""
    from actions.places import dong_in

    if intent != "waste_collection_schedule" or not talk.text or dong_in(talk.turn, talk.text):
        return None
    return talk.state.dong


def other_way_while_closed(talk: Talk) -> Guidance | None:
    """The office asked about is closed now and the message says what it was needed for: the FAQ's answer for
    that need (online, a kiosk), which a closed door makes the useful part."""
    visit = offices.visit_today(talk.turn.district, talk.text, talk.turn.now, talk.lang) if talk.text else None
    if visit is None or "운영 중" in visit.text or "is open now" in visit.text:
        return None
    # the need alone, without the question about the door ("등본 떼야 되는데"), asked as "without going there"
    need = OFFICE_QUESTION.sub(" ", talk.text).strip()
    asked = f"{need} {pick(talk.lang, '인터넷으로', 'online')}"
    found = knowledge_answer(talk, remember=False, strict=True, question=asked) if len(need) >= 4 else None
    if found is None or any(c.id.startswith("offices:") for c in found.citations):
        return None
    return found


ONLINE_ASKED = re.compile(r"온라인|인터넷|정부\s*24|집에서|비대면|online|internet|from home|on the web|website", re.I)


def online_instead(talk: Talk) -> Guidance | None:
    """"그럼 온라인으로는요?" right after an office's answer to a question that said what it was needed for ("구청
    열었어요? 서류 떼야 되는데"): the FAQ's answer for that need online — never another service's online row."""
    state, words = talk.state, talk.text
    if state.last_intent != "office_info" or not ONLINE_ASKED.search(words) or len(words) > 40:
        return None
    if any(":" not in c for c in state.last_citations) and state.last_row:
        asked = state.last_row      # the other way was given with the hours ("문을 닫았을 때 서류는…"): that row
    else:
        need = OFFICE_QUESTION.sub(" ", state.last_question).strip()
        need = need if len(need) >= 4 else pick(talk.lang, "구청 민원서류", "district office documents")  # its own
        asked = f"{need} {pick(talk.lang, '온라인으로', 'online')}"
    found = knowledge_answer(talk, remember=False, strict=True, question=asked)
    if found is None or any(c.id.startswith("offices:") for c in found.citations):
        return None
    return found


def visit_now(talk: Talk) -> Guidance | None:
    return offices.visit_today(talk.turn.district, talk.text, talk.turn.now, talk.lang)


def skipped(talk: Talk) -> bool:
    """"I don't know the width, skip it please" outside a form: the last answer's table without the detail —
    each size of the items just priced, or the topic's answer with what is known — never a refusal."""
    from bot.guidance import waste

    state = talk.state
    items = [c.split(":", 1)[1] for c in state.last_citations if c.startswith("bulky_fees:")]
    if items:
        found = waste.bulky_fees(talk.turn.district, items, talk.lang)
        talk.topic = "bulky_waste"
    elif state.last_intent in TOPIC_INTENTS:
        found = topic_answer(talk, state.last_intent, with_person(talk, state.last_intent))
    else:
        return False
    talk.say(Guidance(pick(talk.lang, "괜찮아요, 그건 넘어갈게요.", "No problem, let's skip that.")))
    talk.say(found)
    talk.repeating = True      # the same rows again on purpose: all of them, not "as said before"
    return True


def bare_item(talk: Talk) -> str | None:
    """A message that is nothing but an item's name ("장롱", "microwave"): the bulky fee table's item first, then
    the sorting guide's; None for a sentence, a question, a yes or no, or a thank-you."""
    from actions.context import names_a_row

    words = reading.tidy(talk.text)
    if not words or len(words.split()) > 2 or len(words) > 20 or reading.is_question(words) or \
            reading.says_yes(words) or reading.says_no(words) or reading.thanks(words):
        return None
    if names_a_row(talk, "bulky"):
        return "bulky_waste"
    return "recycling_guide" if talk.turn.district.items_named(words) else None


def topic_named_instead(talk: Talk) -> str | None:
    """The topic a complaint guess should have been: the message names a bulky item and asks its fee or
    booking, or describes a person (an age, who they live with) in a conversation or a question about help."""
    from actions.context import names_a_row

    words = talk.text
    if names_a_row(talk, "bulky") and (supports("bulky", words) or SIZE_SAID.search(words) or COUNTED.search(words)):
        return "bulky_waste"
    if describes_someone(talk) or names_a_row(talk, "welfare") and \
            (supports("welfare", words) or re.search(r"도와|돕|챙겨", words)) and reading.is_question(words):
        return "welfare_programs"
    return None


WEEKEND_ASKED = re.compile(r"토요일|일요일|주말|공휴일|휴일|빨간\s*날|saturday|sunday|weekend|holiday", re.I)


def centre_hours(talk: Talk, asked_day: bool = False) -> Guidance | None:
    """The hours every community centre shares; with ``asked_day``, a weekend or holiday asked about ("토요일에도
    열어요?") is answered plainly first when the hours are weekdays only."""
    every = offices.every_centre(talk.turn.district)
    if every is None:
        return None
    shown = pick(talk.lang, every.hours, every.hours_en)
    if not asked_day:
        return Guidance(said("centre_hours", talk.lang, hours=shown))
    weekdays_only = re.fullmatch(r"평일\s*[\d:]+\s*-\s*[\d:]+", every.hours.strip()) is not None
    closed = pick(talk.lang, "토요일·일요일과 공휴일에는 문을 닫아요. ", "They are closed on Saturdays, Sundays and public "
                                                               "holidays. ") \
        if weekdays_only and WEEKEND_ASKED.search(talk.text) else ""
    return Guidance(closed + pick(talk.lang, f"동 주민센터는 모두 {shown}에 열어요.", f"Community centres are open {shown}."))


HANDLED = re.compile(r"신고|민원|접수|고쳐|고치|처리|수리|report|complain|fix|repair|handl", re.I)


def handling_asked(talk: Talk) -> Guidance | None:
    """"보통 며칠 걸려요?" right after a complaint was filed, "가로등 신고하면 어느 부서에서 고쳐요?": the handling days and
    the department of that kind (complaint_categories.csv) — never the FAQ's guess at "며칠"."""
    words, state = talk.text, talk.state
    named = category_in(words, talk.turn.district.complaint_categories)
    if state.filed_ticket and JUST_FILED.search(words) and not reading.read_ticket_in(words) and \
            (named is None or named.category == state.filed) and (reading.asks(words) or STATUS_WORDS.search(words)):
        return just_filed(talk)       # "방금 신고한거 언제쯤 처리돼요?": the one filed in this conversation, no number asked
    if not (reading.asks_how_long(words) or reading.asks_department(words)) or len(words) > 60 or not reading.asks(words) or \
            talk.turn.intent in TOPIC_INTENTS and confident(talk, 0.9):
        return None
    if not (named and HANDLED.search(words) or state.filed and (named is None or named.category == state.filed)):
        return None
    return just_filed(talk) if state.filed_ticket and named is None else complaint_task.how_long(talk)


# "방금 신고한 거", "the one I just sent", "아까 접수한": the complaint filed earlier in this conversation — a time word with
# a filing word near it, never "아까 물어본 소파 수수료 얼마였죠?"
JUST_FILED = re.compile(r"(방금|아까|금방|조금\s*전|좀\s*전)\s*\S{0,4}\s*(신고|접수|민원|넣|낸|보낸)|"
                        r"\bjust (filed|sent|made|reported|lodged|submitted)\b|"
                        r"\b(filed|sent|made|reported|lodged|submitted) (it |that |one )?just now\b|"
                        r"\bthe one (i|I) (just )?(filed|sent|made|reported|lodged|submitted)\b|\bi just (filed|sent|made|"
                        r"reported|lodged|submitted)\b", re.I)


def just_filed(talk: Talk) -> Guidance | None:
    """The complaint this conversation filed: its ticket, its department and the usual handling days — it has only just
    been received, so there is no other status to look up, and no number to ask for."""
    district = talk.turn.district
    category = district.complaint_category(talk.state.filed)
    if category is None or not talk.state.filed_ticket:
        return None
    return Guidance(said("just_filed", talk.lang, ticket=talk.state.filed_ticket, days=str(category.handling_days),
                         department=pick(talk.lang, category.department, category.department_en or category.department),
                         phone=category.phone))


def department_phone(talk: Talk) -> Guidance | None:
    """"청소행정과 번호만 다시 알려 주세요": the department's number from departments.csv."""
    words = talk.text
    if not PHONE_ASKED.search(words):
        return None
    named = [d for d in talk.turn.district.departments
             if d.name and d.name in words or d.name_en and d.name_en.lower() in words.lower()]
    if len(named) != 1:
        return None
    department = named[0]
    name = pick(talk.lang, department.name, department.name_en)
    return Guidance(pick(talk.lang, f"{name} 전화번호는 {department.phone}이에요.",
                         f"The {name}'s phone number is {department.phone}."))


def _names_an_event(talk: Talk) -> bool:
    from actions.community import _event_named

    return _event_named(talk.turn) is not None


def _names_something(talk: Talk) -> bool:
    return any(e.get("entity") != "lang" for e in talk.turn.tracker.latest_message.get("entities") or [])


def _second_reading(talk: Talk) -> str | None:
    ranking = talk.turn.tracker.latest_message.get("intent_ranking") or []
    return next((r.get("name") for r in ranking[1:2] if float(r.get("confidence") or 0) >= 0.15), None)


def _files_rather_than_checks(talk: Talk) -> bool:
    """"킥보드 방치된 거 신고할게요" read as a status lookup: no ticket, a problem named, no checking words."""
    words = talk.text
    return bool(words) and not confident(talk, 0.7) and not reading.read_ticket_in(words) and \
        not STATUS_WORDS.search(words) and \
        bool(category_in(words, talk.turn.district.complaint_categories)) and bool(REPORT_WORDS.search(words))


def answers_topic_question(talk: Talk, topic: str) -> bool:
    """"행당2동" after "어느 동이세요?": read as the answer to the topic's question, whatever the NLU says."""
    from actions.places import dong_in

    turn, words, intent = talk.turn, talk.text, talk.turn.intent
    if not words or (intent != topic and confident(talk, 0.7) and len(words.split()) > 3):
        return False
    if intent in (*COMPLAINT_INTENTS, "complaint_status", "request_human") and \
            (REPORT_WORDS.search(words) or STATUS_WORDS.search(words) or confident(talk, 0.8)):
        return False           # "네 신고할래요 용답동이요" after "어떤 물건이에요?" is a report
    mine, asked = TOPIC_OF_INTENT.get(intent or ""), TOPIC_OF_INTENT.get(topic)
    if mine and mine != asked and confident(talk, 0.8) and (mine in topics_in(words) or supports(mine, words)):
        return False           # "행당2동 쓰레기 언제 버려요" after "어떤 분을 위한 지원을 찾으세요?": a question of its own
    group = person_group(talk, words) if topic in WELFARE_INTENTS else None
    if group:      # "저희 아버지요 올해 일흔여섯이세요" after "어떤 분을 위한 지원을 찾으세요?": the person is the answer
        talk.say(topic_answer(talk, topic, turn.telling(target_group=group)))
        return True
    if intent in SMALL_TALK and confident(talk, 0.6) and not dong_in(turn, words):
        return False           # "아니요", "고마워요": not a 동 or an item
    dongs = dong_in(turn, words) or _offered_dong(talk)
    known = {"dong": dongs[0]} if len(dongs) == 1 else {}
    if not known and intent != topic and len(words.split()) > 3:
        return False
    if not known and not names_a_row(talk, TOPIC_OF_INTENT.get(topic)) and reading.is_question(words):
        return False           # "언제까지 해요?" after "어떤 분을 위한 지원을 찾으세요?": a question, not the answer
    talk.say(topic_answer(talk, topic, turn.knowing(**known)))
    return True


def person_group(talk: Talk, words: str) -> str | None:
    """The group a description of the person names: an age or a situation (bot/dialogue/people.py), else a group's
    own words from target_groups.csv ("장애가 있는 제 동생") among those the welfare question offers."""
    from bot.guidance.community import ASKABLE_GROUPS

    found = group_in(words) or talk.turn.district.group_named(words)
    return found if found in ASKABLE_GROUPS else None


def answers_held_question(talk: Talk, topic: str) -> bool:
    """A topic's question left open by a side question ("어떤 분을 위한 지원을 찾으세요?" → "행당1동 주민센터 전화번호
    뭐예요" → "장애가 있는 제 동생이요"): a reply of the question's own kind — the person it is for, a 동 named alone —
    answers it; anything else is read as usual."""
    from actions.places import dong_in

    words, intent = talk.text, talk.turn.intent
    if not words or reading.is_question(words) or intent in (*COMPLAINT_INTENTS, "complaint_status", "request_human") and \
            confident(talk, 0.8):
        return False
    mine = TOPIC_OF_INTENT.get(intent or "")
    if mine and mine != TOPIC_OF_INTENT.get(topic) and confident(talk, 0.9) and supports(mine, words):
        return False
    if topic in WELFARE_INTENTS:
        group = person_group(talk, words)
        if group is None:
            return False
        talk.say(topic_answer(talk, topic, talk.turn.telling(target_group=group)))
        return True
    dongs = dong_in(talk.turn, words)
    if topic != "waste_collection_schedule" or len(dongs) != 1 or len(words.split()) > 2:
        return False
    talk.say(topic_answer(talk, topic, talk.turn.knowing(dong=dongs[0])))
    return True


def hold_interrupted(talk: Talk) -> None:
    """A topic's question a side question came inside stays open for one more turn, silently: the next reply may
    still answer it (answers_held_question)."""
    state = talk.state
    if talk.interrupted in (*WELFARE_INTENTS, "waste_collection_schedule") and not state.task and state.asked is None \
            and talk.topic != talk.interrupted and talk.out:
        state.ask("held", talk.interrupted)


def _offered_dong(talk: Talk) -> list[str]:
    """"4가동이요" after buttons 금호1가동 / 금호2·3가동 / 금호4가동: the one offered button it names."""
    from bot.knowledge.matching import squash

    said_now = squash(reading.tidy(talk.text))
    names = {name for s in talk.turn.district.schedules for name in (s.dong, s.dong_en)}   # buttons in either language
    offered = [b["title"] for b in talk.state.last_buttons if b.get("title") in names]
    found = [title for title in offered if len(said_now) >= 2 and said_now in squash(title)]
    return found if len(found) == 1 else []


def _upset(words: str) -> bool:
    try:
        from bot.guidance.feelings import is_upset
        return is_upset(words) or reading.is_upset(words)
    except ImportError:
        return reading.is_upset(words)


def names_nothing(talk: Talk) -> bool:
    """A short answer that names no thing, no place and asks nothing ("그거요", "아 그거 있잖아요", "the thing", "you know
    the thing"): unusable as the answer to a topic's question about an item."""
    from actions.places import dong_in
    from actions.talk import own_subjects

    words = talk.text
    return len(words) <= 25 and not reading.is_question(words) and not reading.says_yes(words) and \
        not reading.says_no(words) and not reading.thanks(words) and not reading.is_cancel(words) and \
        not own_subjects(words) and not any(talk.turn.district.items_named(words)) and not dong_in(talk.turn, words)


def item_again(talk: Talk, topic: str) -> None:
    """The item question again, for an answer that names nothing the empty-reply check (actions/unusable.py) does not
    catch ("글쎄 그냥 보통 거"): the same words and buttons; the second such answer in a row gets a way out (stop, or a
    person) — never the same question a third time."""
    from actions.talk import person_button
    from actions.unusable import asked_again, item_buttons

    state = talk.state
    misses = state.misses
    state.ask("topic", topic)
    state.misses = misses + 1
    talk.topic = topic
    if state.misses >= 2:
        state.ask(None)
        return talk.say(Guidance(said("way_out_topic", talk.lang, talk.turn.district), [person_button(talk.lang)]))
    talk.say(Guidance(asked_again(talk, topic), item_buttons(talk, topic)))

