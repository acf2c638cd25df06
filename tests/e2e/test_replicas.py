"""The production configuration: two Rasa replicas on one PostgreSQL tracker store and a Redis
lock store, one action server each, turns spread round robin by the gateway. A conversation whose
turns alternate between replicas keeps its slots and form state; a replica restart loses nothing."""
import re

import pytest

from tests.databases import postgres_database
from tests.e2e.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def trackers():
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, trackers):
    from bot.storage import migrate

    with postgres_database() as complaints:
        migrate(complaints)
        stack = Stack(tmp_path_factory.mktemp("replicas"), {"MINWON_DATABASE_URL": complaints},
                      rasa_replicas=2, tracker_database=trackers).start()
        try:
            yield stack
        finally:
            stack.stop()



def test_form_state_survives_alternating_replicas_and_a_restart(replicas):
    s = "replica-resident"
    assert replicas.say(s, "가로등이 고장났어요 신고할게요").startswith("어디에서 생긴 일인가요?")
    assert "\n정확히 어디인가요?" in replicas.say(s, "옥수동")     # after "옥수동으로 적었어요."
    replicas.processes["rasa"].stop()          # one replica goes away mid-conversation …
    assert "\n어떤 상황인지 자세히 적어 주세요." in replicas.say(s, "옥수역 1번 출구 앞")
    replicas.processes["rasa"].start()         # … and comes back
    replicas.wait_until_up(240)
    assert replicas.say(s, "사흘째 밤새 불이 꺼져 있어요").startswith("처리 결과를 연락받으시겠어요?")
    summary = replicas.say(s, "동의하지 않아요")
    assert "• 동: 옥수동" in summary and "• 위치: 옥수역 1번 출구 앞" in summary
    filed = replicas.say(s, "접수")
    assert re.search(r"접수번호는 20\d\d-\d{6}-[0-9A-Z]{4}(이에요|예요)", filed)


def test_collection_days_follow_up_across_replicas(replicas):
    s = "replica-resident-2"
    assert replicas.say(s, "쓰레기 언제 버려요?").startswith("어느 동에 사세요?")
    assert replicas.say(s, "행당1동이요").startswith("행당1동 배출 요일이에요.")
    assert replicas.say(s, "행당2동은요?").startswith("행당2동 배출 요일이에요.")


def test_delete_what_i_sent_deletes_the_stored_events_from_the_sql_tracker_store(replicas, trackers):
    """Rasa's SQL tracker store (PostgreSQL), as in production: after "지워 주세요" no row of the
    conversation holds what the resident sent, in any session; the conversation goes on afterwards."""
    import json

    from sqlalchemy import create_engine, text

    s = "replica-forgetful"
    replicas.say(s, "행당2동 쓰레기 언제 버려요?")
    replicas.say(s, "소파 버리려면 얼마예요")
    engine = create_engine(trackers)

    def stored() -> list[str]:
        with engine.connect() as conn:
            rows = conn.execute(text("select data from events where sender_id = :s order by id"), {"s": f"web:{s}"})
            # decoded: Rasa's JSON escapes Hangul as \\uXXXX, so the raw text never holds '행당2동'
            return [json.dumps(json.loads(row.data), ensure_ascii=False) for row in rows]
    assert any("행당2동" in data for data in stored())
    said = replicas.say(s, "아까 보낸 거 다 지워 주세요")
    assert "지웠어요" in said
    rows = stored()
    engine.dispose()
    assert rows and not any("행당2동" in data or "소파" in data or "지워 주세요" in data for data in rows)
    assert not any('"forgotten"' in data for data in rows)      # the mark is not stored again
    assert "지웠어요" in replicas.say(s, "진짜 다 지운 거죠?")   # the dialogue state after it is kept
