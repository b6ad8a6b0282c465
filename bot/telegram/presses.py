"""Button presses and inline queries count against the per-user limit, like questions.

Each one runs a search (or sends a whole article), so without this a user could
monopolise the bot by pressing «more results» or typing inline queries instead of
asking. Messages are counted by the handlers that answer them; this runs before any
handler for the two kinds of update that have no message.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.telegram.handlers import language, services


async def within_limit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let a press or inline query through if its user is within the limit; else say so and stop."""
    press, inline = update.callback_query, update.inline_query
    user = update.effective_user
    if (press is None and inline is None) or user is None or services(context).user_limit.allow(user.id):
        return
    if press is not None:
        await press.answer(messages.text(language(update, context), "rate_limited"), show_alert=True)
    elif inline is not None:
        await inline.answer([], cache_time=0)
    raise ApplicationHandlerStop
