"""Command line: ``console``, ``ask``, ``eval`` (and the front ends added beside them).

Every command builds the settings once (file, environment, then command-line flags)
and passes them down. Errors a user can fix (a missing corpus, a bad setting) are one
line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import messages
from bot.settings import Settings, SettingsError, load_settings
from retrieval.news.database import DatabaseFileError
from retrieval.news.loaders import EmptyCorpusError

# Each command imports what it needs when it runs: ``ask`` and ``console`` never load
# python-telegram-bot, the feed client (httpx, feedparser) or the evaluation, and a
# start-up that imports nothing it does not use answers sooner.
if TYPE_CHECKING:
    from bot.core import ConversationCore
    from bot.library import NewsLibrary
    from bot.refresh import RefreshReport
    from bot.reply import Reply
    from retrieval.index.passage_index import Progress

USAGE_ERROR = 2
_PROGRESS_MINIMUM = 2000  # below this many items an index builds too fast to need progress


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``nyhetsbot`` and ``python run_bot.py``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = _settings_from(args)
        return args.handler(args, settings)
    except (UserError, SettingsError, EmptyCorpusError, DatabaseFileError) as error:
        print(f"nyhetsbot: error: {error}", file=sys.stderr)
        return USAGE_ERROR


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per mode."""
    parser = argparse.ArgumentParser(prog="nyhetsbot", description="Answers questions about the news with cited quotes.")
    parser.add_argument("--config", type=Path, help="settings file (default: config/default.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the bot does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    console = commands.add_parser("console", help="ask questions interactively")
    _add_corpus_option(console)
    console.set_defaults(handler=run_console)

    ask = commands.add_parser("ask", help="answer one question and exit")
    ask.add_argument("question")
    _add_corpus_option(ask)
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(handler=run_ask)

    refresh = commands.add_parser("refresh", help="fetch the configured news feeds once and exit")
    refresh.set_defaults(handler=run_refresh)

    evaluation = commands.add_parser("eval", help="score retrieval on a question set")
    evaluation.add_argument("--articles", type=Path, required=True, help="articles (JSON Lines)")
    evaluation.add_argument("--questions", type=Path, required=True, help="questions (JSON Lines)")
    evaluation.add_argument(
        "--unanswerable", type=Path, help="questions the articles cannot answer (JSON Lines): report the false-answer rate"
    )
    evaluation.add_argument("--k", type=int, default=10, help="passages retrieved per question (default 10)")
    evaluation.add_argument("--json", action="store_true", help="print one JSON object")
    evaluation.set_defaults(handler=run_eval)

    telegram = commands.add_parser("telegram", help="run the Telegram bot (token from TELEGRAM_BOT_TOKEN)")
    _add_corpus_option(telegram)
    telegram.set_defaults(handler=run_telegram)
    return parser


def _add_corpus_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, help="a corpus file or folder (default: setting 'corpus')")


def _settings_from(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config, os.environ)
    if getattr(args, "corpus", None) is not None:
        settings = settings.replace(corpus=args.corpus.resolve())
    return settings


def progress_printer(label: str) -> Progress:
    """Progress on stderr for a large build, e.g. ``Bygger indeks: passages 4000/98000``."""

    def report(stage: str, done: int, total: int) -> None:
        if total >= _PROGRESS_MINIMUM:
            end = "\n" if done >= total else "\r"
            print(f"{label}: {stage} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return report


def open_library(settings: Settings, read_only: bool = False) -> tuple[NewsLibrary, ConversationCore]:
    """Load the corpus and index, reporting progress, and the core answering from them.

    ``read_only``: the command only reads the stored articles, so it opens the
    database without writing to it (and works from a read-only data folder).
    """
    from bot.core import ConversationCore
    from bot.library import NewsLibrary, open_store

    label = messages.text(settings.interface_language, "building")
    library = NewsLibrary(settings, progress_printer(label), open_store(settings, read_only))
    library.load()
    return library, ConversationCore(settings, library)


def run_console(args: argparse.Namespace, settings: Settings) -> int:
    """``console``: the interactive loop."""
    from bot.console import Console
    from bot.conversation.dialogue import Conversation
    from bot.conversation.state import Bounds, MemoryConversations
    from bot.render_text import ansi_emphasis, plain_emphasis, render

    library, core = open_library(settings)
    emphasis = ansi_emphasis if sys.stdout.isatty() else plain_emphasis
    print(render(core.welcome(settings.interface_language)))
    conversation = Conversation(core, MemoryConversations(Bounds(settings.conversation_turns, settings.conversation_minutes * 60)))
    Console(conversation, settings.interface_language, emphasis, refresh=lambda: console_refresh(settings, library)).run()
    library.close()
    return 0


def console_refresh(settings: Settings, library: NewsLibrary) -> str:
    """The console's ``refresh``: fetch the feeds, swap in the new articles, report per feed."""
    from bot.refresh import refresh_feeds

    language = settings.interface_language
    if not settings.feeds or library.store is None:
        return messages.text(language, "no_feeds")
    return describe_refresh(refresh_feeds(settings, library.store, library), language)


def run_refresh(args: argparse.Namespace, settings: Settings) -> int:
    """``refresh``: fetch every feed once, report new articles per feed."""
    from bot.library import open_store
    from bot.refresh import refresh_feeds

    store = open_store(settings)
    if store is None:
        raise UserError("refresh needs a data folder (setting data_dir or NYHETSBOT_DATA_DIR)")
    if not settings.feeds:
        raise UserError(messages.text(settings.interface_language, "no_feeds"))
    print(describe_refresh(refresh_feeds(settings, store), settings.interface_language))
    return 0


def describe_refresh(report: RefreshReport, language: str) -> str:
    """One line per feed: new articles stored, or why it failed (a server's words made terminal-safe)."""
    from bot.render_text import terminal_safe

    return terminal_safe("\n".join(
        messages.text(language, "refresh_failed", url=feed.url, error=feed.error)
        if feed.error
        else messages.text(language, "refresh_feed", url=feed.url, new=feed.new)
        for feed in report.feeds
    ))


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """``ask``: one answer, as text or JSON."""
    from bot.render_text import render
    from retrieval.text.html_text import drop_unencodable

    library, core = open_library(settings, read_only=True)
    reply = core.answer(args.question, settings.interface_language)
    question = drop_unencodable(args.question)  # undecodable bytes from the shell are not text
    print(json.dumps(reply_json(question, reply), ensure_ascii=False) if args.json else render(reply), flush=True)
    library.close()  # a merge the new articles started finishes before exit (after the answer is out)
    return 0


def reply_json(question: str, reply: Reply) -> dict[str, object]:
    """The ``ask --json`` object: the question, whether it was answered, the short answer and the excerpts.

    An unanswered question also says why (``reason``), and for ``empty_period`` which period.
    """
    from bot.reply import ReplyKind

    cited = {quote.citation.number: quote.citation.article_id for quote in reply.quotes}
    answer = reply.answer
    result: dict[str, object] = {
        "question": question,
        "answered": reply.kind is ReplyKind.ANSWER,
        "answer": None
        if answer is None
        else {"text": answer.text, "article_id": cited.get(answer.citation), "start": answer.start, "end": answer.end},
        "excerpts": [
            {
                "text": quote.text,
                "article_id": quote.citation.article_id,
                "title": quote.citation.headline,
                "date": quote.citation.date.isoformat() if quote.citation.date else None,
                "url": quote.citation.url,
                "score": round(quote.score, 4),
                "start": quote.start,
                "end": quote.end,
                "parts": [{"start": s, "end": e} for s, e in quote.parts or ((quote.start, quote.end),)],
                "also_in": [
                    {"article_id": other.article_id, "title": other.headline, "source": other.source, "url": other.url}
                    for other in quote.also_in
                ],
            }
            for quote in reply.quotes
        ],
        # How the question was read («… jeg søkte etter «2018» i teksten»): without it a
        # caller cannot tell a nearest result from a real answer.
        "notes": list(reply.notes),
    }
    if reply.kind is not ReplyKind.ANSWER:
        result["reason"] = reply.reason
        if reply.period is not None:
            result["period"] = {"first": reply.period.first.isoformat(), "last": reply.period.last.isoformat()}
    return result


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """``eval``: the NorQuAD-style metrics, query latency, the share answered and, with ``--unanswerable``, false answers."""
    from bot.library import index_settings
    from retrieval.evaluation import QuestionFileError, evaluate, load_questions
    from retrieval.news.loaders import load_corpus
    from retrieval.ranking.confidence import AnswerBars

    paths = [args.articles, args.questions] + ([args.unanswerable] if args.unanswerable else [])
    for path in paths:
        if not path.is_file():
            raise UserError(f"file not found: {path}")
    try:
        questions = load_questions(args.questions)
        unanswerable = load_questions(args.unanswerable) if args.unanswerable else []
    except (QuestionFileError, UnicodeDecodeError) as error:
        raise UserError(str(error)) from None
    if not questions:
        raise UserError(f"no questions in {args.questions}")
    articles = load_corpus(args.articles).articles
    bars = AnswerBars(settings.question_min_score, settings.min_coverage, settings.min_confidence)
    progress = progress_printer("index")
    report = evaluate(articles, questions, index_settings(settings), args.k, progress, bars=bars, unanswerable=unanswerable)
    print(json.dumps(report) if args.json else format_report(report))
    return 0


def run_telegram(args: argparse.Namespace, settings: Settings) -> int:
    """``telegram``: serve the Telegram bot until SIGINT or SIGTERM."""
    from telegram.error import InvalidToken, TelegramError

    from bot.telegram import app as telegram_app
    from bot.telegram.logs import redact_token
    from bot.telegram.preflight import BotApiUnavailable, check_bot_api

    redact_token(telegram_app.check_settings(settings))
    import asyncio  # here: only the Telegram bot runs an event loop (30 ms of every start)

    try:
        asyncio.run(check_bot_api(settings))
    except BotApiUnavailable as error:
        raise UserError(str(error)) from None
    library, core = open_library(settings)
    core.examples.questions()  # find and check the example questions now, not on the first /help
    try:
        telegram_app.run(telegram_app.build_application(settings, library, core), settings)
    except InvalidToken as error:
        raise UserError("Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN") from error
    except TelegramError as error:
        raise UserError(f"could not start the Telegram bot: {error}") from error
    return 0


def format_report(report: dict[str, float]) -> str:
    """A two-line table of the metrics (those a question file without gold answers has not are left out)."""
    from retrieval.evaluation import ANSWER_METRICS, METRICS, REFUSAL_METRICS

    splits = sorted(n for n in report if n.startswith("false_answers_"))
    order = [*METRICS, *ANSWER_METRICS, *REFUSAL_METRICS, *splits, "p50_ms", "p95_ms", "questions", "unanswerable"]
    names = [n for n in order if n in report]
    widths = [max(len(n), len(str(report[n]))) for n in names]
    header = "  ".join(n.rjust(w) for n, w in zip(names, widths, strict=True))
    values = "  ".join(str(report[n]).rjust(w) for n, w in zip(names, widths, strict=True))
    return f"{header}\n{values}"

