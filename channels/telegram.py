"""Telegram channel: adapter (update ↔ Reply), handlers, and ``python -m channels.telegram``.

The same handlers serve long polling (``main`` here) and the gateway's webhook
(channels/web/telegram_hook.py). docs/channels.md: how a district connects its bot.
"""
from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import re
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.settings import Settings
from channels import telegram_media
from channels.conversation import Conversation, Reply
from channels.offered import with_lang
from channels.recent import Recent

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
ALLOWED_UPDATES = ["message", "callback_query"]
CALLBACK_LIMIT = 64  # bytes: Telegram rejects longer callback_data
MAX_BUTTONS = 20  # not 10: the dong picker offers all 17 of Seongdong's dongs
SHORT_TITLE = 16  # display width (Hangul counts 2): titles this short fit two to a row on a phone
MAX_CITATIONS = 5
MAX_CHUNK = 3500  # Telegram allows 4096 visible characters; the rest is room for the citations
MAX_MESSAGE = 1000  # as /api/chat: longer questions are not questions Rasa answers well
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token
Rendered = list[tuple[str, InlineKeyboardMarkup | None]]


class PayloadStore:
    """Payloads too long for callback_data, by a short id (a hash: same button, same id).

    Bounded, oldest out first: a very old button gets a kind "type it again", the process stays small.
    """

    def __init__(self, size: int = 4096) -> None:
        self._items: Recent[str, str] = Recent(size)   # the webhook serves from several threads

    def shorten(self, payload: str) -> str:
        if len(payload.encode()) <= CALLBACK_LIMIT and not payload.startswith("p:"):
            return payload
        key = "p:" + hashlib.sha256(payload.encode()).hexdigest()[:8]
        self._items.put(key, payload)
        return key

    def resolve(self, data: str) -> str | None:
        return self._items.get(data) if data.startswith("p:") else data


PAYLOADS = PayloadStore()


def escape(text: str) -> str:
    """Bot text for HTML parse mode: every <, > and & escaped (quotes need it only in attributes)."""
    return html.escape(text, quote=False)


def user_lang(update: Update) -> str:
    code = (update.effective_user.language_code if update.effective_user else None) or ""
    return "en" if code.lower().startswith("en") else "ko"


def update_to_message(update: Update) -> tuple[str, str, str]:
    """(channel, user_id, text): a button press counts as the resident sending its payload."""
    chat_id = str(update.effective_chat.id) if update.effective_chat else ""
    if update.callback_query:
        return CHANNEL, chat_id, PAYLOADS.resolve(update.callback_query.data or "") or ""
    message = update.effective_message
    return CHANNEL, chat_id, (message.text or "") if message else ""


def render(reply: Reply) -> Rendered:
    """Reply → Telegram messages (HTML parse mode): every bot text escaped, links only to the web."""
    rendered: Rendered = []
    for message in reply.messages:
        chunks = _chunks(message.get("text") or "")
        rendered.extend((escape(chunk), None) for chunk in chunks[:-1])
        rendered.append((escape(chunks[-1]), keyboard(message.get("buttons") or [], reply.lang)))
    sources = citations_html(reply.citations, reply.lang)
    if sources and rendered:
        text, markup = rendered[-1]
        rendered[-1] = (f"{text}\n\n{sources}", markup)
    return rendered


def keyboard(buttons: list[dict], lang: str) -> InlineKeyboardMarkup | None:
    shown = [b for b in buttons if b.get("title") and b.get("payload")][:MAX_BUTTONS]
    if not shown:
        return None
    keys = [InlineKeyboardButton(b["title"], callback_data=PAYLOADS.shorten(_with_reply_lang(b["payload"], lang)))
            for b in shown]
    per_row = 2 if all(_width(b["title"]) <= SHORT_TITLE for b in shown) else 1
    return InlineKeyboardMarkup([keys[i:i + per_row] for i in range(0, len(keys), per_row)])


def _width(title: str) -> int:
    return sum(2 if ord(char) > 0x1100 else 1 for char in title)


def _with_reply_lang(payload: str, lang: str) -> str:
    # A button answers in the language of the message that showed it, whatever the resident's app is set to.
    return with_lang(payload, lang) if payload.startswith("/") else payload


def citations_html(citations: list[dict], lang: str) -> str:
    lines = []
    for citation in (c for c in citations[:MAX_CITATIONS] if c.get("title")):
        url, title = citation.get("url") or "", escape(citation["title"])
        # Only web links: javascript:, tg: or file: URLs from a bad data row never become clickable.
        lines.append(f'• <a href="{html.escape(url, quote=True)}">{title}</a>' if _is_web(url) else f"• {title}")
    return (("Source:" if lang == "en" else "출처:") + "\n" + "\n".join(lines)) if lines else ""


def _is_web(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _chunks(text: str) -> list[str]:
    """Split at line breaks (inside a line only if it must) to stay under Telegram's length limit."""
    chunks = [""]
    for line in text.splitlines(keepends=True):
        for piece in (line[i:i + MAX_CHUNK] for i in range(0, len(line), MAX_CHUNK)):
            if len(chunks[-1]) + len(piece) > MAX_CHUNK:
                chunks.append("")
            chunks[-1] += piece
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()] or ["…"]  # Telegram refuses empty text


async def send_texts(context: ContextTypes.DEFAULT_TYPE, chat_id: int, rendered: Rendered) -> None:
    for text, markup in rendered:
        await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                       link_preview_options=LinkPreviewOptions(is_disabled=True))


async def send_canned(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **values: str) -> None:
    """A canned line; one naming the district, its office or its call centre takes the district's own."""
    conversation: Conversation = context.bot_data["conversation"]
    line = conversation.canned(key, user_lang(update), **values)
    await send_texts(context, update.effective_chat.id, [(escape(line), None)])


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
    """One resident message through the conversation; every part of the reply goes back to the chat."""
    chat_id = update.effective_chat.id
    try:  # "typing…" while Rasa thinks; losing it must not lose the answer
        await context.bot.send_chat_action(chat_id, "typing")
    except TelegramError:
        logger.debug("send_chat_action failed", exc_info=True)
    conversation: Conversation = context.bot_data["conversation"]
    # Conversation.send blocks on HTTP; a thread keeps the event loop serving other chats.
    reply = await asyncio.to_thread(conversation.send, CHANNEL, str(chat_id), message, user_lang(update))
    await send_texts(context, chat_id, render(reply))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await ask(update, context, "/greet")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_canned(update, context, "telegram_help")   # the district's name: Conversation.canned


async def reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    conversation: Conversation = context.bot_data["conversation"]
    # "/restart" clears this chat's Rasa tracker. Rasa answers it with no text, which a Reply cannot tell from
    # "Rasa down" (both become 'unavailable'), so the confirmation is ours; a later question reports any outage.
    await asyncio.to_thread(conversation.send, CHANNEL, str(update.effective_chat.id), "/restart", user_lang(update))
    await send_canned(update, context, "restarted")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    _, _, text = update_to_message(update)
    if len(text) > MAX_MESSAGE:
        await send_canned(update, context, "too_long", limit=str(MAX_MESSAGE))
        return
    await ask(update, context, text)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    try:  # first: stops the spinner on the resident's button
        await update.callback_query.answer()
    except BadRequest:  # pressed while the bot was down: too old to answer, the question still is
        logger.info("telegram: a button press was too old to acknowledge")
    if update.effective_chat is None:
        return  # a button in an inline-mode message: no chat to answer in
    _, _, payload = update_to_message(update)
    if not payload:
        await send_canned(update, context, "button_expired")
        return
    await ask(update, context, payload)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_canned(update, context, "text_only")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log, and tell the resident something kind instead of silence."""
    if isinstance(context.error, Forbidden):
        logger.info("telegram: the resident blocked the bot or left the chat")
        return
    logger.error("telegram: handling an update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await send_canned(update, context, "unavailable")
    except TelegramError:
        logger.warning("telegram: could not send the 'unavailable' text either", exc_info=True)


def build_application(settings: Settings, conversation: Conversation | None = None) -> Application:
    builder = Application.builder().token(settings.telegram_token)
    base = settings.telegram_base_url.rstrip("/")
    if base:
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    # Several residents at once: one slow Rasa answer must not hold up everybody else.
    application = builder.concurrent_updates(8).build()
    application.bot_data.update(settings=settings, conversation=conversation or Conversation(settings))
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("reset", reset))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, help_command))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, on_text))
    telegram_media.add_handlers(application)     # photos and locations for the complaint form
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE, on_other))
    application.add_error_handler(on_error)
    return application


async def _bot_name(application: Application) -> str:
    async with application.bot as bot:  # initialize() asks getMe once: that is the token check
        return bot.username


async def _set_webhook(application: Application, settings: Settings) -> None:
    async with application.bot as bot:
        await bot.set_webhook(settings.telegram_webhook_url, secret_token=settings.telegram_webhook_secret,
                              allowed_updates=ALLOWED_UPDATES)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll would drown the log
    settings = Settings.load()
    if not settings.telegram_token:  # a configuration state, not a crash: exit 0, so no restart loop
        logger.info("Telegram is off: set MINWON_TELEGRAM_TOKEN to the token from @BotFather (see docs/channels.md)")
        return 0
    application = build_application(settings)
    try:
        name = asyncio.run(_bot_name(application))
    except (InvalidToken, Forbidden) as exc:  # the message would print the token: name the class only
        logger.error("Telegram is off: Telegram rejected MINWON_TELEGRAM_TOKEN (%s); "
                     "copy the token again from @BotFather", type(exc).__name__)
        return 0
    except TelegramError as exc:  # Telegram unreachable: worth a retry by the supervisor
        logger.error("Telegram could not be reached (%s); check the network and try again", type(exc).__name__)
        return 1
    if settings.telegram_webhook_url:
        return _register_webhook(application, settings)
    logger.info("Telegram bot @%s: polling for updates", name)
    application.run_polling(drop_pending_updates=False, allowed_updates=ALLOWED_UPDATES)
    return 0


def _register_webhook(application: Application, settings: Settings) -> int:
    if not SECRET_PATTERN.fullmatch(settings.telegram_webhook_secret):
        logger.error("Telegram is off: set MINWON_TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -) "
                     "as well as MINWON_TELEGRAM_WEBHOOK_URL")
        return 0
    try:
        asyncio.run(_set_webhook(application, settings))
    except TelegramError as exc:
        logger.error("Telegram did not accept the webhook %s: %s", settings.telegram_webhook_url, exc)
        return 1
    logger.info("Telegram webhook set to %s: the gateway answers there", settings.telegram_webhook_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
