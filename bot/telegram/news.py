"""Fresh news in Telegram: ``/siste``, topic alerts (``/folg``, ``/folger``, ``/slutt``), the feed job.

The feed job runs on python-telegram-bot's ``JobQueue``: at start-up and then every
``feed_interval_minutes`` it fetches the feeds and rebuilds the index in a worker
thread (questions meanwhile are answered from the old index), then queues the alerts
the new articles — and any left pending by a crash — trigger, in the outbox. A chat
that blocked the bot is unsubscribed by the sender.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import timedelta

from telegram import LinkPreviewOptions, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import Application, ContextTypes

from bot import messages
from bot.alerts import Alert
from bot.refresh import refresh_feeds
from bot.telegram import buttons, groups, render_html
from bot.telegram.handlers import language, send_parts, services, within_limit
from bot.telegram.mailbox import Outgoing, insert_outgoing
from bot.telegram.outgoing import plain

log = logging.getLogger(__name__)

FEED_JOB = "feeds"
FIRST_FEED_JOB = "feeds at start-up"
_ROUND_LOCK = "feed round lock"


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/siste [TOPIC]``: the newest articles first, on the topic when one is given."""
    lang = language(update, context)
    if not await within_limit(update, context, lang):
        return
    topic = groups.clean_question(update.effective_message.text, context.bot.username)
    await update.effective_chat.send_action(ChatAction.TYPING)
    reply = await asyncio.to_thread(services(context).core.latest, topic, lang)
    await send_parts(update.effective_message, render_html.render(reply, lang), buttons.keyboard(reply), quote=True)


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/folg TOPIC``: alert this chat when new articles match the topic."""
    await _topics(update, context, "follow")


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/slutt TOPIC``: stop the alerts for a topic."""
    await _topics(update, context, "unfollow")


async def following(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/folger``: the topics this chat follows."""
    await _topics(update, context, "following")


async def _topics(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> None:
    lang = language(update, context)
    alerts = services(context).alerts
    message = update.effective_message
    if alerts is None:
        await message.reply_text(messages.text(lang, "alerts_off"))
        return
    chat_id = update.effective_chat.id
    topic = groups.clean_question(message.text, context.bot.username)
    if action == "follow" and topic and not services(context).settings.feeds:
        await message.reply_text(messages.text(lang, "follow_no_feeds", topic=topic))  # no alert could ever come
        return
    if action == "follow":
        reply = await asyncio.to_thread(alerts.follow, chat_id, topic, lang)
    elif action == "unfollow":
        reply = await asyncio.to_thread(alerts.unfollow, chat_id, topic, lang)
    else:
        reply = await asyncio.to_thread(alerts.following, chat_id, lang)
    await message.reply_text(reply.lead)


def schedule_feed_job(application: Application) -> None:
    """Fetch the feeds at start-up and every ``feed_interval_minutes``, when feeds and storage are configured.

    The round at start-up is a job of its own: a repeating job's ``first=0`` means "at
    the time of scheduling", which has passed by the time the job queue starts (after
    the index is built), and APScheduler then skips to the next interval.
    """
    shared = services(application)
    if not shared.settings.feeds or shared.library.store is None:
        return
    if application.job_queue is None:
        raise RuntimeError("python-telegram-bot's job-queue extra is needed for feeds")
    interval = timedelta(minutes=shared.settings.feed_interval_minutes)
    application.bot_data[_ROUND_LOCK] = asyncio.Lock()
    application.job_queue.run_once(refresh_job, when=0, name=FIRST_FEED_JOB, job_kwargs={"misfire_grace_time": None})
    application.job_queue.run_repeating(refresh_job, interval=interval, first=interval, name=FEED_JOB)


async def refresh_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One feed round: fetch, store, swap in the new index, queue the alerts pending. Rounds never overlap."""
    shared = services(context)
    store = shared.library.store
    if store is None:
        return
    async with context.bot_data[_ROUND_LOCK]:
        report = await asyncio.to_thread(refresh_feeds, shared.settings, store, shared.library)
        for feed in report.feeds:
            log.info("feed %s: %s", feed.url, feed.error or f"{feed.new} new articles")
        sender = getattr(context.application, "sender", None)
        if shared.alerts is None or sender is None:
            return
        lang = shared.settings.interface_language

        def queue(connection: sqlite3.Connection, alert: Alert) -> None:
            insert_outgoing(connection, alert_messages(alert, lang), f"alert:{alert.article_id}")

        queued = await asyncio.to_thread(shared.alerts.queue_pending, store, lang, queue)
        if queued:
            log.info("queued %d topic alerts", queued)
            sender.wake()


def alert_messages(alert: Alert, lang: str) -> list[Outgoing]:
    """The messages of one alert, as outbox requests: the text in parts, the buttons under the last."""
    parts = render_html.render(alert.reply, lang)
    markup = buttons.keyboard(alert.reply)
    requests = []
    for i, part in enumerate(parts):
        params = {
            "chat_id": alert.chat_id,
            "text": part,
            "parse_mode": ParseMode.HTML.value,
            "link_preview_options": plain(LinkPreviewOptions(is_disabled=True)),
        }
        if markup is not None and i == len(parts) - 1:
            params["reply_markup"] = plain(markup)
        requests.append(Outgoing("sendMessage", alert.chat_id, params))
    return requests
