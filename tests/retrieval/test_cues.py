from retrieval.text.cues import Cue, question_cue, word_cues
from retrieval.text.language import language_profile

NORWEGIAN = language_profile("norwegian")
ENGLISH = language_profile("english")


def test_specific_phrase_wins_over_general_question_word():
    cue = question_cue(["hvor", "mange", "gullplater", "har", "hun"], NORWEGIAN)
    assert cue.kind is Cue.NUMBER
    assert cue.words == ("hvor", "mange")


def test_question_words_map_to_kinds():
    assert question_cue(["hvem", "vant"], NORWEGIAN).kind is Cue.NAME
    assert question_cue(["når", "kommer", "hun"], NORWEGIAN).kind is Cue.TIME
    assert question_cue(["i", "hvilket", "år", "kom", "hun"], NORWEGIAN).kind is Cue.TIME
    assert question_cue(["hvor", "bor", "hun"], NORWEGIAN).kind is Cue.NAME
    assert question_cue(["hvorfor", "kom", "hun"], NORWEGIAN).kind is Cue.NONE


def test_english_is_a_configuration_change():
    assert question_cue(["how", "many", "records"], ENGLISH).kind is Cue.NUMBER
    assert question_cue(["who", "won"], ENGLISH).kind is Cue.NAME


def test_word_kinds():
    time_words = NORWEGIAN.date_words
    assert word_cues("Larsson", False, time_words) is Cue.NAME
    assert word_cues("Svensken", True, time_words) is Cue.NONE  # capital only because it starts the sentence
    assert word_cues("30", False, time_words) is Cue.NUMBER
    assert word_cues("2019", False, time_words) == Cue.NUMBER | Cue.TIME
    assert word_cues("mandag", False, time_words) is Cue.TIME


def test_asking_words_are_reported_with_or_without_a_cue():
    profile = language_profile("norwegian")
    assert question_cue(["hvilket", "parti", "vant"], profile).words[-1:] == ("hvilket",)
    plain = question_cue(["hva", "slags", "straff", "får", "han"], profile)
    assert plain.kind == Cue.NONE and plain.words == ("slags",)


def test_seasons_holidays_and_the_clock_mark_a_time():
    time_words = NORWEGIAN.date_words
    for word in ("sommer", "julaften", "klokka", "fjor"):
        assert word_cues(word, False, time_words) & Cue.TIME
    assert not word_cues("sommerfugl", False, time_words) & Cue.TIME
