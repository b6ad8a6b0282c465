from retrieval.text.sentences import _SENTENCE_END, sentence_spans


def test_sentences_split_at_stops_and_lines_with_exact_offsets():
    text = "Tittel\nHun kom i går. Han kom 1. mai i år! Slutt"
    spans = list(sentence_spans(text, 0, len(text)))
    assert [text[s:e] for s, e in spans] == ["Tittel", "Hun kom i går.", "Han kom 1. mai i år!", "Slutt"]


def _reference_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut at every boundary match, strip each piece, keep the non-empty ones (plainly)."""
    pieces, position = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, end))
    spans = []
    for first, last in pieces:
        chunk = text[first:last]
        if chunk.strip():
            offset = first + chunk.index(chunk.strip())
            spans.append((offset, offset + len(chunk.strip())))
    return spans


def test_spans_agree_with_a_plain_cut_and_strip_on_awkward_text():
    text = (
        "  Tittel  \n\n Hun sa: «Nei!» Han svarte «Ja.» – Så gikk de.\u00a0\n"
        "Det kostet 3.5 mill. kr. I 2020 (ca.) var det «annerledes». \"Sitat.\" Slutt?  \n \n"
    )
    for start in range(0, len(text), 7):
        for end in range(start, len(text) + 1, 5):
            assert sentence_spans(text, start, end) == _reference_spans(text, start, end), (start, end)
