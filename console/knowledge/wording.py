"""Plain-Korean wording of the knowledge checker's messages (the original stays available)."""
from __future__ import annotations

import re

from bot.knowledge.files import Problem

_RULES = [
    (r"^empty: this column is required$", "비어 있어요. 꼭 채워야 하는 칸이에요."),
    (r"^required column missing from the header$", "첫 줄(제목 줄)에 꼭 있어야 하는 열이 없어요."),
    (r"^'(.*)' is not valid \((.*)\)$", r"'\1' 값이 올바르지 않아요. (\2)"),
    (r"^'(.*)' is not one of: (.*)$", r"'\1' 대신 다음 중 하나를 써 주세요: \2"),
    (r"^'(.*)' is also used in (.*)$", r"번호 '\1'는 \2에서 이미 쓰고 있어요. 다른 번호를 써 주세요."),
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
    (r"^no FAQ file.*$", "FAQ 파일(.csv 또는 .xlsx)이 하나도 없어요."),
    (r"^ends before it starts$", "끝나는 날이 시작하는 날보다 빨라요."),
]


def in_korean(problem: Problem) -> str:
    for pattern, replacement in _RULES:
        if re.match(pattern, problem.message):
            return re.sub(pattern, replacement, problem.message)
    return problem.message
