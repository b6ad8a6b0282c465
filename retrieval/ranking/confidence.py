"""Answer or refuse: how likely the first result answers the question at all.

The relevance bars of the search (``min_score``, ``min_coverage``) ask whether a
passage shares enough of the question's words. A question the news cannot answer
often does: «Hvem vant Tour de France?» finds a podcast that has a Tour de France
commentator as its guest (and still does: to these features it looks like an answer).
So the decision also looks at what a reader would check:
whether the question's words stand *together* in the quote (in one sentence, or two
neighbouring ones) rather than spread over the article, whether the question's names
and numbers are in the article at all («Hvem vant Tour de Ski i 2008?» over a story
about this season's Tour de Ski), how much of the question's spelling the article
repeats, and how far the first story leads the next.

The article's share of the four-letter sequences of the question's content words (as
the second stage reads them, :mod:`retrieval.ranking.letter_grams`) took the place of
its IDF share of the question's terms: a compound or an inflection the stems miss
(«tyfonevakueringen» over «tyfon» and «evakuere») counts for most of its letters
instead of as a word never found, and an article on another subject shares few of
them. At 95.2% of the development questions answered it let through 21.0% of the
unanswerable questions (18.9% of the held-out half, 21.0% of the blind set) against
24.1% (25.4%, 22.3%) before; it costs about 0.1 ms a question. Since the two-part
quote, only the quoted parts are read (refitted: 20.6%, 18.9%, 19.1% at 95.1% answered).

These features are combined by a logistic model (:data:`WEIGHTS`) fitted by
``benchmarks/thresholds.py --fit`` on the development questions (all answerable)
against the tuning half of ``tests/fixtures/unanswerable.jsonl``, with grouped
five-fold cross-validation; the confidence is its probability, and an answer needs
``min_confidence``. One rule comes before the model: a question that counts
something («Hvor mange innbyggere har Tokyo?») is refused when no number in the
article stands right before the counted word; «I hovedstaden Tokyo forberedte
innbyggere og myndigheter seg …» names both words and counts nothing. A count told in
words counts («Ingen norske soldater», «et tredvetalls»), and so does a number before
the word after the first one («hvor mange spanske journalister»: the noun may follow
an adjective). Another: a
question that names a year («Hvem vant Tour de France i 2019?») is refused when the
article writes years and none within one of it; a story that mentions the 1991 race
has the right words and tells another time. A year off, or a story that writes no
year at all, is let through: the conversation shows such a nearest story with a note
that the time itself was not found (``bot/periods.py``).

The score is one of the model's signs, so a judged question's first result needs only
the lower ``judged_min_score`` of the settings rather than ``min_score``: the bar on the
score alone refused answerable questions that the model, seeing the question's words
together in the quote, would keep, and left it less room for the unanswerable ones.
Figures, and the features that did not pay: the docstring of that benchmark. A
question about someone the news names, asking what it does not tell («Hvor ble Donald
Trump født?» over a story about his critics), gets through about half the time (53% of
that benchmark's more set, against a fifth of the other unanswerable sets): the
question's names stand together in a sentence with a high score, and no feature here
reads that the sentence says something else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from retrieval.index.passage_index import PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.answer_span import answer_words
from retrieval.ranking.letter_grams import gram_shares, question_grams
from retrieval.ranking.retriever import Found, Retriever
from retrieval.text.nynorsk import bokmal_word
from retrieval.text.sentences import sentence_spans

# The features, in the order of :data:`WEIGHTS` (after the intercept).
FEATURES = (
    "score",  # the first result's score
    "margin",  # how far it leads the next story's score
    "article_letters",  # share of the four-letter sequences of the question's content words in its article (however inflected or compounded)
    "sentence_coverage",  # … in the quote's best sentence
    "pair_coverage",  # … in the quote's best two neighbouring sentences
    "log_terms",  # log of the number of the question's content words
    "missing_names",  # the question's names (capitalised inside it) and numbers («i 2008») that the article lacks
    "uncounted",  # 1 when the question counts a word («hvor mange innbyggere») that no number in the article stands before
    "other_years",  # 1 when the question names a year («i 1998») and the article writes years, none within one of it
)
UNCOUNTED = FEATURES.index("uncounted")
OTHER_YEARS = FEATURES.index("other_years")
# The features that refuse outright when set: the rules before the model.
RULES = (UNCOUNTED, OTHER_YEARS)
# Fitted by ``python benchmarks/thresholds.py --fit`` with the default settings (``judged_min_score``
# 0.3, ``min_coverage`` 0.3; intercept first, then one per feature;
# the weights of ``uncounted`` and ``other_years`` are unused: their rules refuse those questions before the model).
# The best sentence's and best pair's coverage are nearly one figure, hence their large
# weights of opposite sign: read together, the question's words held by one sentence or
# two neighbouring ones count for an answer, and the best sentence alone a little less.
WEIGHTS = (-8.6465, 0.4649, 1.8732, 5.4144, -2.2211, 3.949, 2.2703, -1.6871, 0.0, 0.0)
# The last word of a counting phrase («hvor mange», "how many"): the next word is what is counted.
COUNTING_WORDS = frozenset({"mange", "many"})
# How close before the counted word a number must stand («49 direktører», «1,6 millioner innbyggere»).
COUNT_REACH = 3
# How many words right after the counting phrase may be what it counts: the noun often
# follows an adjective («hvor mange spanske journalister» over «30 spanske journalister»).
COUNTED_WORDS = 2
# Words that answer a count without being numbers («Ingen norske soldater», «Få aner»,
# «de fleste», «én bom»), and endings of such words («hundrevis», «et tredvetalls»).
# «mange» and «flere» are left out: the question itself says them, and a story that
# says «mange innbyggere» has not counted them.
QUANTITY_WORDS = frozenset("ingen få fleste én ett tusener none few most dozens hundreds thousands".split())
QUANTITY_ENDINGS = ("talls", "vis")
# How far from the asked year an article's year may be and still count: a season runs
# over two years, and next year's story tells last year's figures («i fjor»).
NEAR_YEARS = 1
# A year as a question or article writes it: four digits from 1000 to 2099 («i 1998», «1990-tallet»).
YEAR = re.compile(r"(?<!\d)(?:1\d|20)\d\d(?!\d)")


@dataclass(frozen=True)
class Reading:
    """What the judge needs of a question: its content terms with their weights, its names and numbers, what it counts."""

    weights: Mapping[str, float]
    names: frozenset[str]  # terms of its capitalised words (not the first) and its numbers
    counted: tuple[str, ...] = ()  # the terms of the words a number question may count («spanske journalister»), if any
    years: frozenset[str] = frozenset()  # the years it names, as written («1998»)

    def coverage(self, terms: set[str | None]) -> float:
        """The IDF share of the question's content terms among ``terms``."""
        total = sum(self.weights.values())
        return sum(w for t, w in self.weights.items() if t in terms) / total if total > 0 else 0.0


class AnswerJudge:
    """Scores how likely a ranked result list answers its question (0 to 1)."""

    def __init__(self, index: PassageIndex, weights: Sequence[float] = WEIGHTS) -> None:
        if len(weights) != len(FEATURES) + 1:
            raise ValueError(f"{len(FEATURES) + 1} weights expected (intercept first), got {len(weights)}")
        self.index = index
        self.analyzer = index.analyzer
        self.weights = tuple(weights)
        words = answer_words(self.analyzer.profile.name)
        self._number_words = words.numbers | words.multipliers
        self._bokmal = self.analyzer.settings.nynorsk_forms and self.analyzer.profile.name == "norwegian"

    def read(self, question: str) -> Reading:
        """The question's content terms (without the words that only ask), weighted by IDF.

        A word the index does not know weighs as much as the rarest word it knows, as in
        the search's coverage bar: it can never be found, and it is usually a name.
        """
        analyzer, index = self.analyzer, self.index
        cue = index.question_cue(question)
        asking = {analyzer.stem(w) for w in cue.words}
        terms = set(analyzer(question))
        content = terms - asking or terms
        weights = {t: index.term_weights[t] if index.term_id(t) >= 0 else index.rarest_idf for t in content}
        written = analyzer.written_words(question)
        names = {analyzer.term(analyzer.words(w)[0]) for i, w in enumerate(written) if (i and w[:1].isupper()) or w[:1].isdigit()}
        words = analyzer.words(question)
        years = frozenset(YEAR.findall(question))
        return Reading(weights, frozenset(names & content), self._counted(words, cue.words, content), years)

    def _counted(self, words: list[str], cue_words: tuple[str, ...], content: set[str]) -> tuple[str, ...]:
        """The terms of the content words right after a counting phrase («hvor mange spanske journalister»), at most :data:`COUNTED_WORDS`.

        Without a part-of-speech tagger the noun is not known: the first content word
        and the one right after it both may be it, and a number before either counts.
        """
        last = next((i for i, w in enumerate(cue_words) if w in COUNTING_WORDS), None)
        if last is None:
            return ()
        phrase = cue_words[: last + 1]  # the cue phrase; asking words («slags») follow it in ``cue_words``
        width = len(phrase)
        for i in range(len(words) - width):
            if tuple(words[i : i + width]) == phrase:
                following = [self.analyzer.term(w) for w in words[i + width : i + width + COUNTED_WORDS]]
                counted = []
                for term in following:
                    if term not in content:
                        break
                    counted.append(term)
                return tuple(counted)
        return ()

    def features(self, question: str, article: Article, parts: Sequence[tuple[int, int]], scores: Sequence[float]) -> list[float]:
        """:data:`FEATURES` of the quote of ``article.text`` whose slices are ``parts`` for ``question``; ``scores`` are the ranked results' scores.

        Only what is quoted counts, and two sentences are neighbours only inside one
        slice: the text between the parts of a two-part quote is not shown.
        """
        reading = self.read(question)
        text = article.text
        article_terms = set(self.analyzer(text)) | set(self.analyzer(article.headline))
        sliced = [[set(self.analyzer(text[s:e])) for s, e in sentence_spans(text, start, end)] for start, end in parts]
        best_sentence = max((reading.coverage(s) for quoted in sliced for s in quoted), default=0.0)
        best_pair = max(
            (reading.coverage(a | b) for quoted in sliced for a, b in zip(quoted, quoted[1:])), default=best_sentence
        )
        uncounted = bool(reading.counted) and not self._counted_in(text, [t for t in reading.counted if t in article_terms])
        return [
            scores[0],
            scores[0] - (scores[1] if len(scores) > 1 else 0.0),
            self._article_letters(question, reading, article),
            best_sentence,
            best_pair,
            math.log(max(1, len(reading.weights))),
            float(len(reading.names - article_terms)),
            float(uncounted),
            float(other_years(reading.years, written_years(article))),
        ]

    def _article_letters(self, question: str, reading: Reading, article: Article) -> float:
        """The share of the letter sequences of the question's content words in ``article`` (0 without any).

        Only the content words: the asking and stop words' letters are in every story,
        and «og når skjedde det?» after a question about Nato's officers shared half its
        letters with the story that cannot say when. A Nynorsk word is read in its Bokmål
        form, as the article's words are searched (the Nynorsk development set was answered
        93.9% with its own spelling, 94.6% so, against 95.2% for the Bokmål originals).
        """
        words = [w.lower() for w in self.analyzer.written_words(question)]
        content = [bokmal_word(w) if self._bokmal else w for w in words if self.analyzer.term(w) in reading.weights]
        if not content:
            return 0.0
        text = f"{article.headline}\n{article.text}".encode()
        return float(gram_shares(question_grams(" ".join(content)), [text])[0])

    def _counted_in(self, text: str, terms: Sequence[str]) -> bool:
        """Whether a number stands right before one of ``terms`` in a sentence of ``text`` (each sentence read once, not once a term)."""
        if not terms:
            return False
        sentences = (self._words(text, s, e) for s, e in sentence_spans(text, 0, len(text)))
        return any(counts(term, words) for words in sentences for term in terms)

    def _words(self, text: str, start: int, end: int) -> list[tuple[str | None, bool]]:
        """The words of the sentence ``text[start:end]``: each one's term, and whether it is a number."""
        return [
            (t.term, any(c.isdigit() for c in word) or is_quantity(word.lower(), self._number_words))
            for t in self.analyzer.tokens(text[start:end])
            for word in (text[start + t.start : start + t.end],)
        ]

    def confidence(self, values: Sequence[float]) -> float:
        """The probability that a result with feature ``values`` answers its question (0 when a rule refuses it)."""
        if any(values[i] for i in RULES):
            return 0.0
        logit = self.weights[0] + sum(w * v for w, v in zip(self.weights[1:], values))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))

    def judge(self, question: str, results: Sequence[Found], compared: bool = True) -> float:
        """The confidence that the first of ``results`` (ranked, not empty) answers ``question``.

        ``compared`` is False when the search was held to a few stories chosen before
        (the ones a follow-up asks about): its lead over the next of them says nothing
        about the rest of the news, so it counts as no lead at all.
        """
        first = results[0]
        scores = [r.score for r in results[:2]] if compared else [first.score, first.score]
        return self.confidence(self.features(question, first.article, first.excerpt.parts, scores))


def counts(term: str, words: Sequence[tuple[str | None, bool]]) -> bool:
    """Whether a number stands at most :data:`COUNT_REACH` words before ``term`` in one sentence's ``words``."""
    return any(t == term and any(n for _, n in words[max(0, i - COUNT_REACH) : i]) for i, (t, _) in enumerate(words))


def is_quantity(word: str, number_words: frozenset[str]) -> bool:
    """Whether a lower-case ``word`` that is not written in digits tells how many («tjue», «millioner», «ingen», «hundrevis»)."""
    return word in number_words or word in QUANTITY_WORDS or word.endswith(QUANTITY_ENDINGS)


def other_years(asked: frozenset[str], written: set[str]) -> bool:
    """Whether the article's ``written`` years (some) all miss one of the ``asked`` years by more than :data:`NEAR_YEARS`.

    An article that writes no year at all contradicts none: it tells what happens now,
    and the conversation may show it as the nearest story, with a note that the time
    itself was not found (``bot/periods.py``).
    """
    return bool(written) and any(all(abs(int(year) - int(w)) > NEAR_YEARS for w in written) for year in asked)


def written_years(article: Article) -> set[str]:
    """The years ``article`` writes as numbers of their own («1998», «1990-tallet»; not the «1998» in «219980»).

    Written form, not terms: a year has no inflection, and a stemmed number could match
    another one.
    """
    return set(YEAR.findall(article.headline)) | set(YEAR.findall(article.text))


@dataclass(frozen=True)
class AnswerBars:
    """When the bot answers at all: the settings of the same names (``min_confidence`` 0 turns the judge off)."""

    min_score: float = 0.0
    min_coverage: float = 0.0
    min_confidence: float = 0.0


def first_answer(retriever: Retriever, judge: AnswerJudge, question: str, bars: AnswerBars) -> Found | None:
    """The result the bot would quote first for ``question``, or ``None`` when it would refuse (as the conversation core does)."""
    results = retriever.answer(question, 2, min_score=bars.min_score, min_coverage=bars.min_coverage).results
    if not results or (bars.min_confidence > 0 and judge.judge(question, results) < bars.min_confidence):
        return None
    return results[0]
