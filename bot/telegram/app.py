"""Build the Telegram :class:`~telegram.ext.Application` and run it by polling or webhook.

Everything comes from one :class:`~bot.settings.Settings` object: the token, the Bot
API server (so a self-hosted server works unchanged), limits, allowlists and the
webhook address. Handlers find the core and settings in ``bot_data``.
"""

from __future__ import annotations

import logging
import re
import secrets
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import messages
from bot.alerts import TopicAlerts
from bot.conversation.dialogue import Conversation
from bot.conversation.state import conversation_store
from bot.core import ConversationCore
from bot.library import NewsLibrary, database_path
from bot.settings import Settings, SettingsError
from bot.telegram import handlers, news, presses
from bot.telegram.buttons import ArticleKeys
from bot.telegram.incoming import DurableApplication, StoringQueue
from bot.telegram.limits import UserLimit
from bot.telegram.mailbox import Mailbox
from bot.telegram.outgoing import DurableBot
from bot.telegram.sender import Sender
from bot.subscriptions import Subscriptions

log = logging.getLogger(__name__)

# What @BotFather hands out: the bot's numeric id, a colon, and a secret of letters, digits, - and _.
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
# Norwegian users see Norwegian command descriptions; everyone else the English default.
_NORWEGIAN_LANGUAGE_CODES = ("nb", "nn", "no")
# Connections for the many chats the outbox sends to at once (python-telegram-bot's own default).
_CONNECTIONS = 256


def check_token(settings: Settings) -> str:
    """The token, or a :class:`SettingsError` that says what is wrong without showing it."""
    token = (settings.telegram_token or "").strip()
    if not token:
        raise SettingsError("no Telegram bot token: set TELEGRAM_BOT_TOKEN (see README, section Telegram)")
    if not _TOKEN.match(token):
        raise SettingsError(
            "the Telegram bot token is malformed: expected the bot id, a colon and the secret "
            "as @BotFather gives it (e.g. 123456789:AAE…)"
        )
    return token


def check_settings(settings: Settings) -> str:
    """Fail fast, before the index is built, on settings the bot cannot start with; return the token."""
    token = check_token(settings)
    if settings.telegram_mode not in ("polling", "webhook"):
        raise SettingsError(f"telegram_mode must be 'polling' or 'webhook', not {settings.telegram_mode!r}")
    if settings.telegram_mode == "webhook" and not settings.telegram_webhook_url:
        raise SettingsError("telegram_mode is 'webhook' but telegram_webhook_url is not set")
    return token


def build_application(settings: Settings, library: NewsLibrary, core: ConversationCore) -> Application:
    """The application with every handler registered; not started.

    With a data folder, updates and replies go through the durable inbox and outbox
    (:mod:`bot.telegram.incoming`, :mod:`bot.telegram.outgoing`); without one they live
    in memory only, as the log says at start.
    """
    alerts = topic_alerts(settings, core)
    builder = Application.builder()
    sender: Sender | None = None
    path = database_path(settings)
    if path is not None:
        mailbox = Mailbox(path)
        sender = Sender(mailbox, on_blocked=alerts.forget_chat if alerts is not None else lambda chat_id: None)
        builder = builder.update_queue(StoringQueue(mailbox))
        log.info("updates and replies are kept in %s until handled and sent", path)
    else:
        log.warning("no data folder: updates and replies are kept in memory only, and a crash loses those pending")
    bot = DurableBot(
        token=check_token(settings),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
        request=HTTPXRequest(connection_pool_size=_CONNECTIONS),
        rate_limiter=AIORateLimiter(max_retries=settings.telegram_max_retries),
        sender=sender,
    )
    application = (
        builder.bot(bot)
        .application_class(DurableApplication, {"sender": sender, "default_language": settings.interface_language})
        .concurrent_updates(settings.telegram_concurrent_updates)
        .post_init(register_commands)
        .build()
    )
    application.bot_data[handlers.SERVICES] = handlers.Services(
        settings=settings,
        core=core,
        library=library,
        user_limit=UserLimit(settings.telegram_user_questions, settings.telegram_user_period),
        article_keys=ArticleKeys(library),
        alerts=alerts,
        conversation=Conversation(
            core, conversation_store(database_path(settings), settings.conversation_turns, settings.conversation_minutes)
        ),
    )
    add_handlers(application)
    news.schedule_feed_job(application)
    return application


def topic_alerts(settings: Settings, core: ConversationCore) -> TopicAlerts | None:
    """Topic alerts over the bot's database, or ``None`` without a data folder."""
    path = database_path(settings)
    return TopicAlerts(core, Subscriptions(path)) if path is not None else None


def add_handlers(application: Application) -> None:
    """Register the handlers; the allowlist check runs first, then the per-user limit on presses and inline queries."""
    application.add_handler(TypeHandler(Update, handlers.check_allowed), group=-2)
    application.add_handler(TypeHandler(Update, presses.within_limit), group=-1)
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler(["hjelp", "help"], handlers.help_command))
    application.add_handler(CommandHandler(["sok", "search"], handlers.search))
    application.add_handler(CommandHandler(["kilder", "sources"], handlers.sources))
    application.add_handler(CommandHandler(["spor", "ask"], handlers.ask))
    application.add_handler(CommandHandler(["oppdater", "reload"], handlers.reload_command))
    application.add_handler(CommandHandler(list(handlers.LATEST_COMMANDS), news.latest))
    application.add_handler(CommandHandler(["folg", "follow"], news.follow))
    application.add_handler(CommandHandler(["folger", "following"], news.following))
    application.add_handler(CommandHandler(["slutt", "unfollow"], news.unfollow))
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, handlers.private_text))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, handlers.group_text))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.unknown_command))  # after every command
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_error_handler(handlers.error_handler)


def bot_commands(language: str) -> list[BotCommand]:
    """The command menu in ``language``."""
    norwegian = language == messages.NORWEGIAN
    names = [
        ("start", "command_start"),
        ("hjelp" if norwegian else "help", "command_help"),
        ("sok" if norwegian else "search", "command_search"),
        ("kilder" if norwegian else "sources", "command_sources"),
        ("spor" if norwegian else "ask", "command_ask"),
        ("siste" if norwegian else "latest", "command_latest"),
        ("folg" if norwegian else "follow", "command_follow"),
        ("folger" if norwegian else "following", "command_following"),
        ("slutt" if norwegian else "unfollow", "command_unfollow"),
    ]
    return [BotCommand(name, messages.text(language, key)) for name, key in names]


async def register_commands(application: Application) -> None:
    """Register the command menu; a failure is logged and the bot starts anyway."""
    try:
        await application.bot.set_my_commands(bot_commands(messages.ENGLISH))
        for code in _NORWEGIAN_LANGUAGE_CODES:
            await application.bot.set_my_commands(bot_commands(messages.NORWEGIAN), language_code=code)
    except TelegramError as error:
        log.warning("could not register the command menu (%s); starting without it", error)


def webhook_secret(settings: Settings) -> str:
    """The configured webhook secret, or a random one for this run: the webhook is never unauthenticated.

    Telegram sends it back in a header with every update; without it anyone who finds the
    URL could post updates as any user (an admin's ``/reload``, say). ``token_urlsafe``
    uses exactly the characters Telegram allows (A-Z, a-z, 0-9, _ and -).
    """
    if settings.telegram_webhook_secret:
        return settings.telegram_webhook_secret
    log.info("no telegram_webhook_secret set; using a random one for this run")
    return secrets.token_urlsafe(32)


def run(application: Application, settings: Settings) -> None:
    """Serve until SIGINT or SIGTERM: long polling, or a webhook behind a reverse proxy."""
    check_settings(settings)
    if settings.telegram_mode == "webhook":
        url = settings.telegram_webhook_url or ""
        log.info("webhook on %s:%d for %s", settings.telegram_webhook_listen, settings.telegram_webhook_port, url)
        application.run_webhook(
            listen=settings.telegram_webhook_listen,
            port=settings.telegram_webhook_port,
            url_path=urlsplit(url).path.lstrip("/"),
            webhook_url=url,
            secret_token=webhook_secret(settings),
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=-1,
        )
    else:
        log.info("long polling %s", settings.telegram_api_base_url)
        application.run_polling(
            timeout=settings.telegram_poll_timeout, allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1
        )
