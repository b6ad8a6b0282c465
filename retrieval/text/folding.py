"""Fold diacritics out of a word for matching, keeping the Norwegian letters æ, ø and å.

A reader types «Khios», «Sao Paulo» or «Senor» for the «Khíos», «São Paulo» and
«Señor» of an article, so an index term should not depend on an accent. But æ, ø
and å are letters of their own in Norwegian, not accented a, o and a: «bør» is not
«bor», «år» is not «ar» and «ære» is not «aere», so they are never folded.

A Swedish or German ä and ö become æ and ø, the letters Norwegian writes for them
(«Malmø», «Bjørn» for «Björn») and a reader on a Norwegian keyboard types
(«Sjøstrøm»); measured fold by fold, that matched one more question than dropping
the dots. A reader who types «Sjostrom» is served by :func:`respellings`.

Only analysed terms are folded; the text a quote shows is never touched.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from itertools import combinations, product

# Letters that are Norwegian letters of their own. Only å decomposes (a + ring), so
# it is the one to shield from the stripping of combining marks.
_NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")

# ASCII with æ, ø and å is already folded: they are dropped before checking for anything else.
_WITHOUT_NORWEGIAN_LETTERS = str.maketrans(dict.fromkeys(_NORWEGIAN_LETTERS))

# Letters with no decomposition that a reader writes with plain letters.
_PLAIN = str.maketrans({"ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"})

# Swedish and German umlauts as their Norwegian counterparts («Malmö» → «malmø»).
_NORDIC_UMLAUTS = str.maketrans({"ä": "æ", "Ä": "Æ", "ö": "ø", "Ö": "Ø"})


def fold_diacritics(word: str) -> str:
    """``word`` without accents and other combining marks, ä and ö as æ and ø, æ, ø and å kept."""
    if word.isascii() or word.translate(_WITHOUT_NORWEGIAN_LETTERS).isascii():  # nothing to fold (most words)
        return word
    word = unicodedata.normalize("NFC", word).translate(_NORDIC_UMLAUTS)  # NFC: a decomposed å is one letter again
    folded = []
    for char in word:
        if char in _NORWEGIAN_LETTERS or char.isascii():
            folded.append(char)
            continue
        # A letter's marks go (é → e); a mark left standing alone (on an ø) goes too.
        folded.extend(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return "".join(folded).translate(_PLAIN)


# Letters a reader writes for one another: o for ø on a keyboard without it, ø for a
# Swedish ö (which folding made ø), a for æ or å, and so on.
_STAND_INS = {"o": "ø", "ø": "o", "a": "æå", "æ": "a", "å": "a"}
# At most this many letters of a word are swapped, so the candidates stay few.
MAX_SWAPS = 3


def respellings(word: str) -> Iterator[str]:
    """Other ways ``word`` may be meant with o/ø and a/æ/å swapped, fewest swaps first.

    For a question word the corpus does not know: «Tromso» may be «Tromsø», and
    «Sjostrom» the «Sjöström» an article holds (folded to ``sjøstrøm``).
    """
    places = [i for i, char in enumerate(word) if char in _STAND_INS]
    for count in range(1, min(MAX_SWAPS, len(places)) + 1):
        for chosen in combinations(places, count):
            for letters in product(*(_STAND_INS[word[i]] for i in chosen)):
                respelled = list(word)
                for i, letter in zip(chosen, letters):
                    respelled[i] = letter
                yield "".join(respelled)
