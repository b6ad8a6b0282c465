"""The bot's handlers: each turns one kind of update into calls to the conversation core.

Retrieval is CPU work, so it runs in a worker thread (:func:`asyncio.to_thread`) and
the event loop stays free for other chats. What the handlers share — settings, core,
library, the per-user limit — lives in ``application.bot_data`` as one
:class:`Services` object, never in module globals.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, InlineQueryLimit, ParseMode
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.alerts import TopicAlerts
from bot.conversation.dialogue import Conversation
from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.reply import Reply, ReplyKind
from bot.settings import Settings
from bot.telegram import buttons, groups, render_html
from bot.telegram.limits import UserLimit
from bot.telegram.logs import describe_update
from retrieval.news.article import web_url

log = logging.getLogger(__name__)

SERVICES = "services"
LATEST_COMMANDS = frozenset({"siste", "latest"})
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass
class Services:
    """Everything the handlers need, created once by the application builder."""

    settings: Settings
    core: ConversationCore
    library: NewsLibrary
    user_limit: UserLimit
    article_keys: buttons.ArticleKeys
    alerts: TopicAlerts | None  # None without a data folder: no place to keep subscriptions
    conversation: Conversation


def services(holder: ContextTypes.DEFAULT_TYPE | Application) -> Services:
    """The shared :class:`Services` of the application (from a handler's context or the application)."""
    return holder.bot_data[SERVICES]


def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The interface language for the user behind ``update``."""
    user = update.effective_user
    return messages.interface_language(user.language_code if user else None, services(context).settings.interface_language)


async def check_allowed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refuse chats outside the allowlist in one line and stop further handling (runs first)."""
    allowed = services(context).settings.telegram_allowed_chats
    chat = update.effective_chat
    chat_id = chat.id if chat else (update.effective_user.id if update.effective_user else None)
    if not allowed or chat_id in allowed:
        return
    refusal = messages.text(language(update, context), "not_allowed")
    if update.callback_query:
        await update.callback_query.answer(refusal, show_alert=True)
    elif update.inline_query:
        await update.inline_query.answer([], cache_time=0)
    elif update.effective_message and _is_addressed(update, context):
        await update.effective_message.reply_text(refusal)
    raise ApplicationHandlerStop


def _is_addressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether a refused chat should hear the refusal: private chats, commands, mentions, replies."""
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return False
    if update.effective_chat.type == ChatType.PRIVATE:
        return True
    words = (message.text or "").split(maxsplit=1)
    command = words[0] if words else ""
    if command.startswith("/"):  # a command, unless it names another bot
        return "@" not in command or command.lower().endswith(f"@{context.bot.username.lower()}")
    return groups.addresses_bot(message, context.bot.id, context.bot.username)


def chat_key(message: Message) -> str:
    """Whose conversation a message belongs to: its chat, or its topic in a forum group."""
    if message.is_topic_message and message.message_thread_id is not None:
        return f"{message.chat_id}:{message.message_thread_id}"
    return str(message.chat_id)


def _replied_bot_message(message: Message, bot_id: int) -> int | None:
    """The id of the bot message ``message`` replies to, if it replies to one of the bot's."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
        return None
    return replied.message_id


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome: what the bot knows and how to ask."""
    lang = language(update, context)
    core = services(context).core
    help_reply = await asyncio.to_thread(core.help, lang)  # after a reload the examples are searched anew
    text = f"{core.welcome(lang).lead}\n\n{help_reply.lead}"
    await send_parts(update.effective_message, render_html.split_html(html.escape(text)))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Examples of questions and the commands."""
    lang = language(update, context)
    commands = messages.text(lang, "telegram_commands", bot=context.bot.username)
    help_reply = await asyncio.to_thread(services(context).core.help, lang)
    text = f"{help_reply.lead}\n{commands}"
    await send_parts(update.effective_message, render_html.split_html(html.escape(text)))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: say so and point to /hjelp.

    In a group only when the command names this bot (``/vaer@botname``): a bare
    ``/vaer`` there may be meant for another bot in the group.
    """
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        command = (message.text or "").split(maxsplit=1)[0]
        if not command.lower().endswith(f"@{context.bot.username.lower()}"):
            return
    await message.reply_text(messages.text(language(update, context), "unknown_command"))


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the corpus holds: sources, number of articles, date range."""
    lang = language(update, context)
    reply = await asyncio.to_thread(services(context).core.sources, lang)  # counts over the whole corpus
    await send_parts(update.effective_message, render_html.render(reply, lang))


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text in a private chat is a question."""
    question = groups.clean_question(update.effective_message.text, context.bot.username)
    await _answer(update, context, question)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group text is a question only when it mentions or replies to the bot."""
    message = update.effective_message
    if groups.addresses_bot(message, context.bot.id, context.bot.username):
        await _answer(update, context, groups.clean_question(message.text, context.bot.username))


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/ask QUESTION``: a question in any chat, the way to ask in a group."""
    await _answer(update, context, groups.clean_question(update.effective_message.text, context.bot.username))


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/sok WORDS``: a ranked list of matching articles instead of an answer."""
    lang = language(update, context)
    words = groups.clean_question(update.effective_message.text, context.bot.username)
    if not words:
        await update.effective_message.reply_text(messages.text(lang, "search_usage"))
        return
    if not await within_limit(update, context, lang):
        return
    shared = services(context)
    await update.effective_chat.send_action(ChatAction.TYPING)
    reply = await asyncio.to_thread(shared.core.search_list, words, lang)
    parts = render_html.render_list(reply, shared.settings.list_excerpt_chars)
    await send_parts(update.effective_message, parts, buttons.keyboard(reply), quote=True)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Answer ``question`` in the chat's conversation, as a reply to the message that asked it.

    A reply to one of the bot's answers continues that answer's thread; the messages
    the answer is sent in are remembered, so buttons and later replies find it.
    """
    lang = language(update, context)
    shared = services(context)
    message = update.effective_message
    if refusal := shared.core.check_question(question, lang):
        await message.reply_text(refusal.lead)
        return
    if not await within_limit(update, context, lang):
        return
    await update.effective_chat.send_action(ChatAction.TYPING)
    key = chat_key(message)
    replied = _replied_bot_message(message, context.bot.id)
    answered = await asyncio.to_thread(shared.conversation.respond, key, question, lang, replied)
    reply = answered.reply
    sent = await send_parts(message, render_html.render(reply, lang), buttons.keyboard(reply), quote=True)
    if answered.turn is not None and sent:
        # A reply queued for a later send has no id yet (0); only real ids can be replied to.
        await asyncio.to_thread(shared.conversation.remember, key, answered.turn, [m.message_id for m in sent if m.message_id])


async def within_limit(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str) -> bool:
    """Whether the user may ask now; if not, say so politely."""
    user = update.effective_user
    if user is None or services(context).user_limit.allow(user.id):
        return True
    await update.effective_message.reply_text(messages.text(lang, "rate_limited"))
    return False


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on «more results» or «show article»; stale or unknown buttons expire politely."""
    query = update.callback_query
    lang = language(update, context)
    data = buttons.decode(query.data)
    if isinstance(data, buttons.More):
        await _more(update, context, data, lang)
    elif isinstance(data, buttons.ShowArticle):
        await _show_article(update, context, data, lang)
    else:
        await query.answer(messages.text(lang, "expired"), show_alert=True)


async def _more(update: Update, context: ContextTypes.DEFAULT_TYPE, data: buttons.More, lang: str) -> None:
    """Edit the answer in place to show the page of results from ``data.offset`` («Forrige», «Flere»).

    The question is the answer's turn in the chat's conversation, so paging works
    after the question message was deleted; else it is read back from the message
    the answer replied to: a question, or ``/siste TOPIC`` whose next page is the
    next newest articles.
    """
    query = update.callback_query
    shared = services(context)
    if isinstance(query.message, Message):
        key, message_id = chat_key(query.message), query.message.message_id
        paged = await asyncio.to_thread(shared.conversation.page, key, message_id, data.offset, lang)
        if paged is not None:
            await _show_page(update, paged, lang)
            return
    original = query.message.reply_to_message if isinstance(query.message, Message) else None
    text = (original.text or "") if original else ""
    question = groups.clean_question(text, context.bot.username)
    core = shared.core
    if groups.command(text) in LATEST_COMMANDS:
        reply = await asyncio.to_thread(core.latest, question, lang, data.offset)
    elif question:
        reply = await asyncio.to_thread(core.answer, question, lang, data.offset)
    else:
        await query.answer(messages.text(lang, "expired"), show_alert=True)
        return
    await _show_page(update, reply, lang)


async def _show_page(update: Update, reply: Reply, lang: str) -> None:
    """Edit the answer under the pressed button into ``reply``, or say why not in a notice."""
    query = update.callback_query
    if reply.kind is not ReplyKind.ANSWER:
        await query.answer(reply.lead, show_alert=True)
        return
    await query.answer()
    text = render_html.render(reply, lang)[0]  # a page of quotes is far below the message limit
    await query.edit_message_text(
        text, parse_mode=ParseMode.HTML, reply_markup=buttons.keyboard(reply), link_preview_options=NO_PREVIEW
    )


async def _show_article(update: Update, context: ContextTypes.DEFAULT_TYPE, data: buttons.ShowArticle, lang: str) -> None:
    """Send the whole cited article, in as many messages as it takes."""
    query = update.callback_query
    shared = services(context)
    article_id = await asyncio.to_thread(shared.article_keys.resolve, data.key)
    if article_id is None or not isinstance(query.message, Message):
        await query.answer(messages.text(lang, "expired"), show_alert=True)
        return
    await query.answer()
    reply = await asyncio.to_thread(shared.core.article, article_id, lang, data.number)  # reads the article from disk
    await send_parts(query.message, render_html.render(reply, lang), buttons.keyboard(reply), quote=True)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``@bot question`` in any chat: matching excerpts, each sending a cited quote."""
    query = update.inline_query
    lang = language(update, context)
    shared = services(context)
    question = " ".join(query.query.split())
    if not question or shared.core.check_question(question, lang):
        await query.answer([], cache_time=0)
        return
    reply = await asyncio.to_thread(shared.core.search_list, question, lang)
    results = []
    for quote in reply.quotes[: InlineQueryLimit.RESULTS]:
        citation = quote.citation
        description, _ = render_html.one_line(quote, shared.settings.list_excerpt_chars)
        url = web_url(citation.url)  # never a javascript:, data: or tg: link from a feed
        source = [[InlineKeyboardButton(messages.text(lang, "source_action"), url=url)]] if url else None
        content = InputTextMessageContent(
            render_html.split_html(render_html.quote_html(quote, lang))[0],
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
        )
        results.append(
            InlineQueryResultArticle(
                id=buttons.article_key(citation.article_id),
                title=citation.headline,
                description=description,
                input_message_content=content,
                reply_markup=InlineKeyboardMarkup(source) if source else None,
            )
        )
    await query.answer(results, cache_time=60, is_personal=False)


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/reload`` (admins only): rebuild the index in the background and swap it in."""
    lang = language(update, context)
    shared = services(context)
    user = update.effective_user
    if user is None or user.id not in shared.settings.telegram_admins:
        await update.effective_message.reply_text(messages.text(lang, "admin_only"))
        return
    await update.effective_message.reply_text(messages.text(lang, "reloading"))
    context.application.create_task(_rebuild(update.effective_message, shared, lang), update=update, name="reload")


async def _rebuild(message: Message, shared: Services, lang: str) -> None:
    """Rebuild in a worker thread; questions meanwhile are answered from the old index."""
    try:
        await asyncio.to_thread(shared.library.load)
    except Exception:
        log.exception("reload failed; keeping the previous index")
        await message.reply_text(messages.text(lang, "reload_failed"))
        return
    articles = await asyncio.to_thread(lambda: shared.library.snapshot.stats.articles)
    log.info("reloaded: %d articles", articles)
    await message.reply_text(messages.text(lang, "reloaded", articles=articles))


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with what identifies the update, and tell the user something went wrong."""
    described = describe_update(update, services(context).settings.log_personal_data)
    log.error("exception while handling %s", described, exc_info=context.error)
    if not isinstance(update, Update):
        return
    lang = language(update, context)
    try:
        if update.callback_query:
            await update.callback_query.answer(messages.text(lang, "error"), show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(messages.text(lang, "error"))
    except Exception:  # the network may be what failed; the log above already has the cause
        log.warning("could not tell the user about the error", exc_info=True)


async def send_parts(
    message: Message,
    parts: Sequence[str],
    markup: InlineKeyboardMarkup | None = None,
    quote: bool = False,
) -> list[Message]:
    """Send HTML ``parts`` in order, the buttons under the last; the first replies to ``message``.

    Answers quote the question, so a reader sees what they answer (and ``/siste``
    pages read the topic back from there). Returns the messages sent.
    """
    sent = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        sent.append(await message.reply_text(
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=markup if last else None,
            do_quote=quote and i == 0,
        ))
    return sent
