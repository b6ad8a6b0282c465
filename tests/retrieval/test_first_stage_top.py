"""The first stage's top from the passages the question's terms reach equals the top of every slot's sum."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pytest

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.index.top import top_slots
from retrieval.news.article import Article
from retrieval.news.passages import Passage
from retrieval.ranking.rerank import Query

WORDS = [
    "regjeringen", "budsjett", "skatt", "kommune", "sykehus", "valget", "partiet", "streik", "flom", "vinter",
    "fotball", "landslaget", "oslo", "bergen", "tromsø", "strømpris", "rente", "bolig", "skole", "politiet",
]  # fmt: skip


def random_articles(rng: np.random.Generator) -> list[Article]:
    """Stories of a small vocabulary: many share words, headlines repeat words the body may lack."""
    articles = []
    for number in range(int(rng.integers(5, 40))):
        headline = " ".join(rng.choice(WORDS, size=int(rng.integers(1, 4))))
        sentences = [" ".join(rng.choice(WORDS, size=int(rng.integers(3, 12)))) + "." for _ in range(int(rng.integers(1, 15)))]
        articles.append(Article(f"a{number}", headline.capitalize(), " ".join(s.capitalize() for s in sentences)))
    return articles


def every_sum(index: PassageIndex, terms: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
    """Every passage slot's first-stage score, summed over all slots as the index did before it summed the matches only."""
    passage, article = index._first_stage_parts(terms)
    spread = index._spread(passage, article)
    return spread if allowed is None else np.where(allowed[index._passage_article], spread, 0).astype(np.float32)


def with_dead_articles(index: PassageIndex, rng: np.random.Generator) -> PassageIndex:
    """The same segments with a random share of their articles deleted (tombstones)."""
    parts = [(s, np.sort(rng.choice(s.articles, size=int(rng.integers(0, s.articles)), replace=False))) for s in index.segments]
    return PassageIndex(index.settings, index.analyzer, index._dictionary, parts)


def random_index(seed: int) -> tuple[PassageIndex, np.random.Generator]:
    """A random index for ``seed`` (with tombstones on odd seeds) and the generator to draw its questions from."""
    rng = np.random.default_rng(seed)
    index = PassageIndex.build(random_articles(rng), IndexSettings(passage_words=int(rng.integers(4, 12))))
    return (with_dead_articles(index, rng) if seed % 2 else index), rng


def random_queries(index: PassageIndex, rng: np.random.Generator, count: int) -> Iterator[Query]:
    """``count`` questions of one to three of :data:`WORDS`, as ``index`` reads them."""
    for _ in range(count):
        question = " ".join(rng.choice(WORDS, size=int(rng.integers(1, 4))))
        yield index._query(question, index._read(question))


@pytest.mark.parametrize("seed", range(12))
def test_the_top_of_the_matches_is_the_top_of_every_sum(seed: int):
    index, rng = random_index(seed)
    compared = 0
    for query in random_queries(index, rng, 15):
        terms = query.terms
        reached = index._reached(terms)
        passage = index._scores("p", terms)
        # the passages reached, each once, with the same floats as every slot's sum; no other passage scores
        assert np.unique(reached.slots).size == reached.slots.size
        np.testing.assert_array_equal(reached.values, passage[reached.slots])
        assert np.count_nonzero(np.delete(passage, reached.slots)) == 0
        article = index._article_part(terms)
        for allowed in (None, rng.random(index._article_alive.size) < 0.6):
            for depth in (1, 5, 20, 50):
                top, own = index._top_of_reached(reached, article, depth, allowed)
                np.testing.assert_array_equal(top, top_slots(every_sum(index, terms, allowed), depth))
                np.testing.assert_array_equal(own, passage[top])
                compared += 1
    assert compared > 0


def test_the_passage_idf_is_positive_even_for_a_term_in_every_passage_and_headline():
    # the first stage tells the passages a term reaches by their sums turning positive
    index = PassageIndex.build([Article("a", "Flom", "Flom i Bergen.")], IndexSettings())
    terms = index._query("flom", index._read("flom")).terms
    assert index.statistics.passage_df[terms[0]] == len(index.passages)
    assert index._idf("p", terms)[0] > 0
    assert [hit.passage.article for hit in index.search("flom", 3).hits] == [0]


def test_a_passage_without_the_term_enters_the_top_through_its_article():
    story = Article("s", "Flom i Bergen", "Flom stenger veier i Bergen. " + "Vinter og snø kom til fjellet i natt. " * 3)
    filler = "skolen og renten ble diskutert i dag av mange lærere og politikere i byen"
    others = [Article(f"o{i}", "Skole", f"Flom {filler} {filler}. " + f"{filler.capitalize()}. " * 8) for i in range(8)]
    articles = [story, *others]
    sentences = [Passage(n, m.start(), m.end()) for n, a in enumerate(articles) for m in re.finditer(r"[^.]+\.", a.text)]
    index = PassageIndex.build(articles, IndexSettings(), passages=sentences)
    terms = index._query("flom", index._read("flom")).terms
    passage, article = index._first_stage_parts(terms)
    top, _ = index._top_of_reached(index._reached(terms), article, 5, None)
    # the story's headline vouches for its sentences without the word, above the other stories' one mention each
    np.testing.assert_array_equal(top, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(top, top_slots(index._spread(passage, article), 5))
    assert np.count_nonzero(passage[top] == 0) == 3


@pytest.mark.parametrize("seed", range(0, 12, 2))
def test_the_passages_kept_within_reach_hold_every_passage_reaching_the_bar_and_drop_others(seed: int):
    index, rng = random_index(seed)
    dropped = 0
    for query in random_queries(index, rng, 15):
        terms = query.terms
        reached, article = index._reached(terms), index._article_part(terms)
        if reached.slots.size < 4:
            continue
        totals = article[index._passage_article[reached.slots]] + reached.values
        bar = np.sort(totals)[-1]  # depth 1: the best sum
        within = index._within_reach(reached.slots, reached.values, article, article.max(), 1)
        assert set(np.flatnonzero(totals >= bar)) <= set(within.tolist())
        dropped += reached.slots.size - within.size
    assert dropped > 0
