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


def test_a_table_read_out_of_order_scores_every_passage_as_its_gathered_rows_do(articles):
    """The second stage's table holds its passages' rows in the order they were read; scored in place they
    give each passage the sentences (and exact coverages) that gathering them in passage order gives."""
    analyzer = Analyzer(AnalyzerSettings())
    passages = split_passages(articles[:30], 40)
    vocabulary = {t: i for i, t in enumerate(sorted({t for a in articles[:30] for t in analyzer(a.text)}))}
    table = TokenTable.build(articles[:30], passages, analyzer, vocabulary)
    rng = np.random.default_rng(7)
    order = rng.permutation(len(passages))  # the order the passages' rows were read in
    rows = np.concatenate([np.arange(table.starts[p], table.ends[p]) for p in order])
    lengths = (table.ends - table.starts)[order]
    starts = np.empty(len(passages), dtype=np.int64)
    starts[order] = np.cumsum(lengths) - lengths
    shuffled = TokenTable(
        table.terms[rows], table.forms[rows], table.sentences[rows], table.cues[rows], starts, starts + (table.ends - table.starts)
    )
    for _ in range(20):
        terms = np.sort(rng.choice(len(vocabulary), size=int(rng.integers(1, 6)), replace=False)).astype(np.int32)
        forms = np.unique(rng.choice(table.forms, size=3))
        query = Query(terms, rng.dirichlet(np.ones(terms.size)), Cue.NUMBER if rng.random() < 0.5 else Cue.NONE, forms)
        weights = rng.dirichlet(np.ones(terms.size), size=len(passages)).T
        in_place = sentence_scores(shuffled, None, query, weights)
        gathered = sentence_scores(table, np.arange(len(passages)), query, weights)
        np.testing.assert_array_equal(in_place.exact_passage, gathered.exact_passage)
        for owner in range(len(passages)):
            mine, theirs = in_place.owner == owner, gathered.owner == owner
            for name in ("coverage", "has_cue", "exact"):
                np.testing.assert_array_equal(getattr(in_place, name)[mine], getattr(gathered, name)[theirs], err_msg=name)
