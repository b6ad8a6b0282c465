"""BM25 sums of a question's postings, added slice by slice into an array of slots, noting the slots reached.

At 1M passages the median question's terms have ~40k passage postings (4% of the
slots), yet the passes over every passage slot cost nearly as much as the postings:
the sums divided by the best score, then compared with zero and searched for the
matches (0.5 ms of ~1 ms). So :func:`add_postings` notes each slot the first time a
term reaches it, from the sum it reads anyway to add to: a slot whose sum is still
0 before a term's weight is added, which is exact when every weight is positive
(every idf is; the index scores every slot otherwise). Only the slots reached are
normalised and read back; the sums are the same floats either way (the same
float32 additions in the same order).

Tried and not kept: one zeroed array per thread, reused and zeroed again at the
slots reached, instead of a fresh one per question. Slower (adding the median
question's postings 0.72 → 1.12 ms thread time): the kernel hands out a fresh page
zeroed and in cache, while a reused 4 MB array has gone cold between questions.

Tried and not kept either, to halve the first stage at 1M passages (article part,
passages reached and their top: ~2.1 ms a question as it is, 1.7–3.2 in these runs,
of which ~0.45 ms the ~45k article postings, ~0.8 ms the ~60k passage postings at
~13 ns each, ~0.5 ms the reached passages' sums and articles, ~0.25 ms their top).
Each was exact (the same slots, order and floats as this code on the 200 benchmark
questions); thread time a question on those questions, each alternated with this
code in the same process, two rounds, on the 2-core machine shared with other work
(load 3–5):

- *Skipping articles none of whose passages can reach the top.* While the article
  part is summed, each article also sums the most its passages' own part can be
  (per question term it holds: the idf times BM25's count part at the article's
  count and the norm of its shortest passage, since a passage holds a term at most
  as often as its article); articles whose part plus that stay below a bar that 50
  passages reach are skipped, and each posting column is searched only for the
  kept articles' passages. With the bar of the best articles' part alone, 756
  articles of 185k kept at the median (3–9% of the postings): 2.37–3.76 ms against
  2.10–3.16; with the bar of the exact sums of the best 25 articles' passages, 471
  kept: 2.54–3.00 against 2.11–2.51; with the kept passages of all columns weighed
  at once (``np.add.at`` adds in index order, so the floats stay): 2.64–2.99 against
  2.22–2.49. The bound costs ~0.3 ms on the article postings, the bar 0.2–0.8 ms,
  a binary search ~25 ns a kept passage and column against ~13 ns a posting summed,
  and every column of each of the 5 segments a dozen numpy calls (~1 µs each)
  however few postings it keeps.
- *MaxScore* (the rare terms summed in full, the common ones looked up only for the
  passages their bounds leave within reach, the bar from the rare terms' sums or
  from the exact sums of the best articles' passages): 2.3–3.3 ms against 2.3–2.8.
  The idf-times-``(k1 + 1)`` bounds are loose for passages (their largest count
  part is 0.5–0.85 of it), so candidates number hundreds to thousands and, when the
  rare terms reach few passages, up to 10⁵.
- *A bar raised segment by segment* (only passages above the 50th best so far
  gathered for the top): 2.09–2.69 against 2.09–2.34 ms.
- *All of a segment's columns at once* (one ``np.add.at``, the passages reached
  named with a marker array): the passage sums 1.24–1.60 against 1.34–1.45 ms.
- *A compiled loop* (numba, measured only): the passage sums 0.64–0.70 against
  0.72–0.86 ms. Reading the postings and the sums and norms they point at sets the
  pace, not numpy's passes; only reading fewer postings can halve the first stage,
  and in numpy reading fewer costs about what it saves.
- *Each term's slices of all 5 segments at once* (gathered into one array of slots,
  the segments' bases added, summed into one array over every slot with the norms
  of every slot joined once; the same floats, checked on the 200 questions), so that
  the calls per term no longer multiply by the segments. The call overhead at stake
  is smaller than it looked: for 4 terms each held by every segment (~24 postings
  a term), 215 → 172 µs the passages and 163 → 125 µs the articles, ~0.1 ms of the
  ~2.1 ms. Gathering pays it back: the concatenation is one more pass over the
  postings (reading a term's 5 slices 98 + 72 µs against 52 + 34 µs for the same
  postings in one slice), and writing each slice in place (``out=``) instead costs
  two calls a slice again (the article part 0.476 against 0.463 ms). The passages
  reached: 1.29–1.33 against 1.45–1.53 ms in two runs, 1.64 against 1.65 in a third
  (the fresh 4 MB array against a 1 MB one kept in cache); in the whole ranking
  (each phase's thread time, alternated three times) 1.41–1.68 against 1.48–1.58 ms, and the
  article part 0.46–0.53 against 0.50–0.51 ms. For comparison the same index with
  its 5 segments merged into one: the article part 0.32 against 0.46 ms, the
  passages reached the same (1.38–1.46 against 1.45–1.53).

What paid was the passes around the sums, not the sums: the articles of only the
passages that can reach the top (``PassageIndex._within_reach``: ~8k of the mean
question's 56k reached), the quotients taken once after the segments, no sort for
the bar (:func:`~retrieval.index.top.reaching_top`). Tried there and not kept
(thread time of the passages reached and their top, the 200 questions at 1M, three
rounds, load ~2):

- *Fewer or more passages with the best own parts* for the lower bound on the bar
  (``BOUND_SAMPLE`` times the depth): 1 × 1.14–1.18 ms, 2 × 1.09–1.13, 8 × slower
  still in the top alone (0.33 against 0.30), against 4 × 1.08–1.11 (no bound:
  1.35–1.43).
- *The bar from the own parts alone* (their 50th best is below the top's bar, since
  an article part is never negative): it keeps every passage reached, the best
  article part (median 0.60) being larger than the gap to the bar.
- *The articles as pointer-sized integers* (``np.take`` converts 32-bit indices):
  the same time (the articles of 60k passages and their parts 142 against 142 µs).
- *The bound's passages from a strided sample of the own parts* (every 2nd, 4th or
  8th): 1.11–1.14, 1.13–1.16 and 1.31 ms against 1.10–1.12.
- *The passages reached and their sums written into arrays with room for every
  posting* (``np.concatenate(out=)``, ``take(out=)``) instead of joined at the end:
  the passages reached 0.91–0.98 against 0.95–0.99 ms, but the whole ranking
  3.58–3.68 against 3.55–3.63 ms (three rounds).
- *A leaner column lookup* (:meth:`~retrieval.index.segment.Segment.columns`, each
  term checked in Python): 3.7 against 4.5 µs a call, ~8 µs a question.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.index.bm25 import Bm25Settings


@dataclass(frozen=True)
class Reached:
    """The passage slots a question's terms reach (each once, in no order) and their normalised scores."""

    slots: np.ndarray  # intp
    values: np.ndarray  # float32; 0 for a passage of a deleted article


def add_postings(
    sums: np.ndarray,
    postings: tuple[np.ndarray, np.ndarray, np.ndarray],
    columns: np.ndarray,
    idf: np.ndarray,
    norms: np.ndarray,
    settings: Bm25Settings,
    reached: list[np.ndarray] | None = None,
) -> None:
    """Add the BM25 weights of a segment's ``columns`` (with their ``idf``) into ``sums``, 0 at every slot.

    ``postings``: the segment's column offsets, documents and counts; ``sums`` is its
    view of the slots (its local document numbers index it). Columns are added in
    order, each document's sum growing as ``sums[d] + weight`` in float32; the first
    column's weights are written without reading the sums back (0 + w is w, to the
    bit, for every weight, none being -0). With ``reached``, every idf must be
    positive: the documents reached for the first time are appended to it.
    """
    indptr, indices, counts = postings
    first = True
    scale = np.float32(settings.k1 + 1)
    for column, weight in zip(columns.tolist(), idf):
        if column < 0:
            continue
        start, end = int(indptr[column]), int(indptr[column + 1])
        documents = indices[start:end].astype(np.intp)  # once: each index below would convert it again
        # :func:`~retrieval.index.bm25.bm25_tf` times the idf, the same float32 steps without temporaries
        found = counts[start:end]
        weights = found * scale
        denominator = norms.take(documents)
        denominator += found
        weights /= denominator
        weights *= weight
        if first:  # every sum is still 0
            if reached is not None:
                reached.append(documents)
            sums[documents] = weights
            first = False
            continue
        before = sums.take(documents)
        if reached is not None:
            reached.append(documents[before == 0])
        before += weights
        sums[documents] = before
