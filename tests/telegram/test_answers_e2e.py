"""End to end: the short answer leads a Telegram reply, in bold, before the cited quote; a quote's two parts are joined by « … »."""

from __future__ import annotations

from pathlib import Path

from tests.telegram.conftest import Harness, StartBot


async def test_the_answer_comes_first_in_bold(bot: Harness) -> None:
    asked = await bot.say("Hvor mange offiserer kan Norge stille med?")
    text = (await bot.reply_to(asked)).params["text"]
    lead, answer, quote = text.split("\n\n")[:3]
    assert lead.startswith("Dette fant jeg om") and answer == "<b>ti</b> [1]" and quote.startswith("[1] «")


def test_other_sources_are_named_under_the_citation() -> None:
    from bot.reply import Citation, OtherSource, Quote, Reply, ReplyKind
    from bot.telegram.render_html import render

    citation = Citation(1, "nrk", "Uvær <stengte> veier", None, None, "NRK", None)
    other = OtherSource("vg", "Tusen & uten strøm", None, "VG", "https://vg.example/a")
    quote = Quote("Over tusen mistet strømmen.", (), citation, 1.0, 0, 27, (other,), "Også i")
    (html,) = render(Reply(ReplyKind.ANSWER, "Dette fant jeg:", quotes=(quote,)), "nb")
    assert html.endswith(
        "<i>Uvær &lt;stengte&gt; veier</i> — NRK\n"
        'Også i: <i>Tusen &amp; uten strøm</i> — VG — <a href="https://vg.example/a">vg.example</a>'
    )


async def test_a_two_part_quote_is_joined_by_an_ellipsis(start_bot: StartBot, tmp_path: Path) -> None:
    from tests.conftest import BRIDGE_QUESTION, bridge_corpus

    bot = await start_bot(corpus=bridge_corpus(tmp_path / "bridge"))
    asked = await bot.say(BRIDGE_QUESTION)
    text = (await bot.reply_to(asked)).params["text"]
    quote = next(block for block in text.split("\n\n") if block.startswith("[1] «"))
    assert quote.startswith("[1] «Ny bru over <b>Tresfjorden</b>\nDen nye <b>brua</b> over <b>Tresfjorden</b> ble åpnet lørdag")
    assert " … <b>Prislappen</b> endte på 410 millioner kroner, langt over det opprinnelige anslaget.»\n" in quote
