"""Reading a resident's reply: yes or no, cancel, skip, repeat, a correction, a question of their own.

Pure functions over the text (Korean and English), so each reading is tested on its own
(tests/test_dialogue_reading.py). They are deliberately forgiving: residents write "넹", "ㅇㅇ",
"하모예", "yep go ahead"; they are also careful not to read "동의 안 할래요" as a cancellation.
"""
from __future__ import annotations

import re

CANCEL = re.compile(
    r"취소|그만\s*(할|하|둘|두|해)|^\s*그만|안\s*할래|안할래|안\s*할게|다음에\s*(할게|하겠|할래|해야)|"
    r"(신고|접수|조회|민원)(은|는)?\s*(안|않|하지\s*않|다음에)|(아니다|그냥|이제)\s*됐|^\s*(아\s*)?(됐어요|됐다|됐어|됐네|됐습니다)|됐고|"
    r"\bcancel|never\s*mind|forget (it|about it|the complaint|the report|this)|drop it|\bstop\b|"
    r"don't want to (file|report|check)|not now|\bscratch (that|it)\b|고마\s*(하|해|됐|치아)|(마|고마|인자)\s*됐다|"
    # "그만 혀유 나중에 할튜" (충청도), "없던 일로 해 주세요", "접수하지 말아 주세요"; never a question ("사진은 나중에
    # 해도 돼요?", "나중에 하면 수수료 더 내요?") nor reported speech ("신고하지 말라고 했는데")
    r"그만\s*(혀|햐|허|둬|두셔)|나중에\s*(할\s*(게|께|래|튜)|하께|허께|혀유|할라요|하겠)(?![^?]*\?)|"
    r"없던\s*(일|걸|것)\s*(로|으로)|"
    r"(접수|신고)\s*하지\s*(말아\s*(주|줘|요)|마(세요|요|셔|십시오|시오)?(?![가-힣])|맙시다|말자)(?![^?]*\?)", re.I)
# "동의 안 할래요" is an answer to the consent question, not a cancellation.
_CONSENT_NO = re.compile(r"동의\s*(는\s*)?(안|않|하지)", re.I)
_CONTACT_NO = re.compile(r"(연락|전화|문자|알림|카톡|답장)(번호|처)?\s*(은|는|도)?\s*(됐|괜찮|필요\s*없|없|ㄴㄴ|패스|"
                         r"안\s*(해|하|할|주|줄|받|남))", re.I)
# "그건 그렇고", "by the way" set the task aside for a moment (a side question): they do not leave it
LEAVE = re.compile(r"그보다|그거\s*말고|그건\s*됐|다른\s*(거|것|걸)|instead|something else|another question",
                   re.I)
YES = re.compile(
    r"^\s*((네|예|응|웅|어)[네에예응엉어요용]*(?![가-힣])|넹|넵|ㅇㅇ|ㅇㅋ|ㅇㅇ|그래|좋아|좋습니다|맞아|맞습니다|맞고|하모|야\b|오케이|당연|물론|"
    r"yes|yeah|yep|yup|sure|ok|okay|correct|right|go ahead|please do|fine|that's fine|of course|absolutely)|"
    r"동의(합|해|할|함|요|\s*$)|접수\s*(해|하|요|할|$)|그렇게\s*(해|하|접수)|그대로|이대로|맞아요|맞습니다|"
    r"\b(submit|agree|i agree|go ahead|that's right|that is right|that's correct|that is correct|looks good|"
    r"all correct|all good)\b", re.I)
NO = re.compile(
    r"^\s*(아니|아뇨|아니요|아녜요|아니오|노|no\b|nope|nah|not really)|동의\s*(는\s*)?(안|않|하지|못)|"
    r"(연락|전화|문자|알림|카톡|메시지|답장)(번호|처)?(은|는|도)?\s*(안|필요\s*없|없|괜찮|됐|싫|못|ㄴㄴ|노노|패스|no\b)|"
    r"안\s*(주셔도|줘도|해도|받아도|받을래|받을게|받아요|받습니다|남길|남겨)|"
    r"\bno (contact|phone|number|calls?|thanks|texts?|sms|messages?)\b|\bno (phone )?number\b|don'?t (text|message|call) me|"
    r"without (a |my )?(contact|phone|number)|"
    r"싫|필요\s*없|don't|do not|no thanks|no,? thank|disagree|rather not", re.I)
# A form's field left empty: "모르겠어요", "넘어갈게요", "skip", "번호는 좀". Not actions/outside.UNSURE (unsure which
# group a welfare question is for: "글쎄요", "아무거나"), which keeps the question open with examples.
SKIP = re.compile(r"몰라|모르겠|모름|넘어가|넘어갈|건너뛰|건너 뛰|패스|생략|skip|don't know|dunno|not sure|no idea|\bidk\b|"
                  r"번호는\s*(좀|싫|안)", re.I)
# "다시 좀 말해봐요", "뭐라구요?", "sorry again pls", "one more time please": asked again, in any register
REPEAT = re.compile(r"다시\s*(좀\s*|한\s*번\s*|한번\s*|만\s*)*(말해|말씀해|얘기해|이야기해|보여|불러|알려|읊어)|뭐라[고구]|못\s*들었|"
                    r"다시요\??$|\brepeat\b|say (that|it) again|come again|pardon|"
                    r"^\s*(sorry,?\s*)?(again|once more|one more time)\s*(,?\s*(pls|plz|please))?\s*[?!.]*\s*$|"
                    r"^\s*sorry,?\s*(again|once more|one more time)\b", re.I)
FORGET = re.compile(r"(지워|지우|삭제|없애|파기)\s*(주|줘|줄|달|해\s*주|해줘|해 줘|해\s*주세요|요|돼|되|할\s*수|ㄱㄱ|부탁|좀|해라)|"
                    r"\b(delete|erase|remove|wipe)\b.*\b(what|my|everything|data|messages?|conversation|chat|this)\b|"
                    r"forget (what|everything|my)|\b(delete|remove|withdraw|cancel) (that|the|my) (complaint|report)|"
                    r"\b(delete|erase|wipe)\s*(해|좀|부탁|하|시켜)|"
                    r"\b(want|have|get|like|need) (it|them|this|that|everything|all|my data|my \w+(?: \w+)?) (all )?"
                    r"(deleted|erased|removed|wiped)\b|"
                    r"\b(data|info|information|messages?|chat|conversation)\b.{0,30}\b(deleted|erased|wiped)\b|"
                    r"\b(store|keep|save|record)\b.{0,40}\b(delete|erase|wipe) (it|them|that|this)\b|"
                    r"(data|messages?|chat|history|기록|개인정보)\S*\s.{0,12}(delete|erase|remove)\s*(해|하|좀|요)", re.I)
FILED = re.compile(r"(접수한|넣은|신고한|낸)\s*(민원|신고)|(that|the|my) (complaint|report)|"
                   r"(complaint|report)s? (i|I) (filed|made|sent|lodged)|"
                   r"민원(도|을|은)?\s*(같이\s*)?(지워|삭제|취소)|"
                   r"(complaint|report) (i|I) (filed|made|sent)|withdraw", re.I)
CORRECTION = re.compile(r"잘못|틀렸|틀려|말고|아니라|아니고|고칠|고쳐|바꿀|바꿔|정정|수정|헷갈렸|헷갈려|착각|wrong|actually|"
                        r"correction|not .* but|change (the|it)|fix|my bad|i meant|[,;]\s*not\s+[A-Z]", re.I)
QUESTION = re.compile(r"\?|까요|[었았했됐하있없되]나요|인가요|니까|는지|뭐예요|뭔가요|몇\s*(시|일|번|개|월|살)|며칠(?!\s*째)|"
                      r"얼마|언제|어디|무슨\s*요일|어떻게|왜|되나요|돼요\?|있어요\?|"
                      r"\b(how|what|when|where|which|who|why|is there|"
                      r"are there|can i|do i|does|is it)\b|"
                      # spoken and dialect questions: "우째 되는데", "하는교", "달라지남유", "따로 하는 거여", "되노"
                      r"우째|어째|워찌|어찌|우찌|뭐꼬|뭐라카|는교|능교|[니남]꺼|남유|나유|[가는]겨|거여|건가|"
                      r"[되하있없]남\b|[되하]노\b|냐\s*[?.!]*\s*$|(있|없|되)나\s*[?.!~]*\s*$", re.I)
HOW_LONG = re.compile(r"며칠(?!\s*(째|전|동안))|얼마나\s*(걸|오래)|처리\s*(기간|기한)|언제까지\s*처리|how long|how many days|how soon",
                      re.I)
UPSET = re.compile(r"화(가)?\s*나|화나|짜증|열받|열 받|답답|속상|미치겠|못\s*살겠|도대체|몇\s*번을|일을\s*(하|안)|"
                   r"어이없|기가\s*막|angry|furious|ridiculous|fed up|sick of|unacceptable|again and again|"
                   r"외롭|힘들어|힘드|우울|lonely|depressed", re.I)
FOUR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_FILLER_END = re.compile(r"\s*(이요|이에요|예요|에요|입니다|입니더|이라예|이라요|이어라|이요\.|요|\.|!)+\s*$")


def is_cancel(text: str) -> bool:
    """"취소", "그만할래요", "never mind" — not a refusal of the contact ("동의 안 할래요", "연락은 됐고예"), which answers
    the consent question, unless it says 취소 / 그만 / cancel as well."""
    text = text or ""
    if not CANCEL.search(text):
        return False
    if _CONSENT_NO.search(text) or _CONTACT_NO.search(text):
        return bool(re.search(r"취소|그만|cancel", text, re.I))
    return True


def says_yes(text: str) -> bool:
    return bool(YES.search(text or "")) and not says_no(text)


def says_no(text: str) -> bool:
    return bool(NO.search(text or ""))


def wants_skip(text: str) -> bool:
    return bool(SKIP.search(text or ""))


def passes(text: str) -> bool:
    """"그건 넘어가 주세요", "skip that": passing over a question (not "잘 모르겠는데", which asks what it means)."""
    return bool(re.search(r"넘어가|넘어갈|건너뛰|건너 뛰|패스|생략|\bskip\b|\bpass\b", text or "", re.I))


def wants_repeat(text: str) -> bool:
    return bool(REPEAT.search(text or ""))


def wants_forgetting(text: str) -> bool:
    return bool(FORGET.search(text or "")) or bool(re.search(r"기록\s*(이\s*)?남|남는\s*거\s*싫", text or ""))


def about_filed_complaint(text: str) -> bool:
    return bool(FILED.search(text or ""))


def wants_person(text: str) -> bool:
    """"사람이랑 얘기하고 싶어요": a person, not the bot (inside a task, this ends the task)."""
    return bool(re.search(r"사람|직원|상담(원|사)|담당자|연결|human|person|staff|agent|someone real", text or "", re.I))


# Plainly asking for a person, whatever the NLU made of the rest ("hi po can i talk to a real staff? i have a …")
ASKS_PERSON = re.compile(r"\b(talk|speak|chat)\s+(to|with)\s+(a |an |some |the )?(real |actual |live )?(person|human|staff|"
                         r"someone|somebody|agent|officer|operator)|\breal (staff|person|human)\b|"
                         r"상담원\s*(연결|이랑|하고|과|좀|불러|바꿔)|(사람|직원|상담사|담당자)\S{0,3}\s*(좀\s*)?(이랑|하고|과|랑)?\s*"
                         r"(직접\s*)?(얘기|이야기|통화|대화|연결|바꿔|바꾸)", re.I)


def asks_for_person(text: str) -> bool:
    return bool(ASKS_PERSON.search(text or ""))


def thanks(text: str) -> bool:
    return bool(re.search(r"고맙|고마워|감사|thank", text or "", re.I))


def is_correction(text: str) -> bool:
    return bool(CORRECTION.search(text or ""))


def is_question(text: str) -> bool:
    return bool(QUESTION.search(text or ""))


ASKS_TO_TELL = re.compile(r"(알려|가르쳐)\s*(주|줘|줄|달)|\btell me\b|\blet me know\b", re.I)


def asks(text: str) -> bool:
    """A question, or a request to be told something ("2인용 소파 버리는 비용 알려 주세요"): where an answer to
    the bot's own question was expected, the resident asking instead."""
    return is_question(text) or bool(ASKS_TO_TELL.search(text or ""))


def asks_how_long(text: str) -> bool:
    return bool(HOW_LONG.search(text or ""))


def is_upset(text: str) -> bool:
    return bool(UPSET.search(text or ""))


HEDGE = re.compile(r"^\s*(글쎄|음+\b|흠+|어+\.\.|그냥\s*(저기|거기|뭐)|well\b|hmm+|umm*\b|i guess\b)", re.I)


def hedges(text: str) -> bool:
    """"글쎄요 그냥 저기요", "hmm": no answer to the question (not a greeting, though "저기요" is one)."""
    return bool(HEDGE.search(text or ""))


def leaves_topic(text: str) -> bool:
    return bool(LEAVE.search(text or ""))


def read_ticket_in(text: str) -> str | None:
    """A ticket number by its pattern (2026-000123 or 2026-000123-K7MQ), never the sentence around it."""
    from bot.complaints.tickets import IN_TEXT

    found = IN_TEXT.search(text or "")
    return found.group(0) if found else None


def four_digits(text: str, ticket: str | None = None) -> str | None:
    """The phone's last four digits, only as a group of exactly four (never a part of a longer number)."""
    rest = (text or "").replace(ticket, " ") if ticket else (text or "")
    rest = re.sub(r"20\d{2}-\d{6}(-[0-9A-Za-z]{4})?", " ", rest)
    found = FOUR.findall(rest)
    return found[-1] if len(set(found)) == 1 else None


def after_correction(text: str) -> str:
    """The corrected value: what follows "말고", "아니라", "is wrong." …, else the whole text."""
    # "not Majang — it's Sangwangsimni Station exit 1", "not X, it's Y": what follows the one taken back
    negated_first = re.search(r"\bnot\s+[^,.!?;—–-]+[,;—–-]+\s*(?:it'?s|it is|i meant|i mean|but|rather)\s+([^,.!?;]+)",
                              text or "", re.I)
    if negated_first and not re.search(r"말고|아니라|아니고", text or ""):
        return negated_first.group(1).strip()
    english = re.search(r"(?:^|[,.!?]\s*)(?:it'?s|it is|i meant|i mean)?\s*([^,.!?]+?)\s*[,;]\s*not\s+[^,.!?]+", text or "", re.I)
    if english and not re.search(r"말고|아니라|아니고", text or ""):   # "it's Yongdap Station, not Majang": the first
        return english.group(1).strip()
    parts = re.split(r"말고|아니라|아니고|(?:틀렸|잘못\s*\S+|고칠래|고칠게|헷갈렸\S*|착각\S*|wrong|actually|my bad)[^.!?,]*[.!?,]",
                     text or "")
    tail = parts[-1].strip(" ,.") if len(parts) > 1 else ""
    return tail if len(tail) >= 2 else (text or "")


def tidy(text: str) -> str:
    """A value as the resident gave it, without the "이요/예요" that ends the sentence."""
    return _FILLER_END.sub("", (text or "").strip()).strip()

# Words that carry nothing of their own: pointers, fillers, "you know" ("그거요", "아 그거 있잖아요", "the thing",
# "you know the thing", "?"). A reply made only of them answers no question: it is asked again, with an example.
_EMPTY_KO = re.compile(r"(그거|그것|그게|그건|저거|저것|이거|이것|요거|거시기|머시기|뭐더라|뭐시기|뭐냐|음+|으음|"
                       r"있잖아|있잖아요|있자나|있자나요|알잖아|알잖아요|아시잖아요|그니까|그러니까|말이에요|말이야|말예요)"
                       r"(요|예요|이요|말이에요)?|(뭐|그|아|어|에|엥|흠|거|것)요?|저")
_EMPTY_EN = re.compile(r"the|a|an|that|this|those|these|it|one|thing|things|stuff|thingy|you|know|like|um+|uh+|hm+|er|erm|"
                       r"ah+|oh|what|whats|what's|called|whatchamacallit|whatsit", re.I)


def empty_reply(text: str) -> bool:
    """"그거요", "아 그거 있잖아요", "the thing", "you know the thing", "?": nothing but pointers and fillers — no yes, no
    thanks, no name. Not "네", "아니요", "몰라요", "저요" or any word of substance."""
    text = (text or "").strip()
    tokens = re.findall(r"[A-Za-z']+|[가-힣ㄱ-ㅎ]+|[0-9]+", text)
    if not text or len(text) > 40 or says_no(text) or says_yes(text) and \
            (len(tokens) < 2 or not re.match(r"\s*(어|아|음)(?![가-힣])", text)):
        return False      # "어" alone is a yes; "어 그거" is not
    return all(_EMPTY_KO.fullmatch(t) or _EMPTY_EN.fullmatch(t) for t in tokens)


# "잠깐만요", "잠시만요 ㅎㅎ", "wait a sec", "hold on": the resident needs a moment, the question stays open
WAIT = re.compile(r"^\s*(아\s*)?(잠깐|잠시|잠시만|잠깐만)(만|요|만요|만용|기다려|기다려\s*주세요|요\s*ㅎ+)?[\sㅎㅋ.~!]*$|"
                  r"^\s*(wait|hold on|one sec(ond)?|just a (sec(ond)?|moment|minute)|give me a (sec(ond)?|moment|minute)|"
                  r"hang on)(\s+(a\s+)?(sec(ond)?|moment|minute|please|pls)){0,2}[\s.!]*$", re.I)


def asks_to_wait(text: str) -> bool:
    return bool(WAIT.search(text or ""))


# "그럼 니가 해줄 수 있는게 뭔데", "뭘 물어볼 수 있는데요", "what can you help me with right now?": what the bot does.
# The English ones end the message: "what can you do about the noise?", "what should I ask my landlord" are not it
_THEN = r"(\s+(for me|for us|here|now|right now|exactly|then|today|actually|anyway|though|besides|again))*\s*[?.!]*$"
CAN_DO = re.compile(r"(니가|너는|네가|넌|챗봇은?|당신은?|여기서는?)?\s*(해\s*줄|해\s*주는|도와\s*줄|할|물어\s*볼|물어볼|"
                    r"물을|알려\s*줄)\s*수\s*있는\s*(게|거|건|것)\s*(뭐|뭔|무엇|뭐야|뭔데|있)|"
                    r"(뭘|뭐|무엇을|뭐를)\s*(할|해\s*줄|도와\s*줄|물어\s*볼|물어볼|물어봐도|물을|알려\s*줄)\s*수\s*있|"
                    r"(뭘|뭐|무엇을)\s*(물어봐도|물어보면)\s*(돼|되)|뭐\s*(해\s*줄|도와\s*줄)\s*수\s*있|"
                    r"\bwhat (else )?(can|could|do) you (do|help( me| us)? with|help people with|answer)" + _THEN + "|"
                    r"(또|다른\s*건|그\s*밖에|이거\s*말고)\s*(또\s*)?(뭐|뭘|무엇을?)\s*(해\s*줄|해줄|도와\s*줄|할)\s*수|"
                    r"\bwhat are you (able to do|for|good for)" + _THEN + r"|\bhow can you help( me| us)?" + _THEN + "|"
                    r"\bwhat (kind of )?(things|questions) can (i ask|you (answer|do))( you)?" + _THEN + "|"
                    # answers-21j's: "어떤 걸 물어봐도 돼요", "뭘 여쭤 볼 수 있어요", "what should I ask"
                    r"(뭘|뭐|무엇을|어떤\s*(걸|것을?|거))\s*(물어\s*봐도|여쭤\s*볼)\s*(수\s*있|돼|되)|"
                    r"\bwhat (can|should|do) i ask( you| here)?" + _THEN, re.I)
# "주민센터에서 뭐 해 줄 수 있어요?", "집주인한테 뭘 물어볼 수 있어요?": what another place does, unless the bot is named
_BOT_NAMED = re.compile(r"니가|너는|네가|넌|너한테|니한테|챗봇|당신|여기서|여기선|여기에서")
_ELSEWHERE = re.compile(r"(?<![가-힣])(?!여기|거기|챗봇|너|니|당신)[가-힣]+\s*(에서|에게|한테|께서|께)(?![가-힣])")


def asks_what_bot_does(text: str) -> bool:
    words = text or ""
    return bool(CAN_DO.search(words)) and (not _ELSEWHERE.search(words) or bool(_BOT_NAMED.search(words)))


# "가로등은 어느 부서에서 고쳐요?", "who fixes it?": which department handles a kind of problem
DEPARTMENT_ASKED = re.compile(r"어느\s*(부서|과)|무슨\s*(부서|과)|담당\s*(부서|과|자|은|는|이|이\s*누구)|"
                              r"(어디|누가)\S{0,3}\s*(고쳐|고치|처리|맡|해\s*줘|담당)|부서(가|는|에서)?\s*(어디|뭐)|"
                              r"which (department|division|team)|who (fixes|repairs|handles|deals with|is in charge)",
                              re.I)


def asks_department(text: str) -> bool:
    return bool(DEPARTMENT_ASKED.search(text or ""))
