import pytest

from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.lemmas import Lemmatiser


@pytest.mark.parametrize(
    "forms",
    [
        ("tilskuer", "tilskuere", "tilskuerne", "tilskuerens"),
        ("grunnla", "grunnlagt", "grunnlegge"),
        ("offisiell", "offisielle", "offisielt"),
        ("statsminister", "statsministeren", "statsministerens"),
        ("spillerne", "spiller"),
    ],
)
def test_inflections_snowball_keeps_apart_meet(forms):
    analyzer = Analyzer(AnalyzerSettings())
    assert len({analyzer.term(form) for form in forms}) == 1


def test_two_snowball_passes_alone_kept_them_apart():
    snowball = Analyzer(AnalyzerSettings(lemmatise=False))
    assert snowball.term("tilskuere") != snowball.term("tilskuerne")
    assert snowball.term("grunnla") != snowball.term("grunnlagt")
    assert snowball.term("offisielle") != snowball.term("offisielt")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("bedre", "god"),  # a lemma that does not begin like the word is another word to a searcher
        ("flere", "mange"),
        ("sett", "se"),
        ("funnet", "finne"),
        ("tilskudd", "tilskuer"),
        ("grunnlov", "grunnlegge"),
        ("offiser", "offisiell"),
        ("politiet", "politikken"),
    ],
)
def test_different_words_stay_apart(one, other):
    analyzer = Analyzer(AnalyzerSettings())
    assert analyzer.term(one) != analyzer.term(other)


def test_words_the_dictionary_lacks_pass_through():
    lemma = Lemmatiser("norwegian")
    assert lemma("tilskuerne") == "tilskuer"
    assert lemma("khios") == "khios"
    assert lemma("stoltenberg") == "stoltenberg"


def test_a_language_without_a_dictionary_is_a_clear_error():
    with pytest.raises(ValueError, match="no lemma dictionary for 'danish'"):
        Lemmatiser("danish")


def test_a_language_without_a_dictionary_has_no_lemmatiser():
    assert Lemmatiser.for_language("danish") is None


WORDS = ("tilskuerne", "grunnla", "offisielle", "statsministerens", "stoltenbergs", "khios", "spillerne", "Oslo", "vært")


def _simplemma_dicts_read() -> int:
    from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

    return DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_info().currsize  # type: ignore[attr-defined]


def test_lemmas_from_the_index_folders_trie_are_simplemmas_without_reading_its_dict(tmp_path):
    from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

    Lemmatiser("norwegian", tmp_path).write_tables()
    assert [p.name for p in tmp_path.iterdir()] == list(Lemmatiser("norwegian", tmp_path).table_files())
    DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_clear()  # type: ignore[attr-defined]
    from_trie = Lemmatiser("norwegian", tmp_path)
    lemmas = [from_trie(word) for word in WORDS]
    assert _simplemma_dicts_read() == 0  # the 0.5 s the trie saves at start
    assert lemmas == [Lemmatiser("norwegian")(word) for word in WORDS]
    assert lemmas[:3] == ["tilskuer", "grunnlegge", "offisiell"]


def test_a_damaged_trie_is_not_used_and_is_written_again(tmp_path):
    Lemmatiser("norwegian", tmp_path).write_tables()
    (path,) = tmp_path.iterdir()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert [Lemmatiser("norwegian", tmp_path)(word) for word in WORDS] == [Lemmatiser("norwegian")(word) for word in WORDS]
    Lemmatiser("norwegian", tmp_path).write_tables()
    (again,) = tmp_path.iterdir()
    assert again.read_bytes() != bytes(data) and again.name == path.name  # named by its content, which is back


def test_after_many_words_simplemmas_dict_is_read_instead(tmp_path, monkeypatch):
    from retrieval.text import lemmas

    Lemmatiser("norwegian", tmp_path).write_tables()
    monkeypatch.setattr(lemmas, "DICT_AFTER", 3)  # a large build: a trie lookup costs ~2 µs more than the dict's
    from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

    DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_clear()  # type: ignore[attr-defined]
    lemmatiser = Lemmatiser("norwegian", tmp_path)
    first = [lemmatiser(word) for word in WORDS[:3]]
    assert _simplemma_dicts_read() == 0
    rest = [lemmatiser(word) for word in WORDS[3:]]
    assert _simplemma_dicts_read() == 1
    assert first + rest == [Lemmatiser("norwegian")(word) for word in WORDS]


def test_an_index_folder_keeps_its_trie_and_analyses_as_before(tmp_path):
    from retrieval.index.growing import GrowingIndex
    from retrieval.index.passage_index import IndexSettings

    index = GrowingIndex(IndexSettings(), tmp_path)
    index.commit({})
    assert index.analyzer.lemmatiser is not None and index.analyzer.lemmatiser.table_files()
    index.close()
    reopened = GrowingIndex(IndexSettings(), tmp_path)
    assert reopened.analyzer.lemmatiser.table_files() == index.analyzer.lemmatiser.table_files()
    plain = Analyzer(AnalyzerSettings())
    text = "Tilskuerne grunnla foreningen, sa statsministerens offisielle talsperson i Khíos."
    assert reopened.analyzer(text) == plain(text)
