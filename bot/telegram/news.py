"""Fresh news in Telegram: ``/siste``, topic alerts (``/folg``, ``/folger``, ``/slutt``), the feed job.

The feed job runs on python-telegram-bot's ``JobQueue``: at start-up and then every
``feed_interval_minutes`` it fetches the feeds and rebuilds the index in a worker
thread (questions meanwhile are answered from the old index), then delivers the
alerts the new articles trigger. A chat that blocked the bot is unsubscribed.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram import Bot, LinkPreviewOptions, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot import messages
from bot.alerts import Alert, TopicAlerts
from bot.refresh import refresh_feeds
from bot.telegram import buttons, groups, render_html
from bot.telegram.handlers import language, send_parts, services, within_limit

log = logging.getLogger(__name__)

FEED_JOB = "feeds"


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
    """Fetch the feeds now and every ``feed_interval_minutes``, when feeds and storage are configured."""
    shared = services(application)
    if not shared.settings.feeds or shared.library.store is None:
        return
    if application.job_queue is None:
        raise RuntimeError("python-telegram-bot's job-queue extra is needed for feeds")
    application.job_queue.run_repeating(
        refresh_job, interval=timedelta(minutes=shared.settings.feed_interval_minutes), first=0, name=FEED_JOB
    )


async def refresh_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One feed round: fetch, store, swap in the new index, send the alerts it triggers."""
    shared = services(context)
    store = shared.library.store
    if store is None:
        return
    report = await asyncio.to_thread(refresh_feeds, shared.settings, store, shared.library)
    for feed in report.feeds:
        log.info("feed %s: %s", feed.url, feed.error or f"{feed.new} new articles")
    if report.new_articles and shared.alerts is not None:
        alerts = await asyncio.to_thread(shared.alerts.match, report.new_articles, shared.settings.interface_language)
        for alert in alerts:
            await deliver(context.bot, shared.alerts, alert, shared.settings.interface_language)


async def deliver(bot: Bot, alerts: TopicAlerts, alert: Alert, lang: str) -> None:
    """Send one alert; a chat that blocked the bot (or is gone) is unsubscribed."""
    parts = render_html.render(alert.reply, lang)
    markup = buttons.keyboard(alert.reply)
    try:
        for i, part in enumerate(parts):
            await bot.send_message(
                alert.chat_id,
                part,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=markup if i == len(parts) - 1 else None,
            )
    except Forbidden:
        log.info("chat %s blocked the bot; unsubscribing it", alert.chat_id)
        await asyncio.to_thread(alerts.forget_chat, alert.chat_id)
    except TelegramError as error:
        log.warning("could not send an alert to chat %s: %s", alert.chat_id, error)
