"""The district's name is configuration (MINWON_DISTRICT, MINWON_DISTRICT_EN; Settings.district_names), never
the demo district's written into what a resident hears: the greeting and "are you a bot?" (domain responses,
filled by Rasa from what action_converse sends), and the canned lines (tests/test_office_contacts.py)."""
from __future__ import annotations

import asyncio
import re

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.turn
from actions.converse import ActionConverse
from bot.settings import ROOT, Settings

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


def rasa_fills(line: str, values: dict) -> str:
    """What Rasa's response interpolator (rasa.core.nlg.interpolator.interpolate_text) makes of a line."""
    return re.sub(r"{([^\n{}]+?)}", r"{0[\1]}", line).format(values)


def test_no_domain_response_names_the_demo_district():
    for name, variants in RESPONSES.items():
        for variant in variants:
            assert "성동" not in variant.get("text", "") and "Seongdong" not in variant.get("text", ""), name


@pytest.mark.parametrize("intent, response", [("greet", "utter_greet"), ("bot_challenge", "utter_iamabot")])
def test_the_greeting_and_the_bot_answer_say_the_configured_district(monkeypatch, tmp_path, intent, response):
    settings = Settings.load({"data_dir": str(tmp_path), "district": "해운대구", "district_en": "Haeundae-gu"},
                             environ={})
    monkeypatch.setattr(actions.turn, "settings", lambda: settings)
    message = {"text": "안녕하세요", "intent": {"name": intent, "confidence": 0.99}, "entities": [],
               "metadata": {"lang": "ko"}}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionConverse().run(dispatcher, Tracker("web:r", {"lang": "ko"}, message, [], False, None, {},
                                                          "action_listen"), {}))
    sent = next(m for m in dispatcher.messages if m.get("response"))
    assert sent["response"] == response
    korean, english = (rasa_fills(variant["text"], sent) for variant in reversed(RESPONSES[response]))
    assert "해운대구" in korean and "Haeundae-gu" in english and "{" not in korean + english


HAEUNDAE = {"district": "해운대구", "district_en": "Haeundae-gu"}


def test_home_places_are_the_configured_districts_names_and_seouls():
    assert "|".join(Settings.load(environ={}).home_place_names) == "성동구|성동|서울|seongdong|seoul"
    home = Settings.load(HAEUNDAE, environ={}).home_place_names
    assert {"해운대구", "해운대", "haeundae", "서울"} <= set(home) and "성동구" not in home
    from bot.answer.decide import places_named

    assert [p for p in places_named("해운대 음식물 쓰레기 언제 버려요?") if p not in home] == []
    assert Settings.load({"home_places": "성동구|Seoul"}, environ={}).home_place_names == ("성동구", "seoul")


def test_the_districts_own_name_names_no_event(monkeypatch):
    from bot.guidance import naming

    monkeypatch.setattr(naming.Settings, "load", classmethod(lambda cls, *a, **k: Settings(**HAEUNDAE)))
    naming._never.cache_clear()
    try:
        titles = ["해운대 김장 나눔 축제", "송년 음악회"]    # "해운대 행사": any of the district's events, not the one
        assert naming.named_rows("해운대 행사 뭐 있어요?", titles, lambda t: [t]) == []
        assert naming.named_rows("김장 축제 언제예요?", titles, lambda t: [t]) == ["해운대 김장 나눔 축제"]
    finally:
        naming._never.cache_clear()
