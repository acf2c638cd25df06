"""The story issue 6 ends with: a resident reports e-scooters blocking a crosswalk, gets a ticket;
staff see it on top of the console as urgent, reply and close it; the resident sees the reply."""
import re

import pytest

from bot.particles import particle
from bot.staff import StaffAccounts
from channels.web import create_app

pytestmark = pytest.mark.e2e



def test_scooter_on_a_crosswalk_from_report_to_reply(stack, stack_database, tmp_path):
    s = "story-resident"
    stack.say(s, "횡단보도를 막은 킥보드 때문에 지나가기가 위험해요 신고할게요")
    stack.say(s, "성수2가3동")
    stack.say(s, "성수역 4번 출구 앞 횡단보도")
    stack.say(s, "동의하지 않아요")
    filed = stack.say(s, "접수")
    found = re.search(r"접수번호는 ((20\d\d-\d{6})-[0-9A-Z]{4})(이에요|예요)", filed)
    full, ticket = found.group(1), found.group(2)     # the resident's number; the short form staff use
    assert found.group(3) == particle(full, "이에요")

    console = create_app({"database_url": stack_database, "data_dir": str(tmp_path),
                          "knowledge_dir": stack.env["MINWON_KNOWLEDGE_DIR"]})
    StaffAccounts(stack_database).create("story-staff", "story-password-1", "staff")
    staff = console.test_client()

    def csrf(path):
        return re.search(r'name="csrf_token" value="([^"]+)"', staff.get(path).text).group(1)

    staff.post("/staff/login", data={"username": "story-staff", "password": "story-password-1",
                                     "csrf_token": csrf("/staff/login")})
    listing = staff.get("/staff/complaints?status=received").text   # other e2e tests file complaints too
    rows = listing.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")
    row = next(r for r in rows if f"/staff/complaints/{ticket}\"" in r)
    assert "긴급" in row and 'class="urgent"' in row
    reply = "전동킥보드를 치우고 업체에 견인을 요청했어요. 알려 주셔서 고마워요."
    staff.post(f"/staff/complaints/{ticket}", data={"csrf_token": csrf(f"/staff/complaints/{ticket}"),
                                                   "status": "done", "department": "교통행정과", "reply": reply})

    assert stack.say(s, "민원 조회할게요").startswith("접수번호를 알려 주세요.")
    status = stack.say(s, full)
    assert status.startswith(f"접수번호 {full}\n• 상태: 완료\n• 담당: 교통행정과")
    assert reply in status
    stack.say("a-stranger", "민원 조회할게요")                # the short form alone: no more than "received"
    assert reply not in stack.say("a-stranger", ticket)
