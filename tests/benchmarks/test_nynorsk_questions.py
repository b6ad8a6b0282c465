"""The Bokmål → Nynorsk question rewriter of the Nynorsk benchmark, and how the bot reads its output."""

import json
from pathlib import Path

import pytest

from benchmarks.nynorsk_questions import changed, rewrite
from bot.conversation.languages import message_language


@pytest.mark.parametrize(
    ("bokmal", "choice", "nynorsk"),
    [
        ("Hvem vant kampen?", 0, "Kven vann kampen?"),
        ("Hvor mange personer døde i ulykken?", 0, "Kor mange personar døydde i ulukka?"),
        ("Når ble regjeringen dannet?", 0, "Kva tid vart regjeringa danna?"),
        ("Når ble regjeringen dannet?", 1, "Når vart regjeringa danna?"),
        ("Hvor ligger Norges største kirke?", 0, "Kvar ligg Noregs største kyrkje?"),
        ("Hvor ligger Norges største kirke?", 1, "Kor ligg Noregs største kyrkje?"),
        ("Hvilken avis har skrevet om saken?", 0, "Kva for ei avis har skrive om saka?"),
        ("Hvilket lag spiller Norge mot?", 1, "Kva lag spelar Noreg mot?"),
        ("Hva heter lederen?", 0, "Kva heiter leiaren?"),
        ("Hvorfor har skatteministeren fått så mye oppmerksomhet de siste åra?", 0,
         "Kvifor har skatteministeren fått så mykje merksemd dei siste åra?"),
        ("Hvordan har arbeidsledigheten variert de siste månedene?", 0,
         "Korleis har arbeidsledigheita variert dei siste månadene?"),
        ("Hva skjer når hun ikke kommer fra Oslo?", 0, "Kva hender når ho ikkje kjem frå Oslo?"),
    ],
)
def test_fixed_rewrites(bokmal: str, choice: int, nynorsk: str):
    assert rewrite(bokmal, choice) == nynorsk


def test_names_and_punctuation_stay_as_written():
    assert rewrite("Hvem er Erna Solberg, ifølge NRK?") == "Kven er Erna Solberg, ifølgje NRK?"
    assert rewrite("Hvor mange mål scoret Haaland i 2019-sesongen?") == "Kor mange mål scora Haaland i 2019-sesongen?"


def test_only_changed_questions_are_in_the_set():
    pairs = changed([(1, "Hvem vant?"), (2, "Brexit?")])
    assert pairs == [(1, "Hvem vant?", "Kven vann?")]


def test_no_rewritten_development_question_is_taken_for_english(norquad: Path):
    with (norquad / "questions-dev.jsonl").open(encoding="utf-8") as handle:
        questions = [(int(r["id"]), r["question"]) for r in map(json.loads, handle)]
    rewritten = changed(questions)
    assert len(rewritten) >= 150
    assert [nynorsk for _, _, nynorsk in rewritten if message_language(nynorsk) == "english"] == []


def test_running_text_rewrites_every_sentence_and_keeps_names():
    text = "Hun kom ikke fra Norge. Hele laget ble slått ut.\n– Det var en vanlig kamp, sier Ola Nordmann."
    assert rewrite(text, running_text=True) == (
        "Ho kom ikkje frå Noreg. Heile laget vart slått ut.\n– Det var ein vanleg kamp, seier Ola Nordmann."
    )
