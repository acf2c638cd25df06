"""Korean personal data: real formats are masked, near-misses are left alone."""
import pytest

from bot.privacy import mask

MASKED = [
    # resident registration numbers (with and without hyphen, checksum or post-2020 hyphenated)
    ("주민번호 900101-1234568 입니다", "rrn"), ("9001011234568", "rrn"), ("850315-2345678 이에요", "rrn"),
    ("주민등록번호는 010203-3123456", "rrn"), ("020304-4567890", "rrn"), ("제 번호 751231 - 1234567", "rrn"),
    ("생년월일 포함 880808-1000000", "rrn"), ("991231-2999999로 조회해주세요", "rrn"),
    # foreigner registration numbers
    ("외국인등록번호 950505-5123456", "frn"), ("900101-6123456", "frn"), ("010101-7123456", "frn"),
    ("ARC 031224-8123456", "frn"),
    # mobile and landline numbers
    ("010-1234-5678로 연락주세요", "phone"), ("01012345678", "phone"), ("010 9876 5432", "phone"),
    ("011-123-4567", "phone"), ("016-1234-5678", "phone"), ("019 123 4567", "phone"),
    ("집 전화 02-123-4567", "phone"), ("02-2286-5114", "phone"), ("031-123-4567", "phone"),
    ("0511234567", "phone"), ("064-700-1234", "phone"), ("070-1234-5678", "phone"),
    ("call me at 010-2222-3333", "phone"),
    # card numbers (Luhn)
    ("카드 4111 1111 1111 1111", "card"), ("4111-1111-1111-1111", "card"), ("5555555555554444", "card"),
    ("카드번호 3782 822463 10005", "card"), ("6011 1111 1111 1117", "card"), ("4012888888881881로 결제", "card"),
    ("my card is 5105 1051 0510 5100", "card"),
    # bank accounts
    ("계좌 국민 123456-01-234567", "account"), ("신한은행 110-123-456789", "account"),
    ("우리 1002-123-456789 로 입금했어요", "account"), ("통장 3333-01-1234567", "account"),
    ("입금 계좌 12345678901234", "account"), ("하나 123-456789-12345", "account"),
    ("농협 301-1234-5678-91", "account"), ("bank account 110-123-456789", "account"),
    # passports
    ("여권번호 M12345678", "passport"), ("passport S98765432", "passport"), ("M123A4567 여권", "passport"),
    ("R12345678", "passport"), ("여권 O12345678", "passport"),
    # car plates
    ("12가 3456 차량이 불법주차", "plate"), ("123가4567", "plate"), ("서울12가3456", "plate"),
    ("차번호 34나 5678", "plate"), ("경기 123 허 4567", "plate"), ("45호 1234 렌트카", "plate"),
    ("321바 7654", "plate"),
    # e-mail
    ("메일 hong@example.com", "email"), ("a.b+c@sub.domain.co.kr", "email"), ("kim_01@naver.com로", "email"),
    ("user@gov.kr", "email"), ("contact me: jane.doe@mail.com", "email"),
    # several in one message
    ("이름 홍길동 900101-1234568 연락처 010-1234-5678", "phone"), ("카드 4111111111111111 계좌 110-123-456789", "account"),
    ("hong@example.com / 010 1111 2222", "email"), ("차량 12가 3456, 전화 02-555-1234", "plate"),
]

NOT_MASKED = [
    "접수번호 2026-000123 조회", "2026-000045 어떻게 됐어요", "2026-12-03 행사", "12월 3일에 뭐 해요",
    "15,000원이에요", "수수료 5000원", "3인용 소파", "행당2동 주민센터", "1588-0903으로 전화", "120 다산콜센터",
    "2026년 11월 25일", "10:00-12:00 강좌", "지하철 2호선 4번 출구", "성수역 3번 출구 앞", "재산세 250만 원",
    "12가구가 사는 건물", "아파트 101동 1203호", "50% 할인", "3일 후", "v0003-20261125T104500",
    "전화번호 알려주세요", "국민은행 위치가 어디예요", "버스 2412번", "우편번호 04750",
]


@pytest.mark.parametrize("text, kind", MASKED)
def test_personal_data_is_masked(text, kind):
    result = mask(text)
    assert kind in result.found, result
    assert not any(ch.isdigit() for ch in result.text.split("[")[-1].split("]")[0]), result.text


@pytest.mark.parametrize("text", NOT_MASKED)
def test_near_misses_are_left_alone(text):
    result = mask(text)
    assert result.found == [] and result.text == text


def test_phone_goes_to_the_vault_as_a_reference():
    kept = {}
    result = mask("연락처는 010-1234-5678 이에요", keep_phone=lambda number: kept.setdefault("ref", "ab12cd34"))
    assert result.text == "연락처는 [전화번호#ab12cd34] 이에요"
    assert result.phones == {"ab12cd34": "01012345678"}


def test_counts():
    assert len(MASKED) >= 60 and len(NOT_MASKED) >= 20
