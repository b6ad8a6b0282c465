"""Fold diacritics out of a word for matching, keeping the Norwegian letters æ, ø and å.

A reader types «Khios», «Sao Paulo» or «Sjostrom» for the «Khíos», «São Paulo» and
«Sjöström» of an article, so an index term should not depend on an accent. But æ, ø
and å are letters of their own in Norwegian, not accented a, o and a: «bør» is not
«bor», «år» is not «ar» and «ære» is not «aere», so they are never folded.

Only analysed terms are folded; the text a quote shows is never touched.
"""

from __future__ import annotations

import unicodedata

# Letters that are Norwegian letters of their own. Only å decomposes (a + ring), so
# it is the one to shield from the stripping of combining marks.
_NORWEGIAN_LETTERS = frozenset("æøåÆØÅ")

# Letters with no decomposition that a reader writes with plain letters.
_PLAIN = str.maketrans({"ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"})

# Swedish and German umlauts as their Norwegian counterparts («Malmö» → «malmø»).
_NORDIC_UMLAUTS = str.maketrans({"ä": "æ", "Ä": "Æ", "ö": "ø", "Ö": "Ø"})


def fold_diacritics(word: str, nordic_umlauts: bool = False) -> str:
    """``word`` without accents and other combining marks, æ, ø and å kept as they are.

    With ``nordic_umlauts`` a Swedish or German ä and ö become æ and ø (as Norwegian
    papers write «Malmø»); otherwise they lose their dots like any other mark
    («Sjöström» → «sjostrom», as a reader without those keys types it).
    """
    if word.isascii():
        return word
    word = unicodedata.normalize("NFC", word)  # a decomposed å is one letter again
    if nordic_umlauts:
        word = word.translate(_NORDIC_UMLAUTS)
    folded = []
    for char in word:
        if char in _NORWEGIAN_LETTERS or char.isascii():
            folded.append(char)
            continue
        # A letter's marks go (é → e); a mark left standing alone (on an ø) goes too.
        folded.extend(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return "".join(folded).translate(_PLAIN)
