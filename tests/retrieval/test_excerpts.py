from retrieval.index import IndexSettings, PassageIndex
from retrieval.retriever import Retriever


def test_every_excerpt_is_an_exact_slice_and_short(articles):
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    for question in ("Hvor mange gullplater har Zara Larsson?", "Når var statsministeren i Tromsø?", "snø fredag"):
        for found in retriever.answer(question, k=3).results:
            assert found.quote == found.article.text[found.excerpt.start : found.excerpt.end]
            assert 0 < len(found.quote) <= 400
            assert found.passage_start <= found.excerpt.start <= found.excerpt.end <= found.passage_end
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
