"""The knowledge checker's messages in plain Korean, for staff (the CLI keeps the English ones).

Every message the checker writes has a rule here; tests/test_console_wording.py keeps it so.
"""
from __future__ import annotations

import re
from typing import Callable

from bot.knowledge.files import Problem
from bot.particles import particle

Replacement = str | Callable[[re.Match], str]

# Why a value is not valid (the part in brackets of "'x' is not valid (…)")
_REASONS: list[tuple[str, str]] = [
    (r"^must start with http:// or https://$", "주소는 http:// 또는 https:// 로 시작해야 해요"),
    (r"^use HH:MM.*$", "시간은 18:00처럼 HH:MM 으로 써 주세요"),
    (r"^use day letters .*, not (.*)$", r"요일은 월|화|수|목|금|토|일 중에서 써 주세요 (\1 말고)"),
    (r"^invalid literal for int\(\).*$", "숫자만 써 주세요 (12,000 이나 12000원도 괜찮아요)"),
    (r"^Invalid isoformat string.*$|^month must be.*$|^day is out of range.*$|^year .* is out of range$",
     "날짜는 2026-12-31처럼 YYYY-MM-DD 로 써 주세요"),
]


def _reason(text: str) -> str:
    for pattern, replacement in _REASONS:
        if re.match(pattern, text):
            return re.sub(pattern, replacement, text)
    return "형식을 확인해 주세요"


def _rows(text: str) -> str:
    """"faq/a.csv row 3" → "faq/a.csv 3행"."""
    return re.sub(r"\brow (\d+)", r"\1행", text)


def _with(word: str, either: str) -> str:
    return word + particle(word, either)


_RULES: list[tuple[str, Replacement]] = [
    (r"^empty: this column is required$", "비어 있어요. 꼭 채워야 하는 칸이에요."),
    (r"^required column missing from the header$", "첫 줄(제목 줄)에 꼭 있어야 하는 열이 없어요."),
    (r"^'(.*)' is not valid \((.*)\)$", lambda m: f"'{m[1]}' 값이 올바르지 않아요. {_reason(m[2])}."),
    (r"^'(.*)' is not one of: (.*)$", r"'\1' 대신 다음 중 하나를 써 주세요: \2"),
    (r"^'(.*)' is also used in (.*)$", lambda m: f"번호 '{m[1]}'는 {_rows(m[2])}에서 이미 쓰고 있어요. 다른 번호를 써 주세요."),
    (r"^'(.*)' is used twice \(also row (\d+)\)$", r"'\1' 값이 두 번 있어요. (\2행에도 있어요)"),
    (r"^column not used \(ignored\)$", "쓰지 않는 열이에요. 무시하고 넘어가요."),
    (r"^file missing$", "파일이 없어요."),
    (r"^no data rows$", "제목 줄 말고는 내용이 없어요."),
    (r"^the file is empty: it needs a header row$", "빈 파일이에요. 첫 줄에 열 이름이 있어야 해요."),
    (r"^cannot read the text.*$", "글자를 읽을 수 없어요. 'CSV UTF-8' 형식으로 저장해서 다시 올려 주세요."),
    (r"^broken CSV.*$", "CSV 형식이 깨졌어요. 따옴표(\")가 짝이 맞는지 확인해 주세요."),
    (r"^cannot open the Excel file.*$", "엑셀 파일을 열 수 없어요. 엑셀에서 다시 저장해서 올려 주세요."),
    (r"^the Excel file is too big to read: .*$", "엑셀 파일이 너무 커서 읽지 않았어요. FAQ 파일은 20,000행·50열 이하로, "
     "넓게 병합한 셀 없이 저장하거나 CSV로 저장해서 올려 주세요."),
    (r"^not a \.csv or \.xlsx file$", "CSV(.csv)나 엑셀(.xlsx) 파일이 아니에요."),
    (r"^no FAQ file.*$", "FAQ 파일(.csv 또는 .xlsx)이 하나도 없어요."),
    (r"^ends before it starts$", "끝나는 날이 시작하는 날보다 빨라요."),
    (r"^'(.*)' is not a dong in (.*)$", lambda m: f"'{m[1]}'{particle(m[1], '은')} {m[2]}에 없는 동이에요. 동 이름을 똑같이 써 주세요."),
    (r"^(.*) for (.*) contradicts (.*) row (\d+), column phone \((.*)\): give the same number or leave it empty$",
     lambda m: f"{m[2]}의 번호 {_with(m[1], '이')} {m[3]} {m[4]}행 phone 열의 번호({m[5]})와 달라요. "
               "부서 번호는 그 표 한 곳에만 적으니, 같은 번호를 쓰거나 비워 두세요."),
    (r"^'(.*)' is not in (.*): add it there .*$",
     lambda m: f"'{m[1]}'{particle(m[1], '은')} {m[2]}에 없는 부서예요. 번호를 한 곳에서 관리하도록 그 표에 전화번호와 함께 넣어 주세요."),
    (r"^'(.*)' is not the id of any FAQ row: this question is not used$",
     r"번호 '\1'인 FAQ가 없어서 이 가르친 질문은 쓰지 않아요. FAQ를 지웠거나 번호를 바꿨다면 이 질문을 떼거나 다시 붙여 주세요."),
    (r"^row\(s\) (.*) link only a site's home page: .*$",
     r"\1행에 누리집 첫 화면 주소만 있어요. 주민이 바로 찾아보도록 줄마다 그 내용을 다루는 페이지 주소를 적어 주세요."),
]


def in_korean(problem: Problem) -> str:
    for pattern, replacement in _RULES:
        if re.match(pattern, problem.message):
            return re.sub(pattern, replacement, problem.message)
    return "확인이 필요한 내용이 있어요. 담당자에게 이 파일을 보내 주세요."


def where_in_korean(problem: Problem) -> str:
    """"faq/demo.csv 3행 answer 열": the place, as the Korean message names it."""
    where = problem.file
    if problem.row is not None:
        where += f" {problem.row}행"
    if problem.column:
        where += f" {problem.column} 열"
    return where
