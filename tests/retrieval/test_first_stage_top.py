"""The first stage's top from the passages holding a term equals the top of every slot's sum."""

from __future__ import annotations

import re

import numpy as np
import pytest

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.index.top import top_slots
from retrieval.news.article import Article
from retrieval.news.passages import Passage

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


@pytest.mark.parametrize("seed", range(12))
def test_the_top_of_the_matches_is_the_top_of_every_sum(seed: int):
    rng = np.random.default_rng(seed)
    index = PassageIndex.build(random_articles(rng), IndexSettings(passage_words=int(rng.integers(4, 12))))
    compared = 0
    for _ in range(15):
        question = " ".join(rng.choice(WORDS, size=int(rng.integers(1, 4))))
        terms = index._query(question, index._read(question)).terms
        passage, article = index._first_stage_parts(terms)
        for depth in (1, 5, 20, 50):
            top = index._top_of_matches(passage, article, depth)
            if top is None:  # fewer than depth passages hold a term: every slot is summed instead
                assert np.count_nonzero(passage) < depth
                continue
            np.testing.assert_array_equal(top, top_slots(index._spread(passage, article), depth))
            compared += 1
    assert compared > 0


def test_a_passage_without_the_term_enters_the_top_through_its_article():
    story = Article("s", "Flom i Bergen", "Flom stenger veier i Bergen. " + "Vinter og snø kom til fjellet i natt. " * 3)
    filler = "skolen og renten ble diskutert i dag av mange lærere og politikere i byen"
    others = [Article(f"o{i}", "Skole", f"Flom {filler} {filler}. " + f"{filler.capitalize()}. " * 8) for i in range(8)]
    articles = [story, *others]
    sentences = [Passage(n, m.start(), m.end()) for n, a in enumerate(articles) for m in re.finditer(r"[^.]+\.", a.text)]
    index = PassageIndex.build(articles, IndexSettings(), passages=sentences)
    passage, article = index._first_stage_parts(index._query("flom", index._read("flom")).terms)
    top = index._top_of_matches(passage, article, 5)
    # the story's headline vouches for its sentences without the word, above the other stories' one mention each
    np.testing.assert_array_equal(top, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(top, top_slots(index._spread(passage, article), 5))
    assert np.count_nonzero(passage[top] == 0) == 3
