"""The core's search list (/sok) and corpus description (/kilder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.reply import Action, ReplyKind
from bot.settings import Settings
from tests.telegram.conftest import write_corpus


@pytest.fixture
def core(tmp_path: Path) -> ConversationCore:
    settings = Settings(corpus=write_corpus(tmp_path / "corpus"), cache_dir=None, list_results=4)
    library = NewsLibrary(settings)
    library.load()
    return ConversationCore(settings, library)


def test_search_list_has_one_entry_per_article_up_to_the_setting(core: ConversationCore) -> None:
    reply = core.search_list("vindkraft  Nordland", "nb")
    assert reply.kind is ReplyKind.ANSWER and reply.question == "vindkraft Nordland"
    assert [q.citation.number for q in reply.quotes] == [1, 2, 3, 4]
    assert len({q.citation.article_id for q in reply.quotes}) == 4
    assert [f.action for f in reply.follow_ups] == [Action.SHOW_ARTICLE] * 4


def test_search_list_without_results_or_words(core: ConversationCore) -> None:
    assert core.search_list("curling", "en").kind is ReplyKind.NO_ANSWER
    assert core.search_list("og i på", "nb").lead.startswith("Spørsmålet «og i på» har ingen ord")
    assert core.search_list("  ", "nb").kind is ReplyKind.REFUSAL


def test_sources_lists_count_period_and_sources(core: ConversationCore) -> None:
    lines = core.sources("en").lead.splitlines()
    assert lines == [
        "I know 8 articles from February 2020 to May 2022.",
        "Articles per source:",
        "  NTB: 5",
        "  NRK: 1",
        "  VG: 1",
    ]
