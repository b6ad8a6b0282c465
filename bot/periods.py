"""What a time in a question means: a filter on publication dates, or words of the story.

«Hva skjedde i februar 2020?» on a dated corpus asks for the articles *from* February
2020; «Hvor mange soldater sendte Nato i 2018?» asks about an event *in* 2018 that an
article from 2020 may tell. The bot cannot know which the user meant, so it tries the
readings in order and says in the reply which one it used:

1. **Dates**, when some article may be from the period: the question's other words
   are searched among those articles only.
2. **Text**, when the dates leave nothing or nothing there answers: the whole question,
   time words included, is searched in every article, so passages that mention the
   time («2018», «februar 2020») are preferred. A relative time («i dag», «i går»)
   means nothing as words in a text, so instead its other words are searched in the
   articles without a date, which may be from that day; a corpus without dates is
   never emptied by «i dag».
3. Otherwise the period's articles are listed, newest first, or, when there are none,
   the reply names the nearest dates the corpus has (reason ``empty_period``). A
   question with no words besides its time («Hva med 2020?») gets the listing at once.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from bot import messages
from bot.library import Snapshot
from bot.reply import Reply, ReplyKind
from retrieval.ranking.retriever import Answer
from retrieval.text.timeparse import PeriodKind, TimeQuery

if TYPE_CHECKING:
    from bot.core import ConversationCore

# How many of the corpus's dates nearest to an empty period a reply names.
NEAREST_DATES = 3


def answer_in_period(
    core: ConversationCore, snapshot: Snapshot, question: str, when: TimeQuery, language: str, offset: int
) -> Reply:
    """The reply to ``question``, whose time ``when.period`` is read as described in the module docstring.

    ``core`` ranks and pages the results, so a period answer looks like any other.
    """
    assert when.period is not None
    period = messages.format_period(when.period, language)
    phrase = when.phrase or period
    dates = snapshot.dates
    dated = dates.in_period(when.period.first, when.period.last)
    undated = ~dates.dated
    left_out = (messages.text(language, "undated_left_out", count=dates.undated),) if dates.undated else ()
    if dated.any():
        found = core._ranked(snapshot, when.remainder, offset, dated)
        if found.results:
            lead = messages.text(language, "period_intro", question=question, period=period)
            return core._page(found.results, question, lead, language, offset, left_out)
        if found.empty_reason == "no_terms":  # «Hva med 2020?» asks for the period itself
            return _listing(core, snapshot, question, when, dated, language, offset, left_out)
    if not undated.all():
        why = "period_unanswered" if dated.any() else "period_none"
    else:
        why = "period_undated"
    relative = when.period.label is not None and when.period.label.kind is PeriodKind.RELATIVE
    if relative:
        text_reading = core._ranked(snapshot, when.remainder, offset, undated) if undated.any() else None
        note = messages.text(language, f"{why}_relative", period=period, phrase=phrase)
    else:
        text_reading = core._ranked(snapshot, question, offset)
        note = messages.text(language, f"{why}_text", period=period, phrase=phrase)
    if text_reading is not None and text_reading.results:
        lead = messages.text(language, "more_intro" if offset else "answer_intro", question=question)
        if relative:
            return core._page(text_reading.results, question, lead, language, offset, (note,))
        return _text_reading(core, snapshot, question, when, text_reading, why, lead, language, offset)
    if dated.any():
        return _listing(core, snapshot, question, when, dated, language, offset, left_out)
    if relative and text_reading is not None and undated.all():
        return _unanswered(question, language, text_reading)
    return _empty(snapshot, question, when, language)


def _text_reading(
    core: ConversationCore,
    snapshot: Snapshot,
    question: str,
    when: TimeQuery,
    found: Answer,
    why: str,
    lead: str,
    language: str,
    offset: int,
) -> Reply:
    """The whole question searched in the text, and honest about whether the time was found there.

    The search prefers passages that mention the time but does not require it: «Hvor
    mange soldater sendte Nato i 2019?» still finds the article about 2018. Saying
    «I searched the text for 2019» over it, with «500» in bold, would pass an answer
    about 2018 off as one about 2019; so when no result mentions the time the note says
    these are only the nearest results, and when the first one does not, no short
    answer is shown.
    """
    assert when.period is not None
    period = messages.format_period(when.period, language)
    phrase = when.phrase or period
    analyzer = snapshot.retriever.index.analyzer
    wanted = set(analyzer(phrase))
    page = found.results[offset : offset + core.settings.results]
    mentions = [wanted <= set(analyzer(f"{f.article.headline}\n{f.article.text}")) for f in page]
    key = f"{why}_text" if any(mentions) else f"{why}_text_absent"
    reply = core._page(found.results, question, lead, language, offset, (messages.text(language, key, period=period, phrase=phrase),))
    if reply.answer is not None and mentions and not mentions[0]:
        reply = dataclasses.replace(reply, answer=None)
    return reply


def _listing(
    core: ConversationCore,
    snapshot: Snapshot,
    question: str,
    when: TimeQuery,
    dated: np.ndarray,
    language: str,
    offset: int,
    notes: tuple[str, ...],
) -> Reply:
    """The period's articles, newest first, each quoted from its opening."""
    assert when.period is not None
    positions = snapshot.dates.newest_first_among(dated)[: offset + core.settings.results + 1]
    leads = [snapshot.retriever.lead(p) for p in positions.tolist()]
    lead = messages.text(language, "period_listing", period=messages.format_period(when.period, language))
    return core._page(leads, question, lead, language, offset, notes)


def _unanswered(question: str, language: str, searched: Answer) -> Reply:
    """A relative time on a corpus without dates was dropped; the search itself found nothing."""
    reason = searched.empty_reason or "below_threshold"
    key = "no_terms" if reason == "no_terms" else "no_answer"
    return Reply(ReplyKind.NO_ANSWER, messages.text(language, key, question=question), question=question, reason=reason)


def _empty(snapshot: Snapshot, question: str, when: TimeQuery, language: str) -> Reply:
    """Nothing from the period and nothing in the text: name the nearest dates the corpus has."""
    assert when.period is not None
    period = messages.format_period(when.period, language)
    nearest = snapshot.dates.nearest(when.period.first, when.period.last, NEAREST_DATES)
    dates = ", ".join(messages.format_date(d, language) for d in nearest)
    lead = messages.text(language, "period_empty_nearest" if nearest else "period_empty", period=period, dates=dates)
    return Reply(ReplyKind.NO_ANSWER, lead, question=question, reason="empty_period", period=when.period)
