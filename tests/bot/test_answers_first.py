"""The answer first and one result per story, through the conversation core and the text renderer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core import ConversationCore
from bot.messages import ENGLISH, NORWEGIAN
from bot.render_text import render
from bot.reply import ReplyKind
from tests.conftest import core_over

STORY = (
    "Et kraftig uvær traff Vestlandet natt til fredag. Over tusen husstander mistet strømmen, og flere veier "
    "ble stengt av trær som blåste ned. Politiet ber folk holde seg innendørs til vinden har løyt."
)
ARTICLES = [
    {"id": "nrk", "title": "Uvær stengte veier", "text": f"Uvær stengte veier\n{STORY}", "source": "NRK", "url": "https://nrk.example/1"},
    {"id": "vg", "title": "Tusen uten strøm etter uværet", "text": f"Tusen uten strøm etter uværet\n{STORY} Mannskaper rydder.", "source": "VG"},
    {"id": "nato", "title": "Nato i Irak", "text": "Nato i Irak\nForsvarsministeren sier Norge kan stille med ti offiserer som instruktører."},
]


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> ConversationCore:
    return core_over(tmp_path_factory.mktemp("stories"), ARTICLES)


def test_the_short_answer_comes_first_in_bold_and_is_a_slice_of_the_article(core: ConversationCore):
    reply = core.answer("Hvor mange offiserer kan Norge stille med?", NORWEGIAN)
    assert reply.answer is not None and reply.answer.text == "ti" and reply.answer.citation == 1
    text = ARTICLES[2]["text"]
    assert text[reply.answer.start : reply.answer.end] == "ti"
    lines = render(reply).splitlines()
    assert lines[2] == "*ti* [1]" and lines[4].startswith("[1] «")


def test_no_short_answer_on_the_next_page_or_without_a_cue(core: ConversationCore):
    assert core.answer("Hvor mange offiserer kan Norge stille med?", NORWEGIAN, offset=1).answer is None
    assert core.answer("Hva sa forsvarsministeren?", NORWEGIAN).answer is None


def test_the_same_story_from_two_outlets_is_one_result_with_also_in(core: ConversationCore):
    reply = core.answer("Hvorfor mistet husstander strømmen på Vestlandet?", NORWEGIAN)
    assert reply.kind is ReplyKind.ANSWER
    stories = [q for q in reply.quotes if q.citation.article_id in {"nrk", "vg"}]
    assert len(stories) == 1
    (other,) = stories[0].also_in
    assert {stories[0].citation.article_id, other.article_id} == {"nrk", "vg"}
    assert f"    Også i: {other.headline}" in render(reply)
    english = core.answer("Hvorfor mistet husstander strømmen på Vestlandet?", ENGLISH)
    assert "    Also in: " in render(english)


def test_ask_json_carries_the_short_answer(tmp_path: Path):
    from tests.bot.test_cli import run_bot

    result = run_bot("ask", "Hvor mange offiserer kan Norge stille med?", "--json", cache=tmp_path)
    answer = json.loads(result.stdout)
    assert answer["answer"]["text"] == "ti" and answer["answer"]["article_id"] == answer["excerpts"][0]["article_id"]
    first = answer["excerpts"][0]
    assert first["start"] <= answer["answer"]["start"] < answer["answer"]["end"] <= first["end"]
