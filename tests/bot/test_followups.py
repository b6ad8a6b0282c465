"""Reading follow-ups: new subjects put in place of the old, questions that point back, small talk, languages."""

import pytest

from bot.conversation.followups import FollowUpReader, Move, Previous
from bot.conversation.languages import message_language
from bot.conversation.smalltalk import Kind, small_talk
from retrieval.text.analysis import Analyzer, AnalyzerSettings


@pytest.fixture(scope="module")
def reader() -> FollowUpReader:
    analyzer = Analyzer(AnalyzerSettings())
    return FollowUpReader(analyzer.term, analyzer.profile)


@pytest.mark.parametrize(
    ("question", "subject", "expected"),
    [
        ("Når ble Andrew Johnson stilt for riksrett?", "Bill Clinton", "Når ble Bill Clinton stilt for riksrett?"),
        ("Hvem er president i Kina?", "Chile", "Hvem er president i Chile?"),
        ("Hvor mye har Thin Film-aksjen falt?", "Idex", "Hvor mye har Idex-aksjen falt?"),
        ("Hvor mange gullplater har Zara Larsson?", "diamantplater", "Hvor mange diamantplater har Zara Larsson?"),
        ("Hvordan endte første sett mellom Ruud og Griekspoor?", "andre sett", "Hvordan endte andre sett mellom Ruud og Griekspoor?"),
        ("Hvem scoret det tredje målet for LSK?", "det fjerde", "Hvem scoret det fjerde målet for LSK?"),
        ("Hvem skal Høie møte tirsdag kveld?", "onsdag ettermiddag", "Hvem skal Høie møte onsdag ettermiddag?"),
        ("Hvor mye tjente Søndrål i 2017?", "i 2018", "Hvor mye tjente Søndrål i 2018?"),
        ("Hvor skal F-35-flyene fly?", "F-16", "Hvor skal F-16-flyene fly?"),
        ("Hvem er administrerende direktør i Molde fotballklubb?", "treneren", "hvem treneren Molde"),
    ],
)
def test_a_new_subject_replaces_the_old_one_of_its_kind(reader: FollowUpReader, question: str, subject: str, expected: str):
    assert reader.substitute(question, subject) == expected


NATO = Previous(
    "Hvor mange offiserer kan Norge stille med?",
    ("nato",),
    ("Forsvarsministeren sier Norge kan stille med ti offiserer, sier forsvarsminister Frank Bakke-Jensen i Brussel.",),
)


@pytest.mark.parametrize(
    ("message", "move"),
    [
        ("Hva med Danmark?", Move.ELLIPTICAL),
        ("and what about Sweden?", Move.ELLIPTICAL),
        ("Hvem sa det?", Move.ABOUT_ANSWER),
        ("Og når?", Move.ABOUT_ANSWER),
        ("Hvor sa han det?", Move.ABOUT_ANSWER),
        ("Når ble Berlinermuren bygget?", Move.NEW),  # a name the answer never mentioned
        ("Hvor mange nordmenn tror de har pollenallergi?", Move.NEW),  # its words are not in the cited article
        ("vindkraft i Nordland", Move.NEW),
    ],
)
def test_what_a_message_is_after_an_answer(reader: FollowUpReader, message: str, move: Move):
    assert reader.read(message, NATO).move is move


def test_a_question_about_the_answer_searches_the_cited_article_with_the_previous_names(reader: FollowUpReader):
    reading = reader.read("Hvem sa det?", NATO)
    assert reading.articles == ("nato",)
    assert reading.query.startswith("Hvem sa det") and "Norge" in reading.query


def test_without_context_everything_is_new(reader: FollowUpReader):
    assert reader.read("Hvem sa det?", None).move is Move.NEW


@pytest.mark.parametrize(
    ("message", "kind"),
    [("takk!", Kind.THANKS), ("Tusen takk", Kind.THANKS), ("hei", Kind.GREETING), ("ok", Kind.ACKNOWLEDGE), ("👍", Kind.ACKNOWLEDGE), ("thanks", Kind.THANKS)],
)
def test_small_talk_is_recognised(message: str, kind: Kind):
    found = small_talk(message)
    assert found is not None and found.kind is kind


@pytest.mark.parametrize("message", ["Hei! Hvem er president i Chile?", "Hvorfor?", "takk for svaret om Irak"])
def test_questions_are_not_small_talk(message: str):
    assert small_talk(message) is None


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Who is the president of Chile?", "english"),
        ("Hvem er president i Chile?", "norwegian"),
        ("Kven er sjef for atomprogrammet i Iran?", "norwegian"),
        ("Irak", None),
    ],
)
def test_the_language_of_a_message(message: str, language: str | None):
    assert message_language(message) == language
