"""The conversation core: turns a message into a :class:`~bot.reply.Reply`.

It is stateless about chats: a page of results or an article is asked for with
everything it needs (the question, an offset, an article id). What a chat remembers
— its last turns, for follow-ups and paging — is :mod:`bot.conversation`'s job.
Front ends only translate to and from their medium.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from bot import messages
from bot.conversation.examples import CorpusExamples
from bot.library import CorpusStats, NewsLibrary, Snapshot
from bot.periods import answer_in_period
from bot.reply import Action, Citation, FollowUp, Quote, Reply, ReplyKind, other_sources, short_answer
from bot.settings import Settings
from retrieval.news.article import Article
from retrieval.text.html_text import drop_unencodable, html_to_text
from retrieval.text.language import language_profile
from retrieval.ranking.retriever import Answer, Found
from retrieval.text.timeparse import TimeParser, TimeQuery, newest_first

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# How many of a topic's best matches «siste nytt om X» orders by date.
LATEST_POOL = 30
# Question languages tried for time words, after the corpus language.
_QUESTION_LANGUAGES = ("norwegian", "english")


class ConversationCore:
    """Answers questions from a :class:`NewsLibrary` with quoted, cited excerpts."""

    def __init__(self, settings: Settings, library: NewsLibrary, today: Callable[[], date] = date.today) -> None:
        self.settings = settings
        self.library = library
        self.today = today
        languages = dict.fromkeys([language_profile(settings.language).name, *_QUESTION_LANGUAGES])
        self._time_parsers = [TimeParser(language_profile(name)) for name in languages]
        self.examples = CorpusExamples(self)

    def check_question(self, question: str, language: str) -> Reply | None:
        """A refusal for an empty or over-long question, else ``None``."""
        stripped = question.strip()
        if not stripped:
            return Reply(ReplyKind.REFUSAL, messages.text(language, "empty_question", example=self.examples.first()))
        if len(stripped) > self.settings.max_question_chars:
            lead = messages.text(language, "too_long", length=len(stripped), limit=self.settings.max_question_chars)
            return Reply(ReplyKind.REFUSAL, lead)
        return None

    def answer(self, question: str, language: str, offset: int = 0) -> Reply:
        """Results ``offset+1`` … ``offset+results`` for ``question``, numbered in that order.

        Time in the question becomes a filter on article dates («i februar 2020»), and
        «siste nytt om X» lists the newest articles on X first.
        """
        question = tidy(question)
        if refusal := self.check_question(question, language):
            return refusal
        snapshot = self.library.snapshot
        when = self._read_time(searchable(question))
        if when.latest:
            return self._latest(snapshot, question, when.topic, language, offset)
        if when.period is None:
            return self._search(snapshot, question, when.remainder, language, offset)
        return answer_in_period(self, snapshot, question, when, language, offset)

    def answers(self, question: str) -> bool:
        """Whether ``question`` (one without time words) finds a passage past the relevance bars.

        Used to check example questions; it builds no reply, since a reply may itself
        name an example.
        """
        snapshot = self.library.snapshot
        query = searchable(question)
        relevant = self._relevant(snapshot, query, 2, 1, min_score=self.settings.question_min_score)
        return bool(self._judged(snapshot, query, relevant).results)

    def without_time(self, text: str) -> str:
        """``text`` without its time words: what of it a text must hold, since a time may be a publication date."""
        return self._read_time(searchable(text)).remainder

    def _read_time(self, question: str) -> TimeQuery:
        """Time words of every question language; the reading that explains most words wins.

        «What happened in February 2020?» read as Norwegian finds only «2020»; read
        as English it finds the month, and leaves less of the question over.
        """
        today = self.today()
        readings = [parser.parse(question, today) for parser in self._time_parsers]
        found = [r for r in readings if r.period is not None or r.latest]
        return min(found, key=lambda r: len(r.remainder)) if found else TimeQuery(None, question)

    def _relevant(
        self,
        snapshot: Snapshot,
        query: str,
        k: int,
        max_per_article: int,
        allowed: np.ndarray | None = None,
        min_score: float | None = None,
    ) -> Answer:
        """The ``k`` best results that pass the relevance bars of the settings (``min_score`` unless given)."""
        return snapshot.retriever.answer(
            query,
            k=k,
            max_per_article=max_per_article,
            min_score=self.settings.min_score if min_score is None else min_score,
            allowed_articles=allowed,
            min_coverage=self.settings.min_coverage,
        )

    def _ranked(
        self, snapshot: Snapshot, query: str, offset: int, allowed: np.ndarray | None = None, compared: bool = True
    ) -> Answer:
        """Enough ranked results for the page at ``offset``, plus one to tell whether more exist; none when they do not answer."""
        k = offset + self.settings.results + 1
        relevant = self._relevant(snapshot, query, k, self.settings.max_per_article, allowed, self.settings.question_min_score)
        return self._judged(snapshot, query, relevant, compared)

    def _judged(self, snapshot: Snapshot, query: str, answer: Answer, compared: bool = True) -> Answer:
        """``answer``, or none (``below_threshold``) when its first quote is unlikely to answer ``query``.

        Only questions are judged: a list or «siste nytt om X» shows what mentions a
        topic, and needs no answer in it. ``compared`` is False when the search was held
        to the stories a follow-up asks about: there is no next story to lead (see
        :meth:`AnswerJudge.judge`). The first result may score below ``min_score``
        (down to ``judged_min_score``: the judge weighs the score); the ones after it
        still need ``min_score``, as without the judge.
        """
        minimum = self.settings.min_confidence
        if not answer.results or minimum <= 0:
            return answer
        if snapshot.judge.judge(query, answer.results, compared) < minimum:
            return Answer([], answer.terms, "below_threshold")
        first, *rest = answer.results
        return Answer([first, *(r for r in rest if r.score > self.settings.min_score)], answer.terms, answer.empty_reason)

    def search_within(self, query: str, article_ids: Sequence[str], language: str, offset: int = 0) -> Reply:
        """``query`` searched in the articles ``article_ids`` only (a question about an answer just given).

        Time words are searched as words here: inside one story «når» asks for a
        time in the text, not for a publication date.
        """
        snapshot = self.library.snapshot
        allowed = snapshot.mask(article_ids)
        if not allowed.any():
            return Reply(ReplyKind.NO_ANSWER, messages.text(language, "expired"), question=query)
        return self._search(snapshot, query, searchable(" ".join(query.split())), language, offset, allowed, compared=False)

    def _search(
        self,
        snapshot: Snapshot,
        question: str,
        query: str,
        language: str,
        offset: int,
        allowed: np.ndarray | None = None,
        compared: bool = True,
    ) -> Reply:
        """A plain question: the best passages of the corpus (or of the ``allowed`` articles) for ``query``.

        ``compared`` is False for a search in the stories a follow-up asks about (see :meth:`_judged`).
        """
        answer = self._ranked(snapshot, query, offset, allowed, compared)
        if not answer.results:
            key = "no_terms" if answer.empty_reason == "no_terms" else "no_answer"
            lead = messages.text(language, key, question=question, example=self.examples.first())
            return Reply(ReplyKind.NO_ANSWER, lead, question=question, reason=answer.empty_reason)
        lead = messages.text(language, "more_intro" if offset else "answer_intro", question=question)
        return self._page(answer.results, question, lead, language, offset)

    def latest(self, topic: str | None, language: str, offset: int = 0) -> Reply:
        """``/siste [topic]``: the newest articles first, on ``topic`` when one is given."""
        topic = tidy(topic or "") or None
        if topic is not None and (refusal := self.check_question(topic, language)):
            return refusal
        return self._latest(self.library.snapshot, topic or "", topic, language, offset)

    def _latest(self, snapshot: Snapshot, question: str, topic: str | None, language: str, offset: int) -> Reply:
        """The newest articles first; on ``topic``, those among its best matches."""
        retriever = snapshot.retriever
        dated = snapshot.stats.undated < snapshot.stats.articles  # «nyeste først» only means something with dates
        if topic is None:
            newest = snapshot.dates.newest_first[: offset + self.settings.results + 1]
            lead = messages.text(language, "latest" if dated else "latest_undated")
            return self._page([retriever.lead(p) for p in newest.tolist()], question, lead, language, offset)
        matches = self._relevant(snapshot, topic, LATEST_POOL, max_per_article=1).results
        if not matches:
            return Reply(ReplyKind.NO_ANSWER, messages.text(language, "latest_none", topic=topic), question=question)
        found = [matches[i] for i in newest_first([m.article for m in matches])]
        lead = messages.text(language, "latest_topic" if dated else "latest_topic_undated", topic=topic)
        return self._page(found, question, lead, language, offset)

    def _page(
        self, found: list[Found], question: str, lead: str, language: str, offset: int, notes: tuple[str, ...] = ()
    ) -> Reply:
        """Results ``found[offset:offset+results]`` as an answer with quotes numbered from ``offset+1``."""
        count = self.settings.results
        page = found[offset : offset + count]
        if not page:
            return Reply(ReplyKind.NO_ANSWER, messages.text(language, "no_more", question=question), question=question)
        quotes = tuple(self._quote(item, offset + i + 1, language) for i, item in enumerate(page))
        return Reply(
            ReplyKind.ANSWER,
            lead,
            quotes=quotes,
            notes=notes,
            follow_ups=self._follow_ups(quotes, len(found) > offset + count, language, offset),
            question=question,
            answer=short_answer(page[0], offset + 1) if offset == 0 else None,
        )

    def alert(self, topic: str, found: Found, language: str) -> Reply:
        """A topic alert: the new article's headline, a cited excerpt and its link."""
        quote = self._quote(found, 1, language)
        lead = messages.text(language, "alert", topic=topic, headline=found.article.headline)
        return Reply(ReplyKind.ANSWER, lead, quotes=(quote,), follow_ups=self._follow_ups((quote,), False, language), question=topic)

    def article(self, article_id: str, language: str, number: int = 1) -> Reply:
        """The whole article ``article_id``, cited as source ``number``."""
        found = self.library.snapshot.articles_by_id.get(article_id)
        if found is None:
            return Reply(ReplyKind.INFO, messages.text(language, "expired"))
        citation = self._citation(found, number, language)
        follow_ups = (FollowUp(Action.OPEN_SOURCE, messages.text(language, "source_action"), number, found.url),)
        return Reply(
            ReplyKind.ARTICLE,
            found.headline,
            body=without_headline(found.text, found.headline),
            citation=citation,
            follow_ups=follow_ups if found.url else (),
        )

    def help(self, language: str) -> Reply:
        """What the bot does, with example questions the loaded corpus answers."""
        return Reply(ReplyKind.INFO, messages.text(language, "help", examples=self.examples.listing()))

    def welcome(self, language: str) -> Reply:
        """How many articles the bot knows, from which dates, and how to ask."""
        stats = self.library.snapshot.stats
        return Reply(
            ReplyKind.INFO, messages.text(
                language, "welcome", articles=messages.count_articles(stats.articles, language), period=_period(stats, language)
            )
        )

    def search_list(self, words: str, language: str) -> Reply:
        """Up to ``list_results`` articles matching ``words``, best first, one quote each.

        A list instead of an answer: a reader scanning headlines wants one entry per
        article, so ``max_per_article`` is always 1 here.
        """
        words = tidy(words)
        if refusal := self.check_question(words, language):
            return refusal
        answer = self._relevant(self.library.snapshot, searchable(words), self.settings.list_results, max_per_article=1)
        if not answer.results:
            key = "no_terms" if answer.empty_reason == "no_terms" else "no_answer"
            lead = messages.text(language, key, question=words, example=self.examples.first())
            return Reply(ReplyKind.NO_ANSWER, lead, question=words)
        quotes = tuple(self._quote(found, i, language) for i, found in enumerate(answer.results, start=1))
        follow_ups = tuple(
            FollowUp(Action.SHOW_ARTICLE, messages.text(language, "article_action"), q.citation.number) for q in quotes
        )
        lead = messages.text(language, "list_intro", question=words)
        return Reply(ReplyKind.ANSWER, lead, quotes=quotes, follow_ups=follow_ups, question=words)

    def sources(self, language: str) -> Reply:
        """What the corpus holds: article count, date range, and articles per source."""
        stats = self.library.snapshot.stats
        lines = [messages.text(language, "sources_intro", articles=messages.count_articles(stats.articles, language), period=_period(stats, language))]
        if stats.sources:
            lines.append(messages.text(language, "per_source"))
            lines += [messages.text(language, "source_line", source=name, count=count) for name, count in stats.sources]
        else:
            lines.append(messages.text(language, "no_sources"))
        if stats.undated:
            lines.append(messages.text(language, "undated", count=stats.undated))
        return Reply(ReplyKind.INFO, "\n".join(lines))

    def _quote(self, found: Found, number: int, language: str) -> Quote:
        excerpt = found.excerpt
        citation = self._citation(found.article, number, language)
        return Quote(
            found.quote, excerpt.shown_highlights(), citation, found.score, excerpt.start, excerpt.end,
            *other_sources(found, language), parts=excerpt.parts,
        )

    @staticmethod
    def _citation(article: Article, number: int, language: str) -> Citation:
        date_text = messages.format_date(article.date, language) if article.date else None
        return Citation(number, article.id, article.headline, article.date, date_text, article.source, article.url)

    def _follow_ups(self, quotes: tuple[Quote, ...], has_more: bool, language: str, offset: int = 0) -> tuple[FollowUp, ...]:
        actions = []
        if offset > 0:
            back = max(0, offset - self.settings.results)
            actions.append(FollowUp(Action.PREVIOUS, messages.text(language, "previous_action"), offset=back))
        if has_more:
            actions.append(FollowUp(Action.MORE, messages.text(language, "more_action"), offset=offset + len(quotes)))
        for quote in quotes:
            number = quote.citation.number
            actions.append(FollowUp(Action.SHOW_ARTICLE, messages.text(language, "article_action"), number))
            if quote.citation.url:
                actions.append(FollowUp(Action.OPEN_SOURCE, messages.text(language, "source_action"), number, quote.citation.url))
        return tuple(actions)


def tidy(text: str) -> str:
    """A question as typed, on one line, without the lone surrogates some clients send
    (half of an emoji), which no reply containing them could be encoded with."""
    return " ".join(drop_unencodable(text).split())


def without_headline(text: str, headline: str) -> str:
    """The article body without its first line when that line repeats the headline (shown above it)."""
    first, _, rest = text.partition("\n")
    if first.strip() == headline.strip() and rest.strip():
        return rest.lstrip("\n")
    return text


def searchable(text: str) -> str:
    """``text`` without markup: a question typed as «<b>Irak</b>» is about Irak, not about «b»."""
    return html_to_text(text) if _TAG.search(text) else text


def _period(stats: CorpusStats, language: str) -> str:
    """`` fra februar 2020 til mars 2020`` (or one date, or nothing when no article is dated)."""
    if not (stats.first and stats.last):
        return ""
    first = messages.format_date(stats.first, language)
    last = messages.format_date(stats.last, language)
    if first == last:
        return messages.text(language, "single_period", first=first)
    return messages.text(language, "period", first=first, last=last)
