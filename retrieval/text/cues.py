"""Answer-type cues: what kind of word a question's answer is, and which words are that kind.

A question starting ``hvem`` wants a name, ``hvor mange`` a number, ``når`` a time.
A sentence that matches the question's terms *and* holds a word of the wanted kind
(a capitalised word inside the sentence, a number, a year or month) is more likely
to hold the answer than one that only repeats the question. The question words
themselves are language data (:attr:`LanguageProfile.question_cues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntFlag

from retrieval.text.language import LanguageProfile

_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")


class Cue(IntFlag):
    """Kinds of answer words; a token may be several kinds (``2020`` is a number and a time)."""

    NONE = 0
    NAME = 1
    NUMBER = 2
    TIME = 4


_KINDS = {"name": Cue.NAME, "number": Cue.NUMBER, "time": Cue.TIME}


@dataclass(frozen=True)
class QuestionCue:
    """The kind of answer a question wants and the question words that said so."""

    kind: Cue = Cue.NONE
    words: tuple[str, ...] = ()


def question_cue(question_words: list[str], profile: LanguageProfile) -> QuestionCue:
    """The kind of answer the question wants (``Cue.NONE`` if its words give no hint).

    ``question_words`` are the question's normalised words; the first cue phrase of
    the profile that occurs in them as whole words wins, so specific phrases
    (``hvor mange``) listed before general ones (``hvor``) take precedence. The
    phrase's words (``mange``, ``heter``) and the profile's asking words (``slags``)
    ask rather than describe, so callers drop them from the query's terms.
    """
    padded = f" {' '.join(question_words)} "
    asking = tuple(w for w in profile.asking_words if w in question_words)
    for phrase, kind in profile.question_cues:
        if f" {phrase} " in padded:
            return QuestionCue(_KINDS[kind], (*phrase.split(), *asking))
    return QuestionCue(Cue.NONE, asking)


def word_cues(word: str, sentence_initial: bool, time_words: frozenset[str]) -> Cue:
    """The kinds of answer ``word`` (as written in the text) can be.

    A capitalised word counts as a name only inside a sentence, where capitals are not
    just grammar.
    """
    cue = Cue.NONE
    if word[:1].isupper() and not sentence_initial:
        cue |= Cue.NAME
    if not word.isalpha() and any(c.isdigit() for c in word):  # letters are never digits: most words skip the scan
        cue |= Cue.NUMBER
        if _YEAR.match(word):
            cue |= Cue.TIME
    if word.lower() in time_words:
        cue |= Cue.TIME
    return cue
