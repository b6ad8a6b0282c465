"""Messages that are not questions: thanks, greetings, «ok», an emoji.

Searched as a question, «takk!» quotes three sentences that contain «takk». A
message made only of such words (or of no words at all) gets a short, friendly
reply instead — never a quote — in the language it was written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_WORD = re.compile(r"[^\W_]+")


class Kind(str, Enum):
    """What a small-talk message does; each kind has its own reply."""

    THANKS = "thanks"
    GREETING = "greeting"
    ACKNOWLEDGE = "acknowledge"


# word → (kind, language); a message whose every word is here is small talk.
_WORDS: dict[str, tuple[Kind | None, str]] = {
    **{w: (Kind.THANKS, "nb") for w in ("takk", "tusen", "takker", "mange", "takka", "tusind")},
    **{w: (Kind.GREETING, "nb") for w in ("hei", "hallo", "heisann", "hoi", "morn", "god", "morgen", "dag", "kveld")},
    **{w: (Kind.ACKNOWLEDGE, "nb") for w in ("ok", "okei", "greit", "flott", "bra", "supert", "fint", "kult", "topp", "ja", "nei", "aha", "jaha", "jepp", "skjønner", "forstår", "ha", "det", "du", "skal", "for", "deg", "så", "veldig", "bare", "hyggelig")},
    **{w: (Kind.THANKS, "en") for w in ("thanks", "thank", "thx", "ty", "cheers")},
    **{w: (Kind.GREETING, "en") for w in ("hello", "hi", "hey", "morning", "evening", "good")},
    **{w: (Kind.ACKNOWLEDGE, "en") for w in ("okay", "great", "cool", "nice", "yes", "no", "you", "got", "it", "i", "see", "very", "much", "so", "a", "lot")},
}
# Words that say which kind when they occur; otherwise the message acknowledges.
_PRECEDENCE = (Kind.THANKS, Kind.GREETING, Kind.ACKNOWLEDGE)


@dataclass(frozen=True)
class SmallTalk:
    """A message that is small talk: what it does and the language it seems to be in (``None``: no words)."""

    kind: Kind
    language: str | None


def small_talk(message: str) -> SmallTalk | None:
    """The small talk ``message`` is, or ``None`` when it may be a question.

    A message with no letters or digits (an emoji, «?!») is small talk too: there is
    nothing in it to search for.
    """
    words = [w.lower() for w in _WORD.findall(message)]
    if not words:
        return SmallTalk(Kind.ACKNOWLEDGE, None)
    if len(words) > 6 or any(w not in _WORDS for w in words):
        return None
    kinds = {_WORDS[w][0] for w in words}
    kind = next(k for k in _PRECEDENCE if k in kinds)
    languages = [_WORDS[w][1] for w in words]
    english = languages.count("en") > languages.count("nb")
    return SmallTalk(kind, "en" if english else "nb")
