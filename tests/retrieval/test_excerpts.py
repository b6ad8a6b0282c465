import pytest

from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.ranking.retriever import Retriever


def test_every_excerpt_is_an_exact_slice_and_short(articles):
    from retrieval.ranking.answer_clues import Shape, read_shape

    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    questions = ("Hvor mange gullplater har Zara Larsson?", "Når var statsministeren i Tromsø?", "snø fredag", "Hva er Idyll?")
    for question in questions:
        for found in retriever.answer(question, k=3).results:
            assert found.quote == found.article.text[found.excerpt.start : found.excerpt.end]
            assert 0 < len(found.quote) <= 400
            if read_shape(question, retriever.index.analyzer).kind is Shape.NONE:
                # a quote holds a sentence of its passage; a question's shape may take it elsewhere in the
                # article (test_what_is_quotes_the_definition_even_from_another_passage)
                assert found.excerpt.start < found.passage_end and found.excerpt.end > found.passage_start
            for start, end in found.excerpt.highlights:
                assert found.excerpt.start <= start < end <= found.excerpt.end


def test_excerpt_anchors_on_the_answering_sentence(articles):
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()), max_excerpt_chars=110)
    found = retriever.answer("Hvor mange gullplater har Zara Larsson?", k=1).results[0]
    assert "30 gullplater" in found.quote


def test_caption_is_not_the_anchor(articles):
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()), max_excerpt_chars=80)
    found = retriever.answer("Hvor lenge varte besøket til statsministeren?", k=1).results[0]
    assert "Foto" not in found.quote


def test_context_may_cross_the_passage_boundary(articles):
    retriever = Retriever(PassageIndex.build(articles, IndexSettings(passage_words=12)))
    found = retriever.answer("Hvilke artister har svensken samarbeidet med?", k=1).results[0]
    passage = found.article.text[found.passage_start : found.passage_end]
    assert "samarbeidet med mange artister" in passage and "Zara Larsson kommer" not in passage
    assert "samarbeidet med mange artister" in found.quote
    assert "Zara Larsson kommer til festivalen" in found.quote  # the line before, in another passage


def test_as_many_sentences_as_fit(articles):
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    found = retriever.answer("Når slippes billettene til Idyll?", k=1).results[0]
    assert found.quote.count(".") >= 4
    assert len(found.quote) <= 400


def test_a_quote_stops_at_a_photo_credit():
    from retrieval.news.article import Article

    text = (
        "Mann pågrepet i Oslo\n"
        "En mann er pågrepet av politiet på Sinsen. FOTO: Foto: Ørn E. Borgen / NTB scanpix\n"
        "Han heter ifølge Filter Nyheter Greg Johnson.\n"
        "Han skulle delta på en konferanse."
    )  # only the headline and the caption match the first question
    article = Article("a", "Mann pågrepet i Oslo", text)
    for budget in (170, 75):
        retriever = Retriever(PassageIndex.build([article], IndexSettings()), max_excerpt_chars=budget)
        quote = retriever.answer("Hvor ble mannen pågrepet?", 1).results[0].quote
        # the caption answers; it may not open the quote, so the headline does, and the credit ends it
        assert quote == "Mann pågrepet i Oslo\nEn mann er pågrepet av politiet på Sinsen."
    retriever = Retriever(PassageIndex.build([article], IndexSettings()), max_excerpt_chars=170)
    quote = retriever.answer("Hva heter han ifølge Filter Nyheter?", 1).results[0].quote
    assert quote.startswith("Han heter") and "Foto" not in quote and "scanpix" not in quote


def test_the_caption_of_a_picture_may_be_quoted_after_the_headline():
    from retrieval.news.article import Article

    text = "Thon skal gifte seg\nOlav Thon skal gifte seg med Sissel Berdal Haga i sommer. Foto: Berit Roald / NTB\nMer tekst."
    retriever = Retriever(PassageIndex.build([Article("a", "Thon skal gifte seg", text)], IndexSettings()), 100)
    quote = retriever.answer("Når skal Olav Thon og Sissel Berdal Haga gifte seg?", 1).results[0].quote
    assert quote == "Thon skal gifte seg\nOlav Thon skal gifte seg med Sissel Berdal Haga i sommer."


# Shaped like the NorQuAD articles: headline, a caption with its credit, the lead, subheadings.
_STORY = (
    "Haaland klar for landslaget\n"
    "Erling Braut Haaland på trening på Ullevaal. FOTO: Terje Pedersen / NTB scanpix\n"
    "Erling Braut Haaland er tatt ut i troppen til kampene mot Spania og Georgia, opplyser Norges Fotballforbund.\n"
    "Trening\n"
    "På treningen torsdag scoret Haaland tre mål, sier landslagssjef Ståle Solbakken.\n"
    "Solbakken er godt fornøyd med formen. (Foto: Lise Åserud) Kampen mot Spania spilles i Malaga.\n"
    "Billetter\n"
    "Det er fortsatt billetter igjen til kampen mot Georgia på Ullevaal."
)


def _story_quote(question: str, budget: int) -> str:
    from retrieval.news.article import Article

    article = Article("haaland", "Haaland klar for landslaget", _STORY)
    found = Retriever(PassageIndex.build([article], IndexSettings()), budget).answer(question, 1).results[0]
    assert found.quote == " … ".join(_STORY[s:e] for s, e in found.excerpt.parts)  # each part word for word
    return found.quote


def test_a_quote_never_opens_or_ends_on_a_subheading():
    for budget in (85, 140, 400):
        quote = _story_quote("Hvor mange mål scoret Haaland på treningen torsdag?", budget)
        assert "tre mål" in quote
        lines = quote.split("\n")
        assert lines[0] not in ("Trening", "Billetter") and lines[-1] not in ("Trening", "Billetter")
    quote = _story_quote("Hvor mange mål scoret Haaland på treningen torsdag?", 85)  # «Trening» would fit before it
    assert quote == "På treningen torsdag scoret Haaland tre mål, sier landslagssjef Ståle Solbakken."


def test_a_subheading_that_matches_leads_to_the_text_under_it():
    quote = _story_quote("billetter", 80)
    assert quote == "Det er fortsatt billetter igjen til kampen mot Georgia på Ullevaal."


def test_a_credit_inside_a_line_is_cut_out_of_the_quote():
    for question in ("Hvor fornøyd er Solbakken med formen?", "Hvor spilles kampen mot Spania?"):
        for budget in (60, 170, 400):
            quote = _story_quote(question, budget)
            assert "Foto" not in quote and "Åserud" not in quote
    quote = _story_quote("Hvor fornøyd er Solbakken med formen?", 170)
    assert quote.endswith("Solbakken er godt fornøyd med formen.")  # the caption, after the line before it


def test_a_passage_that_is_only_a_photo_credit_is_quoted_from_the_text_beside_it():
    from retrieval.news.article import Article

    text = (
        "Brann vant igjen\nBrann slo Molde 3-1 på Stadion søndag kveld etter to mål av Bamba.\n"
        "FOTO: Per Hansen / NTB scanpix\nTreneren var godt fornøyd med innsatsen fra hele laget etter kampen."
    )
    retriever = Retriever(PassageIndex.build([Article("a", "Brann vant igjen", text)], IndexSettings(passage_words=8)))
    results = retriever.answer("Per Hansen", 3, max_per_article=3).results
    credit_passage = [f for f in results if text[f.passage_start : f.passage_end].startswith("FOTO")]
    assert len(credit_passage) == 1
    assert credit_passage[0].quote == "Treneren var godt fornøyd med innsatsen fra hele laget etter kampen."
    assert all("FOTO" not in f.quote and "scanpix" not in f.quote for f in results)


def test_no_quote_of_the_development_set_carries_a_photo_credit(norquad):
    import re

    from retrieval.evaluation import load_questions
    from retrieval.news.loaders import load_corpus

    articles = load_corpus(norquad / "articles.jsonl").articles
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    credit = re.compile(r"(?i)\bfoto\s*:|scanpix")
    analyzer = retriever.index.analyzer
    about_pictures = set(analyzer.profile.picture_words)  # «Hvem tok bildet?» is answered by the credit
    questions = [q for q in load_questions(norquad / "questions-dev.jsonl")[::4] if not about_pictures & set(analyzer.words(q.question))]
    quotes = [found.quote for q in questions for found in retriever.answer(q.question, 3).results]
    assert len(quotes) > 1000
    assert [q for q in quotes if credit.search(q)] == []


def test_the_seed_article_is_quoted_without_its_photo_credit():
    from retrieval.news.loaders import load_corpus
    from tests.conftest import SEEDS

    retriever = Retriever(PassageIndex.build(load_corpus(SEEDS).articles, IndexSettings()))
    quote = retriever.answer("Hvem trapper opp kampen mot internasjonal terrorisme?", 1).results[0].quote
    assert "Nato trapper opp kampen" in quote and "Foto" not in quote and "scanpix" not in quote


def test_highlights_are_exactly_the_quoted_words_with_a_question_term(articles):
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    analyzer = retriever.index.analyzer
    for question in ("Hvor mange gullplater har Zara Larsson?", "Når var statsministeren i Tromsø?"):
        answer = retriever.answer(question, k=3)
        for found in answer.results:
            start = found.excerpt.start
            expected = {
                (start + t.start, start + t.end) for t in analyzer.tokens(found.quote) if t.term in answer.terms
            }
            assert set(found.excerpt.highlights) == expected and expected


def test_an_excerpt_is_picked_only_when_it_is_read(articles):
    from retrieval.ranking.excerpts import ExcerptPicker

    class CountingPicker(ExcerptPicker):
        picked = 0

        def pick(self, *args, **kwargs):
            CountingPicker.picked += 1
            return super().pick(*args, **kwargs)

    retriever = Retriever(PassageIndex.build(articles, IndexSettings(passage_words=12)))
    index = retriever.index
    retriever.picker = CountingPicker(index.analyzer, index.term_weights)
    results = retriever.answer("Zara Larsson festival gullplater", k=3, max_per_article=3).results
    assert len(results) == 3 and CountingPicker.picked == 0
    quotes = [found.quote for found in results[:2]]  # the third only says that there is more
    assert CountingPicker.picked == 2 and results[0].quote == quotes[0] and CountingPicker.picked == 2


def test_a_question_about_the_picture_may_quote_its_credit():
    from retrieval.news.article import Article

    text = (
        "Mann pågrepet i Oslo\n"
        "En mann er pågrepet av politiet på Sinsen. FOTO: Foto: Ørn E. Borgen / NTB scanpix\n"
        "Mannen heter ifølge Filter Nyheter Greg Johnson."
    )
    retriever = Retriever(PassageIndex.build([Article("a", "Mann pågrepet i Oslo", text)], IndexSettings()))
    assert "Borgen" in retriever.answer("Hvem tok fotoet av mannen som ble pågrepet?", 1).results[0].quote
    assert "Borgen" not in retriever.answer("Hvem ble pågrepet på Sinsen?", 1).results[0].quote


def test_room_left_is_filled_with_the_next_sentences_first_words():
    from retrieval.news.article import Article

    text = (
        "Bussjåførene vil ha elbilene ut av kollektivfeltet\n"
        "Elbiler må ha passasjerer om de skal kjøre i kollektivfeltet, mener Yrkestrafikkforbundet. "
        "Forbundet vil få elbilene helt ut av kollektivfeltene, slik at bussene inn, ut og gjennom Oslo kommer "
        "raskere fram i rushtiden, og slik at sjåførene slipper å stå i kø bak biler med bare én person om bord "
        "hver eneste morgen og ettermiddag hele året, sier generalsekretær Trond Jensrud."
    )
    article = Article("a", "Bussjåførene vil ha elbilene ut av kollektivfeltet", text)
    found = Retriever(PassageIndex.build([article], IndexSettings()), 200).answer(
        "Hva mener Yrkestrafikkforbundet om elbiler i kollektivfeltet?", 1
    ).results[0]
    quote = found.quote
    assert quote == text[found.excerpt.start : found.excerpt.end] and len(quote) <= 200
    # the whole next sentence does not fit; its first words do, cut at a word boundary
    assert "mener Yrkestrafikkforbundet. Forbundet vil få elbilene helt ut" in quote
    assert text[found.excerpt.end] == " " and not quote.endswith(" ")
    assert "Jensrud" not in quote


def test_the_room_is_not_filled_with_a_subheading_or_a_photo_credit():
    quote = _story_quote("Hvem er tatt ut i troppen til kampene mot Spania og Georgia?", 135)
    assert quote == (
        "Erling Braut Haaland er tatt ut i troppen til kampene mot Spania og Georgia, opplyser Norges Fotballforbund."
    )  # «Trening» follows; the credit case is test_a_quote_stops_at_a_photo_credit (room left, a credit next)


# The examples, as small articles: the quote centres on the sentence that answers
# in the form the question asks for, not on the one with the most of its words.
_SEADRILL = (
    "Seadrill henter milliarder i emisjon\n"
    "Riggselskapet Seadrill henter 1,1 milliarder dollar i en emisjon der John Fredriksen tegner seg for en stor del. "
    "Emisjonen er garantert av selskaper kontrollert av John Fredriksen, og aksjen falt 12 prosent på Oslo Børs. "
    "Aksjonærene må godkjenne emisjonen på en generalforsamling i januar, og John Fredriksen stemmer for. "
    "Analytikere mener at John Fredriksen har gjort det samme i flere selskaper før, blant annet i Frontline. "
    "Skipsreder og investor John Fredriksen er blant Norges rikeste menn, men bor på Kypros og i London."
)
_SALARIES = (
    "Millionlønn i Vy\n"
    "Nav-direktøren tjener 1,8 millioner kroner i året, og er blant de best betalte i staten. "
    "Lønningene i statlige selskaper har økt kraftig de siste årene, viser en gjennomgang av årsrapportene. "
    "Hele 49 direktører i det som før var NSB har millionlønn, og flere av dem fikk bonus i fjor. "
    "Konsernsjefen i Vy tjener over fire millioner kroner i året, og fagforeningene reagerer på lønnsnivået."
)


def _quote_of(text: str, question: str, budget: int) -> str:
    from retrieval.news.article import Article

    article = Article("a", text.split("\n")[0], text)
    found = Retriever(PassageIndex.build([article], IndexSettings()), budget).answer(question, 1).results[0]
    assert found.quote == text[found.excerpt.start : found.excerpt.end]
    return found.quote


@pytest.mark.parametrize("budget", [120, 200, 400])
def test_who_is_quotes_the_description_beside_the_name(budget):
    quote = _quote_of(_SEADRILL, "Hvem er John Fredriksen?", budget)
    assert "Skipsreder og investor John Fredriksen" in quote


@pytest.mark.parametrize("budget", [120, 200, 400])
def test_how_many_quotes_the_number_that_counts_the_noun(budget):
    question = "Hvor mange direktører i det tidligere NSB tjener over en million kroner i året?"
    assert "49 direktører" in _quote_of(_SALARIES, question, budget)


def _pick(text: str, passage: str, question: str, budget: int = 400):
    """The picker's excerpt for ``question`` around ``passage`` of ``text`` (as if the ranking had chosen it)."""
    from retrieval.news.article import Article
    from retrieval.ranking.answer_clues import read_shape

    index = PassageIndex.build([Article("a", text.split("\n")[0], text)], IndexSettings())
    retriever = Retriever(index, budget)
    start = text.index(passage)
    terms = index.query_terms(question)
    cue, shape = index.question_cue(question).kind, read_shape(question, index.analyzer)
    excerpt = retriever.picker.pick(text, start, start + len(passage), terms, cue, shape=shape)
    return excerpt.text(text)


_COMET = (
    "Neowise lyser opp sommernatten\n"
    "En komet er et lite himmellegeme av is og støv som går i bane rundt solen.\n"
    "Denne uken kan en slik gjest sees med det blotte øye over hele Norge, og mange har allerede tatt bilder. "
    "Været ser ut til å bli klart i store deler av Sør-Norge, mens det er skyer i nord. "
    "Meteorologene tror det blir gode forhold fram til søndag, men så kommer det regn fra vest.\n"
    "Kometen er best synlig lavt i nordvest rett etter midnatt, og kometen har to haler, sier astronom Knut Jørgen "
    "Røed Ødegaard. Neste gang kometen kommer tilbake er om 6800 år."
)


def test_what_is_quotes_the_definition_even_from_another_passage():
    later = _COMET[_COMET.index("Kometen er best") :]
    quote = _pick(_COMET, later, "Hva er en komet?", 200)
    assert quote.startswith("En komet er et lite himmellegeme") or "\nEn komet er et lite himmellegeme" in quote
    # a question without that shape stays with its passage
    assert "himmellegeme" not in _pick(_COMET, later, "Når er kometen best synlig?", 200)


def test_how_many_leaves_a_passage_without_the_count_for_the_sentence_with_it():
    first = _SALARIES[: _SALARIES.index(" Lønningene")]
    question = "Hvor mange direktører i det tidligere NSB tjener over en million kroner i året?"
    assert "49 direktører" in _pick(_SALARIES, first, question, 110)


_WINTER_GAMES = (
    "Vinter-OL 2010 i Vancouver\n"
    "Lekene samlet rundt 2600 deltakere fra 82 nasjoner i Vancouver og Whistler.\n"
    "Vertsnasjonen Canada vant 14 gull i Vinter-OL 2010, og det var ny rekord.\n"
    "Slovakia og Hviterussland vant sine første gullmedaljer i Vinter-OL 2010.\n"
    "Norge endte på fjerdeplass på medaljestatistikken med ni seire."
)


@pytest.mark.parametrize("budget", [80, 120])
def test_the_sentence_repeating_the_questions_phrase_is_quoted(budget):
    # Both sentences hold five of the question's terms; only one says «vant sine første».
    quote = _quote_of(_WINTER_GAMES, "Hvilke land vant sine første gull i Vinter-OL 2010?", budget)
    assert "Slovakia og Hviterussland" in quote


def test_the_headline_counts_less_than_the_text_when_choosing_what_answers():
    text = (
        "Toppkampen mellom Brann og Molde\n"
        "Bamba ble matchvinner i toppkampen.\n"
        "Det var fullt på Stadion, og det var god stemning hele kvelden."
    )
    # The headline holds more of the question's words, all of them the story's topic.
    assert _quote_of(text, "Hvem scoret i toppkampen mellom Brann og Molde?", 60).startswith("Bamba ble matchvinner")


def _bridge_answer(question: str, budget: int = 400):
    from retrieval.news.article import Article
    from tests.conftest import BRIDGE_HEADLINE, BRIDGE_TEXT

    index = PassageIndex.build([Article("bru", BRIDGE_HEADLINE, BRIDGE_TEXT)], IndexSettings())
    return Retriever(index, budget).answer(question, 1)


def test_an_answer_far_from_the_questions_words_is_quoted_as_a_second_part():
    from tests.conftest import BRIDGE_ANSWER, BRIDGE_QUESTION, BRIDGE_TEXT

    answer = _bridge_answer(BRIDGE_QUESTION)
    found = answer.results[0]
    (first_start, first_end), (second_start, second_end) = found.excerpt.parts
    first, second = BRIDGE_TEXT[first_start:first_end], BRIDGE_TEXT[second_start:second_end]
    # The lead that repeats the question's words, then the sentence that answers, each word for word, in article order.
    assert first.startswith("Ny bru over Tresfjorden\nDen nye brua over Tresfjorden ble åpnet lørdag") and second == BRIDGE_ANSWER
    assert first_end < second_start and found.quote == f"{first} … {second}" and len(found.quote) <= 400
    assert (found.excerpt.start, found.excerpt.end) == (first_start, second_end)  # the whole quote's span
    shown = {found.quote[s:e] for s, e in found.excerpt.shown_highlights()}
    assert {"Tresfjorden", "brua", "Prislappen"} <= shown  # the question's words, in both parts


def test_a_quote_that_holds_its_answer_stays_one_slice():
    from tests.conftest import BRIDGE_TEXT

    found = _bridge_answer("Når ble brua over Tresfjorden åpnet?").results[0]
    assert found.excerpt.parts == ((found.excerpt.start, found.excerpt.end),) and found.excerpt.alone is None
    assert found.quote == BRIDGE_TEXT[found.excerpt.start : found.excerpt.end] and "lørdag" in found.quote
    assert found.answer is not None and BRIDGE_TEXT[found.answer.start : found.answer.end] == "lørdag"


def test_a_second_part_fits_the_same_budget():
    from tests.conftest import BRIDGE_ANSWER, BRIDGE_QUESTION

    for budget in (220, 300):
        quote = _bridge_answer(BRIDGE_QUESTION, budget).results[0].quote
        assert quote.endswith(f" … {BRIDGE_ANSWER}") and len(quote) <= budget
    # Where the answering sentence would take more than its share of the room, the quote stays one slice.
    assert " … " not in _bridge_answer(BRIDGE_QUESTION, 120).results[0].quote


def test_a_second_part_never_hides_the_short_answer(norquad):
    from retrieval.news.loaders import load_corpus

    retriever = Retriever(PassageIndex.build(load_corpus(norquad / "articles.jsonl").articles, IndexSettings()))
    found = retriever.answer("Når var det sist ski-VM i Trondheim?", 1).results[0]
    # The picker offers the lead plus the last lines; making room for the lead cut «… arrangerte ski-VM i 1997 …».
    offered = found.pick()
    assert len(offered.parts) == 2 and "1997" not in offered.text(found.article.text)
    assert offered.alone is not None and "1997" in offered.alone.text(found.article.text)
    # So the quote is the one slice, and the answer shown in bold is in it.
    assert found.excerpt == offered.alone and found.answer is not None
    answer = found.article.text[found.answer.start : found.answer.end]
    assert answer == "i 1997" and answer in found.quote


def test_a_second_part_is_never_a_caption_a_credit_or_a_subheading():
    from retrieval.news.article import Article
    from tests.conftest import BRIDGE_ANSWER, BRIDGE_HEADLINE, BRIDGE_QUESTION, BRIDGE_TEXT

    # The answer told only in a picture's caption (a caption may not open a quote), then under a subheading.
    captioned = BRIDGE_TEXT.replace(BRIDGE_ANSWER, f"{BRIDGE_ANSWER} Foto: Ola Nordmann / NTB scanpix")
    subheaded = BRIDGE_TEXT.replace(BRIDGE_ANSWER, "Prislappen for brua\n" + BRIDGE_ANSWER.replace("Prislappen", "Den"))
    for text in (captioned, subheaded):
        index = PassageIndex.build([Article("bru", BRIDGE_HEADLINE, text)], IndexSettings())
        found = Retriever(index).answer(BRIDGE_QUESTION, 1).results[0]
        parts = [text[s:e] for s, e in found.excerpt.parts]
        assert "Foto" not in found.quote and "scanpix" not in found.quote
        assert all(not part.startswith(("Prislappen endte", "Prislappen for brua")) for part in parts[1:])
        assert all(not part.endswith("Prislappen for brua") for part in parts)
