from retrieval.index.passage_index import IndexSettings, PassageIndex
from retrieval.ranking.retriever import Retriever


def test_every_excerpt_is_an_exact_slice_and_short(articles):
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    for question in ("Hvor mange gullplater har Zara Larsson?", "Når var statsministeren i Tromsø?", "snø fredag"):
        for found in retriever.answer(question, k=3).results:
            assert found.quote == found.article.text[found.excerpt.start : found.excerpt.end]
            assert 0 < len(found.quote) <= 400
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


def test_a_quote_runs_through_a_photo_credit_but_never_begins_or_ends_with_one():
    from retrieval.news.article import Article

    text = (
        "Mann pågrepet i Oslo\n"
        "En mann er pågrepet av politiet på Sinsen. FOTO: Foto: Ørn E. Borgen / NTB scanpix\n"
        "Mannen heter ifølge Filter Nyheter Greg Johnson.\n"
        "Han skulle delta på en konferanse."
    )
    article = Article("a", "Mann pågrepet i Oslo", text)
    retriever = Retriever(PassageIndex.build([article], IndexSettings()), max_excerpt_chars=170)
    quote = retriever.answer("Hvor ble mannen pågrepet?", 1).results[0].quote
    assert quote.startswith("Mann pågrepet") and quote.endswith("Greg Johnson.")  # the lead beyond the credit
    only_credit_beyond = Retriever(PassageIndex.build([article], IndexSettings()), max_excerpt_chars=75)
    quote = only_credit_beyond.answer("Hvor ble mannen pågrepet?", 1).results[0].quote
    assert "Sinsen" in quote and "Borgen" not in quote and "scanpix" not in quote


def test_the_caption_of_a_picture_may_be_quoted():
    from retrieval.news.article import Article

    text = "Thon skal gifte seg\nOlav Thon skal gifte seg med Sissel Berdal Haga i sommer. Foto: Berit Roald / NTB\nMer tekst."
    retriever = Retriever(PassageIndex.build([Article("a", "Thon skal gifte seg", text)], IndexSettings()), 60)
    quote = retriever.answer("Når skal Olav Thon og Sissel Berdal Haga gifte seg?", 1).results[0].quote
    assert "i sommer" in quote and "Foto" not in quote


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
