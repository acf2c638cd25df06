"""The Telegram channel: rendering, then polling, webhook and process start against a loopback
Bot API (tests/fakes/telegram_api.py) driven by the real python-telegram-bot and the real stack."""
from __future__ import annotations

import asyncio
import html
import os
import subprocess
import sys
import time
from typing import Awaitable, Callable

import pytest
from telegram import Update

from bot.settings import ROOT, Settings
from channels.conversation import Reply
from channels.telegram import PAYLOADS, build_application, render, update_to_message
from tests.fakes.telegram_api import FakeTelegram, check_html

TOKEN = "123:ABC"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
LONG_PAYLOAD = '/waste_collection_schedule{"dong":"왕십리도선동"}'  # 67 bytes once the language is added


@pytest.fixture()
def fake():
    with FakeTelegram(TOKEN) as api:
        yield api


def buttons_of(markup) -> list:
    return [button for row in markup.inline_keyboard for button in row]


def keys_of(sent_message: dict) -> dict[str, str]:
    """Button text → callback_data of a message the fake API recorded."""
    return {b["text"]: b["callback_data"] for row in sent_message["reply_markup"]["inline_keyboard"] for b in row}


# --- render -------------------------------------------------------------------------------------

def test_render_escapes_all_bot_text():
    [(text, markup)] = render(Reply("s", [{"text": "<b>굵게</b> & <script>x</script>"}]))
    assert text == "&lt;b&gt;굵게&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
    assert markup is None
    assert check_html(text) == ("", "<b>굵게</b> & <script>x</script>")


def test_render_appends_citations_as_links():
    reply = Reply("s", [{"text": "답이에요."}], citations=[
        {"id": "a", "title": "행당1동 <안내>", "url": "https://www.sd.go.kr/page?a=1&b=2"},
        {"id": "b", "title": "자주 묻는 질문", "url": "http://example.org/faq"}])
    [(text, _)] = render(reply)
    assert text == ('답이에요.\n\n출처:\n• <a href="https://www.sd.go.kr/page?a=1&amp;b=2">행당1동 &lt;안내&gt;</a>\n'
                    '• <a href="http://example.org/faq">자주 묻는 질문</a>')
    assert check_html(text)[0] == ""
    [(english, _)] = render(Reply("s", [{"text": "Answer."}], lang="en", citations=reply.citations[:1]))
    assert "\n\nSource:\n• <a href=" in english


def test_render_drops_links_that_are_not_http():
    reply = Reply("s", [{"text": "답"}], citations=[
        {"id": "x", "title": "나쁜 링크", "url": "javascript:alert(1)"},
        {"id": "y", "title": "파일", "url": "file:///etc/passwd"},
        {"id": "z", "title": "", "url": "https://www.sd.go.kr"}])
    [(text, _)] = render(reply)
    assert "<a " not in text and "javascript" not in text and "file:" not in text
    assert text.endswith("출처:\n• 나쁜 링크\n• 파일")


def test_long_button_payload_is_shortened_and_resolved():
    reply = Reply("s", [{"text": "어느 동?", "buttons": [{"title": "왕십리도선동", "payload": LONG_PAYLOAD},
                                                       {"title": "마장동", "payload": "/greet"}]}])
    [(_, markup)] = render(reply)
    long_key, short = buttons_of(markup)
    assert long_key.callback_data.startswith("p:") and len(long_key.callback_data.encode()) <= 64
    assert PAYLOADS.resolve(long_key.callback_data) == '/waste_collection_schedule{"dong":"왕십리도선동","lang":"ko"}'
    assert short.callback_data == '/greet{"lang":"ko"}'  # short payloads travel as they are
    fake = FakeTelegram(TOKEN)
    pressed = Update.de_json({"update_id": 1, **fake.callback_update(42, long_key.callback_data)}, None)
    assert update_to_message(pressed) == ("telegram", "42", PAYLOADS.resolve(long_key.callback_data))
    assert PAYLOADS.resolve("p:00000000") is None  # forgotten (process restarted): the bot says so kindly


def test_buttons_two_to_a_row_when_short_and_long_text_split():
    dongs = [{"title": f"동{i}", "payload": f"/waste_collection_schedule{{\"dong\":\"동{i}\"}}"} for i in range(17)]
    [(_, markup)] = render(Reply("s", [{"text": "어느 동?", "buttons": dongs}]))
    assert len(buttons_of(markup)) == 17 and len(markup.inline_keyboard) == 9
    long_titles = [{"title": "Wangsimni-doseon-dong community centre", "payload": "/a"},
                   {"title": "B", "payload": "/b"}]
    [(_, markup)] = render(Reply("s", [{"text": "Which?", "buttons": long_titles}], lang="en"))
    assert [len(row) for row in markup.inline_keyboard] == [1, 1]
    parts = render(Reply("s", [{"text": "\n".join(["가 & 나 " * 20] * 60)}], citations=[
        {"id": "a", "title": "출처", "url": "https://www.sd.go.kr"}]))
    assert len(parts) > 1 and all(len(check_html(text)[1]) <= 4096 for text, _ in parts)
    assert parts[-1][0].endswith('<a href="https://www.sd.go.kr">출처</a>')


# --- polling, end to end ----------------------------------------------------------------------------

def settings_for(stack, fake: FakeTelegram, **extra) -> Settings:
    return Settings.load({"rasa_url": stack.rasa_url, "telegram_token": TOKEN, "telegram_base_url": fake.base_url,
                          **extra}, environ={})


async def until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the bot"
        await asyncio.sleep(0.05)


def run_polling(settings: Settings, steps: Callable[[], Awaitable[None]]) -> None:
    async def main() -> None:
        application = build_application(settings)
        async with application:
            await application.updater.start_polling(poll_interval=0.1)
            await application.start()
            try:
                await steps()
            finally:
                await application.updater.stop()
                await application.stop()

    asyncio.run(main())


@pytest.mark.e2e
def test_polling_conversation(stack, fake):
    chat = 1001
    sent = lambda: fake.requests("sendMessage", chat)  # noqa: E731

    async def steps() -> None:
        fake.send_text(chat, "/start")
        await until(lambda: len(sent()) >= 1)
        greeting = sent()[0]
        assert greeting["text"].startswith("안녕하세요! 성동구 주민 안내 챗봇이에요.")
        assert greeting["parse_mode"] == "HTML" and greeting["link_preview_options"] == {"is_disabled": True}
        assert list(keys_of(greeting))[0] == "쓰레기 배출 요일"

        pressed = fake.press(chat, keys_of(greeting)["쓰레기 배출 요일"])
        await until(lambda: len(sent()) >= 2)
        answers = fake.requests("answerCallbackQuery")
        assert answers and answers[0]["callback_query_id"] == pressed["callback_query"]["id"]
        methods = [call["method"] for call in fake.calls if call["method"] in ("answerCallbackQuery", "sendMessage")]
        assert methods[1] == "answerCallbackQuery"  # answered before the (slower) reply
        assert sent()[1]["text"].startswith("어느 동에 사세요?")
        dongs = keys_of(sent()[1])
        assert len(dongs) == 17 and dongs["왕십리도선동"].startswith("p:")

        fake.press(chat, dongs["왕십리도선동"])
        await until(lambda: len(sent()) >= 3)
        assert sent()[2]["text"].startswith("왕십리도선동 배출 요일이에요.")

        fake.send_text(chat, "행당1동 쓰레기 언제 버려요?")
        await until(lambda: len(sent()) >= 4)
        answer = sent()[3]["text"]
        assert answer.startswith("행당1동 배출 요일이에요.")
        assert '\n\n출처:\n• <a href="https://' in answer

        fake.send_text(chat, "/reset")
        await until(lambda: len(sent()) >= 5)
        assert sent()[4]["text"] == "처음부터 다시 시작할게요. 무엇이 궁금하세요?"

    run_polling(settings_for(stack, fake), steps)
    assert fake.failures() == []


@pytest.mark.e2e
def test_polling_in_english_with_help(stack, fake):
    chat = 1002
    sent = lambda: fake.requests("sendMessage", chat)  # noqa: E731

    async def steps() -> None:
        fake.send_text(chat, "/start", lang="en-GB")
        await until(lambda: len(sent()) >= 1)
        assert sent()[0]["text"].startswith("Hello! I'm the Seongdong-gu resident assistant")
        fake.send_text(chat, "/help", lang="en")
        await until(lambda: len(sent()) >= 2)
        assert sent()[1]["text"].startswith("I'm the Seongdong-gu resident assistant, here 24/7.")
        fake.push({"message": {**fake.message_update(chat, "", lang="en")["message"], "text": None,
                               "sticker": {"file_id": "f", "file_unique_id": "u", "type": "regular",
                                           "width": 1, "height": 1, "is_animated": False, "is_video": False}}})
        await until(lambda: len(sent()) >= 3)
        assert sent()[2]["text"].startswith("I can only answer typed questions")
        fake.press(chat, '/greet{"lang":"en"}', lang="en", stale=True)  # pressed while the bot was down
        await until(lambda: len(sent()) >= 4)
        assert sent()[3]["text"].startswith("Hello! I'm the Seongdong-gu resident assistant")

    run_polling(settings_for(stack, fake), steps)
    assert [call["method"] for call in fake.failures()] == ["answerCallbackQuery"]


# --- webhook ------------------------------------------------------------------------------------

def gateway(stack, fake, tmp_path, **settings):
    from channels.web import create_app

    return create_app({"rasa_url": stack.rasa_url, "telegram_token": TOKEN, "telegram_base_url": fake.base_url,
                       "data_dir": str(tmp_path), **settings}).test_client()


@pytest.mark.e2e
def test_webhook_needs_the_secret_and_answers(stack, fake, tmp_path):
    client = gateway(stack, fake, tmp_path, telegram_webhook_secret="s3cret")
    update = {"update_id": 7, **fake.message_update(2001, "행당1동 쓰레기 언제 버려요?")}
    for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: "s3cret "}):
        refused = client.post("/telegram/webhook", json=update, headers=headers)
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == 403
    assert fake.requests("sendMessage") == []

    accepted = client.post("/telegram/webhook", json=update, headers={SECRET_HEADER: "s3cret"})
    assert accepted.status_code == 200 and accepted.get_json() == {"ok": True}
    assert fake.wait_for(lambda: len(fake.requests("sendMessage", 2001)) >= 1, timeout=60)
    answer = fake.requests("sendMessage", 2001)[0]["text"]
    assert answer.startswith("행당1동 배출 요일이에요.") and '<a href="https://' in answer


@pytest.mark.e2e
def test_webhook_off_without_token_or_secret(stack, fake, tmp_path):
    update = {"update_id": 8, **fake.message_update(2002, "안녕하세요")}
    off = gateway(stack, fake, tmp_path, telegram_token="").post("/telegram/webhook", json=update)
    assert off.status_code == 404 and off.get_json()["error"]["code"] == 404
    no_secret = gateway(stack, fake, tmp_path).post("/telegram/webhook", json=update, headers={SECRET_HEADER: ""})
    assert no_secret.status_code == 403


# --- the process --------------------------------------------------------------------------------

def run_main(tmp_path, **env: str) -> tuple[int, list[str]]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MINWON_")}
    clean.update(PYTHONPATH=str(ROOT), MINWON_CONFIG=str(tmp_path / "none.toml"), **env)
    done = subprocess.run([sys.executable, "-m", "channels.telegram"], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=60)
    return done.returncode, (done.stdout + done.stderr).strip().splitlines()


def test_without_a_token_telegram_is_off(tmp_path):
    code, lines = run_main(tmp_path)
    assert code == 0 and len(lines) == 1, lines
    assert "Telegram is off: set MINWON_TELEGRAM_TOKEN" in lines[0]


def test_a_rejected_token_is_one_clear_line(tmp_path, fake):
    code, lines = run_main(tmp_path, MINWON_TELEGRAM_TOKEN="999:WRONG", MINWON_TELEGRAM_BASE_URL=fake.base_url)
    assert code == 0 and len(lines) == 1, lines
    assert "Telegram rejected MINWON_TELEGRAM_TOKEN" in lines[0] and "999:WRONG" not in lines[0]


def test_unreachable_telegram_is_one_line_and_a_failure(tmp_path):
    from tests.e2e.stack import free_port

    closed = f"http://127.0.0.1:{free_port()}"
    code, lines = run_main(tmp_path, MINWON_TELEGRAM_TOKEN=TOKEN, MINWON_TELEGRAM_BASE_URL=closed)
    assert code == 1 and len(lines) == 1 and "Telegram could not be reached" in lines[0], lines


def test_webhook_url_registers_the_webhook_and_exits(tmp_path, fake):
    code, lines = run_main(tmp_path, MINWON_TELEGRAM_TOKEN=TOKEN, MINWON_TELEGRAM_BASE_URL=fake.base_url,
                           MINWON_TELEGRAM_WEBHOOK_URL="https://minwon.example.kr/telegram/webhook",
                           MINWON_TELEGRAM_WEBHOOK_SECRET="s3cret")
    assert code == 0, lines
    assert fake.webhook == {"url": "https://minwon.example.kr/telegram/webhook", "secret_token": "s3cret"}


# --- one bot, every channel -----------------------------------------------------------------------

@pytest.mark.e2e
def test_same_answer_on_telegram_and_on_the_web(stack, fake):
    question, chat = "마장동 재활용 언제 내놔요?", 3001

    async def steps() -> None:
        fake.send_text(chat, question)
        await until(lambda: len(fake.requests("sendMessage", chat)) >= 1)

    run_polling(settings_for(stack, fake), steps)
    telegram = html.unescape(fake.requests("sendMessage", chat)[0]["text"]).split("\n\n출처:")[0]
    web = stack.chat("web-same-answer", question)["messages"][0]["text"]
    assert telegram.strip() == web.strip()
    assert telegram.startswith("마장동 배출 요일이에요.")
