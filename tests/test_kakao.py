"""KakaoTalk skill server: realistic Open Builder payloads, quick replies, sources, the callback path."""
import pytest

from channels.conversation import Reply
from channels.kakao import fit, pages_of, render, split_text
from channels.web import create_app
from tests.fakes.callback_receiver import CallbackReceiver
from tests.test_reception import ScriptedRasa


def skill_payload(utterance: str, user: str = "kakao-user-1", callback: str | None = None) -> dict:
    user_request = {"timezone": "Asia/Seoul", "params": {"ignoreMe": "true"}, "lang": "ko",
                    "block": {"id": "5f0000000000000000000001", "name": "폴백 블록"}, "utterance": utterance,
                    "user": {"id": user, "type": "botUserKey", "properties": {"botUserKey": user}}}
    if callback:
        user_request["callbackUrl"] = callback
    return {"intent": {"id": "5f0000000000000000000002", "name": "폴백 블록"}, "userRequest": user_request,
            "bot": {"id": "5f0000000000000000000003", "name": "성동구 챗봇"},
            "action": {"name": "minwon", "clientExtra": None, "params": {}, "id": "a1", "detailParams": {}}}


def test_long_text_is_split_to_kakao_limits():
    parts = split_text("가" * 2500)
    assert [len(p) for p in parts] == [1000, 1000, 500]
    assert split_text("첫 줄\n" + "나" * 999) == ["첫 줄", "나" * 999]


def test_render_buttons_sources_and_output_limit():
    reply = Reply("s", [{"text": "첫째"}, {"text": "둘째"}, {"text": "셋째", "buttons": [
        {"title": "아주 긴 버튼 제목이 여기 있어요 정말로", "payload": "/greet"}]}],
        citations=[{"id": "a", "title": "출처 하나", "url": "https://www.sd.go.kr"},
                   {"id": "b", "title": "나쁜 링크", "url": "javascript:alert(1)"}])
    response = render(reply)
    outputs = response["template"]["outputs"]
    assert len(outputs) == 2 and outputs[-1]["textCard"]["buttons"] == [
        {"action": "webLink", "label": "출처 하나", "webLinkUrl": "https://www.sd.go.kr"}]
    assert outputs[0]["simpleText"]["text"] == "첫째\n\n둘째\n\n셋째"   # joined rather than dropped
    assert response["template"]["quickReplies"][0]["label"] == "아주 긴 버튼 제목이 여…"
    assert len(response["template"]["quickReplies"][0]["label"]) <= 14


def test_more_texts_than_kakao_shows_are_joined_while_they_fit():
    notice, frame, korean = "개인정보는 보내지 마세요.", "This answer is only in Korean for now.", "한국어 답" * 20
    assert fit([notice, frame, korean], 2) == [f"{notice}\n\n{frame}\n\n{korean}"]
    assert fit([notice, frame, korean * 19], 2) == [f"{notice}\n\n{frame}", korean * 19]
    assert fit(["가" * 600, "나" * 600, "다" * 600, "라" * 600], 3) == ["가" * 600, "나" * 600, "다" * 600]
    assert fit(["가", "나"], 2) == ["가", "나"]   # within the room: as they are


def test_every_one_of_seventeen_buttons_gets_a_page(district):
    buttons = [{"title": s.dong, "payload": f'/waste_collection_schedule{{"dong":"{s.dong}"}}'} for s in district.schedules]
    assert len(buttons) == 17
    pages = pages_of(buttons)
    assert [len(p) for p in pages] == [9, 8] and [b for p in pages for b in p] == buttons
    assert [len(p) for p in pages_of(buttons * 2)] == [9, 9, 9, 7] and pages_of(buttons[:10]) == [buttons[:10]]


def test_more_offers_the_rest_of_the_dongs_and_a_pick_there_is_the_offered_payload(district, tmp_path):
    rasa = ScriptedRasa()
    dongs = [{"title": s.dong, "payload": f'/waste_collection_schedule{{"dong":"{s.dong}"}}'} for s in district.schedules]
    rasa.reply = [{"text": "어느 동에 사세요?", "buttons": dongs}]
    client = create_app({"rasa_url": rasa.url, "data_dir": str(tmp_path), "kakao_skill_key": "key-1"}).test_client()
    client.environ_base["HTTP_X_MINWON_SKILL_KEY"] = "key-1"
    first = client.post("/kakao/skill", json=skill_payload("쓰레기 언제 버려요?")).get_json()["template"]["quickReplies"]
    assert len(first) == 10 and first[-1] == {"label": "더 보기", "action": "message", "messageText": "더 보기 (2/2)"}
    asked = len(rasa.received)
    more = client.post("/kakao/skill", json=skill_payload("더 보기 (2/2)")).get_json()["template"]
    assert len(rasa.received) == asked                      # the next page needs no Rasa turn
    shown = [q["label"] for q in first[:-1]] + [q["label"] for q in more["quickReplies"]]
    assert shown == [s.dong for s in district.schedules]     # every dong can be chosen
    client.post("/kakao/skill", json=skill_payload(more["quickReplies"][-1]["label"]))
    assert rasa.last["message"].startswith(f'/waste_collection_schedule{{"dong":"{district.schedules[-1].dong}"')
    rasa.server.shutdown()
    rasa.server.server_close()


@pytest.fixture()
def client(stack, tmp_path):
    app = create_app({"rasa_url": stack.rasa_url, "data_dir": str(tmp_path), "kakao_callback_hosts": "127.0.0.1",
                      "kakao_skill_key": "key-1"})
    return app.test_client()


HEADERS = {"X-Minwon-Skill-Key": "key-1"}


@pytest.mark.e2e
def test_question_quick_reply_and_same_answer_as_the_web(client, stack):
    first = client.post("/kakao/skill", json=skill_payload("쓰레기 언제 버려요?"), headers=HEADERS).get_json()
    assert first["version"] == "2.0"
    assert first["template"]["outputs"][0]["simpleText"]["text"].startswith("어느 동에 사세요?")
    labels = [q["label"] for q in first["template"]["quickReplies"]]
    assert "행당2동" in labels and len(labels) <= 10
    picked = client.post("/kakao/skill", json=skill_payload("행당2동"), headers=HEADERS).get_json()
    kakao_text = picked["template"]["outputs"][0]["simpleText"]["text"]
    assert kakao_text.startswith("행당2동 배출 요일이에요.")
    assert picked["template"]["outputs"][-1]["textCard"]["buttons"][0]["webLinkUrl"].startswith("https://")
    web = stack.chat("kakao-compare", "행당2동 쓰레기 언제 버려요?")
    assert web["messages"][0]["text"] == kakao_text


@pytest.mark.e2e
def test_slow_answer_goes_to_the_callback_url(stack, tmp_path):
    app = create_app({"rasa_url": stack.rasa_url, "data_dir": str(tmp_path), "kakao_callback_hosts": "127.0.0.1",
                      "kakao_callback_loopback": True, "kakao_wait_seconds": 0.001, "kakao_skill_key": "key-1"})
    with CallbackReceiver() as receiver:
        reply = app.test_client().post("/kakao/skill", json=skill_payload("행당1동 음식물 언제 버려요?",
                                                                          callback=receiver.url()), headers=HEADERS)
        assert reply.get_json() == {"version": "2.0", "useCallback": True,
                                    "data": {"text": "답변을 준비하고 있어요. 잠시만 기다려 주세요."}}
        posted = receiver.wait_for(1)
    assert posted[0]["path"] == "/v1/callback/abc"
    assert posted[0]["json"]["template"]["outputs"][0]["simpleText"]["text"].startswith("행당1동 배출 요일이에요.")


@pytest.mark.e2e
def test_callback_to_a_foreign_host_is_not_posted(stack, tmp_path):
    app = create_app({"rasa_url": stack.rasa_url, "data_dir": str(tmp_path), "kakao_wait_seconds": 0.001,
                      "kakao_skill_key": "key-1"})
    reply = app.test_client().post("/kakao/skill", json=skill_payload("안녕", callback="http://127.0.0.1:9/steal"),
                                   headers=HEADERS)
    assert "useCallback" not in reply.get_json()
    assert reply.get_json()["template"]["outputs"][0]["simpleText"]["text"].startswith("지금 문의가 많아")


@pytest.mark.parametrize("body, headers, status", [
    (skill_payload("안녕"), {}, 403),
    (skill_payload("안녕"), {"X-Minwon-Skill-Key": "wrong"}, 403),
    ({"userRequest": {"utterance": ""}}, HEADERS, 400),
    ("not json", HEADERS, 400),
])
def test_bad_requests_get_json_errors(tmp_path, body, headers, status):
    app = create_app({"rasa_url": "http://127.0.0.1:9", "data_dir": str(tmp_path), "kakao_skill_key": "key-1"})
    response = app.test_client().post("/kakao/skill", json=body if isinstance(body, dict) else None,
                                      data=None if isinstance(body, dict) else body, headers=headers)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == status
