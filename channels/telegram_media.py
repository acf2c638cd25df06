"""Telegram photos and locations during the complaint form (docs/channels.md).

A photo (compressed by Telegram) or an image sent as a file (Telegram keeps its EXIF) is downloaded,
checked and re-encoded (bot/complaints/photos.py) and kept for the chat's complaint; a GPS position
found in the file is offered with a button, and kept only when the resident presses it. A location
message is the complaint's position. Handlers run before the "text only" fallback.
"""
from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.complaints.attachment_texts import attachment_text
from bot.complaints.pending import PendingAttachments
from bot.complaints.photos import PhotoRefused
from bot.settings import Settings

logger = logging.getLogger(__name__)
USE_GPS = "mwloc:"     # callback data: mwloc:37.563512,127.029013 (under Telegram's 64 bytes)


def _pending(context: ContextTypes.DEFAULT_TYPE) -> PendingAttachments:
    if "pending" not in context.bot_data:
        context.bot_data["pending"] = PendingAttachments(context.bot_data["settings"])
    return context.bot_data["pending"]


def _lang(update: Update) -> str:
    code = (update.effective_user.language_code if update.effective_user else None) or ""
    return "en" if code.lower().startswith("en") else "ko"


def _sender(update: Update) -> str:
    return f"telegram:{update.effective_chat.id}"


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str,
               markup: InlineKeyboardMarkup | None = None) -> None:
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, lang = update.effective_message, _lang(update)
    settings: Settings = context.bot_data["settings"]
    item = message.photo[-1] if message.photo else message.document
    if item.file_size and item.file_size > settings.photo_max_bytes:
        await _say(update, context, attachment_text("photo_too_big", lang))
        return
    try:
        data = bytes(await (await item.get_file()).download_as_bytearray())
        receipt = await asyncio.to_thread(_pending(context).add_photo, _sender(update), data)
    except PhotoRefused as exc:
        await _say(update, context, attachment_text(exc.reason, lang))
        return
    except (TelegramError, SQLAlchemyError, OSError):
        logger.exception("telegram: photo not stored")
        await _say(update, context, attachment_text("photo_unavailable", lang))
        return
    await _say(update, context, attachment_text("photo_received", lang, count=str(receipt.count)))
    if receipt.gps:
        lat, lon = receipt.gps
        button = InlineKeyboardButton(attachment_text("photo_use_gps", lang), callback_data=f"{USE_GPS}{lat},{lon}")
        await _say(update, context, attachment_text("photo_gps_offer", lang, dong=receipt.gps_dong or "?"),
                   InlineKeyboardMarkup([[button]]))


async def _keep_location(update: Update, context: ContextTypes.DEFAULT_TYPE, lat: float, lon: float) -> None:
    lang = _lang(update)
    try:
        place = await asyncio.to_thread(_pending(context).add_location, _sender(update), lat, lon)
    except ValueError:
        await _say(update, context, attachment_text("location_bad", lang))
        return
    except SQLAlchemyError:
        logger.exception("telegram: location not stored")
        await _say(update, context, attachment_text("photo_unavailable", lang))
        return
    if place.dong is None:
        settings: Settings = context.bot_data["settings"]
        district = settings.district if lang == "ko" else settings.district_en
        await _say(update, context, attachment_text("location_outside", lang, district=district))
    else:
        await _say(update, context, attachment_text("location_received", lang, dong=place.dong))


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    where = update.effective_message.location
    await _keep_location(update, context, float(where.latitude), float(where.longitude))


async def on_use_gps(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The resident pressed "이 위치 쓰기" under a photo's GPS offer: only now is the position kept."""
    query = update.callback_query
    try:
        await query.answer()
    except TelegramError:
        logger.info("telegram: a location button press was too old to acknowledge")
    if update.effective_chat is None:
        return
    try:
        lat, lon = (float(v) for v in query.data.removeprefix(USE_GPS).split(","))
    except ValueError:
        await _say(update, context, attachment_text("location_bad", _lang(update)))
        return
    await _keep_location(update, context, lat, lon)


def add_handlers(application: Application) -> None:
    """Before the bot's generic button and "text only" handlers (channels/telegram.py)."""
    private = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private & (filters.PHOTO | filters.Document.IMAGE), on_photo))
    application.add_handler(MessageHandler(private & filters.LOCATION, on_location))
    application.add_handler(CallbackQueryHandler(on_use_gps, pattern=f"^{USE_GPS}"))
