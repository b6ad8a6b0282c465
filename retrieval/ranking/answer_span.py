"""The short answer: the few words of a quote that answer the question («ti offiserer»).

A question that asks for a number («hvor mange»), a name («hvem», «hvor») or a time
(«når») wants one thing; when the quote's best sentence holds exactly one candidate of
that kind close to the question's own words, that candidate is very likely the answer
and is worth showing first. Every other case shows no short answer: a wrong answer in
bold is worse than none, so the rules below are chosen for precision, not coverage.

- The best sentence is the quote's sentence covering most of the question's terms
  (IDF-weighted); it must cover at least ``min_coverage`` of them.
- Candidates: a number with its multiplier and unit («2,7 milliarder kroner», «63 år»,
  «ti offiserer» when the counted word is the question's), a run of capitalised words
  inside the sentence («Arne Jensen»), or a time («15. desember», «2011», «søndag»).
  Words of the question are never the answer, so candidates made of them are dropped.
- Exactly one candidate may remain, at most ``max_distance`` words from a question word.

The span is an exact slice of the article text. Measured on the development set (see
``retrieval/evaluation.py`` and the README's Evaluation section).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.text.analysis import Analyzer
from retrieval.text.cues import Cue
from retrieval.text.sentences import sentence_spans

# Words and numbers as a reader sees them: «2,7», «20.000», «2 000», «Bakke-Jensen», «%».
_TOKEN = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?![\d])|\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*|%")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER = re.compile(r"^\d")
# Before a sentence's first word: a reply dash, a quote mark, a colon.
_OPENERS = "–-«\"“:("


@dataclass(frozen=True)
class AnswerSpan:
    """A short answer at ``start:end`` of the article text, and the kind of word it is."""

    start: int
    end: int
    kind: Cue


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int
    term: str | None
    initial: bool  # first word of its sentence: a capital there is grammar, not a name
    joined: bool  # only white space since the previous word (no comma, dash or bracket between)


@dataclass(frozen=True)
class AnswerWords:
    """Language data for spotting answers: number words, multipliers, units, time phrases.

    Month and weekday names come from the language profile (:class:`~retrieval.text.language.LanguageProfile`).
    """

    numbers: frozenset[str] = frozenset()
    multipliers: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()  # «fjor», «klokka»: a time on their own or with a number
    day_parts: frozenset[str] = frozenset()  # «kveld» in «lørdag kveld»
    approximations: frozenset[str] = frozenset()  # «minst 20», «nærmere 10.000»
    prepositions: frozenset[str] = frozenset()  # «i Qatar», «på onsdag», «med EU»
    time_prepositions: frozenset[str] = frozenset()  # the ones that go with a time: «i 2015», «på søndag»
    place_questions: frozenset[str] = frozenset()  # «hvor»: the answer is a place, said with its preposition
    genitive_s: bool = False  # a name ending in «s» before a noun is a genitive («Stortingets forretningsorden»)


NORWEGIAN_ANSWER_WORDS = AnswerWords(
    # «en», «ei», «et», «ett» are left out: far more often articles than counts.
    numbers=frozenset(
        "to tre fire fem seks sju syv åtte ni ti elleve tolv tretten fjorten femten seksten sytten atten nitten "
        "tjue tretti førti femti seksti sytti åtti nitti hundre tusen null".split()
    ),
    multipliers=frozenset("hundre tusen million millioner milliard milliarder mill mrd".split()),
    units=frozenset(
        "kroner kr euro dollar pund prosent % prosentpoeng år måneder uker dager døgn timer minutter sekunder "
        "meter kilometer km mil centimeter cm millimeter mm kilo kg tonn liter grader ganger poeng mål".split()
    ),
    time_words=frozenset("fjor klokka klokken kl".split()),
    day_parts=frozenset("morgen formiddag ettermiddag kveld natt".split()),
    approximations=frozenset("minst nærmere over rundt nesten omtrent cirka ca drøyt knapt hele opptil".split()),
    prepositions=frozenset("i på ved til fra med mot hos for av".split()),
    time_prepositions=frozenset("i på".split()),
    place_questions=frozenset({"hvor"}),
    genitive_s=True,
)

ENGLISH_ANSWER_WORDS = AnswerWords(
    numbers=frozenset(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
        "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand zero".split()
    ),
    multipliers=frozenset("hundred thousand million millions billion billions bn".split()),
    units=frozenset(
        "pounds dollars euros kroner percent % years months weeks days hours minutes seconds metres meters "
        "kilometres kilometers km miles kilos kg tonnes litres degrees times points goals".split()
    ),
    time_words=frozenset({"o'clock"}),
    day_parts=frozenset("morning afternoon evening night".split()),
    approximations=frozenset("about almost nearly around some over under least roughly".split()),
    prepositions=frozenset("in at on to from with against for by".split()),
    time_prepositions=frozenset("in on".split()),
    place_questions=frozenset({"where"}),
)
_ANSWER_WORDS = {"norwegian": NORWEGIAN_ANSWER_WORDS, "english": ENGLISH_ANSWER_WORDS}


def answer_words(language: str) -> AnswerWords:
    """The answer words of a language profile's name (no words: numbers, names and years still work)."""
    return _ANSWER_WORDS.get(language, AnswerWords())


class AnswerFinder:
    """Finds the short answer in a quote, or decides there is none worth showing."""

    def __init__(
        self,
        analyzer: Analyzer,
        term_weights: dict[str, float],
        words: AnswerWords | None = None,
        min_coverage: float = 0.6,
        max_distance: int = 3,
        counted_noun: bool = False,
    ) -> None:
        self.analyzer = analyzer
        self.term_weights = term_weights
        self.words = words if words is not None else answer_words(analyzer.profile.name)
        profile = analyzer.profile
        self._calendar_words = frozenset(w.lower() for w in (*profile.month_names, *profile.weekday_names))
        self.min_coverage = min_coverage
        self.max_distance = max_distance
        self.counted_noun = counted_noun

    def find(
        self, text: str, start: int, end: int, terms: frozenset[str], cue: Cue, question: str = ""
    ) -> AnswerSpan | None:
        """The short answer inside ``text[start:end]`` (a quote) for ``question`` with ``terms`` wanting ``cue``."""
        kind = _kind(cue)
        if kind is Cue.NONE or not terms or (kind is Cue.NAME and _names_someone(question, terms, self.analyzer)):
            return None
        sentence = self._best_sentence(text, start, end, terms)
        if sentence is None:
            return None
        words = self._words(text, *sentence)
        asked = [i for i, w in enumerate(words) if w.term is not None and w.term in terms]
        if not asked:
            return None
        spans = [s for s in self._candidates(words, kind, terms) if _distance(s, asked) <= self.max_distance]
        if len(spans) != 1:
            return None
        first, last = self._said_with(words, spans[0], kind, self.analyzer.words(question))
        return AnswerSpan(words[first].start, words[last].end, kind)

    def _said_with(
        self, words: Sequence[_Word], span: tuple[int, int], kind: Cue, question: list[str]
    ) -> tuple[int, int]:
        """The candidate with the words a reader says it with: «i 2015», «minst 20», «i Qatar», «lørdag kveld».

        Answers in the development set are written that way; a name takes its preposition
        only for a place question («hvor») or when the question ends on it («med hvem …
        signert kontrakt med?»).
        """
        first, last = span
        before = words[first - 1].text.lower() if first > 0 and words[first].joined else ""
        after = words[last + 1] if last + 1 < len(words) and words[last + 1].joined else None
        if kind is Cue.NUMBER and before in self.words.approximations:
            first -= 1
        elif kind is Cue.TIME:
            if before in self.words.time_prepositions:
                first -= 1
            if after is not None and after.text.lower() in self.words.day_parts:
                last += 1
        elif kind is Cue.NAME and before in self.words.prepositions:
            if self.words.place_questions.intersection(question) or (question and question[-1] == before):
                first -= 1
        return first, last

    def _best_sentence(self, text: str, start: int, end: int, terms: frozenset[str]) -> tuple[int, int] | None:
        weights = {t: self.term_weights.get(t, 0.0) for t in terms}
        total = sum(weights.values())
        if total <= 0:
            return None
        best, best_coverage = None, 0.0
        for s, e in sentence_spans(text, start, end):
            covered = weights.keys() & set(self.analyzer(text[s:e]))
            coverage = sum(weights[t] for t in covered) / total
            if coverage > best_coverage:
                best, best_coverage = (s, e), coverage
        return best if best_coverage >= self.min_coverage else None

    def _words(self, text: str, start: int, end: int) -> list[_Word]:
        words: list[_Word] = []
        for match in _TOKEN.finditer(text, start, end):
            before = text[start : match.start()].rstrip()
            initial = not before or before[-1] in _OPENERS or before.endswith((".", "!", "?"))
            gap = text[words[-1].end : match.start()] if words else ""
            terms = self.analyzer(match.group())
            term = terms[-1] if terms else None
            words.append(_Word(match.group(), match.start(), match.end(), term, initial, bool(words) and gap.isspace()))
        return words

    def _candidates(self, words: Sequence[_Word], kind: Cue, terms: frozenset[str]) -> list[tuple[int, int]]:
        if kind is Cue.NUMBER:
            found = self._numbers(words, terms)
        elif kind is Cue.NAME:
            found = self._names(words, terms)
        else:
            found = self._times(words)
        # A candidate made only of the question's words repeats the question.
        return [(a, b) for a, b in found if any(words[i].term not in terms for i in range(a, b + 1))]

    def _is_number(self, word: _Word) -> bool:
        return bool(_NUMBER.match(word.text)) or word.text.lower() in self.words.numbers

    def _numbers(self, words: Sequence[_Word], terms: frozenset[str]) -> list[tuple[int, int]]:
        """Numbers with what follows them: «2,7 milliarder kroner», «63 år», «ti offiserer»."""
        found, i = [], 0
        while i < len(words):
            word = words[i]
            if not self._is_number(word) or (_YEAR.match(word.text) and not self._counts(words, i)):
                i += 1
                continue
            last = i
            while last + 1 < len(words) and (
                self._is_number(words[last + 1]) or words[last + 1].text.lower() in self.words.multipliers
            ):
                last += 1
            following = words[last + 1] if last + 1 < len(words) else None
            if following is not None and (
                (following.text.lower() in self.words.units and following.term not in terms)
                or (self.counted_noun and following.term is not None and following.term in terms)
            ):
                last += 1
            found.append((i, last))
            i = last + 1
        return found

    def _counts(self, words: Sequence[_Word], i: int) -> bool:
        """Whether a year-like number counts something («2000 kroner») rather than naming a year."""
        following = words[i + 1].text.lower() if i + 1 < len(words) else ""
        return following in self.words.units or following in self.words.multipliers

    def _names(self, words: Sequence[_Word], terms: frozenset[str]) -> list[tuple[int, int]]:
        """Runs of capitalised words («Kjell Inge Røkke», «Øystein F. Thorup»).

        A sentence's first word counts only as part of a longer run, and not when it is
        a stop word («I Oslo» is «Oslo»).
        """
        found, i = [], 0
        while i < len(words):
            if not _capitalised(words[i]):
                i += 1
                continue
            last = i
            while last + 1 < len(words) and _capitalised(words[last + 1]) and _continues(words[last], words[last + 1]):
                last += 1
            first = i
            if words[i].initial and (last == i or words[i].term is None):
                first = i + 1
            if first <= last:
                found.append((first, last))
            i = last + 1
        return [(a, b) for a, b in found if self._name_like(words, a, b, terms)]

    def _name_like(self, words: Sequence[_Word], first: int, last: int, terms: frozenset[str]) -> bool:
        """A run that is a name other than the question's, and not a time or a word like «Den».

        A run holding a question word is the question's own name («Hedvig Montgomery»
        for «Montgomery»); a run of stop words only («Den», «I») is grammar; a genitive
        before a noun («Stortingets forretningsorden») describes something else than the name.
        """
        run = words[first : last + 1]
        if self._calendar(run) or all(w.term is None for w in run) or any(w.term in terms for w in run if w.term):
            return False
        following = words[last + 1] if last + 1 < len(words) else None
        genitive = (
            self.words.genitive_s
            and run[-1].text.endswith("s")
            and following is not None
            and following.joined
            and following.text.islower()
        )
        return not genitive

    def _calendar(self, run: Sequence[_Word]) -> bool:
        """Capitalised month and weekday names (English) are times, not names."""
        return all(w.text.lower() in self._calendar_words for w in run)

    def _times(self, words: Sequence[_Word]) -> list[tuple[int, int]]:
        """Years, dates («15. desember 2019»), months, weekdays, «i fjor», «klokka 19»."""
        found, i = [], 0
        while i < len(words):
            lower = words[i].text.lower()
            if _YEAR.match(words[i].text):
                found.append((i, i))
            elif lower in self._calendar_words:
                last = i + 1 if i + 1 < len(words) and _YEAR.match(words[i + 1].text) else i
                first = i - 1 if i > 0 and words[i - 1].text.isdigit() and len(words[i - 1].text) <= 2 else i
                found.append((first, last))
                i = last
            elif lower in self.words.time_words:
                last = i + 1 if i + 1 < len(words) and words[i + 1].text[:1].isdigit() else i
                found.append((i, last))
                i = last
            i += 1
        return found


def _kind(cue: Cue) -> Cue:
    """The one kind of word the question wants (a question cue is one kind)."""
    for kind in (Cue.NUMBER, Cue.TIME, Cue.NAME):
        if cue & kind:
            return kind
    return Cue.NONE


def _names_someone(question: str, terms: frozenset[str], analyzer: Analyzer) -> bool:
    """«Hvem er Inge Lockert?»: every word the question asks about is a name, so it wants a description.

    The question's first word is capitalised anyway and says nothing.
    """
    words = [m.group() for m in _TOKEN.finditer(question)][1:]
    asked = [word for word in words if (found := analyzer(word)) and found[-1] in terms]
    return bool(asked) and all(word[:1].isupper() for word in asked)


def _continues(previous: _Word, word: _Word) -> bool:
    """Whether ``word`` goes on the name ``previous`` is part of: nothing but space, or an initial's full stop."""
    return word.joined or (len(previous.text) == 1 and previous.text.isupper())


def _capitalised(word: _Word) -> bool:
    """A name's word: capitalised, and not a compound ending in a common noun («Oslo-gutten»)."""
    return word.text[:1].isupper() and word.text.rsplit("-", 1)[-1][:1].isupper()


def _distance(span: tuple[int, int], asked: Sequence[int]) -> int:
    """Words between a candidate and the nearest question word."""
    first, last = span
    return min(max(first - i, i - last) for i in asked)

