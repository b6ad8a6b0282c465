"""How much of a question's spelling a passage repeats: the share of its four-letter sequences found there.

The index matches whole words by their stems, so a passage saying «millionlønn» does
not match «million» and «lønn», «forsvarsministermøtet» not «forsvarsminister», and a
stem Snowball cut differently («tilskuere» → ``tilsku``, «tilskuerne» → ``tilskuern``)
not its other forms; it also drops the small words («som», «for», «etter») whose
order tells how a question was phrased. A question's short letter sequences inside
its words (each word padded with a space: « hvem», «hvem », « er ») survive all of
that: a passage telling the story in the question's own words holds more of them.

The sequences are counted without any corpus statistics (each of the question's
distinct sequences counts the same), so nothing is stored in the index: the
candidates' text is read at query time. For speed a sequence is four bytes of the
lower-cased UTF-8 text (four letters, or three when one is æ, ø or å), with every
ASCII character that is not a letter or digit and the common typographic marks
(«», –, ’, …) made spaces; four-byte windows of the text are read as 32-bit numbers
straight from its buffer and looked up among the question's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

GRAM = 4
_SPACE = ord(" ")
# ASCII: letters and digits kept (lower-cased), everything else a space; bytes from 128 up (UTF-8) kept.
_TABLE = bytes(
    (c | 0x20 if 65 <= c <= 90 else c) if c >= 128 or chr(c).isalnum() else _SPACE for c in range(256)
)
# Typographic marks made spaces of the same length, so offsets keep: U+0080–U+00BF (no-break space, «, », ·, °;
# two bytes, lead byte C2) and U+2010–U+203F (dashes, quotation marks, …, •; three bytes, E2 80 90–BF).
_LATIN_MARKS = re.compile(rb"\xc2[\x80-\xbf]")
_GENERAL_MARKS = re.compile(rb"\xe2\x80[\x90-\xbf]")
# Quick sieve before the exact look-up: a bit per 16-bit mix of a sequence.
_SIEVE_BITS = 16


def _spaced(data: bytes) -> bytes:
    """UTF-8 ``data`` lower-cased, with every character that is not a letter or digit a space (same length).

    Lower-cased on the bytes rather than with ``str.lower`` (a third of the cost on
    Norwegian text): ASCII by the translation table, and the capitals of U+00C0–U+00DE
    (Æ, Ø, Å, É, Ö, …: lead byte C3, second byte 80–9E) by moving the second byte up;
    rarer capitals keep their case, in the question and the passages alike.
    """
    data = data.translate(_TABLE)
    data = _GENERAL_MARKS.sub(b"   ", _LATIN_MARKS.sub(b"  ", data))
    if b"\xc3" not in data:
        return data
    codes = np.frombuffer(data, dtype=np.uint8).copy()
    second = codes[1:]
    capital = (codes[:-1] == 0xC3) & (second >= 0x80) & (second <= 0x9E) & (second != 0x97)  # 0x97 is ×
    second[capital] += 0x20
    return codes.tobytes()


def _mix(grams: np.ndarray) -> np.ndarray:
    return ((grams ^ (grams >> np.uint32(_SIEVE_BITS))) & np.uint32((1 << _SIEVE_BITS) - 1)).astype(np.intp)


def question_grams(question: str) -> np.ndarray:
    """The sorted distinct four-byte sequences (as numbers) inside the space-padded words of ``question``."""
    grams = {
        int.from_bytes(padded[i : i + GRAM], "little")
        for word in _spaced(question.encode("utf-8", "surrogatepass")).split()
        for padded in (b" " + word + b" ",)
        for i in range(len(padded) - GRAM + 1)
    }
    return np.array(sorted(grams), dtype=np.uint32)


def gram_shares(grams: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """For each of ``texts``, the share of ``grams`` (from :func:`question_grams`) it holds."""
    if grams.size == 0 or not texts:
        return np.zeros(len(texts))
    raw = ("\0" + "\0".join(texts) + "\0" * GRAM).encode("utf-8", "surrogatepass")
    ends = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 0)
    if ends.size == len(texts) + GRAM:
        ends = ends[1 : len(texts) + 1]  # where each text ends (the separator after it)
    else:  # a text holding NUL itself: the boundaries are counted the slow way
        ends = np.cumsum([len(t.encode("utf-8", "surrogatepass")) + 1 for t in texts])
    data = _spaced(raw)
    sieve = np.zeros(1 << _SIEVE_BITS, dtype=bool)
    sieve[_mix(grams)] = True
    found_at, found_gram = [], []
    for offset in range(GRAM):  # the windows starting at offset, offset + 4, …: one zero-copy view each
        windows = np.frombuffer(data, dtype="<u4", offset=offset, count=(len(data) - offset) // GRAM)
        candidates = np.flatnonzero(sieve[_mix(windows)])
        slot = np.minimum(np.searchsorted(grams, windows[candidates]), grams.size - 1)
        hit = grams[slot] == windows[candidates]
        found_at.append(candidates[hit] * GRAM + offset)
        found_gram.append(slot[hit])
    at, gram = np.concatenate(found_at), np.concatenate(found_gram)
    owner = np.minimum(np.searchsorted(ends, at, side="right"), len(texts) - 1)
    held = np.zeros((len(texts), grams.size), dtype=bool)
    held[owner, gram] = True
    return held.mean(axis=1)
