"""Sentences told apart as runs of equal ids give each candidate the sentences that sorting the ids gives."""

from __future__ import annotations

import numpy as np

from retrieval.index.token_table import TokenTable
from retrieval.news.passages import split_passages
from retrieval.ranking.rerank import Query, sentence_scores
from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.cues import Cue


def sorted_sentences(table: TokenTable, candidates: np.ndarray, query: Query) -> dict[int, list[tuple[float, bool]]]:
    """Per candidate, its sentences' coverage and cue in reading order, with sentences found by sorting their ids."""
    rows, owners = table.gather(candidates)
    ids, local = np.unique(table.sentences[rows], return_inverse=True)
    hit = np.isin(table.terms[rows], query.terms)
    slot = np.searchsorted(query.terms, table.terms[rows])
    coverage = np.zeros(ids.size)
    for sentence in range(ids.size):  # each term counted once per sentence
        found = set(slot[(local == sentence) & hit].tolist())
        coverage[sentence] = sum(query.weights[t] for t in found)
    wanted = ((table.cues[rows] & int(query.cue)) != 0) & ~hit
    cue = np.zeros(ids.size, dtype=bool)
    cue[local[wanted]] = True
    result: dict[int, list[tuple[float, bool]]] = {}
    for sentence in range(ids.size):  # ids ascend in reading order
        owner = int(owners[np.flatnonzero(local == sentence)[0]])
        result.setdefault(owner, []).append((round(coverage[sentence], 9), bool(cue[sentence])))
    return result


def test_each_candidate_gets_its_sentences_in_reading_order(articles):
    analyzer = Analyzer(AnalyzerSettings())
    passages = split_passages(articles[:30], 40)
    vocabulary = {t: i for i, t in enumerate(sorted({t for a in articles[:30] for t in analyzer(a.text)}))}
    table = TokenTable.build(articles[:30], passages, analyzer, vocabulary)
    rng = np.random.default_rng(5)
    for _ in range(20):
        terms = np.sort(rng.choice(len(vocabulary), size=int(rng.integers(1, 6)), replace=False)).astype(np.int32)
        query = Query(terms, rng.dirichlet(np.ones(terms.size)), Cue.NUMBER if rng.random() < 0.5 else Cue.NONE)
        candidates = rng.permutation(len(passages))[: int(rng.integers(1, 40))]  # distinct, in any order
        scores = sentence_scores(table, candidates, query)
        found: dict[int, list[tuple[float, bool]]] = {}
        for coverage, cue, owner in zip(scores.coverage.tolist(), scores.has_cue.tolist(), scores.owner.tolist()):
            found.setdefault(owner, []).append((round(coverage, 9), cue))
        assert found == sorted_sentences(table, candidates, query)
