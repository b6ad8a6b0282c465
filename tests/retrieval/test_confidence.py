"""The answer judge: questions the news cannot answer are refused, the ones it can are not."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.reply import ReplyKind
from bot.settings import Settings
from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.news.article import Article
from retrieval.ranking.confidence import (
    FEATURES,
    OTHER_YEARS,
    UNCOUNTED,
    AnswerJudge,
    counts,
    is_quantity,
    other_years,
    written_years,
)
from tests.conftest import core_over

OTHER_NEWS = [
    {"id": "nato", "title": "Nato enige om å styrke innsatsen i Irak", "text": "Nato enige om å styrke innsatsen i Irak\n"
     "Forsvarsministrene i Nato ble torsdag enige om å styrke innsatsen i Irak. Norge kan stille med ti offiserer som instruktører."},
    {"id": "vaer", "title": "Kaldt vær i helgen", "text": "Kaldt vær i helgen\n"
     "Meteorologene varsler minus 20 grader i Finnmark lørdag. Sør-Norge får sludd og vind."},
    {"id": "ski", "title": "Klæbo vant sprinten", "text": "Klæbo vant sprinten\n"
     "Johannes Høsflot Klæbo vant sprinten i Lahti søndag. Han var over ett sekund foran Pål Golberg."},
    {"id": "budsjett", "title": "Regjeringen legger fram budsjettet", "text": "Regjeringen legger fram budsjettet\n"
     "Finansministeren la fram statsbudsjettet for 2020 mandag. Oljepengebruken øker med 12 milliarder kroner."},
]
TYPHOON = {"id": "tyfon", "title": "Tyfon truer Japan", "text": "Tyfon truer Japan\n"
           "TYFON: Allerede lørdag morgen slo bølgene inn over moloen i byen Kiho. I hovedstaden Tokyo forberedte innbyggere "
           "og myndigheter seg på den verste stormen på flere tiår. Over 1,6 millioner mennesker ble bedt om å evakuere."}
PODCAST = {"id": "pod", "title": "Sprekpodden: Kan det å gå være verdens beste mosjon?", "text": "Sprekpodden: Kan det å gå være "
           "verdens beste mosjon?\nI denne ukens episode har vi besøk av Johan Kaggestad – ekspertkommentator i Tour de France "
           "og hele Norges treningsguru. Han mener at gåturer er undervurdert."}
QUALIFIERS = {"id": "em", "title": "EM-kvalifisering i fotball", "text": "EM-kvalifisering i fotball\n"
              "EM-kvalifisering fotball menn torsdag: England slo Montenegro 7-0 på Wembley. Norge spilte 1-1 mot Sverige i 2019-sesongens "
              "siste hjemmekamp. Portugal vant EM i fotball for menn i 2016."}
POPULATION = {"id": "tokyo", "title": "Tokyo vokser videre", "text": "Tokyo vokser videre\n"
              "Tokyo har nå 14 millioner innbyggere, og byen vokser fortsatt. Boligprisene stiger raskt."}


@pytest.fixture
def core(tmp_path: Path) -> ConversationCore:
    return core_over(tmp_path, [*OTHER_NEWS, TYPHOON, PODCAST])


def test_tokyo_population_is_refused_over_the_norquad_articles(norquad: Path):
    settings = Settings(corpus=norquad / "articles.jsonl", cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    reply = ConversationCore(settings, library).answer("Hvor mange innbyggere har Tokyo?", "nb")
    # The typhoon story says «I hovedstaden Tokyo forberedte innbyggere …» and counts nothing.
    assert reply.kind is ReplyKind.NO_ANSWER and reply.reason == "below_threshold" and reply.quotes == ()
    assert reply.lead.startswith("Jeg fant ikke noe i nyhetene som svarer på «Hvor mange innbyggere har Tokyo?»")


def test_a_count_nobody_gives_is_refused_and_one_that_is_given_is_answered(tmp_path: Path, core: ConversationCore):
    refused = core.answer("Hvor mange innbyggere har Tokyo?", "nb")
    assert refused.kind is ReplyKind.NO_ANSWER and refused.reason == "below_threshold"
    (tmp_path / "more").mkdir()
    counted = core_over(tmp_path / "more", [*OTHER_NEWS, TYPHOON, PODCAST, POPULATION]).answer("Hvor mange innbyggere har Tokyo?", "nb")
    assert counted.kind is ReplyKind.ANSWER
    assert counted.quotes[0].citation.article_id == "tokyo" and "14 millioner innbyggere" in counted.quotes[0].text


def test_question_words_spread_over_stories_are_refused_by_the_judge_alone(tmp_path: Path, core: ConversationCore):
    question = "Når vant Klæbo Tour de France?"  # Klæbo wins in one story, Tour de France is named in another
    assert core.answer(question, "nb").kind is ReplyKind.NO_ANSWER
    judge_off = ConversationCore(replace(core.settings, min_confidence=0.0), core.library)
    assert judge_off.answer(question, "nb").kind is ReplyKind.ANSWER


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("Hvor mange offiserer kan Norge stille med?", "nato"),
        ("Hvem vant sprinten i Lahti?", "ski"),
        ("Hvor mange grader blir det i Finnmark?", "vaer"),
        ("Hva er hovedstaden i Japan?", "tyfon"),  # «I hovedstaden Tokyo …» does answer this one
        ("Hvem er ekspertkommentator i Tour de France?", "pod"),
    ],
)
def test_questions_the_news_answers_are_not_refused(core: ConversationCore, question: str, article: str):
    reply = core.answer(question, "nb")
    assert reply.kind is ReplyKind.ANSWER and reply.quotes[0].citation.article_id == article


def test_ask_json_keeps_the_reason_code_of_a_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in [*OTHER_NEWS, TYPHOON]), encoding="utf-8")
    code = main(["ask", "Hvor mange innbyggere har Tokyo?", "--corpus", str(corpus), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["answered"] is False and result["reason"] == "below_threshold" and result["excerpts"] == []


def test_example_questions_are_checked_with_the_judge(core: ConversationCore):
    assert core.answers("Hvem vant sprinten i Lahti?")
    assert not core.answers("Hvor mange innbyggere har Tokyo?")


@pytest.fixture
def judge() -> AnswerJudge:
    articles = [Article(a["id"], a["title"], a["text"]) for a in [*OTHER_NEWS, TYPHOON, PODCAST]]
    return AnswerJudge(PassageIndex.build(articles, IndexSettings()))


def test_a_question_is_read_for_its_names_and_what_it_counts(judge: AnswerJudge):
    reading = judge.read("Hvor mange innbyggere har Tokyo?")
    assert reading.counted == (judge.analyzer.term("innbyggere"),)  # «har» is no content word: the counted words stop there
    assert reading.names == {judge.analyzer.term("tokyo")}
    assert judge.analyzer.stem("mange") not in reading.weights  # it only asks
    assert judge.read("Hvor mye koster budsjettet?").counted == ()
    term = judge.analyzer.term
    assert judge.read("Hvor mange spanske journalister kom?").counted == (term("spanske"), term("journalister"))
    assert judge.read("Hvem vant?").names == frozenset()  # the first word's capital is grammar
    assert judge.read("Hvem vant sprinten i 2008?").names == {"2008"}
    unknown = judge.read("Hvor bor Zyxwvut?")
    assert unknown.weights[judge.analyzer.term("zyxwvut")] == judge.index.rarest_idf


def test_features_of_a_quote(judge: AnswerJudge):
    typhoon = Article(TYPHOON["id"], TYPHOON["title"], TYPHOON["text"])
    start = typhoon.text.index("I hovedstaden")
    end = typhoon.text.index("tiår.") + len("tiår.")
    values = dict(zip(FEATURES, judge.features("Hvor mange innbyggere har Tokyo?", typhoon, [(start, end)], [1.5, 0.5])))
    assert values["score"] == 1.5 and values["margin"] == 1.0
    assert values["sentence_coverage"] == 1.0 and values["article_letters"] == 1.0  # «innbyggere», «Tokyo»
    assert values["missing_names"] == 0.0
    assert values["uncounted"] == 1.0  # «1,6 millioner mennesker» counts people, not «innbyggere»
    assert judge.confidence(list(values.values())) == 0.0
    missing = dict(zip(FEATURES, judge.features("Hva sa Kaggestad om stormen i Tokyo?", typhoon, [(start, end)], [1.0])))
    assert missing["missing_names"] == 1.0 and missing["margin"] == 1.0 and missing["uncounted"] == 0.0


def test_only_the_quoted_parts_count_and_neighbours_stand_in_one_part(judge: AnswerJudge):
    typhoon = Article(TYPHOON["id"], TYPHOON["title"], TYPHOON["text"])
    text = typhoon.text
    first = (text.index("TYFON"), text.index("Kiho.") + len("Kiho."))
    middle = text.index("I hovedstaden")
    last = (text.index("Over 1,6"), len(text))
    question = "Hvor forberedte innbyggere seg på stormen?"

    def coverage(parts: list[tuple[int, int]]) -> tuple[float, float]:
        values = dict(zip(FEATURES, judge.features(question, typhoon, parts, [1.0])))
        return values["sentence_coverage"], values["pair_coverage"]

    # The sentence between the parts of a two-part quote is not shown: it answers nothing.
    assert coverage([first, last]) == (0.0, 0.0)
    assert coverage([(first[0], last[1])])[0] == 1.0 and middle < last[0]


def test_the_article_s_letters_find_the_question_s_words_however_compounded(judge: AnswerJudge):
    typhoon = Article(TYPHOON["id"], TYPHOON["title"], TYPHOON["text"])
    nato = Article(OTHER_NEWS[0]["id"], OTHER_NEWS[0]["title"], OTHER_NEWS[0]["text"])
    question = "Når ble tyfonevakueringen i hovedstaden?"  # the story says «Tyfon» and «evakuere», never the compound
    told = dict(zip(FEATURES, judge.features(question, typhoon, [(0, len(typhoon.text))], [1.0])))
    # The compound is a word the index does not know: as a term it is never found, its letters are.
    terms = set(judge.analyzer(typhoon.headline)) | set(judge.analyzer(typhoon.text))
    assert judge.read(question).coverage(terms) == pytest.approx(0.5) and told["article_letters"] > 0.6
    elsewhere = dict(zip(FEATURES, judge.features(question, nato, [(0, len(nato.text))], [1.0])))
    assert elsewhere["article_letters"] < 0.25


def test_a_nynorsk_question_shares_the_letters_of_its_bokmal_original(judge: AnswerJudge):
    budget = Article(OTHER_NEWS[3]["id"], OTHER_NEWS[3]["title"], OTHER_NEWS[3]["text"])

    def letters(question: str) -> float:
        return dict(zip(FEATURES, judge.features(question, budget, [(0, len(budget.text))], [1.0])))["article_letters"]

    # «Kva», «ikkje» and «frå» are read as «Hva», «ikke» and «fra»: a Bokmål article never writes the Nynorsk letters.
    assert letters("Kva la finansministeren fram, og kva auka ikkje?") == letters("Hva la finansministeren fram, og hva økte ikke?")
    assert letters("Kor mykje aukar oljepengebruken frå i fjor?") == letters("Hvor mye øker oljepengebruken fra i fjor?")


def test_a_number_must_stand_just_before_the_counted_word():
    number, word = True, False
    assert counts("innbygg", [("har", word), ("14", number), ("million", number), ("innbygg", word)])
    assert not counts("innbygg", [("14", number), ("a", word), ("b", word), ("c", word), ("innbygg", word)])
    assert not counts("innbygg", [("innbygg", word), ("14", number)])


COUNTS_IN_WORDS = {"id": "telling", "title": "Soldater og journalister", "text": "Soldater og journalister\n"
                   "Ingen norske soldater har brent Koranen, svarte statsministeren. Over et tredvetalls spanske journalister "
                   "har kommet til Oslo før kampen. Flyselskapet har 90 fly i bestilling av den nye typen."}


@pytest.mark.parametrize(
    "question",
    [
        "Hvor mange norske soldater har brent Koranen?",  # «Ingen norske soldater»: a count without a number
        "Hvor mange spanske journalister har kommet til Oslo?",  # «et tredvetalls spanske journalister»
        "Hvor mange nye fly har flyselskapet i bestilling?",  # «nye» is no noun: «90 fly» counts
    ],
)
def test_a_count_in_words_or_after_an_adjective_is_answered(tmp_path: Path, question: str):
    reply = core_over(tmp_path, [*OTHER_NEWS, COUNTS_IN_WORDS]).answer(question, "nb")
    assert reply.kind is ReplyKind.ANSWER and reply.quotes[0].citation.article_id == "telling"


def test_quantity_words_count_and_common_words_do_not():
    numbers = frozenset({"tjue", "millioner"})
    assert all(is_quantity(w, numbers) for w in ("tjue", "millioner", "ingen", "få", "hundrevis", "tredvetalls"))
    assert not any(is_quantity(w, numbers) for w in ("mange", "flere", "innbyggere", "alle"))


def test_the_model_needs_one_weight_per_feature_and_an_intercept(judge: AnswerJudge):
    with pytest.raises(ValueError, match=f"{len(FEATURES) + 1} weights expected"):
        AnswerJudge(judge.index, (1.0, 2.0))
    confident = AnswerJudge(judge.index, (10.0,) + (0.0,) * len(FEATURES))
    values = [0.0] * len(FEATURES)
    assert confident.confidence(values) > 0.99
    values[UNCOUNTED] = 1.0
    assert confident.confidence(values) == 0.0


def test_a_year_far_from_the_article_s_years_is_refused_and_a_near_one_is_answered(tmp_path: Path):
    core = core_over(tmp_path, [*OTHER_NEWS, QUALIFIERS])
    # The qualifiers story has «EM», «fotball» and «menn», but its years are 2016 and 2019: it tells another time.
    question = "Hvem vant EM i fotball for menn i 2004?"
    assert not core.answers(question)
    assert ConversationCore(replace(core.settings, min_confidence=0.0), core.library).answers(question)
    assert core.answers("Hvem vant EM i fotball for menn i 2016?")
    assert core.answers("Hvem vant EM i fotball for menn i 2017?")  # a year off: the nearest story, as the chat notes


def test_an_article_s_years_are_numbers_of_their_own():
    article = Article("a", "Sesongen 2019", "Det var i 2019-sesongen. Kontonummer 120048 og 2008.5; 1990-tallet.")
    assert written_years(article) == {"2019", "2008", "1990"}  # not the «2004» inside «120048»
    assert written_years(Article("b", "Budsjettet", "Statsbudsjettet for 20201 er lagt fram.")) == set()


def test_an_asked_year_counts_as_found_within_a_year_of_a_written_one():
    assert not other_years(frozenset({"2019"}), {"2018"})
    assert not other_years(frozenset({"2019"}), {"2019", "1991"})
    assert other_years(frozenset({"2019"}), {"1991", "2021"})
    assert not other_years(frozenset({"1998"}), set())  # a story that writes no year contradicts none
    assert other_years(frozenset({"1998", "2019"}), {"2019"})  # every asked year must be near one
    assert not other_years(frozenset(), set())


def test_a_question_is_read_for_its_years(judge: AnswerJudge):
    assert judge.read("Hvem vant Tour de Ski i 2008?").years == {"2008"}
    assert judge.read("Hva skjedde på 1990-tallet?").years == {"1990"}
    assert judge.read("Hvor mange offiserer kan Norge stille med?").years == frozenset()
    assert judge.read("Hvor mange kroner er 12000 euro?").years == frozenset()  # five digits: not a year


def test_the_year_rule_refuses_before_the_model(judge: AnswerJudge):
    confident = AnswerJudge(judge.index, (10.0,) + (0.0,) * len(FEATURES))
    values = [0.0] * len(FEATURES)
    values[OTHER_YEARS] = 1.0
    assert confident.confidence(values) == 0.0


FIXTURES = Path(__file__).parents[1] / "fixtures"


def fixture_lines(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("name", "splits"),
    [("unanswerable.jsonl", {"tune", "heldout"}), ("unanswerable_blind.jsonl", {"blind"}), ("unanswerable_more.jsonl", {"more"})],
)
def test_unanswerable_sets_have_one_question_per_line_with_language_topic_and_split(name: str, splits: set[str]):
    lines = fixture_lines(name)
    assert all(set(line) == {"question", "language", "topic", "split"} for line in lines)
    assert {line["split"] for line in lines} == splits and {line["language"] for line in lines} == {"nb", "nn", "en"}
    assert all(line["question"].strip().endswith("?") and line["topic"] for line in lines)
    assert len({line["question"] for line in lines}) == len(lines)


def test_the_blind_set_is_new_questions_written_apart_from_the_tuned_ones():
    blind = fixture_lines("unanswerable_blind.jsonl")
    tuned = {line["question"].casefold() for line in fixture_lines("unanswerable.jsonl")}
    assert len(blind) >= 120 and not any(line["question"].casefold() in tuned for line in blind)
    assert sum(line["language"] == "nb" for line in blind) > len(blind) / 2  # mostly Bokmål, as the readers ask


def test_the_more_set_is_new_questions_about_what_the_news_names():
    more = fixture_lines("unanswerable_more.jsonl")
    earlier = {line["question"].casefold() for name in ("unanswerable.jsonl", "unanswerable_blind.jsonl") for line in fixture_lines(name)}
    assert len(more) >= 140 and not any(line["question"].casefold() in earlier for line in more)
    assert sum(line["language"] == "nb" for line in more) > len(more) / 2


def test_a_judged_question_may_score_below_min_score_and_the_results_after_it_may_not(norquad: Path):
    settings = Settings(corpus=norquad / "articles.jsonl", cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    question = "Hva ropte folkemengden på stadion da de oppdaget at Trump var tilstede?"
    scores = {f.article.id: f.score for f in library.snapshot.retriever.answer(question, 20, min_coverage=settings.min_coverage).results}
    reply = ConversationCore(settings, library).answer(question, "nb")
    # Its story scores under min_score (paraphrased words), but the judge sees the question's words together in the quote.
    assert reply.kind is ReplyKind.ANSWER and reply.quotes[0].citation.article_id == "505"
    assert settings.judged_min_score < scores["505"] <= settings.min_score
    assert all(scores[q.citation.article_id] > settings.min_score for q in reply.quotes[1:])
    # Without the judge the score alone decides, at min_score.
    unjudged = ConversationCore(replace(settings, min_confidence=0.0), library).answer(question, "nb")
    assert unjudged.kind is ReplyKind.NO_ANSWER


def test_the_question_bar_is_min_score_without_the_judge():
    assert Settings(min_score=0.65, judged_min_score=0.3).question_min_score == 0.3
    assert Settings(min_score=0.65, judged_min_score=0.3, min_confidence=0.0).question_min_score == 0.65
    assert Settings(min_score=0.2, judged_min_score=0.3).question_min_score == 0.2  # never above min_score


def test_only_the_content_words_letters_are_looked_for_in_the_article(judge: AnswerJudge):
    """The letters of «og», «når», «det» are in every story; «skjedde» is what the question asks about."""
    typhoon = Article(TYPHOON["id"], TYPHOON["title"], TYPHOON["text"])
    values = dict(zip(FEATURES, judge.features("og når skjedde det?", typhoon, [(0, len(typhoon.text))], [1.0])))
    assert values["article_letters"] == 0.0
    told = dict(zip(FEATURES, judge.features("og når evakuerte de?", typhoon, [(0, len(typhoon.text))], [1.0])))
    assert told["article_letters"] > 0.5  # «evakuere» in the story
