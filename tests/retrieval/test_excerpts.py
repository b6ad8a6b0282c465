from retrieval.index import IndexSettings, PassageIndex
from retrieval.retriever import Retriever


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


def test_every_piece_of_a_caption_line_is_left_out_of_the_quote():
    from retrieval.article import Article
    from retrieval.index import IndexSettings, PassageIndex
    from retrieval.retriever import Retriever

    text = (
        "Mann pågrepet i Oslo\n"
        "En mann er pågrepet av politiet på Sinsen. FOTO: Foto: Ørn E. Borgen / NTB scanpix\n"
        "Mannen heter ifølge Filter Nyheter Greg Johnson.\n"
        "Han skulle delta på en konferanse."
    )
    retriever = Retriever(PassageIndex.build([Article("a", "Mann pågrepet i Oslo", text)], IndexSettings()))
    quote = retriever.answer("Hva skriver Filter Nyheter om Greg Johnson?", 1).results[0].quote
    assert "Greg Johnson" in quote and "Borgen" not in quote and "scanpix" not in quote
