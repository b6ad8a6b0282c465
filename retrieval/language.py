"""Language resources as data, so a new language is a configuration change.

A :class:`LanguageProfile` names the Snowball stemmer and the stop-word list to use
and carries the month names needed to show and read dates. Profiles are looked up
by name or alias (``norwegian``, ``nb``, ``no``; ``english``, ``en``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from stop_words import get_stop_words


@dataclass(frozen=True)
class LanguageProfile:
    """Everything language-specific that analysis and date handling need."""

    name: str
    stemmer: str
    stop_words: frozenset[str]
    month_names: tuple[str, ...]

    def month_name(self, month: int) -> str:
        """Return the lower-case name of ``month`` (1-12) as written in running text."""
        return self.month_names[month - 1]


_NORWEGIAN_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# name -> (Snowball stemmer, stop-words package language, month names)
_PROFILES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "norwegian": ("norwegian", "norwegian", _NORWEGIAN_MONTHS),
    "english": ("english", "english", _ENGLISH_MONTHS),
}
_ALIASES = {"nb": "norwegian", "nn": "norwegian", "no": "norwegian", "nob": "norwegian", "en": "english"}


@lru_cache(maxsize=None)
def language_profile(name: str) -> LanguageProfile:
    """Return the profile for ``name`` or an alias of it; raise ``ValueError`` if unknown."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in _PROFILES:
        known = ", ".join(sorted([*_PROFILES, *_ALIASES]))
        raise ValueError(f"unknown language {name!r}; known: {known}")
    stemmer, stop_language, months = _PROFILES[key]
    return LanguageProfile(
        name=key,
        stemmer=stemmer,
        stop_words=frozenset(get_stop_words(stop_language)),
        month_names=months,
    )
