"""What the answering sentence looks like for a few shapes of question, beyond its words.

Coverage of the question's terms finds the sentences *about* the question; for some
questions the sentence that *answers* has a telling form as well, and a sentence
that merely repeats the question's words has not:

- «Hvor mange direktører …?» is answered by a number counting that noun, «49
  direktører», not by another number in a sentence with more of the question's words
  («tjener 1,8 millioner kroner i året»);
- «Hvem er John Fredriksen?» asks what someone is: a description next to the name
  («skipsreder og investor John Fredriksen», «John Fredriksen, skipsreder»), not any
  other name beside it;
- «Hva er en komet?» asks for a definition: «En komet er et …», «Virke,
  arbeidsgiverorganisasjonen for …».

:func:`read_shape` reads the question once per answer; :meth:`AnswerShape.shown_in`
tests a sentence by the tokens the excerpt choice already has, and
:meth:`AnswerShape.shown_anywhere` a whole passage for the second stage's choice of
passage inside a story. The words are language data (:class:`ClueWords`), Bokmål
and Nynorsk together.

Some openings also tell which plain words the answering sentence holds that the
question does not: «Hvor mye koster …?» is answered in «kroner» or «millioner», «Hvor
lenge …?» in «år» or «måneder», «Hvor høy …?» in «meter» (:func:`expected_words`). The
table is written by hand from those question forms, not learned from the development
questions: a table learned from them (fold by fold) was mostly noise and did not pay
(see :mod:`benchmarks.compare`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from retrieval.news.passages import photo_credits
from retrieval.ranking.answer_span import ENGLISH_ANSWER_WORDS, NORWEGIAN_ANSWER_WORDS
from retrieval.text.analysis import Analyzer, Token
from retrieval.text.sentences import sentence_spans


class Shape(Enum):
    """The question shapes with a telling answer form."""

    NONE = 0
    COUNT = 1  # «hvor mange direktører»: a number counting the noun
    IDENTITY = 2  # «hvem er John Fredriksen»: a description beside the name
    DEFINITION = 3  # «hva er en komet»: «en komet er en …», «komet, et …»


@dataclass(frozen=True)
class ClueWords:
    """A language's words for reading question shapes and spotting their answers (normalised, lower case)."""

    count_phrases: tuple[tuple[str, ...], ...] = ()  # followed by the counted noun
    identity_phrases: tuple[tuple[str, ...], ...] = ()  # followed by a name
    definition_phrases: tuple[tuple[str, ...], ...] = ()  # followed by an optional article and the thing
    articles: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()  # number words («tre», «tusen», the short answers' own); digits always count
    # Verbs that put a name after them without describing it («sier John Fredriksen»).
    reporting: frozenset[str] = frozenset()
    # A question's opening words and the words its answering sentence tends to hold beyond the question's
    # own: units, amounts, results (:func:`expected_words`).
    expected_by_opening: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = ()


def _openings(firsts: str, seconds: str, words: str) -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """Every opening «first second» of the given words, each expecting ``words`` (space-separated)."""
    expected = frozenset(words.split())
    return tuple(((first, second), expected) for first in firsts.split() for second in seconds.split())


# What the answer to a Norwegian opening is counted or told in, Bokmål and Nynorsk forms together.
_AMOUNTS = (
    "kroner krone kr millioner million millionar milliarder milliard milliardar prosent dollar euro pund øre tusen"
)
_DURATIONS = (
    "år måneder måned månader månad uker uke veker veke dager dag dagar døgn timer time timar minutter minutt sekunder tiår"
)
_AGES = "år gammel gamle gammal gamal fylte fyller fylle årsdag"
_MEASURES = "meter kilometer km centimeter cm mil kvadratmeter dekar mål høydemeter prosent tonn kilo"
_RESULTS = "vant vann seier siger tapte tapa tap uavgjort slo"
_FREQUENCIES = "gang ganger gonger daglig dagleg årlig årleg ukentlig vekentleg"
_NORWEGIAN_EXPECTED = (
    *_openings("hvor", "mye", _AMOUNTS),
    *_openings("kor", "mykje", _AMOUNTS),
    *_openings("hva kva", "koster kostet kostar kosta", _AMOUNTS),
    *_openings("hvor kor", "lenge", _DURATIONS),
    *_openings("hvor", "gammel gamle", _AGES),
    *_openings("kor", "gammal gamal gamle", _AGES),
    *_openings("hvor", "høy høyt lang langt stor stort store bred dyp tung", _MEASURES),
    *_openings("kor", "høg høgt lang langt stor stort store brei djup tung", _MEASURES),
    *_openings("hvordan korleis", "endte enda", _RESULTS),
    *_openings("hvor kor", "ofte", _FREQUENCIES),
)

NORWEGIAN_CLUE_WORDS = ClueWords(
    count_phrases=(("hvor", "mange"), ("kor", "mange")),
    identity_phrases=(("hvem", "er"), ("hvem", "var"), ("kven", "er"), ("kven", "var")),
    definition_phrases=(("hva", "er"), ("hva", "var"), ("kva", "er"), ("kva", "var")),
    articles=frozenset("en ei et ein eit".split()),
    copulas=frozenset("er var".split()),
    numbers=NORWEGIAN_ANSWER_WORDS.numbers,
    reporting=frozenset(
        "sier sa seier mener meiner forteller fortel skriver skriv opplyser uttaler understreker "
        "legger la svarer svarar bekrefter stadfester ifølge".split()
    ),
    expected_by_opening=_NORWEGIAN_EXPECTED,
)
ENGLISH_CLUE_WORDS = ClueWords(
    count_phrases=(("how", "many"),),
    identity_phrases=(("who", "is"), ("who", "was")),
    definition_phrases=(("what", "is"), ("what", "was"), ("what", "are")),
    articles=frozenset("a an the".split()),
    copulas=frozenset("is was are were".split()),
    numbers=ENGLISH_ANSWER_WORDS.numbers,
    reporting=frozenset("says said tells told writes wrote according".split()),
)
_CLUE_WORDS = {"norwegian": NORWEGIAN_CLUE_WORDS, "english": ENGLISH_CLUE_WORDS}
# A definition or identity question names a short thing: «Hva er en komet?», not
# «Hva er hovedkonklusjonen fra Forsvarsmateriell i tilstandsrapporten …?».
MAX_SUBJECT_WORDS = 3


def clue_words(language: str) -> ClueWords:
    """The clue words of a language profile's name (none: no shape is read)."""
    return _CLUE_WORDS.get(language, ClueWords())


@dataclass(frozen=True)
class AnswerShape:
    """A question's shape and its subject: the counted noun, the person, or the thing to define (index terms)."""

    kind: Shape = Shape.NONE
    subject: tuple[str, ...] = ()
    words: ClueWords = ClueWords()

    def shown_in(self, text: str, tokens: Sequence[Token], base: int = 0) -> bool:
        """Whether the sentence of ``tokens`` (offsets into ``text`` from ``base``) answers in the form wanted."""
        if self.kind is Shape.NONE or not self.subject or not tokens:
            return False
        text = text[base + tokens[0].start : base + tokens[-1].end]
        tokens = [Token(t.term, t.start - tokens[0].start, t.end - tokens[0].start) for t in tokens]
        terms = [t.term for t in tokens]
        written = [text[t.start : t.end] for t in tokens]
        lower = [w.lower() for w in written]
        if self.kind is Shape.COUNT:
            return any(self._is_number(lower[i]) and self.subject[0] in terms[i + 1 : i + 3] for i in range(len(lower)))
        for first in _occurrences(terms, self.subject):
            last = first + len(self.subject) - 1
            after = _gap(text, tokens, last)
            if self._described_after(terms, lower, written, last, after):
                return True
            before = _gap(text, tokens, first - 1)
            if self.kind is Shape.IDENTITY and self._described_before(terms, lower, written, first, before):
                return True
        return False

    def shown_anywhere(self, text: str, analyzer: Analyzer) -> bool:
        """Whether some sentence of ``text`` (a passage of whole lines) answers in the form wanted.

        A picture's caption does not count (a line holding a photo credit): a quote never
        opens on one, so a passage chosen for its caption («10.000 soldater er utplassert i
        gatene. (Foto: …)») would be quoted without it. Only the sentences holding the
        subject's first term are analysed (:func:`sentences_holding`), so a passage that
        never names the subject costs one lower-casing and a substring search.
        """
        if self.kind is Shape.NONE or not self.subject or self.subject[0] not in text.lower():
            return False
        for start, end in sentences_holding(text, sentence_spans(text, 0, len(text)), self.subject[0]):
            line_end = text.find("\n", end)
            if photo_credits(text, text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end):
                continue
            if self.shown_in(text[start:end], analyzer.tokens(text[start:end])):
                return True
        return False

    def _is_number(self, word: str) -> bool:
        return word[:1].isdigit() or word in self.words.numbers

    def _described_after(
        self, terms: Sequence[str | None], lower: Sequence[str], written: Sequence[str], last: int, gap: str
    ) -> bool:
        """«komet er et …» after the subject, or an apposition: «Virke, arbeidsgiverorganisasjonen …»."""
        if last + 2 >= len(lower):
            return False
        if gap.isspace() and lower[last + 1] in self.words.copulas and lower[last + 2] in self.words.articles:
            return True
        word = last + 1
        return gap.strip() == "," and (
            lower[word] in self.words.articles or (written[word].islower() and terms[word] is not None)
        )

    def _described_before(
        self, terms: Sequence[str | None], lower: Sequence[str], written: Sequence[str], first: int, gap: str
    ) -> bool:
        """«skipsreder og investor John Fredriksen»: a lower-case content word right before the name."""
        if first == 0 or not gap.isspace():
            return False
        before = first - 1
        return written[before].islower() and terms[before] is not None and lower[before] not in self.words.reporting


def expected_words(question_words: Sequence[str], words: ClueWords) -> frozenset[str]:
    """The words an answer to a question opening with ``question_words`` (normalised) tends to hold (none: no such opening)."""
    for opening, expected in words.expected_by_opening:
        if tuple(question_words[: len(opening)]) == opening:
            return expected
    return frozenset()


def sentences_holding(text: str, spans: list[tuple[int, int]], stem: str) -> list[tuple[int, int]]:
    """The ``spans`` whose text holds ``stem`` (lower case) anywhere: a cheap sieve before analysing a sentence.

    A Snowball stem is a prefix of the words it stands for, so a sentence holding the
    word holds the stem; a sentence holding the stem inside another word («kom» in
    «kommer») is let through and judged by its analysis.
    """
    lowered = text.lower()
    starts = [s for s, _ in spans]
    found: list[tuple[int, int]] = []
    at = lowered.find(stem)
    while at >= 0:
        index = bisect_right(starts, at) - 1
        if index >= 0 and at < spans[index][1] and (not found or found[-1] != spans[index]):
            found.append(spans[index])
        at = lowered.find(stem, at + 1)
    return found


def _gap(text: str, tokens: Sequence[Token], i: int) -> str:
    """The text between token ``i`` and the next («, », « »); empty at either end."""
    return text[tokens[i].end : tokens[i + 1].start] if 0 <= i < len(tokens) - 1 else ""


def _occurrences(terms: Sequence[str | None], subject: tuple[str, ...]) -> list[int]:
    """Where the run of terms ``subject`` starts in ``terms``."""
    width = len(subject)
    return [i for i in range(len(terms) - width + 1) if tuple(terms[i : i + width]) == subject]


def read_shape(question: str, analyzer: Analyzer, words: ClueWords | None = None) -> AnswerShape:
    """The shape of ``question`` (:class:`Shape`) and its subject's terms; ``Shape.NONE`` when it has none."""
    words = words if words is not None else clue_words(analyzer.profile.name)
    written = analyzer.written_words(question)
    normal = analyzer.words(question)
    for phrases, kind in (
        (words.count_phrases, Shape.COUNT),
        (words.identity_phrases, Shape.IDENTITY),
        (words.definition_phrases, Shape.DEFINITION),
    ):
        for phrase in phrases:
            if tuple(normal[: len(phrase)]) != phrase:
                continue
            rest = len(phrase)
            if kind is Shape.COUNT:
                term = analyzer.term(normal[rest]) if rest < len(normal) else None
                return AnswerShape(kind, (term,), words) if term else AnswerShape()
            if kind is Shape.DEFINITION and rest < len(normal) and normal[rest] in words.articles:
                rest += 1
            subject = normal[rest:]
            if not 0 < len(subject) <= MAX_SUBJECT_WORDS:
                return AnswerShape()
            if kind is Shape.IDENTITY and not all(w[:1].isupper() for w in written[rest:]):
                return AnswerShape()  # «Hvem er generalsekretær i …?» asks for a name, not a description
            terms = tuple(t for w in subject if (t := analyzer.term(w)) is not None)
            return AnswerShape(kind, terms, words) if len(terms) == len(subject) else AnswerShape()
    return AnswerShape()
