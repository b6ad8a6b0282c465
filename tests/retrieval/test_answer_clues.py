"""Question shapes and the sentence forms that answer them (retrieval.ranking.answer_clues)."""

import pytest

from retrieval.ranking.answer_clues import NORWEGIAN_CLUE_WORDS, Shape, expected_words, read_shape
from retrieval.text.analysis import Analyzer, AnalyzerSettings

ANALYZER = Analyzer(AnalyzerSettings())


def _shows(question: str, sentence: str) -> bool:
    return read_shape(question, ANALYZER).shown_in(sentence, ANALYZER.tokens(sentence))


@pytest.mark.parametrize(
    ("question", "kind", "subject"),
    [
        ("Hvor mange direktører i det tidligere NSB tjener over en million kroner i året?", Shape.COUNT, "direktører"),
        ("Kor mange mål scora Haaland?", Shape.COUNT, "mål"),
        ("Hvem er John Fredriksen?", Shape.IDENTITY, "John Fredriksen"),
        ("Kven er Jonas Gahr Støre?", Shape.IDENTITY, "Jonas Gahr Støre"),
        ("Hva er en komet?", Shape.DEFINITION, "komet"),
        ("Kva er Virke?", Shape.DEFINITION, "Virke"),
        # a name is asked for, not a description
        ("Hvem er generalsekretær i Norsk Redaktørforening?", Shape.NONE, ""),
        # not a short thing to define
        ("Hva er hovedkonklusjonen fra Forsvarsmateriell i tilstandsrapporten?", Shape.NONE, ""),
        ("Når ble landsmøtet holdt?", Shape.NONE, ""),
    ],
)
def test_shape_and_subject_are_read_from_the_question(question, kind, subject):
    shape = read_shape(question, ANALYZER)
    assert (shape.kind, shape.subject) == (kind, tuple(ANALYZER(subject)))


def test_a_count_is_a_number_before_the_counted_noun():
    question = "Hvor mange direktører i det tidligere NSB tjener over en million kroner i året?"
    assert _shows(question, "Hele 49 direktører i det som før var NSB har millionlønn.")
    assert _shows(question, "Bare tre nye direktører fikk bonus.")  # a number word, one word between
    assert not _shows(question, "Nav-direktøren tjener 1,8 millioner kroner i året.")


def test_an_identity_is_a_description_beside_the_name():
    question = "Hvem er John Fredriksen?"
    assert _shows(question, "Skipsreder og investor John Fredriksen er blant Norges rikeste menn.")
    assert _shows(question, "Det var John Fredriksen, en av landets rikeste, som kjøpte.")
    assert not _shows(question, "Aksjen er kontrollert av John Fredriksen.")  # «av»: a stop word
    assert not _shows(question, "– Det er ventet, sier John Fredriksen til DN.")  # a reporting verb
    assert not _shows(question, "Seadrill henter penger, og John Fredriksen tegner seg.")


def test_a_definition_is_the_thing_said_to_be_something():
    assert _shows("Hva er en komet?", "En komet er et lite himmellegeme av is og støv.")
    assert _shows("Hva er Virke?", "Det var Virke, arbeidsgiverorganisasjonen for handel, som varslet.")
    assert not _shows("Hva er en komet?", "Kometen er best synlig etter midnatt.")  # no «en/et» after «er»
    assert not _shows("Hva er Virke?", "Ministeren har lyttet til Virke og fjerner loven.")


def test_english_shapes():
    english = Analyzer(AnalyzerSettings(language="english"))
    shape = read_shape("How many directors earn a million?", english)
    assert shape.kind is Shape.COUNT
    assert shape.shown_in("Some 49 directors now earn that.", english.tokens("Some 49 directors now earn that."))
    assert read_shape("Who is John Fredriksen?", english).kind is Shape.IDENTITY


def test_a_passage_shows_the_form_when_one_of_its_sentences_does():
    shape = read_shape("Hvem er John Fredriksen?", ANALYZER)
    answering = "Emisjonen er garantert. Skipsreder og investor John Fredriksen eier 40 prosent.\nDet er mye."
    repeating = "John Fredriksen tegner seg for halvparten. Det sier John Fredriksen selv."
    assert shape.shown_anywhere(answering, ANALYZER)
    assert not shape.shown_anywhere(repeating, ANALYZER)
    assert not read_shape("Når ble landsmøtet holdt?", ANALYZER).shown_anywhere(answering, ANALYZER)


def test_a_caption_does_not_show_the_form_for_its_passage():
    shape = read_shape("Hvor mange soldater er sendt ut i gatene?", ANALYZER)
    caption = "Mer... 10.000 soldater er utplassert i gatene. (Foto: Esteban Felix / AP / NTB scanpix.) Mer...\n"
    text = "Portforbudet varer til mandag morgen. Nærmere 10.000 soldater er utplassert i gatene."
    assert not shape.shown_anywhere(caption + "Portforbudet varer til mandag morgen.", ANALYZER)
    assert shape.shown_anywhere(caption + text, ANALYZER)


def test_expected_words_follow_the_questions_opening_in_either_written_norwegian():
    words = NORWEGIAN_CLUE_WORDS
    assert {"kroner", "millioner"} <= expected_words(["hvor", "mye", "koster", "billetten"], words)
    assert {"kroner", "millioner"} <= expected_words(["kor", "mykje", "kostar", "billetten"], words)
    assert "kroner" in expected_words(["kva", "kostar", "billetten"], words)
    assert {"år", "måneder", "månader"} <= expected_words(["kor", "lenge", "varer", "avtalen"], words)
    assert "meter" in expected_words(["hvor", "høy", "er", "masten"], words)
    assert "uavgjort" in expected_words(["hvordan", "endte", "kampen"], words)
    assert expected_words(["hvor", "bor", "han"], words) == frozenset()
    assert expected_words(["hvor"], words) == frozenset()
