"""The HTML renderer: escaping, highlights, and splitting that never breaks markup."""

from __future__ import annotations

import random
import re

import pytest
from telegram.constants import MessageLimit

from bot.reply import Citation, Quote, Reply, ReplyKind
from bot.telegram.render_html import highlighted, one_line, render, size, split_html
from retrieval.news.article import ArticleDate, Precision

_TAG_OR_ENTITY_CUT = re.compile(r"<[^>]*$|^[^<]*>|&#?\w*$")


def assert_well_formed(parts: list[str], limit: int) -> None:
    for part in parts:
        assert 0 < size(part) <= limit
        assert not _TAG_OR_ENTITY_CUT.search(part), part[-40:]
        for tag in ("b", "i", "a"):
            assert len(re.findall(rf"<{tag}[ >]", part)) == part.count(f"</{tag}>"), part


def visible(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]*>", "", text))


def test_short_text_is_one_part() -> None:
    assert split_html("<b>Hei</b> &amp; hå") == ["<b>Hei</b> &amp; hå"]
    assert split_html(" \n ") == []


def test_long_text_splits_at_line_breaks_within_the_limit() -> None:
    paragraph = "Ord &amp; <b>uttrykk</b> " * 40
    text = "\n\n".join([paragraph] * 30)
    parts = split_html(text)
    assert len(parts) > 1
    assert_well_formed(parts, MessageLimit.MAX_TEXT_LENGTH)
    assert all(p.rstrip().endswith("</b>") for p in parts)  # each ends where a paragraph ended
    assert visible("".join(parts)) == visible(text)


def test_a_tag_open_across_the_cut_is_closed_and_reopened() -> None:
    text = '<a href="https://x.no/?a=1&amp;b=2">' + "lenke " * 50 + "</a>"
    parts = split_html(text, limit=120)
    assert_well_formed(parts, 120)
    assert all(p.startswith('<a href="https://x.no/?a=1&amp;b=2">') for p in parts)
    assert visible("".join(parts)) == visible(text)


def test_a_word_longer_than_a_message_is_cut_between_characters() -> None:
    parts = split_html("x" * 10_000 + " &amp;")
    assert_well_formed(parts, MessageLimit.MAX_TEXT_LENGTH)
    assert "".join(parts).replace(" ", "") == "x" * 10_000 + "&amp;"


def test_size_counts_utf16_units_as_telegram_does() -> None:
    parts = split_html("😀 " * 3000)
    assert_well_formed(parts, MessageLimit.MAX_TEXT_LENGTH)
    assert max(len(p) for p in parts) <= MessageLimit.MAX_TEXT_LENGTH * 2 // 3 + 1  # "😀 " is 3 units


@pytest.mark.parametrize("seed", range(25))
def test_random_markup_never_breaks(seed: int) -> None:
    rng = random.Random(seed)
    atoms = ["<b>ord</b>", "&amp;", "&lt;b&gt;", "tekst", "\n", "\n\n", '<a href="https://x.no/">to ord</a>', "æøå", "😀", "y" * 700]
    text = " ".join(rng.choice(atoms) for _ in range(rng.randint(50, 2500)))
    limit = rng.choice([MessageLimit.MAX_TEXT_LENGTH, 300, 90])
    parts = split_html(text, limit)
    assert_well_formed(parts, limit)
    assert visible("".join(parts)) == visible(text)


def _quote(text: str, highlights: tuple[tuple[int, int], ...], **citation: object) -> Quote:
    fields = {"number": 1, "article_id": "a", "headline": "Tittel", "date": None, "date_text": None, "source": None, "url": None}
    return Quote(text, highlights, Citation(**{**fields, **citation}), 1.0, 0, len(text))


def test_highlights_are_bold_and_text_is_escaped() -> None:
    assert highlighted("a <b> & c", ((0, 1), (8, 9))) == "<b>a</b> &lt;b&gt; &amp; <b>c</b>"


def test_answer_has_numbered_citations_with_date_source_and_link() -> None:
    quote = _quote(
        "Stoltenberg & co", ((0, 11),), headline="<Nato>", date=ArticleDate(2020, 2, precision=Precision.MONTH),
        date_text="februar 2020", source="NTB", url="https://nrk.no/a?b=1&c=2",
    )
    (text,) = render(Reply(ReplyKind.ANSWER, "Dette fant jeg om «<x>»:", quotes=(quote,)), "nb")
    assert text == (
        "Dette fant jeg om «&lt;x&gt;»:\n\n[1] «<b>Stoltenberg</b> &amp; co»\n"
        '<i>&lt;Nato&gt;</i> — februar 2020 — NTB — <a href="https://nrk.no/a?b=1&amp;c=2">nrk.no</a>'
    )


def test_one_line_cuts_at_a_word_and_keeps_highlights_inside() -> None:
    quote = _quote("første linje\nandre linje med mange ord her", ((0, 6), (30, 35)))
    text, spans = one_line(quote, 25)
    assert text == "første linje andre linje …"
    assert spans == ((0, 6),)


def test_notes_follow_the_quotes_escaped() -> None:
    quote = _quote("Irak", ((0, 4),))
    reply = Reply(ReplyKind.ANSWER, "Svar:", quotes=(quote,), notes=("3 artikler <uten> dato ble ikke tatt med.",))
    (text,) = render(reply, "nb")
    assert text.endswith("\n\n3 artikler &lt;uten&gt; dato ble ikke tatt med.")
