"""Second stage: re-score the best first-stage candidates by their sentences and a few more features.

Bag-of-words scores cannot tell a passage where the question's words meet in one
sentence from one where they are scattered, nor whether the passage holds the kind
of word asked for. A sentence ``s`` scores

    coverage(s) * (1 + cue_weight * has_cue(s))

where ``coverage`` is the IDF-weighted share of the question's terms in ``s`` (the
index may weight terms per passage, e.g. by how rare they are within its article)
and ``has_cue`` says that ``s`` holds a word of the wanted kind that is not a
question term (see :mod:`retrieval.text.cues`). A candidate's final score is a weighted
sum of its features (:mod:`retrieval.ranking.features`), the best sentence among them; only
the top ``depth`` candidates are touched, so the cost does not grow with the collection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from retrieval.text.cues import Cue
from retrieval.index.token_table import TokenTable


@dataclass(frozen=True)
class RerankSettings:
    """How many candidates to re-score, with which features and weights.

    ``weights`` (one per name in ``features``, see :data:`retrieval.ranking.features.FEATURES`)
    order the candidates; ``within_weights``, when given, then order each article's
    passages among the ranks that article holds, so the choice of story and the
    choice of passage inside it can weigh the features differently (``topic`` only
    counts inside a story). Hand-set; ``benchmarks/fit_rerank.py`` fits them by
    cross-validation on the development questions, and no fitted combination of its
    sixteen features beat these out of sample (see its docstring).
    """

    depth: int = 50
    # After the within-story features below, 0.6 gave ans@1 +0.1 (3/1 folds), ans@5 +0.1 (3/0),
    # excerpt@1 +0.1, but the short answer's F1 −0.6; 0.7 ans@1 +0.2 but doc@1 −0.2 (0/3).
    cue_weight: float = 0.5
    # Query terms weigh ``idf ** idf_exponent`` in the second stage (shares summing to 1):
    # with plain IDF one rare word (a name) decides which sentence covers the question
    # and the other words barely count. Measured with ``benchmarks/compare.py``: ans@1
    # 71.1 → 71.4 at 0.6–0.7 (no fold worse), excerpt@1 +0.4; 0.5 gains less and loses
    # in a fold, 1.25 loses in every fold; choosing the exponent on four folds and
    # testing on the fifth gives ans@1 +0.3, excerpt@1 +0.4, no fold worse.
    idf_exponent: float = 0.65
    # Within a story a headline term's rarity counts this much (see ``PassageIndex._within_article_weights``):
    # the opening passage restates the headline, so its terms look rare inside the article and
    # pulled the choice of passage to the opening. Measured with ``benchmarks/compare.py``:
    # 0.25 gives ans@1 71.7 → 72.1 (+0.4 ± 0.4, folds better/worse 3/0), MRR@10 +0.3 (5/0),
    # excerpt@1 +0.3 (3/1), ans@5 −0.1 (1/3); 0.5 gains less (+0.3, 3/1), 0 (headline terms
    # never tell passages apart) +0.1 (2/1) with ans@3 −0.2.
    headline_rarity: float = 0.25
    features: tuple[str, ...] = (
        "passage", "article", "sentence", "topic", "exact_sentence", "exact_passage", "preceding_sentence",
        "letter_grams", "plain_cue_sentence", "shape_clue", "new_cue_word", "expected_word", "related_sentence",
    )
    # Measured with ``benchmarks/compare.py`` (five folds grouped by article):
    # ``exact_sentence`` at 0.1 in both: ans@1 70.1 → 70.7 (+0.6 ± 0.5, no fold worse),
    # MRR@10 +0.4 (5/5 folds better), excerpt@1 +0.4; 0.05–0.15 all gain, 0.3 loses in
    # a fold. Then ``exact_passage`` at 0.1 for choosing among stories only: ans@1
    # 70.7 → 71.0 (+0.3 ± 0.2, no fold worse), MRR@10 5/5 folds better; 0.05 gains
    # less, 0.15 loses in a fold.
    # Then ``preceding_sentence`` at 0.15 inside a story: the answer often follows a subheading
    # or a sentence that names the question's subject at the end of the previous passage.
    # ans@1 72.1 → 72.8 (+0.7 ± 0.5, folds better/worse 4/0), MRR@10 +0.35 (5/0), excerpt@1
    # +0.5 (3/0); 0.1 gains +0.3 (4/0), 0.2 +0.6 (4/0, ans@3 2/2), 0.3 +0.2 (2/2).
    # Then ``letter_grams`` (the share of the question's four-letter sequences in the passage,
    # :mod:`retrieval.ranking.letter_grams`) at 0.3 across stories and 0.05 inside one: ans@1
    # 72.9 → 73.4 (+0.51 ± 0.53, 4/0 folds), ans@5 +0.69 (5/0), doc@1 +0.56 (4/0), MRR@10 +0.44
    # (5/0), excerpt@1 +0.51 (5/0), ans@3 +0.14 (3/2). Across stories alone: 0.15 +0.23 (4/0),
    # 0.3 +0.32 (3/0), 0.45 +0.32 (3/0), 0.6 +0.28 (4/1); inside a story at 0.025 +0.46 (4/1),
    # 0.1 +0.28 (3/1), −0.1 −0.28 (1/4); 0.45 and 0.05 +0.51 (4/1).
    # Then, inside a story only, ``shape_clue`` at 0.2 (the passage answers in the form the question's
    # shape wants) and ``plain_cue_sentence`` at 0.1 (a sentence holding a wanted word, covered with the
    # question's own IDF shares): ans@1 73.4 → 73.9 (+0.51 ± 0.30, folds better/worse 4/0), MRR@10 +0.29
    # (4/1), excerpt@1 +0.19 (4/1), ans@3 +0.14 (3/1), ans@5 and doc@1 ±0.00; short answers' F1 71.9 → 71.7.
    # ``shape_clue`` alone +0.23 (4/0); at 0.15 or 0.3 the same within ±0.05. ``plain_cue_sentence`` across
    # stories as well (0.1) gave ans@1 +0.60 (4/0), doc@1 +0.09, but five more short answers, four of them
    # wrong (F1 71.0, EM 60.6); at 0.2 or 0.15 inside a story ±0.0 against 0.1.
    # Then ``new_cue_word`` at 0.05 across stories (the passage holds a word of the wanted kind that
    # neither the question nor the article's headline has): ans@1 73.9 → 74.1 (+0.19 ± 0.10, 4/0), doc@1
    # +0.23 (4/0), MRR@10 +0.13 (5/0), excerpt@1 +0.19 (4/0), ans@3 +0.14 (3/0), ans@5 ±0.00 (1/1); short
    # answers and false answers unchanged (also when left out of the reported score). At 0.03 +0.14 (3/0),
    # 0.075 +0.09 (2/0), 0.1 +0.14 (2/0, doc@1 +0.28); 0.05 inside a story too +0.19 (3/0), 0.1 and 0.05
    # +0.14 (2/1). Judged offline on the reranked candidates (ans@1 only, before this feature): the
    # sentence's coverage instead of a yes/no, +0.09 (2/0) across at 0.05, −0.05 to +0.05 inside; yes/no
    # inside only, ±0.00 at 0.05 and −0.23 (2/3) at 0.2; a wanted word found in at most one passage of the
    # article instead of one the headline lacks, −0.05 to −0.23 inside a story (before ``plain_cue_sentence``).
    # Then ``expected_word`` at 0.2 inside a story only (the passage holds a word that answers to the question's
    # opening hold and the question lacks: «kroner» for «Hvor mye …?», «år» for «Hvor lenge …?», a hand-written
    # table in :mod:`retrieval.ranking.answer_clues`; 136 of the 2,160 questions have such an opening): ans@1 74.1 →
    # 74.4 (+0.37 ± 0.21, folds better/worse 5/0), MRR@10 +0.23 (5/0), excerpt@1 +0.32 (4/0), ans@3 +0.19 (3/0),
    # ans@5 +0.09 (2/0), doc@1 ±0.00; short answers unchanged, answered 95.2 → 95.3, false answers unchanged.
    # At 0.15 −0.14 against 0.2 (0/3), 0.3 −0.05 (0/1); across stories as well at 0.05 or 0.1, +0.05 (1/0, one
    # question). Judged offline first (ans@1, within weight 0.2): the best sentence's coverage when it holds the
    # word instead of a yes/no for the passage, ±0.00 (1/1), +0.14 (3/1) at 1.0; by opening alone, durations +0.19
    # (3/0), amounts +0.09 (2/0), ages and measures +0.05 (1/0), results and frequencies ±0.00.
    # Then ``related_sentence`` at 0.3 across stories and inside one (the rise of the best sentence's value when
    # synonyms of the question's words count as the words: a hand-written table of near-synonyms in
    # :mod:`retrieval.text.synonyms`, «raskest» for «fortest», «etablert» for «startet»; at 0.3 beside ``sentence``'s
    # 0.5 a synonym counts 0.6 of the word): ans@1 74.4 → 74.9 (+0.42 ± 0.45, folds better/worse 4/1), ans@3 +0.28
    # (4/0), ans@5 +0.28 (4/0), doc@1 +0.14 (3/1), MRR@10 +0.30 (4/1), excerpt@1 +0.23 (3/1). At 0.15 both +0.14
    # (2/1); 0.15 inside only +0.09 (3/1), across only +0.05 (2/1); 0.3 across and 0.2 inside +0.23 (3/1); 0.4 both
    # +0.42 (3/1); 0.5 both +0.37 (3/1); 0.3 across and 0.5 inside +0.37 (4/1); 0.5 and 0.3 +0.42 (3/1).
    weights: tuple[float, ...] = (1.0, 1.0, 0.5, 0.0, 0.1, 0.1, 0.0, 0.3, 0.0, 0.0, 0.05, 0.0, 0.3)
    within_weights: tuple[float, ...] | None = (1.0, 1.0, 0.5, -1.0, 0.1, 0.0, 0.15, 0.05, 0.1, 0.2, 0.0, 0.2, 0.3)
    # Features that order the candidates but leave the score a hit reports: ``min_score`` and the
    # answer judge (:mod:`retrieval.ranking.confidence`) were calibrated on scores without them.
    # ``letter_grams`` in the score too moved the judge's false answers on
    # ``tests/fixtures/unanswerable.jsonl`` from 26.5% to 31.9% (answered 95.3% → 95.9%).
    unscored: tuple[str, ...] = ("letter_grams",)

    @property
    def scored_weights(self) -> tuple[float, ...]:
        """``weights`` with the :attr:`unscored` features' set to 0: what a hit's reported score weighs."""
        return tuple(0.0 if name in self.unscored else w for name, w in zip(self.features, self.weights))


@dataclass(frozen=True)
class Query:
    """A question as the second stage sees it: sorted distinct term ids, their weights, its cue, its word forms, its text."""

    terms: np.ndarray
    weights: np.ndarray  # shares of (dampened) IDF, summing to 1
    cue: Cue
    # sorted surface-form ids (see :class:`~retrieval.index.token_table.TokenTable`) of the question's words for ``terms``
    forms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    text: str = ""  # the question as asked (for :mod:`retrieval.ranking.letter_grams`)


@dataclass(frozen=True)
class SentenceScores:
    """Per sentence of some candidates: its coverage, whether it holds a wanted word, its candidate.

    ``exact`` is the coverage by words in the question's own surface forms
    (``query.forms``) with the question's IDF shares; ``exact_passage`` is the same
    over each candidate's whole passage. ``plain`` is the coverage with the question's
    IDF shares when ``coverage`` was weighted per candidate (counted from the same
    matches, so it costs one sum more than a second pass).
    """

    coverage: np.ndarray
    has_cue: np.ndarray
    owner: np.ndarray  # position of the sentence's passage among the candidates
    exact: np.ndarray
    exact_passage: np.ndarray  # per candidate
    plain: np.ndarray | None = None  # per sentence; ``None`` when ``coverage`` is plain already


def sentence_value(coverage: float | np.ndarray, has_cue: bool | np.ndarray, cue_weight: float) -> float | np.ndarray:
    """How likely a sentence is to answer: its coverage, raised when it holds a wanted word."""
    return coverage * (1 + cue_weight * has_cue)


# Up to this many question terms, the words are compared with each term in turn rather than searched among them
# (5,200 words: 10 against 24 µs for 2 terms, 15 against 29 for 8, 28 against 35 for 16).
_FEW_TERMS = 16


def term_matches(terms: np.ndarray, words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each of ``words`` is one of the sorted distinct ``terms``, and the place among them of each that is.

    A question has a few terms and its candidates some thousands of words: comparing
    the words with each term in turn and searching only the matches took half the
    time of searching every word (1M passages: 0.015 against 0.03 ms a question).
    """
    if terms.size == 0:
        return np.zeros(words.size, dtype=bool), np.zeros(0, dtype=np.intp)
    if terms.size > _FEW_TERMS:
        slot = np.minimum(np.searchsorted(terms, words), terms.size - 1)
        hit = terms[slot] == words
        return hit, slot[hit]
    hit = words == terms[0]
    equal = np.empty_like(hit)
    for term in terms[1:].tolist():
        np.equal(words, term, out=equal)
        hit |= equal
    return hit, np.searchsorted(terms, words[hit])


def sentence_scores(
    table: TokenTable,
    candidates: np.ndarray | None,
    query: Query,
    weights: np.ndarray | None = None,
    matches: tuple[np.ndarray, np.ndarray] | None = None,
) -> SentenceScores:
    """Coverage and answer cue of every sentence of ``candidates`` (distinct passages of ``table``; ``None``: all of them).

    ``weights`` optionally gives each query term its own weight per candidate
    (terms × candidates, each column summing to 1); by default every candidate uses
    ``query.weights``. With ``candidates`` ``None`` a sentence's owner is its passage in
    the table, and the rows are read where the table holds them (not gathered), and
    ``matches`` may give :func:`term_matches` of ``query.terms`` and all the table's
    rows, when the caller has them already.
    """
    count = table.starts.size if candidates is None else candidates.size
    if candidates is None:
        rows, owners = None, table.owners
        words, ids, forms, cues = table.terms, table.sentences, table.forms, table.cues
    else:
        rows, owners = table.gather(candidates)
        words, ids = table.terms[rows], table.sentences[rows]
    if words.size == 0 or query.terms.size == 0:
        empty = np.zeros(0)
        plain = None if weights is None else empty
        return SentenceScores(empty, empty.astype(bool), empty.astype(np.int64), empty, np.zeros(count), plain)
    hit, slots = term_matches(query.terms, words) if matches is None or rows is not None else matches
    if rows is not None:  # only the forms of the matches are read, the cues only when asked for
        forms, cues = table.forms[rows[hit]], None
    else:
        forms = forms[hit]
    # A passage's rows are in reading order and its sentences' ids ascend and are its own, so
    # (for distinct candidates) a sentence is a run of equal ids: found without sorting them.
    starts = _run_starts(ids)
    local = np.cumsum(starts) - 1
    owner_of_sentence = owners[starts]
    width = query.terms.size
    pairs = _distinct(local[hit].astype(np.int64) * width + slots)
    plain = _weighted(pairs, width, owner_of_sentence.size, query.weights)
    if weights is None:
        coverage, plain = plain, None
    else:
        coverage = _weighted(pairs, width, owner_of_sentence.size, weights, owner_of_sentence)
    exact, exact_passage = _exact_coverage(query, forms, local[hit], slots, owner_of_sentence, count)
    has_cue = np.zeros(owner_of_sentence.size, dtype=bool)
    if query.cue:
        wanted = (((table.cues[rows] if cues is None else cues) & int(query.cue)) != 0) & ~hit
        has_cue[local[wanted]] = True
    return SentenceScores(coverage, has_cue, owner_of_sentence, exact, exact_passage, plain)


def related_coverage(
    table: TokenTable,
    query: Query,
    related: tuple[np.ndarray, np.ndarray],
    weights: np.ndarray | None = None,
    matches: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Per sentence of every passage of ``table``, the weight of the question terms it lacks but holds a related word of.

    ``related`` gives the related terms (sorted distinct ids) and for each the place of
    the question term it stands for (:meth:`~retrieval.index.passage_index.PassageIndex.related_terms`);
    ``weights`` and ``matches`` as for :func:`sentence_scores` with all the table's rows.
    A term the sentence holds itself counts in its coverage already, so not here again.
    """
    terms, sources = related
    starts = _run_starts(table.sentences)
    count = int(starts.sum())
    if terms.size == 0 or query.terms.size == 0:
        return np.zeros(count)
    hit, slots = term_matches(terms, table.terms)
    if not hit.any():
        return np.zeros(count)
    local = np.cumsum(starts) - 1
    width = query.terms.size
    found = _distinct(local[hit].astype(np.int64) * width + sources[slots])
    direct_hit, direct_slots = term_matches(query.terms, table.terms) if matches is None else matches
    direct = _distinct(local[direct_hit].astype(np.int64) * width + direct_slots)
    found = found[~term_matches(direct, found)[0]]
    if weights is None:
        return _weighted(found, width, count, query.weights)
    return _weighted(found, width, count, weights, table.owners[starts])


def best_sentences(
    table: TokenTable, candidates: np.ndarray, query: Query, cue_weight: float, weights: np.ndarray | None = None
) -> np.ndarray:
    """The best :func:`sentence_value` within each candidate passage (see :func:`sentence_scores`)."""
    scores = sentence_scores(table, candidates, query, weights)
    best = np.zeros(candidates.size, dtype=np.float32)
    np.maximum.at(best, scores.owner, sentence_value(scores.coverage, scores.has_cue, cue_weight).astype(np.float32))
    return best


def new_cue_words(
    table: TokenTable, candidates: np.ndarray, query: Query, groups: np.ndarray, known: np.ndarray, known_group: np.ndarray
) -> np.ndarray:
    """Per candidate, whether it holds a word of the wanted kind that is neither a question term nor known to its group.

    ``groups`` gives each candidate's group (its article, say), ``known`` are term ids
    and ``known_group`` the group each belongs to (the terms of the article's
    headline). A name in a story about that name is no answer to «Hvem …?»; one the
    headline does not tell may be.
    """
    found = np.zeros(candidates.size, dtype=bool)
    if not query.cue:
        return found
    rows, owners = table.gather(candidates)
    wanted = (table.cues[rows] & int(query.cue)) != 0
    words, owners = table.terms[rows][wanted].astype(np.int64), owners[wanted]
    asked, _ = term_matches(query.terms, words)
    words, owners = words[~asked], owners[~asked]
    if known.size:
        width = int(max(words.max(initial=0), known.max(initial=0))) + 1
        keys = _distinct(known_group.astype(np.int64) * width + known)
        owners = owners[~term_matches(keys, groups[owners].astype(np.int64) * width + words)[0]]
    found[owners] = True
    return found


def _exact_coverage(
    query: Query,
    forms: np.ndarray,
    sentences: np.ndarray,
    slots: np.ndarray,
    owner_of_sentence: np.ndarray,
    candidates: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence and per candidate, the IDF share of the terms that the matching rows (their ``forms``) give in the question's own forms."""
    if query.forms.size == 0:
        return np.zeros(owner_of_sentence.size), np.zeros(candidates)
    exact, _ = term_matches(query.forms, forms)
    width = query.terms.size
    by_sentence = _distinct(sentences[exact].astype(np.int64) * width + slots[exact])
    by_passage = _distinct(owner_of_sentence[by_sentence // width] * width + by_sentence % width)
    return (
        _weighted(by_sentence, width, owner_of_sentence.size, query.weights),
        _weighted(by_passage, width, candidates, query.weights),
    )


def _weighted(
    pairs: np.ndarray, width: int, groups: int, weights: np.ndarray, owner_of_group: np.ndarray | None = None
) -> np.ndarray:
    """Per group, the summed weights of the distinct terms paired with it (``pairs`` are ``group * width + term``).

    ``weights`` is one per term, or terms × owners with ``owner_of_group`` naming each group's owner.
    """
    group, term = pairs // width, pairs % width
    values = weights[term] if owner_of_group is None else weights[term, owner_of_group[group]]
    return np.bincount(group, weights=values, minlength=groups)


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal neighbours in ``values`` begins."""
    starts = np.empty(values.size, dtype=bool)
    starts[:1] = True
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    return starts


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of a small integer array, by one sort (a third of its time on a few hundred values)."""
    ordered = np.sort(values)
    return ordered[_run_starts(ordered)]
