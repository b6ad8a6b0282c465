"""Reading a message against the turn before it: a new question, or a follow-up of which kind.

* **Elliptical** («Hva med Danmark?», «og andre sett?», "what about Bill Clinton?"):
  the previous question is asked again with the new subject in place of the old one
  of the same kind — a name for a name, a year for a year, an ordinal for an
  ordinal, a word sharing its compound head («gullplater» → «diamantplater») — or,
  when none matches, the previous question's cue and names with the new subject.
* **About the answer** («hvem sa det?», «når skjedde det?», «hvor gammel ble han?»):
  a question that points back (a pronoun, or too few words of its own to be a new
  question), names nothing the cited articles lack, and whose own words those
  articles hold. It is searched in those articles first, with the previous
  question's content words added.
* Anything else is a **new** question and is searched as typed.

The thresholds are measured, not guessed: ``benchmarks/dialogues.py`` runs the
labelled dialogues of ``tests/fixtures/dialogues.jsonl`` with each rule switched off
and reports what it costs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from retrieval.text.analysis import normalise_word
from retrieval.text.language import LanguageProfile

# Letters joined to digits by a hyphen are one token («F-35»); otherwise words and numbers.
_TOKEN = re.compile(r"[^\W\d_]+-\d+|[^\W_]+")
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")

# Openings that carry a new subject for the previous question, longest first.
ELLIPSIS_OPENINGS = (
    "og hva med", "og hva så med", "hva så med", "hva med", "hvordan med", "hva om", "og kva med", "kva med",
    "korleis med", "and what about", "what about", "how about", "and", "og", "enn", "men",
)
QUESTION_WORDS = frozenset(
    {
        "hva", "hvem", "hvor", "når", "hvorfor", "hvordan", "hvilken", "hvilket", "hvilke", "mange", "mye", "lenge",
        "gammel", "gamle", "stor", "langt", "kva", "kven", "kor", "korleis", "kvifor", "kvar", "kva for",
        "what", "who", "whom", "whose", "where", "when", "why", "how", "which", "many", "much", "long", "old",
    }
)
# Verbs that say nothing about the topic of a follow-up («hvem sa det?», «når skjedde det?»):
# not counted as the message's own words, so they need not occur in the cited article.
LIGHT_VERBS = frozenset(
    {
        "sa", "sier", "sagt", "si", "skjedde", "skjer", "skjedd", "hendte", "gjorde", "gjør", "gjort", "sei", "seier",
        "hende", "said", "says", "say", "happened", "happens", "happen", "did", "does", "do", "done",
    }
)
# Words that point back at what was just said.
ANAPHORA = frozenset(
    {
        "han", "hun", "ham", "henne", "den", "det", "de", "dem", "dette", "disse", "dit", "der", "hans", "hennes",
        "deres", "dets", "ho", "honom", "dei", "hennar", "dykk",
        "he", "she", "him", "her", "it", "they", "them", "that", "this", "there", "his", "its", "their", "those",
    }
)
# Words of a follow-up that are not its topic: what it asks, light verbs, pointers back.
_NOT_TOPIC = QUESTION_WORDS | LIGHT_VERBS | ANAPHORA
ORDINALS = frozenset(
    {
        "første", "fyrste", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "syvende", "åttende",
        "niende", "tiende", "first", "second", "third", "fourth", "fifth", "sixth", "last", "siste",
    }
)
_WEEKDAYS = frozenset(
    {"måndag", "tysdag", "laurdag", "sundag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"}
)
# Shared ending that makes two words the same kind of thing («gullplater», «diamantplater»).
MIN_SHARED_ENDING = 4


class Move(str, Enum):
    """How a message relates to the conversation."""

    NEW = "new"
    ELLIPTICAL = "elliptical"
    ABOUT_ANSWER = "about_answer"


@dataclass(frozen=True)
class Rules:
    """The switches and thresholds of the follow-up rules (see ``benchmarks/dialogues.py``)."""

    elliptical: bool = True
    about_answer: bool = True
    # A question with at most this many content words of its own may be about the answer
    # even without a pronoun pointing back.
    max_own_terms: int = 3
    # Share of the question's own content words the cited articles must hold.
    min_own_share: float = 0.5
    # Add the previous question's content words to a question about the answer:
    # "all" of them, only its "names" (capitalised words, numbers), or "none".
    context: str = "names"
    # Search only the first cited article (the best answer) rather than all cited ones.
    first_only: bool = False


@dataclass(frozen=True)
class Reading:
    """What to search for a message: ``query``, within ``articles`` first when there are any."""

    move: Move
    query: str
    articles: tuple[str, ...] = ()
    subject: str = ""  # an elliptical question's new subject («Danmark» in «Hva med Danmark?»)


@dataclass(frozen=True)
class Previous:
    """What the reader needs of the turn before: the question as searched and the cited articles' texts."""

    query: str
    articles: tuple[str, ...]
    texts: tuple[str, ...]
    # The question an elliptical message re-asks: the last one that was not about an
    # answer («hvem sa det?» is no question to put «Danmark» into). Empty: ``query``.
    base: str = ""


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return normalise_word(self.text)


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


class FollowUpReader:
    """Classifies a message against the previous turn, with the index's analyser and language data."""

    def __init__(self, term: Callable[[str], str | None], profile: LanguageProfile, rules: Rules = Rules()) -> None:
        self.term = term  # normalised word → index term, None for a stop word
        self.profile = profile
        self.rules = rules
        self.months = frozenset(m.lower() for m in profile.month_names)

    def read(self, message: str, previous: Previous | None) -> Reading:
        """The reading of ``message`` given the turn before it (``None``: no context)."""
        if previous is None:
            return Reading(Move.NEW, message)
        rest = self._elliptical_rest(message)
        if rest is not None and self.rules.elliptical:
            if all(t.word in QUESTION_WORDS for t in _tokens(rest)):  # «og når?»: the same subject, another question
                return self._about(rest, previous)
            if not any(t.word in QUESTION_WORDS for t in _tokens(rest)):
                return Reading(Move.ELLIPTICAL, self.substitute(previous.base or previous.query, rest), subject=rest)
            message = rest  # «og hvem trener laget?»: a question of its own
        if self.rules.about_answer and self._points_back(message, previous):
            return self._about(message, previous)
        return Reading(Move.NEW, message)

    # --- elliptical questions -------------------------------------------------------

    @staticmethod
    def _elliptical_rest(message: str) -> str | None:
        """What follows an opening like «hva med» / "what about", or ``None`` without one."""
        lowered = " ".join(normalise_word(t.text) for t in _tokens(message))
        for opening in ELLIPSIS_OPENINGS:
            if lowered.startswith(opening + " "):
                words = len(opening.split())
                rest_tokens = _tokens(message)[words:]
                return message[rest_tokens[0].start :].strip(" ?!.,") if rest_tokens else None
        return None

    def substitute(self, question: str, subject: str) -> str:
        """``question`` with ``subject`` in place of its part of the same kind, or its cue, names and ``subject``."""
        words = _tokens(question)
        new = [t for t in _tokens(subject)]
        core = next((i for i, t in enumerate(new) if self.term(t.word) is not None), None)
        if core is None or not words:
            return f"{question} {subject}"
        kind = self._kind(new[core], sentence_initial=False)
        span = self._same_kind_span(words, new[core], kind, len(new) - core)
        replacement = subject[new[core].start :]
        if span is not None:
            start, end = words[span[0]].start, words[span[1]].end
            return question[:start] + replacement + question[end:]
        return " ".join([*self._cue_words(question), replacement, *self._specific_words(words)])

    def _kind(self, token: _Token, sentence_initial: bool) -> str:
        word = token.word
        if _YEAR.match(word):
            return "year"
        if word.isdigit():
            return "number"
        if "-" in word and any(c.isdigit() for c in word):
            return "code"
        if word in ORDINALS:
            return "ordinal"
        if word in _WEEKDAYS:
            return "weekday"
        if word in self.months:
            return "month"
        if token.text[:1].isupper() and not sentence_initial:
            return "name"
        return "word"

    def _same_kind_span(self, words: list[_Token], new: _Token, kind: str, length: int) -> tuple[int, int] | None:
        """Indexes (first, last) of the words of ``kind`` to replace, the last such in the question."""
        kinds = [self._kind(t, sentence_initial=i == 0) for i, t in enumerate(words)]
        if kind == "word":
            return self._shared_ending(words, new)
        matches = [i for i, k in enumerate(kinds) if k == kind]
        if not matches:
            return None
        last = matches[-1]
        if kind == "name":  # the whole name: «Andrew Johnson», «Thin Film»
            first = last
            while first > 0 and kinds[first - 1] == "name":
                first -= 1
            return first, last
        return last, min(last + length - 1, len(words) - 1)

    def _shared_ending(self, words: list[_Token], new: _Token) -> tuple[int, int] | None:
        """The question word that shares the new word's stem or compound head («andreplassen» ~ «fjerdeplassen»)."""
        target, stem = new.word, self.term(new.word)
        best, best_length = None, MIN_SHARED_ENDING - 1
        for i, token in enumerate(words):
            word = token.word
            if self.term(word) is None or word in QUESTION_WORDS:
                continue
            if stem is not None and self.term(word) == stem:
                return i, i
            length = _common_ending(word, target)
            if length > best_length and length < len(target):
                best, best_length = i, length
        return (best, best) if best is not None else None

    def _cue_words(self, question: str) -> list[str]:
        """The question's cue phrase («hvor mange», «hvem»), so the re-asked question wants the same kind of answer."""
        lowered = " " + " ".join(t.word for t in _tokens(question)) + " "
        for phrase, _ in self.profile.question_cues:
            if f" {phrase} " in lowered:
                return [phrase]
        return []

    def _specific_words(self, words: list[_Token]) -> list[str]:
        """The question's most specific words: names, numbers, codes."""
        return [t.text for i, t in enumerate(words) if self._kind(t, i == 0) in ("name", "code", "number", "year")]

    # --- questions about the answer ---------------------------------------------------

    def _own_terms(self, message: str) -> list[str]:
        return [
            term
            for t in _tokens(message)
            if t.word not in _NOT_TOPIC and (term := self.term(t.word)) is not None
        ]

    def _points_back(self, message: str, previous: Previous) -> bool:
        """Whether ``message`` asks about the cited articles rather than something new."""
        tokens = _tokens(message)
        if not tokens or not previous.articles:
            return False
        asks = message.rstrip().endswith("?") or any(t.word in QUESTION_WORDS for t in tokens)
        if not asks:
            return False
        cited = " ".join(previous.texts)
        cited_words = {normalise_word(t.text) for t in _tokens(cited)}
        names = [t for i, t in enumerate(tokens) if i > 0 and t.text[:1].isupper()]
        if any(t.word not in cited_words for t in names):  # a name the answer never mentioned: a new topic
            return False
        own = self._own_terms(message)
        refers = any(t.word in ANAPHORA for t in tokens)
        if not refers and len(own) > self.rules.max_own_terms:
            return False
        if not own:
            return True
        cited_terms = {self.term(w) for w in cited_words}
        return sum(term in cited_terms for term in own) >= self.rules.min_own_share * len(own)

    def _about(self, message: str, previous: Previous) -> Reading:
        articles = previous.articles[:1] if self.rules.first_only else previous.articles
        if self.rules.context == "none":
            return Reading(Move.ABOUT_ANSWER, message, articles)
        own = set(self._own_terms(message))
        words = _tokens(previous.query)
        wanted = set(self._specific_words(words)) if self.rules.context == "names" else None
        context = [
            t.text
            for t in words
            if t.word not in QUESTION_WORDS
            and (term := self.term(t.word)) is not None
            and term not in own
            and (wanted is None or t.text in wanted)
        ]
        return Reading(Move.ABOUT_ANSWER, " ".join([message.rstrip(" ?"), *context]) + "?", articles)


def _common_ending(a: str, b: str) -> int:
    length = 0
    while length < min(len(a), len(b)) and a[-1 - length] == b[-1 - length]:
        length += 1
    return length
