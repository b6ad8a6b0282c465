"""End to end: the short answer leads a Telegram reply, in bold, before the cited quote."""

from __future__ import annotations

from tests.telegram.conftest import Harness


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
