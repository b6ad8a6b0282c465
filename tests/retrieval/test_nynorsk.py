"""Nynorsk inside the Norwegian profile: question cues, stop words, and Nynorsk and Bokmål meeting in the index."""

from datetime import date

import pytest

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.text.analysis import Analyzer, AnalyzerSettings
from retrieval.text.cues import Cue, question_cue, word_cues
from retrieval.text.timeparse import parse_time

ANALYZER = Analyzer(AnalyzerSettings())

ARTICLES = [
    Article("kirke", "Brann i Molde", "Kirken i Molde brant ned i natt. Hele bygda har mistet et samlingssted."),
    Article("brannvesen", "Travel natt", "Brannvesenet rykket ut tre ganger i natt, men ingen ble skadet."),
    Article("rbk", "Lønn på vent", "Spelarane i Rosenborg fekk ikkje løn i heile veka, seier tillitsvalt."),
    Article("molde", "Molde vant", "Molde slo Rosenborg 3–1 søndag. Kampen ble spilt i Molde."),
    Article("tid", "Lang tid", "Det tok lang tid før laget frå landet kom heim. Sjefen heiter Ola, og turen varte lenge."),
]


@pytest.fixture(scope="module")
def index() -> PassageIndex:
    return PassageIndex.build(ARTICLES, IndexSettings())


@pytest.mark.parametrize(
    ("nynorsk", "bokmal", "kind"),
    [
        ("Kven vann?", "Hvem vant?", Cue.NAME),
        ("Kor mange mål scora Haaland?", "Hvor mange mål scoret Haaland?", Cue.NUMBER),
        ("Kor mykje kosta bustaden?", "Hvor mye kostet boligen?", Cue.NUMBER),
        ("Kor lenge varte møtet?", "Hvor lenge varte møtet?", Cue.NUMBER),
        ("Kva tid kom brevet?", "Når kom brevet?", Cue.TIME),
        ("Kva år vart han fødd?", "Hvilket år ble han født?", Cue.TIME),
        ("Kvar ligg Molde?", "Hvor ligger Molde?", Cue.NAME),
        ("Kor ligg Molde?", "Hvor ligger Molde?", Cue.NAME),
        ("Kva heiter sjefen?", "Hva heter sjefen?", Cue.NAME),
        ("Kva for eit land vann?", "Hvilket land vant?", Cue.NAME),
        ("Kvifor gjekk han av?", "Hvorfor gikk han av?", Cue.NONE),
        ("Korleis gjekk det?", "Hvordan gikk det?", Cue.NONE),
        ("Kva sa Støre?", "Hva sa Støre?", Cue.NONE),
    ],
)
def test_nynorsk_question_words_ask_for_what_their_bokmal_counterparts_ask_for(nynorsk: str, bokmal: str, kind: Cue):
    assert question_cue(ANALYZER.words(nynorsk), ANALYZER.profile).kind is kind
    assert question_cue(ANALYZER.words(bokmal), ANALYZER.profile).kind is kind


def test_a_number_phrase_wins_over_a_time_word_later_in_the_question():
    assert question_cue(ANALYZER.words("Kor mange var der når det byrja?"), ANALYZER.profile).kind is Cue.NUMBER


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("Kven vann kampen?", {"kamp"}),
        ("Kva tid var kampen?", {"kamp"}),
        ("Kor lenge varte kampen?", {"kamp"}),
        ("Kva for eit land spelte kampen?", {"kamp", "spilt"}),
        ("Kva heiter sjefen?", {"sjef"}),
        ("Kvifor brann kyrkja?", {"brann", "kirk"}),
    ],
)
def test_nynorsk_question_words_are_not_search_terms(index: PassageIndex, question: str, terms: set[str]):
    # The index knows «tid», «land», «heiter» and «lenge» (see ARTICLES): they are left out because they only ask.
    assert index.query_terms(question) == frozenset(terms)


@pytest.mark.parametrize(
    "word",
    ["ikkje", "eit", "ein", "ho", "dei", "eg", "frå", "berre", "noko", "mykje", "òg", "vere", "vart", "vore",
     "kva", "korleis", "desse", "sjølv", "kor", "kven", "kvifor", "utan", "vorte"],
)
def test_nynorsk_function_words_are_stop_words(word: str):
    assert word in ANALYZER.profile.stop_words
    assert ANALYZER.term(word) is None


@pytest.mark.parametrize(
    ("nynorsk", "bokmal"),
    [
        ("heile", "hele"), ("kyrkja", "kirken"), ("kyrkje", "kirke"), ("veka", "uka"), ("namnet", "navnet"),
        ("noreg", "norge"), ("spelarane", "spillerne"), ("spelar", "spiller"), ("kampane", "kampene"),
        ("kampar", "kamper"), ("jobba", "jobbet"), ("regjeringa", "regjeringen"), ("tidlegare", "tidligere"),
        ("ønskjer", "ønsker"), ("nyheita", "nyheten"), ("gjekk", "gikk"), ("fekk", "fikk"), ("vatnet", "vannet"),
    ],
)
def test_nynorsk_and_bokmal_forms_meet_after_analysis(nynorsk: str, bokmal: str):
    assert ANALYZER.term(nynorsk) == ANALYZER.term(bokmal) is not None


def test_words_that_are_another_bokmal_word_are_left_alone():
    # «vann» is Bokmål for water, «seier» for victory: mapping them would merge unrelated words.
    assert ANALYZER.term("vann") != ANALYZER.term("vant")
    assert ANALYZER.term("seier") != ANALYZER.term("sier")


def test_a_nynorsk_question_finds_a_bokmal_article(index: PassageIndex):
    result = index.search("Kva skjedde med kyrkja?", k=3)
    assert result.hits and index.articles[result.hits[0].passage.article].id == "kirke"


def test_a_bokmal_question_finds_a_nynorsk_article(index: PassageIndex):
    result = index.search("Hvorfor fikk ikke spillerne lønn hele uka?", k=3)
    assert result.hits and index.articles[result.hits[0].passage.article].id == "rbk"


def test_without_the_nynorsk_forms_the_bokmal_article_is_not_found():
    plain = PassageIndex.build(ARTICLES, IndexSettings(analyzer=AnalyzerSettings(nynorsk_forms=False)))
    hits = plain.search("Kva skjedde med kyrkja?", k=3).hits
    assert all(plain.articles[h.passage.article].id != "kirke" for h in hits)


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("Kva skjedde førre veke?", date(2021, 2, 1), date(2021, 2, 7)),
        ("Kva skjedde i førre månad?", date(2021, 1, 1), date(2021, 1, 31)),
        ("Kva skjedde frå 12. mars 2020?", date(2020, 3, 12), date(2020, 3, 12)),
    ],
)
def test_nynorsk_time_phrases_name_a_period(question: str, first: date, last: date):
    period = parse_time(question, date(2021, 2, 10), ANALYZER.profile).period
    assert period is not None and (period.first, period.last) == (first, last)


def test_nynorsk_requests_for_the_latest_news():
    asked = parse_time("siste nyheiter frå Bergen", date(2021, 2, 10), ANALYZER.profile)
    assert asked.latest and asked.topic == "Bergen"


def test_nynorsk_weekdays_and_seasons_mark_a_time():
    for word in ("laurdag", "tysdag", "hausten", "jula"):
        assert word_cues(word, False, ANALYZER.profile.date_words) & Cue.TIME
