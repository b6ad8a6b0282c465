"""Choose the sentences a person should read from a retrieved passage.

An excerpt is a run of consecutive sentences, at most ``max_chars`` long, sliced
exactly from the article, and the next sentence's first words when they fit; when
another sentence of the article answers nearly as well and lies out of the run's
reach, that sentence too, as a second part after « … » in the same ``max_chars``
(see *Two parts* below). The anchor is the passage's sentence most likely to answer:
the one covering most of the question (terms weighted by IDF), raised when it holds
the kind of word the question asks for (see :mod:`retrieval.text.cues`), repeats the
question's own word pairs (:mod:`retrieval.ranking.phrases`) or answers in the form
the question's shape wants (:mod:`retrieval.ranking.answer_clues`: «49 direktører»
for «Hvor mange direktører …?»). Only for such a shape may the anchor lie outside the passage, when the passage
has no sentence of that form and the article has. Neighbours are added while they
fit, so the quote can stand on its own and the answer, often told in the sentence
before or after the one that repeats the question's words, comes along. Neighbours
may lie outside the passage: a passage boundary is an accident of the split, not of
the story.

Layout: news pages interleave the story with a captioned picture and its credit
(«… på Sinsen i Oslo. FOTO: Ørn E. Borgen / NTB scanpix», «Ryan Kelly / NTB
scanpix») and with subheadings («Trening»). A photo credit is never quoted: it is
a sentence of its own and a wall the quote stops at. A quote never begins on a
subheading or a caption (they read as nonsense out of place: «Her er Mario Matic
under en kamp»), nor ends on a subheading; a caption may follow the headline or the
text before it. Captions count less when choosing the anchor, as the text usually
tells what the picture shows. A run never steps over a credit (that would stitch the
caption's text to the story's as if they were one passage), and a second part is a
sentence that could open and close a quote of its own: never a credit, a caption or
a subheading. The one exception is a question about the picture itself («Hvem har
tatt bilde av …?», the language profile's ``picture_words``): its answer is the
credit, so there the credits are text like any other.

Measured on the development questions (excerpt@1): one to three sentences within the
passage 66.0; as many sentences as fit 67.5; across the passage boundary 69.2;
running through photo credits 70.8, and 72.9 with later ranking work. This layout
gives 71.6 with captions weighed as text (the development set asks five times who
took a photo, and a caption that follows its credit can no longer be quoted) and
72.6 with captions counting 0.3 as much when choosing the anchor (0: 72.4, 0.6: 72.4).
On the segmented index 72.5, and 72.6 with the picture exception (one question).
Filling the room left after the last whole sentence with the next sentence's first
words (:meth:`ExcerptPicker._fill`): 73.1 (``benchmarks/compare.py``, 5/5 folds
better, +0.46 ± 0.28); filling backwards too, so that a quote may open mid-sentence,
gains 0.14 more (three questions) and was not kept: such a quote reads badly.
Question shapes (:mod:`retrieval.ranking.answer_clues`: «hvor mange N», «hvem er X»,
«hva er X»), a sentence answering in form counting :data:`CLUE_WEIGHT` more and the
article searched for one when the passage has none: 73.4 (+0.28 ± 0.25, 4/0 folds);
the same at a clue weight of 0.5, 1.5 and 5 (the dev set's gain is all from the
search beyond the passage); the clue weight alone, within the passage, ±0.0.
The question's word pairs (:mod:`retrieval.ranking.phrases`) at :data:`PHRASE_WEIGHT`
0.1: 73.6 (+0.19 ± 0.19, 3/0 folds); 0.25: +0.14 (3/1), 0.5: ±0.0 (2/2). The
headline counting as little as a caption (:data:`SUMMARY_WEIGHT`) when choosing the
anchor: 73.8 (+0.28 ± 0.19, 4/0 folds; the first sentence alone at 0.3 or 0: +0.23, at
0.5: +0.14, at 0.8: +0.09).

Two parts (issue 11, fourth round). The sentence that repeats the question's words and
the one that answers are often far apart: of the 286 development questions whose first
quote is from the right article and misses the answer, 220 have it in one sentence of
at most 150 characters that could be quoted on its own. So the article's best other
sentence by the anchor's own value (:meth:`ExcerptPicker._second_part`) is quoted as a
second part when it reaches :data:`SECOND_PART_SHARE` (0.45) of the quote's best
sentence's value and takes at most :data:`SECOND_PART_ROOM` of ``max_chars`` (150 of
400); the first part is chosen again in the room left (``max_chars`` less the sentence
and the « … »), unless its anchor would no longer fit whole, and two parts with nothing
between them are one slice. Measured first
on the recorded first quotes (excerpt@1 Δ, quotes gained and lost, folds
better/worse): second part at most 150 characters and 0.45 of the value +2.41 (90
gained, 38 lost, 5/0); 0.3 +2.31 (5/0), 0.6 +1.85 (5/0), 0.8 +1.06 (5/0), 1.0 +0.88
(4/0), 1.5 +0.23 (3/0), always +1.90 (5/0); at most 100 characters +2.08 (0.45, 5/0),
120 +2.13, 180 +2.36, 200 +1.67 (0.6); the value and the length chosen on four folds
and scored on the fifth, +2.22 (5/0). Narrower rules, not kept: only a sentence
holding the wanted kind of word (a name for «hvem», a number for «hvor mange»), +1.85
(0.3, 5/0), +1.30 (0.6); only when the quote holds none, +0.28 (3/0); only a sentence
holding a word the question's opening expects («kroner» for «hvor mye»), +0.23 (4/0).
Then in the product, against the one-slice quotes (``benchmarks/compare.py
--against``): excerpt@1 75.9 → 78.4 (+2.50, 5/0 folds: +2.8, +2.5, +3.7, +1.4, +2.1),
968 of the 2,160 first quotes in two parts, every other figure unchanged. The short
answer is still looked for in the one-slice quote (``Excerpt.alone``), and that quote
is kept when the second part would hide its answer (three development questions, «i
1997» for «Når var det sist ski-VM i Trondheim?»): looked for in the two parts
instead, answer F1 fell 71.7 → 70.8 and EM 61.3 → 60.5, so the short answers are the
same as before to the question. Cost, with the second part off and on in one process
(best of five passes over the development questions' 6,406 results, a machine under a
load of about 2): 0.62 → 0.83 ms a pick, 0.63 → 0.89 ms for the excerpt with the
short-answer check. Only the sentences holding a question term's first four letters
can be worth anything (2.6 a pick beyond the neighbourhood), and they are analysed
likeliest first, stopping at the first that cannot beat the best so far (1.7 a pick);
analysing every such sentence cost about 0.6 ms a pick, and looking for the letters
only at the start of a word (one pattern per question) no less.

Cost: the neighbourhood of a passage is analysed once (one tokenisation gives every
sentence its terms and cues and the quote its highlights), and only the sentences
that could still fit a quote are analysed at all: 0.55 → 0.36 ms per excerpt at
100k passages with the same excerpts as before (compared pick by pick); 0.43 ms
with the layout rules above.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from retrieval.ranking.answer_clues import AnswerShape, Shape, sentences_holding
from retrieval.ranking.phrases import Pair, shared_share, telling_pairs
from retrieval.text.analysis import Analyzer, Token
from retrieval.text.cues import Cue, word_cues
from retrieval.news.passages import photo_credits
from retrieval.ranking.rerank import sentence_value
from retrieval.text.sentences import sentence_spans

MAX_CHARS = 400
# How much a caption's or the headline's match counts when choosing the anchor (see ExcerptPicker._quote).
SUMMARY_WEIGHT = 0.3
# How much more a sentence counts when it answers in the form the question's shape wants
# («49 direktører» for «Hvor mange direktører …?»; see retrieval.ranking.answer_clues).
CLUE_WEIGHT = 2.0
# What repeating all of the question's telling word pairs adds to a sentence's value (see retrieval.ranking.phrases).
PHRASE_WEIGHT = 0.1
# The least room worth filling with the next sentence's first words (see ExcerptPicker._fill).
FILL_MIN = 20
# A second part (see ExcerptPicker._second_part): the share of ``max_chars`` it may take (150 of 400), the share of
# the quote's best sentence's value it must reach, and what stands between the parts, counted in the quote's characters.
SECOND_PART_ROOM = 0.375
SECOND_PART_SHARE = 0.45
JOINER = " … "


@dataclass(frozen=True)
class Excerpt:
    """A quote of an article, one exact slice or two joined by « … », with the spans of the words that matched.

    ``parts`` are the slices quoted, in article order; ``start`` and ``end`` span the
    whole quote (the first part's start, the last part's end). A quote made to hold
    a second sentence keeps the quote it was made from (``alone``, one slice): the
    short answer is looked for there (see :class:`~retrieval.ranking.retriever.Found`).
    """

    start: int
    end: int
    highlights: tuple[tuple[int, int], ...]  # absolute offsets into the article text
    parts: tuple[tuple[int, int], ...]
    alone: Excerpt | None = None  # the quote without the second sentence, when one was added

    def shows(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` of the article lies inside one part of the quote."""
        return any(s <= start and end <= e for s, e in self.parts)

    def text(self, article_text: str) -> str:
        """The quote as it is shown: each part word for word, joined by :data:`JOINER`."""
        return JOINER.join(article_text[s:e] for s, e in self.parts)

    def shown_highlights(self) -> tuple[tuple[int, int], ...]:
        """The highlights as offsets into :meth:`text`."""
        shown: list[tuple[int, int]] = []
        offset = 0
        for start, end in self.parts:
            shown += [(a - start + offset, b - start + offset) for a, b in self.highlights if start <= a and b <= end]
            offset += end - start + len(JOINER)
        return tuple(shown)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    weight: float
    credit: bool  # a photo credit: never quoted
    cue: bool
    opens: bool = True  # may begin a quote (not a subheading or a picture's caption)
    closes: bool = True  # may end a quote (not a subheading)
    headline: bool = False  # on the article's first line
    clue: bool = False  # answers in the form the question's shape wants (see retrieval.ranking.answer_clues)


@dataclass(frozen=True)
class _Question:
    """What choosing a quote needs of the question, worked out once per excerpt."""

    terms: frozenset[str]
    weights: dict[str, float]  # the terms' weights, the headline's damped (see ExcerptPicker.pick)
    total: float
    cue: Cue
    pairs: frozenset[Pair]  # the telling word pairs (see retrieval.ranking.phrases)
    about_picture: bool  # «Hvem tok bildet?»: the photo credits are text like any other


@dataclass(frozen=True)
class _Reading:
    """A passage's neighbourhood, analysed once: its sentences scored, those of the passage, and its tokens."""

    sentences: list[_Sentence]
    inside: list[int]
    tokens: list[Token]  # offsets relative to ``base``
    base: int
    shape: AnswerShape  # the shape the sentences were scored for

    def highlights(self, start: int, end: int, terms: frozenset[str]) -> tuple[tuple[int, int], ...]:
        """The spans of the words of ``text[start:end]`` whose term is one of ``terms``."""
        base = self.base
        return tuple(
            (t.start + base, t.end + base) for t in _matching(self.tokens, terms) if start <= t.start + base and t.end + base <= end
        )


@dataclass(frozen=True)
class _Part:
    """One slice of a quote and its highlights (absolute offsets)."""

    start: int
    end: int
    highlights: tuple[tuple[int, int], ...]


class ExcerptPicker:
    """Picks excerpts with the index's analyser and term weights."""

    def __init__(
        self,
        analyzer: Analyzer,
        term_weights: dict[str, float],
        max_chars: int = MAX_CHARS,
        cue_weight: float = 0.5,
        topic_weight: float = 0.5,
    ) -> None:
        self.analyzer = analyzer
        self.term_weights = term_weights
        self.max_chars = max_chars
        self.cue_weight = cue_weight
        self.topic_weight = topic_weight
        self._time_words = analyzer.profile.date_words
        self._picture_terms = frozenset(t for w in analyzer.profile.picture_words if (t := analyzer.term(w)) is not None)

    def pick(
        self,
        text: str,
        start: int,
        end: int,
        terms: frozenset[str],
        cue: Cue = Cue.NONE,
        topic: frozenset[str] = frozenset(),
        shape: AnswerShape = AnswerShape(),
        pairs: frozenset[Pair] = frozenset(),
    ) -> Excerpt:
        """The best excerpt around passage ``text[start:end]`` for a question with index ``terms`` wanting ``cue``.

        The anchor is the sentence the second-stage ranking would call the best answer
        (:func:`~retrieval.ranking.rerank.sentence_value`), raised by :data:`PHRASE_WEIGHT`
        times the share of the question's word ``pairs`` it repeats in order
        (:mod:`retrieval.ranking.phrases`) and :data:`CLUE_WEIGHT` times when it answers in
        the form the question's ``shape`` wants (:mod:`retrieval.ranking.answer_clues`);
        when no sentence of the passage answers in that form and one of the article does,
        the quote is taken around that one. Question terms in ``topic`` (the article's
        headline) count ``topic_weight`` as much: every sentence of the story is about
        them, so they should not pull the quote towards the lead.
        """
        weights = {t: self.term_weights.get(t, 0.0) * (self.topic_weight if t in topic else 1.0) for t in terms}
        question = _Question(
            terms,
            weights,
            sum(weights.values()) or 1.0,
            cue,
            telling_pairs(pairs, self.analyzer, terms, topic),
            not terms.isdisjoint(self._picture_terms),  # a question about the picture («Hvem tok bildet?») is answered by its credit
        )
        read = self._read(text, start, end, question, shape)
        if read is None:
            return Excerpt(start, start, (), ((start, start),))
        # The answer's form elsewhere in the article beats the passage's words (see _clue_elsewhere).
        if shape.kind is not Shape.NONE and not any(read.sentences[i].clue for i in read.inside):
            elsewhere = self._clue_elsewhere(text, shape, weights, question.total)
            if elsewhere is not None:
                read = self._read(text, *elsewhere, question, AnswerShape())
                if read is None:
                    return Excerpt(elsewhere[0], elsewhere[0], (), ((elsewhere[0], elsewhere[0]),))
        first, last = self._quote(read.sentences, read.inside, self.max_chars)
        quote = self._slice(text, read, first, last, self.max_chars, terms)
        second = self._second_part(text, read, quote, question)
        if second is not None:
            budget = self.max_chars - (second.end - second.start) - len(JOINER)
            first, last = self._quote(read.sentences, read.inside, budget)
            shorter = self._slice(text, read, first, last, budget, terms)
            cut = read.sentences[last].end - read.sentences[first].start > budget  # the anchor's own sentence is too long
            reaches = shorter.start < second.end and second.start < shorter.end  # it holds the sentence itself
            if not cut and not reaches:
                return _excerpt(text, sorted((shorter, second), key=lambda part: part.start), _excerpt(text, [quote]))
        return _excerpt(text, [quote])

    def _read(self, text: str, start: int, end: int, question: _Question, shape: AnswerShape) -> _Reading | None:
        """The sentences around passage ``text[start:end]`` that a quote could hold, scored; ``None`` when none is in the passage."""
        around_start, around_end = self._surroundings(text, start, end)
        sentences_around = list(sentence_spans(text, around_start, around_end))
        credits = [] if question.about_picture else _credits(text, around_start, around_end, sentences_around)
        spans = self._candidate_sentences(text, start, end, sentences_around, credits)
        if not spans:
            return None
        base = spans[0][0]
        tokens = self.analyzer.tokens(text[base : spans[-1][1]])  # offsets relative to ``base``
        sentences = []
        roles: dict[int, tuple[bool, bool]] = {}  # line start → (caption, subheading), shared by the line's sentences
        position = 0  # tokens and sentences are both in reading order: one pass gives each sentence its tokens
        for s, e in spans:
            while position < len(tokens) and tokens[position].start < s - base:
                position += 1
            first_token = position
            while position < len(tokens) and tokens[position].end <= e - base:
                position += 1
            scored = self._sentence(text, s, e, base, tokens[first_token:position], question, credits, roles, shape)
            sentences.append(scored)
        inside = [i for i, s in enumerate(sentences) if s.start < end and s.end > start]
        return _Reading(sentences, inside, tokens, base, shape) if inside else None

    def _slice(self, text: str, read: _Reading, first: int, last: int, budget: int, terms: frozenset[str]) -> _Part:
        """Sentences ``first`` to ``last`` quoted in ``budget`` characters: cut when too long, else filled (:meth:`_fill`)."""
        start, end = read.sentences[first].start, read.sentences[last].end
        if end - start > budget:
            quoted = [t for t in read.tokens if start <= t.start + read.base and t.end + read.base <= end]
            focus = next((t.start + read.base for t in _matching(quoted, terms)), start)
            start, end = self._trim(text, start, end, focus, budget)
            return _Part(start, end, self.highlights(text, start, end, terms))
        end = self._fill(text, read.sentences, last, start, end, budget)
        return _Part(start, end, read.highlights(start, end, terms))

    def _second_part(self, text: str, read: _Reading, quote: _Part, question: _Question) -> _Part | None:
        """Another sentence of the article that answers nearly as well as ``quote``, to quote after « … »; ``None`` if none.

        The sentence that repeats the question's words and the one that answers are
        often far apart (the question asked in the words of the story's lead, the
        number told five paragraphs on), and one slice of ``max_chars`` holds only one
        of them. The best sentence outside the quote of at most
        :data:`SECOND_PART_ROOM` of ``max_chars`` whose value (as an anchor's; the headline's
        at :data:`SUMMARY_WEIGHT`) reaches :data:`SECOND_PART_SHARE` of the quote's
        best sentence's is quoted too; the first part then makes room for it. It must
        stand as a quote of its own: not a photo credit, a caption or a subheading.
        """
        top = max((x.weight for x in read.sentences if x.start < quote.end and quote.start < x.end and not x.credit), default=0.0)
        if top <= 0:
            return None
        room = int(SECOND_PART_ROOM * self.max_chars)
        best, best_value, best_highlights = None, SECOND_PART_SHARE * top, ()
        for sentence in read.sentences:
            value = _value_as_part(sentence, quote, room)
            if _beats(value, best_value, best is not None):
                best, best_value = sentence, value
        if best is not None:
            best_highlights = read.highlights(best.start, best.end, question.terms)
        roles: dict[int, tuple[bool, bool]] = {}
        for bound, sentence_start, sentence_end in self._far_candidates(text, read, question, room):
            if not _beats(bound, best_value, best is not None):
                break  # neither this sentence nor any after it can do better
            credits = self._line_credits(text, sentence_start, question)
            for s, e in _without_credits(text, sentence_start, sentence_end, credits):
                tokens = self.analyzer.tokens(text[s:e])
                sentence = self._sentence(text, s, e, s, tokens, question, credits, roles, read.shape)
                value = _value_as_part(sentence, quote, room)
                if _beats(value, best_value, best is not None):
                    best, best_value = sentence, value
                    best_highlights = tuple((s + t.start, s + t.end) for t in _matching(tokens, question.terms))
        return None if best is None else _Part(best.start, best.end, best_highlights)

    @staticmethod
    def _line_credits(text: str, position: int, question: _Question) -> list[tuple[int, int]]:
        """The photo credits on the line holding ``position`` (none for a question about the picture).

        A sentence never crosses a line, and whether it is a caption depends on its line only.
        """
        if question.about_picture:
            return []
        line_start = text.rfind("\n", 0, position) + 1
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        return _credits(text, line_start, line_end, sentence_spans(text, line_start, line_end))

    def _far_candidates(self, text: str, read: _Reading, question: _Question, room: int) -> list[tuple[float, int, int]]:
        """The article's sentences beyond ``read`` short enough to be a second part, each with the most it could be worth.

        A sentence is worth something only through the question's terms it holds, so
        the terms whose first letters it holds bound its value; the likeliest come
        first, and the search stops at the first that cannot beat the best so far,
        so most of them are never analysed.
        """
        low, high = read.sentences[0].start, read.sentences[-1].end
        lowered = text.lower()
        beginnings = [(term[:4], weight / question.total) for term, weight in question.weights.items() if weight > 0]
        cue = 1 + self.cue_weight if question.cue else 1.0
        phrase = PHRASE_WEIGHT if question.pairs else 0.0
        clue = 1 + CLUE_WEIGHT if read.shape.kind is not Shape.NONE else 1.0  # as in _sentence's value
        candidates = []
        for s, e in sentence_spans(text, 0, len(text)):
            if (e <= low or s >= high) and e - s <= room:
                held = sum(share for beginning, share in beginnings if beginning in lowered[s:e])
                if held > 0:
                    candidates.append(((held * cue + phrase) * clue, s, e))
        return sorted(candidates, key=lambda candidate: -candidate[0])  # stable: in article order among equals

    def _fill(self, text: str, sentences: list[_Sentence], last: int, start: int, end: int, budget: int) -> int:
        """The end of quote ``text[start:end]`` carried into the following sentence's first words, as far as they fit.

        The quote holds whole sentences, so it often stops well short of ``max_chars``
        when the next sentence is long, and the answer is often in that sentence's
        first words (the anchor names the subject, the next sentence tells what
        happened). The words that fit are quoted, cut at a word boundary. Not into a
        photo credit or a subheading, and not for a scrap of less than
        :data:`FILL_MIN` characters.
        """
        limit = start + budget
        if last + 1 >= len(sentences) or limit - end < FILL_MIN:
            return end
        following = sentences[last + 1]
        if following.credit or not following.closes:
            return end
        cut = min(following.end, limit)
        while cut > following.start and cut < len(text) and not text[cut].isspace():
            cut -= 1
        cut = following.start + len(text[following.start : cut].rstrip())
        return cut if cut > following.start else end

    def _clue_elsewhere(
        self, text: str, shape: AnswerShape, weights: dict[str, float], total: float
    ) -> tuple[int, int] | None:
        """The sentence of the article that answers in the form ``shape`` wants and covers most of the question.

        The passage was chosen by its words; for «Hvor mange direktører …?» the passage
        about salaries may hold the question's words while «49 direktører» is told four
        paragraphs on. Only questions with a shape whose passage shows none of it pay
        for this (a few per cent of questions, once per quote read), and only the
        sentences holding the subject's stem are analysed.
        """
        spans = sentence_spans(text, 0, len(text))
        best, best_value = None, 0.0
        for s, e in sentences_holding(text, spans, shape.subject[0]):
            tokens = [Token(t.term, t.start + s, t.end + s) for t in self.analyzer.tokens(text[s:e])]
            if not shape.shown_in(text, tokens):
                continue
            value = sum(weights[t] for t in weights.keys() & {t.term for t in tokens}) / total
            if value > best_value:
                best, best_value = (s, e), value
        return best

    def _candidate_sentences(
        self, text: str, start: int, end: int, around: list[tuple[int, int]], credits: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Those of the sentences ``around`` passage ``text[start:end]`` that a quote could hold, photo credits split off.

        A credit is a sentence of its own, so that no quote carries one: «… i Oslo.
        (Foto: Ørn E. Borgen) Han …» is three. A quote holds a sentence of the passage
        and is at most ``max_chars`` long, so a sentence reaching further than that
        beyond the passage can never join it: it is not analysed. (Sentences never
        cross a line, and the surroundings are whole lines, so the split is the same
        as over the whole article.)
        """
        low, high = start - self.max_chars, end + self.max_chars
        return [
            (s, e)
            for sentence_start, sentence_end in around
            for s, e in _without_credits(text, sentence_start, sentence_end, credits)
            if (s >= low and e <= high) or (s < end and e > start)
        ]

    def _surroundings(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The passage widened by ``max_chars`` or more on each side, to whole lines (so whole sentences)."""
        before = text.rfind("\n", 0, max(0, start - self.max_chars)) + 1
        after = text.find("\n", min(len(text), end + self.max_chars))
        return min(before, start), max(end, len(text) if after < 0 else after)

    def highlights(self, text: str, start: int, end: int, terms: frozenset[str]) -> tuple[tuple[int, int], ...]:
        """Spans of the words in ``text[start:end]`` whose index term is a question term."""
        return tuple((start + t.start, start + t.end) for t in _matching(self.analyzer.tokens(text[start:end]), terms))

    def _sentence(
        self,
        text: str,
        start: int,
        end: int,
        base: int,
        tokens: list[Token],
        question: _Question,
        credits: list[tuple[int, int]],
        roles: dict[int, tuple[bool, bool]],
        shape: AnswerShape,
    ) -> _Sentence:
        """Sentence ``text[start:end]`` scored from its ``tokens`` (offsets relative to ``base``), and its role in the layout.

        The neighbourhood is analysed once (:meth:`pick`); a word never straddles a
        sentence boundary, so a sentence's tokens are exactly those within its span.
        """
        if _within(start, credits):
            return _Sentence(start, end, 0.0, True, False, False, False)
        weights, cue = question.weights, question.cue
        matched = weights.keys() & {t.term for t in tokens}
        coverage = sum(weights[term] for term in matched) / question.total
        has_cue = bool(cue) and any(
            word_cues(text[base + t.start : base + t.end], order == 0, self._time_words) & cue
            for order, t in enumerate(tokens)
            if t.term not in weights
        )
        value = float(sentence_value(coverage, has_cue, self.cue_weight))
        clue = shape.shown_in(text, tokens, base)
        value += PHRASE_WEIGHT * shared_share(text, tokens, base, question.pairs)
        if clue:
            value *= 1 + CLUE_WEIGHT
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in roles:
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            caption = any(line_start <= a < line_end for a, _ in credits)  # the line describes a picture
            roles[line_start] = (caption, not caption and _is_subheading(text, line_start, line_end))
        caption, subheading = roles[line_start]
        opens, closes = not (subheading or caption), not subheading
        return _Sentence(start, end, value, False, has_cue, opens, closes, line_start == 0, clue)

    def _quote(self, sentences: list[_Sentence], inside: list[int], budget: int) -> tuple[int, int]:
        """The first and last sentence to quote in ``budget`` characters, around the best anchor that makes a well-formed quote.

        The anchor is the passage's sentence that best answers (never a photo credit).
        A caption's match counts :data:`SUMMARY_WEIGHT` as much: it describes a picture
        the reader cannot see, and the text usually tells the same thing. So does the
        headline's: it sums up what the text tells in full, and matches the question's
        topic rather than its point (it may still open the quote as context). When no
        well-formed quote holds the anchor (a caption with nothing before it that fits,
        a lone subheading), the next sentence that matches the question is tried;
        failing all, the best anchor's quote is taken as it is, still without credits.
        A passage that is nothing but a credit is quoted from the text next to it.
        """

        def rank(i: int) -> tuple[bool, float, int]:
            sentence = sentences[i]
            caption = sentence.closes and not sentence.opens
            summary = caption or sentence.headline
            return (not sentence.credit, sentence.weight * (SUMMARY_WEIGHT if summary else 1.0), -i)

        ranked = sorted(inside, key=rank, reverse=True)
        for position, anchor in enumerate(ranked):
            if sentences[anchor].credit or (position > 0 and sentences[anchor].weight <= 0):
                break
            if (quote := self._widen(sentences, anchor, budget, layout=True)) is not None:
                return quote
        anchor = ranked[0]
        if sentences[anchor].credit:
            others = [i for i, s in enumerate(sentences) if not s.credit]
            if not others:
                return anchor, anchor
            anchor = min(others, key=lambda i: (abs(i - ranked[0]), i < ranked[0]))  # the nearest, the next one first
            if (quote := self._widen(sentences, anchor, budget, layout=True)) is not None:
                return quote
        return self._widen(sentences, anchor, budget, layout=False) or (anchor, anchor)

    def _widen(self, sentences: list[_Sentence], anchor: int, budget: int, layout: bool) -> tuple[int, int] | None:
        """Add neighbours around the anchor while they fit in ``budget``; the widest well-formed quote, if any.

        A neighbour holding the kind of word the question wants comes first (the anchor
        may name the subject while the next sentence gives the number), then the better
        match, then the following sentence. A photo credit is a wall: the quote stops
        before it (quoting it would put «Foto: … / NTB scanpix» in the middle of the
        news). With ``layout``, a quote must neither begin on a subheading or a caption
        nor end on a subheading: a neighbour that keeps the quote well-formed comes
        before the others, and the result is the widest well-formed quote met while
        widening (``None`` if there is none).
        """

        def well_formed(first: int, last: int) -> bool:
            return not layout or (sentences[first].opens and sentences[last].closes)

        first = last = anchor
        best = (first, last) if well_formed(first, last) else None
        while True:
            options = []
            if first > 0 and not sentences[first - 1].credit:
                before = first - 1
                options.append((well_formed(before, last), sentences[before].cue, sentences[before].weight, 0, before))
            if last + 1 < len(sentences) and not sentences[last + 1].credit:
                after = last + 1
                options.append((well_formed(first, after), sentences[after].cue, sentences[after].weight, 1, after))
            fitting = [o for o in options if self._span(sentences, min(first, o[-1]), max(last, o[-1])) <= budget]
            if not fitting:
                return best
            chosen = max(fitting)[-1]
            first, last = min(first, chosen), max(last, chosen)
            if well_formed(first, last):
                best = (first, last)

    @staticmethod
    def _span(sentences: list[_Sentence], first: int, last: int) -> int:
        return sentences[last].end - sentences[first].start

    def _trim(self, text: str, start: int, end: int, focus: int, budget: int) -> tuple[int, int]:
        """Cut an over-long sentence to ``budget`` characters at word boundaries around ``focus`` (its first match)."""
        window_start = max(start, min(focus - budget // 4, end - budget))
        window_end = min(end, window_start + budget)
        while window_start > start and not text[window_start - 1].isspace():
            window_start += 1
        while window_end < end and not text[window_end].isspace():
            window_end -= 1
        return window_start, window_end


def _beats(value: float | None, best_value: float, found: bool) -> bool:
    """Whether a second part worth ``value`` beats the best so far: more, or as much while none is ``found`` (the bar itself qualifies)."""
    return value is not None and (value > best_value or (not found and value == best_value))


def _value_as_part(sentence: _Sentence, quote: _Part, room: int) -> float | None:
    """What ``sentence`` is worth as the second part of ``quote``; ``None`` when it cannot be one.

    A part must stand as a quote of its own (not a photo credit, nor a caption or a
    subheading, which never open one), fit in ``room`` and lie outside the quote.
    The headline counts :data:`SUMMARY_WEIGHT` as much, as when choosing the anchor.
    """
    if (
        sentence.credit
        or not (sentence.opens and sentence.closes)
        or sentence.end - sentence.start > room
        or (sentence.start < quote.end and quote.start < sentence.end)
    ):
        return None
    return sentence.weight * (SUMMARY_WEIGHT if sentence.headline else 1.0)


def _excerpt(text: str, parts: list[_Part], alone: Excerpt | None = None) -> Excerpt:
    """The excerpt of ``parts`` (in article order), made from the one-slice quote ``alone``.

    Two parts with only white space between them are one slice: nothing is left out.
    """
    if len(parts) == 2 and not text[parts[0].end : parts[1].start].strip():
        parts = [_Part(parts[0].start, parts[1].end, parts[0].highlights + parts[1].highlights)]
    highlights = tuple(span for part in parts for span in part.highlights)
    spans = tuple((part.start, part.end) for part in parts)
    return Excerpt(parts[0].start, parts[-1].end, highlights, spans, alone)


def _matching(tokens: Iterable[Token], terms: frozenset[str]) -> Iterator[Token]:
    """The tokens whose index term is one of ``terms`` (stop words have none)."""
    return (t for t in tokens if t.term is not None and t.term in terms)


# A photo agency's name marks a credit even without «Foto:» («Ryan Kelly / NTB scanpix»).
_AGENCY = re.compile(r"\b(?:scanpix|bildbyrån)\b", re.IGNORECASE)


def _credits(text: str, start: int, end: int, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Photo credits in ``text[start:end]`` (whose ``sentences`` are given): «Foto: …», and sentences naming an agency."""
    credits = photo_credits(text, start, end)
    if _AGENCY.search(text, start, end) is None:  # most neighbourhoods: no need to look sentence by sentence
        return credits
    for sentence_start, sentence_end in sentences:
        if _AGENCY.search(text, sentence_start, sentence_end):
            pieces = _without_credits(text, sentence_start, sentence_end, credits)
            credits += [(s, e) for s, e in pieces if _AGENCY.search(text, s, e) and not _within(s, credits)]
    return credits


def _within(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _without_credits(text: str, start: int, end: int, credits: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Sentence ``text[start:end]`` cut at the photo credits in it: the credits and the pieces between, trimmed."""
    if not any(start < b and a < end for a, b in credits):
        yield start, end
        return
    cuts = sorted({start, end, *(c for a, b in credits for c in (a, b) if start < c < end)})
    for piece_start, piece_end in zip(cuts, cuts[1:]):
        piece = text[piece_start:piece_end]
        stripped = piece.strip()
        if stripped:
            offset = piece_start + piece.index(stripped)
            yield offset, offset + len(stripped)


_SENTENCE_END = ".!?:;…,"
_CLOSING = "»\"”)'’"
SUBHEADING_WORDS = 8


def _is_subheading(text: str, line_start: int, line_end: int) -> bool:
    """Whether the line ``text[line_start:line_end]`` is a subheading: short, on its own, without closing punctuation.

    «Trening», «Motsetter seg utvisning», «– Forstår reaksjonene». The article's first
    line is its headline, which may open a quote.
    """
    line = text[line_start:line_end].strip()
    return (
        line_start > 0
        and len(line.split()) <= SUBHEADING_WORDS
        and not line.rstrip(_CLOSING).endswith(tuple(_SENTENCE_END))
    )
