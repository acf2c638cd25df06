"""One turn of the dialogue manager: what it knows (turn, state), what it says and the events it returns.

Also the answers every part of the manager may give: a topic answer from the tables, a FAQ answer,
small talk, the person to call. They return ``Guidance`` and never raise for a resident to see.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk.events import SlotSet

from actions.turn import Turn
from bot.dialogue.state import DialogueState
from bot.dialogue.texts import said
from bot.dialogue.several import split_pair
from bot.guidance import Button, Guidance, joined, pick

logger = logging.getLogger(__name__)
TOPIC_INTENTS = ("waste_collection_schedule", "bulky_waste", "recycling_guide", "welfare_programs", "welfare_apply",
                 "events_search", "office_info")
COMPLAINT_INTENTS = ("file_complaint", "report_cleaning_issue")
SMALL_TALK = {"greet": "utter_greet", "goodbye": "utter_goodbye", "thanks": "utter_thanks",
              "bot_challenge": "utter_iamabot", "affirm": "utter_affirm", "deny": "utter_deny"}


@dataclass
class Talk:
    turn: Turn
    state: DialogueState
    out: list[Guidance] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)      # domain responses (utter_…) to send
    events: list[dict[str, Any]] = field(default_factory=list)
    topic: str | None = None                                  # the topic this turn answered
    followed_up: bool = False                                 # answered as a follow-up of the last FAQ answer
    values_before: dict[str, Any] = field(default_factory=dict)   # the task's values when the turn began
    repeating: bool = False                                   # "다시 말해 주세요": the last reply, all of it, again
    interrupted: str | None = None                            # the topic question a side question came inside

    def __post_init__(self) -> None:
        self.values_before = dict(self.state.values)

    @property
    def lang(self) -> str:
        return self.turn.lang

    @property
    def text(self) -> str:
        return "" if self.turn.is_payload else self.turn.text

    def say(self, guidance: Guidance) -> None:
        self.out.append(guidance)

    def line(self, key: str, buttons: list[Button] | None = None, **values: str) -> None:
        self.out.append(Guidance(said(key, self.lang, self.turn.district, **values), buttons or []))

    def slot(self, name: str, value: Any) -> None:
        self.events.append(SlotSet(name, value))


def topic_answer(talk: Talk, intent: str, turn: Turn | None = None) -> Guidance:
    """What the topic's table says (actions/topics.py handlers), or a FAQ row that clearly matches."""
    import actions.community  # noqa: F401  (each topic module registers its handler in HANDLERS)
    import actions.offices  # noqa: F401
    import actions.waste  # noqa: F401
    from actions.knowledge import refusal
    from actions.topics import HANDLERS, faq_instead, topic_for

    turn = turn or talk.turn
    if turn.names_elsewhere():   # "부산 해운대구 쓰레기 요일": our tables would answer for the wrong place
        return refusal(turn)
    topic = topic_for(turn, intent)
    guidance = HANDLERS[topic](turn)
    talk.topic = topic
    talk.slot("topic", topic)
    if guidance.buttons and "?" in guidance.text:   # the table needs a 동, an item, a group: remember we asked
        talk.state.ask("topic", topic)
    return guidance if guidance.specific else faq_instead(turn) or guidance


def knowledge_answer(talk: Talk, remember: bool = True, strict: bool | None = None,
                     question: str | None = None) -> Guidance | None:
    """A FAQ answer (or a kind refusal with a contact when ``remember``); None when only a refusal is left
    and ``remember`` is False: a side question inside a task, which must match a FAQ row clearly (the
    threshold of a FAQ answer instead of a table's), else it is read as an unusable answer."""
    from actions.knowledge import answer_service, from_faq, refusal, remember_unanswered
    from actions.turn import settings

    turn = talk.turn
    strict = not remember if strict is None else strict
    threshold = {"threshold": settings().faq_instead_threshold} if strict else {}
    asked = question or turn.text
    answer = answer_service().answer(asked, turn.lang, today=turn.today, checked=turn.meta.checked, **threshold) \
        if not turn.is_payload else None
    if answer is not None and answer.status == "answered":
        found = from_faq(answer)
        return faq_each(talk, split_pair(asked), found, strict) or found
    if not remember:
        return None
    if answer is not None and answer.refusal in ("out_of_scope", "unclear"):
        remember_unanswered(turn, answer.refusal, turn.tracker.get_latest_input_channel() or "web")
    return refusal(turn, answer)


def faq_each(talk: Talk, questions: tuple[str, str] | None, whole: Guidance | None = None,
             strict: bool = False) -> Guidance | None:
    """Two questions asked at once ("재산세랑 자동차세 내는 달이 각각 언제예요?"): one FAQ answer each, when
    each is answered by a row of its own (and the whole question's row is one of them); else None."""
    from actions.knowledge import answer_service, from_faq
    from actions.turn import settings

    if questions is None:
        return None
    turn = talk.turn
    threshold = {"threshold": settings().faq_instead_threshold} if strict else {}
    answers = [answer_service().answer(q, turn.lang, today=turn.today, checked=turn.meta.checked, **threshold)
               for q in questions]
    if any(a.status != "answered" for a in answers):
        return None
    found = [from_faq(a) for a in answers]
    rows = [tuple(c.id for c in g.citations) for g in found]
    whole_rows = {c.id for c in whole.citations} if whole is not None else set()
    if rows[0] == rows[1] or not all(rows) or (whole_rows and not whole_rows & {r[0] for r in rows}):
        return None
    return joined(found)


def person_to_call(talk: Talk, hand_over: bool = True) -> Guidance:
    """``hand_over``: the conversation goes to the staff inbox in office hours, a callback request after
    hours (issue 23). Otherwise — "어디로 전화해요?", or a message merely classified as asking for a person —
    the numbers and hours of people who can help: a misread message must not queue a resident for staff."""
    from actions.offices import person_for
    from bot.guidance import offices

    if not hand_over:
        return offices.person_to_call(talk.turn.district, talk.lang)
    return person_for(talk.turn, talk.state.last_intent or "")


def asks_for_a_person(talk: Talk) -> bool:
    """The resident pressed "상담원 연결", or said plainly they want a person ("상담원 연결해 주세요")."""
    from bot.dialogue import reading

    return talk.turn.is_payload or (confident(talk, 0.6) and reading.wants_person(talk.turn.text)) or \
        reading.asks_for_person(talk.turn.text)


def anyone_there(talk: Talk) -> Guidance | None:
    """"지금 아무도 없어요?" → whether the office is open now (guidance-21's answer, when it is there)."""
    try:
        from bot.guidance.offices import anyone_there as answer, asks_if_anyone_there
    except ImportError:
        return None
    if not asks_if_anyone_there(talk.turn.text):
        return None
    return answer(talk.turn.district, talk.turn.now, talk.lang)


def follow_up(talk: Talk) -> Guidance | None:
    """"대신 신청해도 돼요?" about the row the last answer came from (guidance-21's, when it is there)."""
    state = talk.state
    # the rows decide: an answer of several kinds at once ("피자 박스랑 컵라면 용기") has table rows and no one topic
    if not (state.last_intent or any(":" in c for c in state.last_citations)) or talk.turn.is_payload or \
            stands_alone(talk) or leaves_for_another_topic(talk):
        return None
    from bot.guidance.followups import points_back_at

    if names_a_row_of_its_own(talk) and not talk.turn.is_follow_up() and not _ELLIPTICAL.search(talk.text) and \
            points_back_at(talk.text) is None:
        return None     # "이번 주 토요일에 구청 앞에서 뭐 한다 카던데" after an office's card: that Saturday's events
    try:
        from bot.guidance.followups import follow_up as answer
    except ImportError:
        return None
    try:
        found = answer(talk.turn.district, state.last_intent, state.last_citations, talk.turn.text, talk.lang,
                       talk.turn.now, person=state.person, earlier=state.last_question)
        if found is None and state.earlier_intent and state.earlier_intent != state.last_intent:
            # "이웃인데 제가 신청해도 돼요?" after a side question about the centre's number: the welfare answer before it
            found = answer(talk.turn.district, state.earlier_intent, state.earlier_citations, talk.turn.text,
                           talk.lang, talk.turn.now, person=state.person)
            if found is not None:
                state.last_intent, state.last_citations = state.earlier_intent, list(state.earlier_citations)
        return None if found is not None and about_something_else(talk, found) else found
    except Exception:   # a follow-up it could not read is simply not a follow-up
        logger.exception("follow-up failed")
        return None


def leaves_for_another_topic(talk: Talk, about: str | None = None) -> bool:
    """"아 그거 말고요 … 휠체어 버리는 건 얼마예요" after welfare programmes: a leaving phrase ("그거 말고", "그보다",
    "something else") and a question the NLU places in another topic than the last answer's, borne out by its words —
    a new question, neither a follow-up nor a correction of the answer just given. With ``about`` (what a correction
    gives instead), that value alone can tell it: its words bear out the NLU's topic and not the last answer's."""
    from bot.dialogue import reading
    from bot.dialogue.cues import TOPIC_OF_INTENT, supports, topics_in

    words = talk.text
    mine, theirs = TOPIC_OF_INTENT.get(talk.turn.intent or ""), TOPIC_OF_INTENT.get(talk.state.last_intent or "")
    if not (mine and mine != theirs and confident(talk, 0.5)):
        return False
    if about is not None and theirs and supports(mine, about) and not supports(theirs, about):
        return True
    return bool(words) and reading.leaves_topic(words) and (supports(mine, words) or mine in topics_in(words))


def stands_alone(talk: Talk) -> bool:
    """A whole question of another topic than the last answer's, read so with confidence: "im 27 and renting a
    room alone, any help with rent??" after a sofa's fee, "When do I have to pay property tax?" after welfare
    programmes. It is answered for itself, not from the last answer's rows (a follow-up is short, points back,
    or names the last answer's topic)."""
    from bot.dialogue.cues import TOPIC_OF_INTENT, supports, topics_in
    from bot.guidance.followups import TOPIC_CUES, points_back
    import re

    words, intent, last = talk.text, talk.turn.intent, talk.state.last_intent
    if not words or not confident(talk, 0.8) or intent in (*COMPLAINT_INTENTS, *SMALL_TALK, "request_human"):
        return False
    if names_the_last_rows(talk):
        return False      # "높이 1미터 넘는 책장이면 얼마예요" right after the bookcase's fees: about that row
    mine = TOPIC_OF_INTENT.get(intent) or ("faq" if intent == "out_of_scope" else None)
    theirs = TOPIC_OF_INTENT.get(last or "")
    if mine is None or theirs is None:
        return False
    hangul = len(re.findall(r"[가-힣]", words))
    own_words = mine in topics_in(words)
    korean = hangul * 2 >= len(re.findall(r"[A-Za-z]", words))
    long_enough = hangul >= (10 if own_words else 14) if korean else len(words) >= 35
    if mine == theirs:
        # a new search of the same table with its own words and filters ("평일 낮에 엄마 모시고 갈만한 행사 있나요"
        # after a weekend's events): events only, where a follow-up is about one shown row
        return mine == "events" and own_words and long_enough and confident(talk, 0.95) and not points_back(words)
    if not long_enough or theirs in topics_in(words) or re.search(TOPIC_CUES.get(theirs, "$^"), words, re.I):
        return False
    # its own topic in its own words ("뭐 한다 카던데", "주민센터"): "신청은 주민센터 가서 하면 되는규?" read as
    # welfare_apply names no programme and stays a follow-up of a fridge's fee; a FAQ question needs 0.9
    named = own_words or supports(mine, words) if mine != "faq" else confident(talk, 0.9)
    # "he", "this area" in a long message point at what the message itself names ("My father is 78 … could he get"),
    # "각각" at the two things it names ("재산세랑 자동차세 내는 달이 각각 언제예요?")
    back = points_back(words) and split_pair(words) is None
    return named and (not back or own_words or len(words) >= 60)


# English words that name no subject of their own: a follow-up may say them of the answer just given
_GENERIC_EN = frozenset("""need needs want wants like know tell get got make made take go going come anything something
everything nothing thing things way ways much many one ones also still just really please thanks thank okay ok yes
right now today tomorrow yesterday time day days week weeks month year good best able allowed help info information
mean say said again sure kind sort type cheers great cool sorry wait hmm alright fine pay paid paying use used buy their
what's whats little small big large tiny young old
put bring brought throw call ask check find look see send do does did done work live lives move moved try""".split())
# People the question is about ("my mom wants to apply for me"): who asks, not what is asked about
_PEOPLE = re.compile(r"엄마|어머니|아버지|아빠|아들|딸|남편|아내|부인|할머니|할아버지|부모|동생|형|누나|언니|오빠|가족|"
                     r"^(mom|mum|mother|dad|father|son|daughter|wife|husband|brother|sister|grandmother|grandma|"
                     r"grandfather|grandpa|parents?|family|kids?|child|children|friend|neighbou?r)$", re.I)
# "and general trash?", "what about normal trash there", "음식물은요?": the same question of another thing, by its form
_ELLIPTICAL = re.compile(r"^\s*(and|what about|how about|also|or)\b|(은|는|도)요?\s*[?？]?\s*$", re.I)


def own_subjects(words: str) -> list[str]:
    """The things a message names itself: Korean nouns, English content words — without the words that ask for a
    column of an answer (신청, 얼마, 서류, where, free …), 동 and time words, people, and words that name no subject."""
    from bot.guidance.asks import asks
    from bot.search.lexical import nouns, terms

    hangul = len(re.findall(r"[가-힣]", words)) * 2 >= len(re.findall(r"[A-Za-z]", words))
    found = nouns(words) if hangul else [t for t in terms(words) if len(t) >= 3 and t not in _GENERIC_EN]
    return [w for w in dict.fromkeys(found) if not asks(w).any() and not _PEOPLE.search(w) and
            w not in _GENERIC_KO and not re.search(r"\d|동$|요일|오늘|내일|이번|다음", w)]


# Korean nouns that name no subject of their own: "받을 방법이 없어요?" asks of the answer just given
_GENERIC_KO = frozenset({"방법", "거", "것", "수", "때", "데", "곳", "정도", "경우", "지금", "그럼", "혹시", "보통", "대충", "대략",
                         "주로", "원래", "평소"})


def about_something_else(talk: Talk, found: Guidance) -> bool:
    """A question that names a thing of its own which the answer just given never mentions ("따릉이 한 시간 타면
    얼마예요" after an event's card, "How do I register my puppy?" after a sofa's fee, "등본을 인터넷으로 뗄 수
    있어요?" after events) and that the FAQ or a topic answers clearly when asked alone, is a new question: a
    counsellor answers it, rather than the fee, the sign-up or the place of the last answer. A question that points
    back ("그건", "it", "둘 다") or names only what the answer or its follow-up (``found``) says stays one
    ("냉장고는요?" after a sofa's fee: the fridge's row)."""
    from bot.guidance.followups import points_back_at
    from bot.knowledge.matching import squash

    words, state = talk.text, talk.state
    if not words or not state.last_text or talk.turn.is_follow_up() or _ELLIPTICAL.search(words):
        return False
    said_before = squash(f"{state.last_text} {state.last_question or ''} {found.text}").casefold()
    new = [w for w in own_subjects(words) if squash(w).casefold() not in said_before]
    if not new:
        return False
    pointer = points_back_at(words)
    first_new = min((at for at in (words.casefold().find(w.casefold()) for w in new) if at >= 0), default=len(words))
    korean = bool(re.search(r"[가-힣]", words))
    if pointer is not None and (pointer <= first_new or not korean):
        return False     # "그건 카드로 내도 돼요?", "do I pay for it online?"; but "유리컵이 깨졌는데 이거 …" points at 유리컵
    if names_a_row_of_its_own(talk):
        return True      # "where i throw battery? used one" after welfare programmes: the battery's row, read so surely
    alone = knowledge_answer(talk, remember=False, strict=True)
    return alone is not None and bool({c.id for c in alone.citations} - set(state.last_citations))


def names_the_last_rows(talk: Talk) -> bool:
    """The message names an item or a programme the last answer came from (its bulky-fee, sorting or welfare row)."""
    district, words = talk.turn.district, talk.text
    cited = talk.state.last_citations
    keys = {c.split(":", 1)[1] for c in cited if c.startswith(("bulky_fees:", "recycling:"))}
    if keys:
        recycled, bulky = district.items_named(words)
        if keys & ({r.item for r in recycled} | set(bulky)):
            return True
    programmes = {c.split(":", 1)[1] for c in cited if c.startswith("welfare:")}
    return bool(programmes) and any(p.id in programmes for p in district.welfare_named(words))


def names_a_row_of_its_own(talk: Talk) -> bool:
    """The NLU reads the message surely (0.9) as another topic than the last answer's, and it names a row of that
    topic's own table (an item to sort, a 동, a programme)."""
    from actions.context import names_a_row
    from bot.dialogue.cues import TOPIC_OF_INTENT

    mine, theirs = TOPIC_OF_INTENT.get(talk.turn.intent or ""), TOPIC_OF_INTENT.get(talk.state.last_intent or "")
    return bool(mine) and mine != theirs and confident(talk, 0.9) and names_a_row(talk, mine)


def acknowledgement(talk: Talk) -> str:
    try:
        from bot.guidance.feelings import acknowledge
    except ImportError:
        return said("sorry_upset", talk.lang)
    return acknowledge(talk.lang, talk.turn.text)


def person_button(lang: str) -> Button:
    """"상담원 연결": the conversation goes to the staff inbox (issue 23)."""
    return Button(pick(lang, "상담원 연결", "Talk to a person"), "/request_human")


def start_offers(lang: str) -> list[Button]:
    return [Button(pick(lang, "민원 접수", "File a complaint"), "/file_complaint"), person_button(lang)]


def confident(talk: Talk, floor: float | None = None) -> bool:
    """The intent is at least ``floor`` sure; by default the confidence a form needs to start
    (``MINWON_FORM_START_CONFIDENCE``, 0.5: issue 21's bulky-waste follow-up read as file_complaint at 0.41)."""
    from actions.turn import settings

    return talk.turn.intent_confidence >= (floor if floor is not None else settings().form_start_confidence)
