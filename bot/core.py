"""The conversation core: turns a message into a :class:`~bot.reply.Reply`.

It is stateless about chats: a follow-up ("more results", "show article 2") carries
what it needs (the question, an offset, an article id), so Telegram can encode it in
a button and the console in a :class:`Session`. Front ends only translate to and
from their medium.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot import messages
from bot.library import CorpusStats, NewsLibrary
from bot.reply import Action, Citation, FollowUp, Quote, Reply, ReplyKind
from bot.settings import Settings
from retrieval.article import Article
from retrieval.retriever import Found


@dataclass
class Session:
    """What a console conversation remembers: the last question and the sources cited so far."""

    question: str | None = None
    shown: int = 0
    cited: list[str] = field(default_factory=list)  # article ids; citation N is cited[N - 1]

    def record(self, reply: Reply) -> None:
        """Remember an answer's question and citations so ``more`` and ``article N`` can follow."""
        if reply.kind is not ReplyKind.ANSWER or reply.question is None:
            return
        if reply.question != self.question:
            self.question, self.shown, self.cited = reply.question, 0, []
        self.shown += len(reply.quotes)
        self.cited.extend(q.citation.article_id for q in reply.quotes)


class ConversationCore:
    """Answers questions from a :class:`NewsLibrary` with quoted, cited excerpts."""

    def __init__(self, settings: Settings, library: NewsLibrary) -> None:
        self.settings = settings
        self.library = library

    def check_question(self, question: str, language: str) -> Reply | None:
        """A refusal for an empty or over-long question, else ``None``."""
        stripped = question.strip()
        if not stripped:
            return Reply(ReplyKind.REFUSAL, messages.text(language, "empty_question"))
        if len(stripped) > self.settings.max_question_chars:
            lead = messages.text(language, "too_long", length=len(stripped), limit=self.settings.max_question_chars)
            return Reply(ReplyKind.REFUSAL, lead)
        return None

    def answer(self, question: str, language: str, offset: int = 0) -> Reply:
        """Quotes ``offset+1`` … ``offset+results`` for ``question``, numbered in that order."""
        if refusal := self.check_question(question, language):
            return refusal
        question = " ".join(question.split())
        retriever = self.library.snapshot.retriever
        count = self.settings.results
        answer = retriever.answer(
            question,
            k=offset + count + 1,  # one extra tells whether "more" has anything to show
            max_per_article=self.settings.max_per_article,
            min_score=self.settings.min_score,
        )
        page = answer.results[offset : offset + count]
        if not page:
            if offset:
                key = "no_more"
            else:
                key = "no_terms" if answer.empty_reason == "no_terms" else "no_answer"
            return Reply(ReplyKind.NO_ANSWER, messages.text(language, key, question=question), question=question)
        quotes = tuple(self._quote(found, offset + i + 1, language) for i, found in enumerate(page))
        has_more = len(answer.results) > offset + count
        lead = messages.text(language, "more_intro" if offset else "answer_intro", question=question)
        return Reply(
            ReplyKind.ANSWER,
            lead,
            quotes=quotes,
            follow_ups=self._follow_ups(quotes, has_more, language),
            question=question,
        )

    def more(self, session: Session, language: str) -> Reply:
        """The next page of results for the session's last question."""
        if session.question is None:
            return Reply(ReplyKind.INFO, messages.text(language, "nothing_asked"))
        return self.answer(session.question, language, offset=session.shown)

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
            body=found.text,
            citation=citation,
            follow_ups=follow_ups if found.url else (),
        )

    def cited_article(self, session: Session, number: int, language: str) -> Reply:
        """Source ``number`` of the session's answers."""
        if not 1 <= number <= len(session.cited):
            return Reply(ReplyKind.INFO, messages.text(language, "unknown_article", number=number))
        return self.article(session.cited[number - 1], language, number)

    def help(self, language: str) -> Reply:
        """What the bot does, with example questions."""
        return Reply(ReplyKind.INFO, messages.text(language, "help"))

    def welcome(self, language: str) -> Reply:
        """How many articles the bot knows, from which dates, and how to ask."""
        stats = self.library.snapshot.stats
        return Reply(
            ReplyKind.INFO, messages.text(language, "welcome", articles=stats.articles, period=_period(stats, language))
        )

    def search_list(self, words: str, language: str) -> Reply:
        """Up to ``list_results`` articles matching ``words``, best first, one quote each.

        A list instead of an answer: a reader scanning headlines wants one entry per
        article, so ``max_per_article`` is always 1 here.
        """
        if refusal := self.check_question(words, language):
            return refusal
        words = " ".join(words.split())
        answer = self.library.snapshot.retriever.answer(
            words, k=self.settings.list_results, max_per_article=1, min_score=self.settings.min_score
        )
        if not answer.results:
            key = "no_terms" if answer.empty_reason == "no_terms" else "no_answer"
            return Reply(ReplyKind.NO_ANSWER, messages.text(language, key, question=words), question=words)
        quotes = tuple(self._quote(found, i, language) for i, found in enumerate(answer.results, start=1))
        follow_ups = tuple(
            FollowUp(Action.SHOW_ARTICLE, messages.text(language, "article_action"), q.citation.number) for q in quotes
        )
        lead = messages.text(language, "list_intro", question=words)
        return Reply(ReplyKind.ANSWER, lead, quotes=quotes, follow_ups=follow_ups, question=words)

    def sources(self, language: str) -> Reply:
        """What the corpus holds: article count, date range, and articles per source."""
        stats = self.library.snapshot.stats
        lines = [messages.text(language, "sources_intro", articles=stats.articles, period=_period(stats, language))]
        if stats.sources:
            lines.append(messages.text(language, "per_source"))
            lines += [messages.text(language, "source_line", source=name, count=count) for name, count in stats.sources]
        else:
            lines.append(messages.text(language, "no_sources"))
        if stats.undated:
            lines.append(messages.text(language, "undated", count=stats.undated))
        return Reply(ReplyKind.INFO, "\n".join(lines))

    def _quote(self, found: Found, number: int, language: str) -> Quote:
        start, end = found.excerpt.start, found.excerpt.end
        highlights = tuple((s - start, e - start) for s, e in found.excerpt.highlights)
        return Quote(found.quote, highlights, self._citation(found.article, number, language), found.score, start, end)

    @staticmethod
    def _citation(article: Article, number: int, language: str) -> Citation:
        date_text = messages.format_date(article.date, language) if article.date else None
        return Citation(number, article.id, article.headline, article.date, date_text, article.source, article.url)

    @staticmethod
    def _follow_ups(quotes: tuple[Quote, ...], has_more: bool, language: str) -> tuple[FollowUp, ...]:
        actions = []
        if has_more:
            actions.append(FollowUp(Action.MORE, messages.text(language, "more_action")))
        for quote in quotes:
            number = quote.citation.number
            actions.append(FollowUp(Action.SHOW_ARTICLE, messages.text(language, "article_action"), number))
            if quote.citation.url:
                actions.append(FollowUp(Action.OPEN_SOURCE, messages.text(language, "source_action"), number, quote.citation.url))
        return tuple(actions)


def _period(stats: CorpusStats, language: str) -> str:
    """`` fra februar 2020 til mars 2020`` (or one date, or nothing when no article is dated)."""
    if not (stats.first and stats.last):
        return ""
    first = messages.format_date(stats.first, language)
    last = messages.format_date(stats.last, language)
    if first == last:
        return messages.text(language, "single_period", first=first)
    return messages.text(language, "period", first=first, last=last)
