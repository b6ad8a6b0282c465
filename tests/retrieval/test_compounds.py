from collections import Counter

from retrieval.compounds import CompoundSplitter


def identity(word: str) -> str:
    return word


def test_splits_a_compound_of_known_words_with_linking_s():
    splitter = CompoundSplitter.from_word_counts(Counter({"forsvar": 3, "minister": 3, "møte": 3}), identity, ())
    assert splitter.parts("forsvarsministermøte", identity) == ("forsvar", "minister", "møte")


def test_unknown_parts_are_not_split():
    splitter = CompoundSplitter.from_word_counts(Counter({"minister": 3}), identity, ())
    assert splitter.parts("kulturminister", identity) == ()
