"""Which language a message is written in, from its function words.

A question in English on a Norwegian corpus finds little (the news says «statsminister»,
not "prime minister"), so the user is told once, in their language, what language the
news is in. Function words are the surest cheap sign: «hva», «er», «det» against
"what", "is", "the". Names and content words say nothing either way.
"""

from __future__ import annotations

import re

from retrieval.text.language import language_profile

_WORD = re.compile(r"[^\W\d_]+")
# Words both languages share in writing; they count for neither.
_SHARED = frozenset({"i", "a", "for", "on", "under", "over", "by", "as", "man", "hand", "so", "dag", "den"})
# Nynorsk words the Norwegian profile's stop words lack (they hold «kva», «kven», «kvifor»,
# «ikkje», «eit», «frå» … already): Nynorsk is Norwegian too, and a reader who asks
# «Kven vann?» must never be told that the news is in another language.
_NYNORSK = frozenset({"heiter", "fekk", "gjekk", "kjem", "meiner", "trur", "heile", "fleire", "meir"})
_QUESTION_WORDS = {
    "norwegian": frozenset({"hva", "hvem", "hvor", "når", "hvorfor", "hvordan", "hvilken", "hvilket", "hvilke"}) | _NYNORSK,
    "english": frozenset({"what", "who", "where", "when", "why", "how", "which", "whom", "whose"}),
}


def _function_words(name: str) -> frozenset[str]:
    return (language_profile(name).stop_words | _QUESTION_WORDS[name]) - _SHARED


_FUNCTION_WORDS = {name: _function_words(name) for name in _QUESTION_WORDS}


def _function_word_candidates(message: str) -> list[str]:
    """The message's words that may be function words: not names («May», «UK») nor single letters («d'Or»).

    A capital inside a sentence marks a name; at a sentence's start it is only grammar.
    """
    found = []
    for match in _WORD.finditer(message):
        word = match.group()
        opens_sentence = message[: match.start()].rstrip()[-1:] in ("", ".", "!", "?", ":")
        if len(word) > 1 and (opens_sentence or not word[:1].isupper()):
            found.append(word.lower())
    return found


def message_language(message: str) -> str | None:
    """``"norwegian"`` or ``"english"`` when the message's function words say so clearly, else ``None``.

    Two function words at least, and twice as many of one language as of the other:
    a lone «is» or a name is no evidence.
    """
    words = _function_word_candidates(message)
    counts = {name: sum(w in found for w in words) for name, found in _FUNCTION_WORDS.items()}
    (best, most), (_, other) = sorted(counts.items(), key=lambda item: -item[1])
    if most >= 2 and most >= 2 * other:
        return best
    return None
