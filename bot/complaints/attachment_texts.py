"""What residents read when they send a photo or a position (widget, Telegram, KakaoTalk), in
Korean and English: what happened, and what to do next. Same particle rules as bot/texts.py."""
from __future__ import annotations

from bot.particles import Word

TEXTS: dict[str, dict[str, str]] = {
    "photo_received": {
        "ko": "사진을 받았어요 ({count}/3). 민원을 접수하면 함께 보내 드려요. 사진의 위치·촬영 정보는 지웠어요.",
        "en": "Photo received ({count}/3). It will go with your complaint when you submit it. "
              "Its location and camera details were removed.",
    },
    "photo_gps_offer": {
        "ko": "사진에 찍힌 위치가 있어요({dong} 부근). 이 위치를 민원 위치로 쓸까요? 쓰지 않으면 저장하지 않아요.",
        "en": "The photo holds a location (near {dong}). Use it as the complaint's location? If not, it is not kept.",
    },
    "photo_use_gps": {"ko": "이 위치 쓰기", "en": "Use this location"},
    "photo_too_many": {
        "ko": "사진은 민원 하나에 3장까지 보낼 수 있어요. 이어서 민원 내용을 알려 주세요.",
        "en": "You can send up to 3 photos per complaint. Please go on with the complaint.",
    },
    "photo_too_big": {
        "ko": "사진이 너무 커요. 10MB 이하로 줄이거나 다른 사진을 보내 주세요. 사진 없이도 접수할 수 있어요.",
        "en": "That photo is too large. Please send one under 10 MB, or go on without a photo.",
    },
    "photo_too_many_pixels": {
        "ko": "사진 크기(화소)가 너무 커요. 휴대전화로 찍은 보통 사진을 보내 주세요. 사진 없이도 접수할 수 있어요.",
        "en": "That picture has too many pixels. Please send an ordinary phone photo, or go on without one.",
    },
    "photo_type": {
        "ko": "사진 파일이 아니에요. JPG, PNG, WebP 사진을 보내 주세요. 사진 없이도 접수할 수 있어요.",
        "en": "That isn't a photo we can use. Please send a JPG, PNG or WebP photo, or go on without one.",
    },
    "photo_broken": {
        "ko": "사진 파일이 깨져 있어 열 수 없어요. 다시 찍거나 다른 사진을 보내 주세요. 사진 없이도 접수할 수 있어요.",
        "en": "That photo file is damaged and can't be opened. Please take or pick another, or go on without one.",
    },
    "photo_not_fetched": {
        "ko": "사진을 가져오지 못했어요. 카카오톡에서 사진을 다시 보내 주세요. 사진 없이도 접수할 수 있어요.",
        "en": "The photo couldn't be fetched. Please send it again in KakaoTalk, or go on without one.",
    },
    "photo_empty": {
        "ko": "사진이 비어 있어요. 다시 골라 주세요.",
        "en": "The photo was empty. Please choose it again.",
    },
    "photo_unavailable": {
        "ko": "지금은 사진을 받을 수 없어요. 사진 없이 접수를 이어 가 주세요. 급한 일은 120으로 전화해 주세요.",
        "en": "Photos can't be received right now. Please go on without one. For anything urgent, call 120.",
    },
    "location_received": {
        "ko": "위치를 받았어요({dong}). 민원을 접수하면 함께 보내 드려요.",
        "en": "Location received ({dong}). It will go with your complaint when you submit it.",
    },
    "location_outside": {
        "ko": "보내 주신 위치는 {district} 밖이에요. {district} 안의 장소라면 주소나 가까운 건물 이름을 글로 알려 주세요.",
        "en": "That location is outside {district}. If the place is in {district}, please type its address "
              "or a nearby landmark.",
    },
    "location_bad": {
        "ko": "위치를 읽지 못했어요. 주소나 가까운 건물 이름을 글로 알려 주세요.",
        "en": "The location couldn't be read. Please type the address or a nearby landmark.",
    },
}


def attachment_text(key: str, lang: str, **values: str) -> str:
    entry = TEXTS[key]
    return (entry.get(lang) or entry["ko"]).format(**{name: Word(value) for name, value in values.items()})
