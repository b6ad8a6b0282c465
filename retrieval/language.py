"""Language resources as data, so a new language is a configuration change.

A :class:`LanguageProfile` names the Snowball stemmer and the stop-word list to use,
carries the month names needed to show and read dates, and the question words that
say what kind of answer a question wants (a name, a number, a time). Profiles are
looked up by name or alias (``norwegian``, ``nb``, ``no``; ``english``, ``en``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from stop_words import get_stop_words


@dataclass(frozen=True)
class LanguageProfile:
    """Everything language-specific that analysis, answer cues and date handling need."""

    name: str
    stemmer: str
    stop_words: frozenset[str]
    month_names: tuple[str, ...]
    weekday_names: tuple[str, ...] = ()
    # (question phrase, expected answer kind), most specific first; kinds: name, number, time.
    question_cues: tuple[tuple[str, str], ...] = ()

    def month_name(self, month: int) -> str:
        """Return the lower-case name of ``month`` (1-12) as written in running text."""
        return self.month_names[month - 1]

    @property
    def time_words(self) -> frozenset[str]:
        """Lower-case words that mark a point in time in running text."""
        return frozenset(w.lower() for w in (*self.month_names, *self.weekday_names))


_NORWEGIAN_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
_NORWEGIAN_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_NORWEGIAN_CUES = (
    ("hvor mange", "number"), ("hvor mye", "number"), ("hvor lenge", "number"), ("hvor gammel", "number"),
    ("hvor stor", "number"), ("hvor lang", "number"), ("hvor langt", "number"), ("hvor høy", "number"),
    ("hvilket år", "time"), ("hvilken dato", "time"), ("hvilken dag", "time"), ("når", "time"),
    ("hvem", "name"), ("hva heter", "name"), ("hvilket land", "name"), ("hvilken by", "name"),
    ("hvilket parti", "name"), ("hvilken klubb", "name"), ("hvor", "name"),
)
_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ENGLISH_CUES = (
    ("how many", "number"), ("how much", "number"), ("how long", "number"), ("how old", "number"),
    ("how big", "number"), ("how far", "number"), ("how high", "number"),
    ("what year", "time"), ("which year", "time"), ("what date", "time"), ("when", "time"),
    ("who", "name"), ("whom", "name"), ("whose", "name"), ("what is the name", "name"),
    ("which country", "name"), ("which city", "name"), ("which party", "name"), ("where", "name"),
)

# name -> (Snowball stemmer, stop-words package language, months, weekdays, question cues)
_PROFILES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "norwegian": ("norwegian", "norwegian", _NORWEGIAN_MONTHS, _NORWEGIAN_WEEKDAYS, _NORWEGIAN_CUES),
    "english": ("english", "english", _ENGLISH_MONTHS, _ENGLISH_WEEKDAYS, _ENGLISH_CUES),
}
_ALIASES = {"nb": "norwegian", "nn": "norwegian", "no": "norwegian", "nob": "norwegian", "en": "english"}


@lru_cache(maxsize=None)
def language_profile(name: str) -> LanguageProfile:
    """Return the profile for ``name`` or an alias of it; raise ``ValueError`` if unknown."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in _PROFILES:
        known = ", ".join(sorted([*_PROFILES, *_ALIASES]))
        raise ValueError(f"unknown language {name!r}; known: {known}")
    stemmer, stop_language, months, weekdays, cues = _PROFILES[key]
    return LanguageProfile(
        name=key,
        stemmer=stemmer,
        stop_words=frozenset(get_stop_words(stop_language)),
        month_names=months,
        weekday_names=weekdays,
        question_cues=cues,
    )
