"""How much of a question's spelling a passage repeats: the share of its four-letter sequences found there.

The index matches whole words by their stems, so a passage saying «millionlønn» does
not match «million» and «lønn», «forsvarsministermøtet» not «forsvarsminister», and a
stem Snowball cut differently («tilskuere» → ``tilsku``, «tilskuerne» → ``tilskuern``)
not its other forms. A question's short letter sequences inside its words (each word
padded with a space: « hvem», «hvem », « er ») survive that: a passage telling the
story in the question's words, however compounded or inflected, holds more of them.
(The sequences of its stop words alone gain nothing; those of its content words alone
gain as much as all of them: ``benchmarks/compare.py``.)

The sequences are counted without any corpus statistics (each of the question's
distinct sequences counts the same), so nothing is stored in the index for them: the
candidates' UTF-8 bytes are read at query time straight from the segment's string
blob, by each passage's byte span (:meth:`~retrieval.index.segment.Segment.passage_bytes`),
never decoded. For speed a sequence is four bytes of the
lower-cased UTF-8 text (four letters, or three when one is æ, ø or å) with every
character that is not a letter or digit a space, all done on the bytes with numpy;
every four-byte window of the text is read as a 32-bit number straight from its
buffer and looked up among the question's. Cost on the development set (50
candidates, about 18,000 characters a question): 0.1–0.2 ms to read the candidates'
text and 0.1–0.25 ms to count, on this shared 2-core machine under load; with
``str.lower`` and a regular expression for the marks the count took 0.6 ms. At 1M
passages (about 19,000 bytes a question): 0.13 ms to read the bytes (0.35 ms when each
article's text was read, decoded and its passages encoded again) and 0.17–0.19 ms to
count; the sieve's index from the 16-bit halves of each window xor-ed (one pass over
``uint16``) rather than from each 32-bit window shifted, masked and widened to an
index saved ~0.02 ms. Not kept: marking only at the lead bytes C2, C3 and E2 (found
in one pass, a few percent of the bytes) instead of comparing every byte: no faster
(43 against 42 µs a question; numpy's passes over 19 KB are cheap beside its cost per
call). The question's own sequences are spaced on its characters by one
``str.translate`` (the same bytes as :func:`_spaced`, tested): 0.027 → ~0.017 ms a
question, numpy's dozen passes cost more than the work on a question's 60 bytes.
Not kept: ``np.count_nonzero(held, axis=1) / grams.size`` for the shares (the same
floats): 4.8 µs like ``mean``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

GRAM = 4
_SPACE = ord(" ")
# ASCII: letters and digits kept (lower-cased), everything else a space; bytes from 128 up (UTF-8) kept.
_TABLE = bytes(
    (c | 0x20 if 65 <= c <= 90 else c) if c >= 128 or chr(c).isalnum() else _SPACE for c in range(256)
)
# :func:`_spaced` for a ``str`` as a character table (each character to what its UTF-8 bytes become there).
_TEXT_TABLE = str.maketrans(
    {
        **{chr(c): chr(_TABLE[c]) for c in range(128) if _TABLE[c] != c},
        **{chr(c): "  " for c in range(0x80, 0xC0)},  # C2 and one byte
        **{chr(c): chr(c + 0x20) for c in range(0xC0, 0xDF) if c != 0xD7},  # C3 80–9E but × (C3 97)
        **{chr(c): "   " for c in range(0x2010, 0x2040)},  # E2 80 90–BF
    }
)
# Quick sieve before the exact look-up: a bit per 16-bit mix of a sequence.
_SIEVE_BITS = 16


def _spaced(data: bytes) -> np.ndarray:
    """UTF-8 ``data`` lower-cased, with every character that is not a letter or digit a space, as bytes (same length).

    Done on the bytes with numpy rather than with ``str.lower`` and a character table
    (several times faster on Norwegian text): ASCII by the translation table; the
    capitals U+00C0–U+00DE (Æ, Ø, Å, É, Ö, …: C3 80–9E, but × at C3 97) by moving
    their second byte up; the marks U+0080–U+00BF (no-break space, «, », °, ·: C2 and
    one byte) and U+2010–U+203F (dashes, quotation marks, …, •: E2 80 90–BF) made spaces.
    """
    codes = np.frombuffer(data.translate(_TABLE), dtype=np.uint8).copy()
    lead, second = codes[:-1], codes[1:]
    capital = (lead == 0xC3) & (second <= 0x9E) & (second != 0x97)  # a continuation byte is at least 0x80
    second[capital] += 0x20
    latin = np.flatnonzero(lead == 0xC2)
    codes[latin] = codes[latin + 1] = _SPACE
    general = np.flatnonzero((codes[:-2] == 0xE2) & (codes[1:-1] == 0x80) & (codes[2:] >= 0x90))
    codes[general] = codes[general + 1] = codes[general + 2] = _SPACE
    return codes


def _mix(grams: np.ndarray) -> np.ndarray:
    """Each sequence's place in the sieve: its two 16-bit halves xor-ed."""
    return ((grams ^ (grams >> np.uint32(_SIEVE_BITS))) & np.uint32((1 << _SIEVE_BITS) - 1)).astype(np.intp)


def _window_mixes(data: np.ndarray) -> np.ndarray:
    """:func:`_mix` of every four-byte window of ``data``: the 16-bit window at each byte xor-ed with the one two bytes on."""
    halves = np.ndarray((data.size - 1,), dtype="<u2", buffer=data, strides=(1,))  # every 2 bytes, no copy
    return halves[:-2] ^ halves[2:]


def _spaced_text(text: str) -> bytes:
    """:func:`_spaced` of ``text``'s UTF-8 bytes, done on the characters: for a question, a few times faster than numpy's passes."""
    return text.translate(_TEXT_TABLE).encode("utf-8", "surrogatepass")


def question_grams(question: str) -> np.ndarray:
    """The sorted distinct four-byte sequences (as numbers) inside the space-padded words of ``question``."""
    grams = {
        int.from_bytes(padded[i : i + GRAM], "little")
        for word in _spaced_text(question).split()
        for padded in (b" " + word + b" ",)
        for i in range(len(padded) - GRAM + 1)
    }
    return np.array(sorted(grams), dtype=np.uint32)


def gram_shares(grams: np.ndarray, texts: Sequence[bytes]) -> np.ndarray:
    """For each of ``texts`` (UTF-8), the share of ``grams`` (from :func:`question_grams`) it holds."""
    if grams.size == 0 or not texts:
        return np.zeros(len(texts))
    raw = b"\0" + b"\0".join(texts) + b"\0" * GRAM  # a separator (a space once spaced) before and after each text
    ends = np.cumsum([len(text) + 1 for text in texts])  # where each text ends (the separator after it)
    data = _spaced(raw)
    windows = np.ndarray((data.size - GRAM + 1,), dtype="<u4", buffer=data, strides=(1,))  # every 4 bytes, no copy
    sieve = np.zeros(1 << _SIEVE_BITS, dtype=bool)
    sieve[_mix(grams)] = True
    at = np.flatnonzero(sieve.take(_window_mixes(data)))
    found = windows[at]
    slot = np.minimum(np.searchsorted(grams, found), grams.size - 1)
    hit = grams[slot] == found
    at, gram = at[hit], slot[hit]
    owner = np.minimum(np.searchsorted(ends, at, side="right"), len(texts) - 1)
    held = np.zeros((len(texts), grams.size), dtype=bool)
    held[owner, gram] = True
    return held.mean(axis=1)
