"""Korean particles after any final character (issue 20, item 10): one helper, used by every canned text."""
from __future__ import annotations

import pytest

from bot.particles import particle
from bot.texts import TEXTS, text


@pytest.mark.parametrize("word, either, expected", [
    # Hangul, with and without a final consonant, and ㄹ for 으로/로
    ("소파", "을", "를"), ("책상", "를", "을"), ("서울", "으로", "로"), ("구청", "로", "으로"), ("행당1동", "은", "은"),
    # digits read as Korean numerals
    ("2026-000001", "예요", "이에요"), ("2026-000002", "이에요", "예요"), ("2026-000003", "예요", "이에요"),
    ("2026-000010", "이에요", "이에요"), ("2026-000100", "가", "이"), ("2026-001000", "를", "을"),
    ("20000", "는", "은"), ("300000000", "와", "과"), ("2026-000004", "을", "를"), ("2026-000009", "과", "와"),
    ("2026-000007", "으로", "로"), ("2026-000006", "으로", "으로"), ("0", "이", "이"),
    # Latin letters: acronyms by the letters' names, words by their last sound
    ("SMS", "을", "를"), ("URL", "으로", "로"), ("ARS", "는", "는"), ("KTX", "가", "가"), ("app", "을", "을"),
    ("Seoul", "으로", "로"), ("Ttareungyi", "를", "를"), ("QR", "로", "로"), ("PDF", "을", "를"), ("CCTV", "가", "가"),
    # quotes and a trailing parenthesis are looked past
    ("'소파'", "은", "는"), ("민원여권과(02-2286-5281)", "와", "와"), ("다산콜센터(120)", "와", "와"),
])
def test_the_particle_fits_the_final_sound(word, either, expected):
    assert particle(word, either) == expected


def test_unknown_endings_give_both_forms():
    assert particle("★", "을") == "을(를)"


def test_the_issue_example_reads_right_in_the_canned_text():
    filed = text("complaint_filed", "ko", ticket="2026-000001", department="청소행정과", days="1", phone="02-2286-5525")
    assert "접수번호는 2026-000001이에요." in filed
    assert "접수번호는 2026-000002예요." in text("complaint_filed", "ko", ticket="2026-000002", department="x", days="1",
                                            phone="1")
    assert text("status_not_found", "ko", ticket="2026-000123").startswith("접수번호 2026-000123을 찾지 못했어요.")
    assert text("status_not_found", "ko", ticket="2026-000002").startswith("접수번호 2026-000002를 찾지 못했어요.")


def test_no_canned_text_writes_a_fixed_particle_after_a_value():
    import re

    for key, entry in TEXTS.items():
        korean = entry.get("ko", "")
        assert not re.search(r"\}(이|가|을|를|은|는|와|과|예요|이에요|으로|로)(?![가-힣])", korean), key
        assert "(를)" not in korean and "(는)" not in korean, key


def test_the_guidance_texts_use_it_too(district):
    from bot.guidance import waste

    asked = waste.ask_dong(district, "ko", "waste_collection_schedule", district.dongs_named("성수동"), asked="성수동")
    assert "'성수동'은 여러 행정동으로" in asked.text
