import random
import re

from retrieval.text.sentences import _SENTENCE_END, sentence_spans, sentence_texts


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


# The boundary as it is defined, written plainly; ``_SENTENCE_END`` is a faster spelling of it.
_PLAIN_END = re.compile(r"(?<=[.!?])[»\"”')]*\s+(?=[A-ZÆØÅ0-9«\"“–-])|\n+")


def test_the_boundary_pattern_matches_exactly_where_its_plain_definition_does():
    alphabet = list("ab A.!?»\"”')\n \t«“–-0Ø\u00a0\u2028")
    generator = random.Random(8)
    for _ in range(20000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 14)))
        for start in (0, 1, 2):
            end = generator.randint(start, max(start, len(text)))
            found = [m.span() for m in _SENTENCE_END.finditer(text, start, end)]
            assert found == [m.span() for m in _PLAIN_END.finditer(text, start, end)], (text, start, end)


def test_sentence_texts_are_the_untrimmed_pieces_of_the_spans():
    text = "Hei. Så «Nei!» Han kom.\n\n  \nNy linje. Tre? Ja.» Fire\nFem. Seks"
    for start in range(len(text)):  # every start, including starts just after a full stop
        for end in range(start, len(text) + 1):
            pieces = [piece.strip() for piece in sentence_texts(text, start, end) if piece and not piece.isspace()]
            assert pieces == [text[s:e] for s, e in sentence_spans(text, start, end)], (start, end)
