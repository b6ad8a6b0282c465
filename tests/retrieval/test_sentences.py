from retrieval.text.sentences import sentence_spans


def test_sentences_split_at_stops_and_lines_with_exact_offsets():
    text = "Tittel\nHun kom i går. Han kom 1. mai i år! Slutt"
    spans = list(sentence_spans(text, 0, len(text)))
    assert [text[s:e] for s, e in spans] == ["Tittel", "Hun kom i går.", "Han kom 1. mai i år!", "Slutt"]
