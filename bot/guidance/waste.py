"""Collection days, bulky-waste fees and booking, and how to sort an item."""
from __future__ import annotations

import re

from bot.guidance import Button, Citation, Guidance, cite, payload, pick
from bot.knowledge.district import District
from bot.knowledge.tables import DongSchedule, RecyclingItem
from bot.particles import particle

EN_DAYS = dict(zip("월화수목금토일", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
WASTE_TYPES = {
    "general": ("일반쓰레기(종량제 봉투)", "General waste (pay-as-you-throw bags)", "general_days"),
    "food": ("음식물쓰레기", "Food waste", "food_days"),
    "recyclables": ("재활용품", "Recyclables", "recyclables_days"),
}
WASTE_WORDS = {
    "general": ("일반쓰레기", "일반 쓰레기", "종량제", "생활쓰레기", "general", "trash", "garbage"),
    "food": ("음식물", "음쓰", "food"),
    "recyclables": ("재활용", "분리수거", "분리배출", "recycl"),
}


def waste_type_in(text: str) -> str | None:
    lowered = text.lower()
    for key, words in WASTE_WORDS.items():
        if any(w in lowered for w in words):
            return key
    return None


def waste_types_in(text: str) -> list[str]:
    """Every kind of waste a message names, in the table's order ("일반쓰레기는 언제 … 그리고 재활용도요": both)."""
    lowered = text.lower()
    return [key for key, words in WASTE_WORDS.items() if any(w in lowered for w in words)]


def ask_dong(district: District, lang: str, intent: str, choices: list[DongSchedule] | None = None,
             asked: str = "") -> Guidance:
    """Which dong? Buttons for every candidate (all dongs when none was named)."""
    options = choices or district.schedules
    if choices:
        # the choices are named in the text too: a channel without buttons, a screen reader, a resident who types
        named_ko = ", ".join(s.dong for s in choices)
        named_en = ", ".join(s.dong_en for s in choices)
        text = pick(lang, f"'{asked}'{particle(asked, '은')} 여러 행정동으로 나뉘어 있어요: {named_ko}. 어느 동인가요?",
                    f"'{asked}' covers several neighbourhoods (dong): {named_en}. Which one do you mean?")
    else:
        text = pick(lang, "어느 동에 사세요? 아래에서 고르거나 동 이름을 입력해 주세요.",
                    "Which neighbourhood (dong) do you live in? Choose one below or type its name.")
    buttons = [Button(pick(lang, s.dong, s.dong_en), payload(intent, dong=s.dong)) for s in options]
    return Guidance(text, buttons)


def collection_days(schedule: DongSchedule, lang: str, waste_type: str | list[str] | None = None) -> Guidance:
    asked = waste_type if isinstance(waste_type, list) else [waste_type]
    kinds = [k for k in asked if k in WASTE_TYPES] or list(WASTE_TYPES)
    lines = []
    for kind in kinds:
        ko_name, en_name, column = WASTE_TYPES[kind]
        days = getattr(schedule, column)
        # whole day names: "월요일" is not misread, and "재활용은 언제예요?" is answered "월요일"
        shown = "·".join(f"{d}요일" for d in days) if lang != "en" else ", ".join(EN_DAYS[d] for d in days)
        lines.append(f"• {pick(lang, ko_name, en_name)}: {shown}")
    window = f"{schedule.put_out_from}~{schedule.put_out_until}"
    if lang == "en":
        text = (f"Collection days in {schedule.dong_en} — put it out on these evenings:\n"
                + "\n".join(lines) + f"\nPut it out between {window}"
                + (f", {schedule.place_en[:1].lower() + schedule.place_en[1:]}." if schedule.place_en else ".")
                + (f"\n{schedule.note_en}" if schedule.note_en else ""))
    else:
        text = (f"{schedule.dong} 배출 요일이에요. 아래 요일 저녁에 내놓아 주세요.\n" + "\n".join(lines)
                + f"\n배출 시간: {window}" + (f" · 장소: {schedule.place}" if schedule.place else "")
                + (f"\n{schedule.note}" if schedule.note else ""))
    title = pick(lang, f"{schedule.dong} 쓰레기 배출 안내", f"Waste collection in {schedule.dong_en}")
    return Guidance(text, citations=cite("waste_collection", schedule.dong, title, schedule.source_url))


def shared_put_out(district: District) -> tuple[str, str] | None:
    """The put-out hours (from, until) when every 동 of the table has the same ones, else None."""
    windows = {(s.put_out_from, s.put_out_until) for s in district.schedules}
    return windows.pop() if len(windows) == 1 else None


def put_out_window(district: District, lang: str, waste_type: str | list[str] | None = None) -> Guidance | None:
    """"일반쓰레기 몇 시부터 내놔요?" with no 동 known: the hours, when every 동 shares them (the days differ;
    the 동 is offered for those, not asked as a question the next message must answer). None when they differ."""
    window = shared_put_out(district)
    if window is None:
        return None
    start, end = window
    one = waste_type if isinstance(waste_type, str) else None
    ko_name, en_name = (WASTE_TYPES[one][:2] if one in WASTE_TYPES else ("쓰레기", "Rubbish"))
    ko_name, en_name = ko_name.split("(")[0], en_name.split(" (")[0]
    text = pick(lang, f"{ko_name}{particle(ko_name, '은')} 배출 요일 저녁 {start}부터 {end} 사이에 내놓아 주세요. 시간은 "
                      f"모든 동이 같아요. 배출 요일은 동마다 달라서, 사시는 동 이름을 알려 주시면 요일도 알려 드릴게요.",
                f"{en_name} goes out on your collection evenings between {start} and {end}; the hours are the same in "
                f"every neighbourhood. The days differ by neighbourhood (dong): tell me yours and I'll give you "
                f"the days too.")
    first = district.schedules[0]
    title = pick(lang, "쓰레기 배출 시간", "Waste put-out hours")
    return Guidance(text, citations=cite("waste_collection", first.dong, title, first.source_url))


def won(amount: int, lang: str) -> str:
    """An amount of money as the resident's language writes it: "8,000원", "KRW 8,000"."""
    return f"{amount:,}원" if lang != "en" else f"KRW {amount:,}"


def _fee_lines(district: District, item: str, lang: str) -> list[str]:
    lines = []
    for fee in district.fees_for(item):
        size = pick(lang, fee.size, fee.size_en)
        amount = won(fee.fee_krw, lang)
        lines.append(f"• {size + ': ' if size else ''}{amount}")
    return lines


def _booking_citations(district: District, lang: str) -> list[Citation]:
    found: list[Citation] = []
    for method in district.booking[:1]:
        found += cite("bulky_booking", method.method, pick(lang, "대형폐기물 신고 방법", "How to book a pick-up"),
                      method.source_url)
    return found


def _fee_citation(district: District, item: str, lang: str) -> list[Citation]:
    first = district.fees_for(item)[0]
    title = pick(lang, f"대형폐기물 수수료 ({first.item})", f"Bulky-waste fee ({first.item_en})")
    return cite("bulky_fees", first.item, title, first.source_url)


def bulky_fee(district: District, item: str, lang: str, said: str = "") -> Guidance:
    return bulky_fees(district, [item], lang, said)


def bulky_fees(district: District, items: list[str], lang: str, said: str = "") -> Guidance:
    """The fee of each item (one answer per item: "소파랑 의자"), then how to book the pick-up once. ``said``: the
    resident's words; a size or a number of things in them that picks one line of a single item's fees leads."""
    items = [i for i in dict.fromkeys(items) if district.fees_for(i)]
    lead = fee_said(district, items[0], said, lang) if said and len(items) == 1 else None
    blocks, citations = [lead] if lead else [], []
    for item in items:
        first = district.fees_for(item)[0]
        name = pick(lang, first.item, first.item_en)
        head = pick(lang, f"{name} 대형폐기물 수수료예요.", f"Bulky-waste fee for a {name.lower()}:")
        blocks.append(head + "\n" + "\n".join(_fee_lines(district, item, lang)))
        citations += _fee_citation(district, item, lang)
    if len(items) > 1:
        blocks.insert(0, pick(lang, f"말씀하신 {len(items)}가지를 하나씩 알려 드릴게요. 물건마다 따로 신고하고 스티커를 붙여요.",
                              f"Here are all {len(items)} items, one by one. Each item is booked and labelled separately."))
        if said and TOTAL.search(said):     # "… 다해서 얼마에요": the sum first, with the sizes said
            blocks.insert(0, bulky_total(district, items, lang, said).text)
    text = "\n\n".join(blocks) + "\n\n" + booking_text(district, lang)
    return Guidance(text, citations=citations + _booking_citations(district, lang))


# "다해서 얼마", "in total": the sum of several items' fees asked, with them or after them (followups)
TOTAL = re.compile(r"합치면|합해서|합하면|합계|모두\s*(해서|합쳐|얼마)|전부\s*(해서|얼마)|다\s*(해서|합쳐|얼마)|총\s*(얼마|금액|비용)|"
                   r"in total|altogether|all together|total|all of (them|it) cost|sum", re.I)


def fee_said(district: District, item: str, text: str, lang: str) -> str | None:
    """The one line of the fee table the resident's words pick out — the size they gave ("3인용", "three people",
    "43인치"), times the number of things when they gave one ("3개") — else None (every size is listed anyway)."""
    from bot.dialogue.corrections import count_in

    fees, count = district.fees_for(item), count_in(text)
    fitting = rows_fitting(fees, text)
    if len(fitting) != 1 and not (count and count > 1):
        return None
    name = pick(lang, fees[0].item, fees[0].item_en)
    chosen = fitting or fees
    low, high = min(f.fee_krw for f in chosen), max(f.fee_krw for f in chosen)
    label = pick(lang, chosen[0].size, chosen[0].size_en) if fitting else ""
    each = won(low, lang) if low == high else f"{won(low, lang)}~{won(high, lang)}"
    if not count or count < 2:
        return pick(lang, f"{name} {label}: {each}이에요.", f"{name}, {label}: {each}.")
    total = won(low * count, lang) if low == high else f"{won(low * count, lang)}~{won(high * count, lang)}"
    shown = f"{name} {label} " if label else f"{name} "
    return pick(lang, f"{shown}{count}개면 하나에 {each}씩, 모두 {total}이에요. 하나씩 따로 신고하고 스티커를 붙여요.",
                f"{count} × {name.lower()}{', ' + label if label else ''}: {each} each, {total} altogether. Each one is "
                f"booked and labelled separately.")


def rows_said(district: District, items: list[str], text: str) -> dict:
    """For several items named in one message, the fee row each one's own words pick ("장롱(폭 1미터 넘음)이랑 싱글
    매트리스랑 전자렌지": 옷장 폭 1m 이상, 매트리스 싱글, 전자레인지): the words right before and after the item's name,
    up to the next item, are read for a size or a size label; an item with one row is that row. Items not settled are
    left out."""

    lowered = (text or "").lower()
    spans = []
    for item in items:
        fees = district.fees_for(item)
        names = [n for f in fees[:1] for n in (f.item, f.item_en, *f.aliases) if n]
        found = [(lowered.find(n.lower()), len(n)) for n in names if lowered.find(n.lower()) >= 0]
        if found:
            start, size = min(found)
            spans.append((start, start + size, item))
    spans.sort()
    chosen = {}
    for i, (start, end, item) in enumerate(spans):
        fees = district.fees_for(item)
        if len(fees) == 1:
            chosen[item] = fees[0]
            continue
        before = lowered[spans[i - 1][1] if i else 0:start]
        after = lowered[end:spans[i + 1][0] if i + 1 < len(spans) else len(lowered)]
        for words in (after, before):
            fitting = rows_fitting(fees, words)
            if len(fitting) == 1:
                chosen[item] = fitting[0]
                break
    return chosen


# "1미터 안 되는", "under a metre": the size said is below the number, whatever the number's own row says
_BELOW = re.compile(r"안\s*(되|돼|넘)|못\s*(되|돼|넘)|미만|이하|아래|작은|under|less than|below|smaller than|not over", re.I)
_LABEL_BELOW = re.compile(r"미만|이하|under|fewer|less", re.I)


def rows_fitting(fees: list, words: str) -> list:
    """The fee rows whose size label holds the size in ``words`` ("3인용", "1미터 넘는", "1미터 안 되는") or whose label
    the words say ("싱글", "스탠드형")."""
    from bot.dialogue.corrections import size_fits, size_in
    from bot.knowledge.matching import squash

    size = size_in(words)
    fitting = [f for f in fees if size and (size_fits(f.size, size) or size_fits(f.size_en, size))]
    if size and _BELOW.search(words):    # a number said with "not reaching it": the rows below it
        below = [f for f in fees if _LABEL_BELOW.search(f"{f.size} {f.size_en}")]
        fitting = below if len(below) == 1 else fitting
    said = squash(words).casefold()
    return fitting or [f for f in fees if any(len(squash(label)) >= 2 and squash(label).casefold() in said
                                              for label in (f.size, f.size_en) if label)]


def bulky_total(district: District, items: list[str], lang: str, said: str = "") -> Guidance:
    """"다 합치면 얼마예요?" after several items' fees: each item's fee from its smallest to its largest size, and
    the sum both ways — or, where the resident's words (``said``) gave an item's size, that row's fee alone."""
    items = [i for i in dict.fromkeys(items) if district.fees_for(i)]
    chosen = rows_said(district, items, said) if said else {}
    lines, low, high = [], 0, 0
    for item in items:
        fees = [chosen[item].fee_krw] if item in chosen else [fee.fee_krw for fee in district.fees_for(item)]
        first = district.fees_for(item)[0]
        low, high = low + min(fees), high + max(fees)
        span = f"{min(fees):,}" if min(fees) == max(fees) else f"{min(fees):,}~{max(fees):,}"
        size = pick(lang, chosen[item].size, chosen[item].size_en) if item in chosen else ""
        lines.append(f"• {pick(lang, first.item, first.item_en)}{' ' + size if size else ''}: "
                     f"{pick(lang, span + '원', 'KRW ' + span)}")
    if low == high:
        total = pick(lang, f"모두 합치면 {high:,}원이에요.", f"Altogether KRW {high:,}.")
    else:
        total = pick(lang, f"모두 합치면 크기에 따라 {low:,}원에서 {high:,}원 사이예요. 모두 큰 크기면 "
                           f"{high:,}원이에요.",
                     f"Altogether between KRW {low:,} and KRW {high:,}, depending on the sizes; KRW {high:,} if every "
                     f"item is the larger size.")
    citations = [c for item in items for c in _fee_citation(district, item, lang)]
    return Guidance(total + "\n" + "\n".join(lines), citations=citations)


def booking(district: District, lang: str) -> Guidance:
    """How to book a bulky-waste pick-up (the follow-up "신청은 어떻게 해요?")."""
    return Guidance(booking_text(district, lang), citations=_booking_citations(district, lang))


def booking_text(district: District, lang: str) -> str:
    lines = [pick(lang, "신청 방법:", "How to book a pick-up:")]
    for number, method in enumerate(district.booking, start=1):
        contact = f" ({method.contact})" if method.contact else ""
        lines.append(f"{number}. {pick(lang, method.method, method.method_en)}{contact}: "
                     f"{pick(lang, method.how, method.how_en)}")
    return "\n".join(lines)


def bulky_choices(district: District, lang: str, items: list[str], asked: str = "") -> Guidance:
    """Buttons for items: the nearest matches to an unknown item, or common ones."""
    by_item = {fee.item: fee for fee in district.bulky_fees}
    if asked:
        text = pick(lang, f"'{asked}'{particle(asked, '은')} 수수료 목록에서 찾지 못했어요. 혹시 이 중에 있나요?",
                    f"I couldn't find '{asked}' in the fee list. Is it one of these?")
    else:
        text = pick(lang, "어떤 물건을 버리시려고 하나요? 아래에서 고르거나 물건 이름을 입력해 주세요.",
                    "Which item do you want to dispose of? Choose below or type its name.")
    buttons = [Button(pick(lang, i, by_item[i].item_en), payload("bulky_waste", bulky_item=i))
               for i in items if i in by_item]
    # the booking guide is shown: cited, so "신청하고 나면 뭘 붙여요?" next is answered from it
    return Guidance(text + "\n\n" + booking_text(district, lang), buttons, citations=_booking_citations(district, lang))


def sorting(item: RecyclingItem, lang: str) -> Guidance:
    return sortings([item], lang)


def sortings(items: list[RecyclingItem], lang: str) -> Guidance:
    """How to sort each item (one answer per item: "페트병이랑 건전지는요?")."""
    blocks, citations = [], []
    for item in dict.fromkeys(items):
        name, category = pick(lang, item.item, item.item_en), pick(lang, item.category, item.category_en)
        blocks.append(pick(lang, f"{name}: '{category}'(으)로 버려요.\n{item.how}",
                           f"{name}: dispose of it as '{category}'.\n{item.how_en}"))
        title = pick(lang, f"분리배출 안내 ({item.item})", f"Sorting guide ({item.item_en})")
        citations += cite("recycling", item.item, title, item.source_url)
    return Guidance("\n\n".join(blocks), citations=citations)


def sorting_choices(lang: str, items: list[RecyclingItem]) -> Guidance:
    text = pick(lang, "어떤 물건인지 잘 모르겠어요. 혹시 이 중에 있나요? 없으면 물건 이름을 다시 입력해 주세요.",
                "I'm not sure which item you mean. Is it one of these? If not, please type the item's name.")
    buttons = [Button(pick(lang, i.item, i.item_en), pick(lang, f"{i.item} 어떻게 버려요?", f"How do I throw away {i.item_en}?"))
               for i in items]
    return Guidance(text, buttons)
