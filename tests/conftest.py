"""Shared fixtures: the repository's seed corpus and the development set in ../shared."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.core import ConversationCore
from bot.library import NewsLibrary
from bot.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_FILE = SEEDS / "000_49f3f86cff41087d.txt"


# A story whose lead repeats the question's words while the sentence that answers is told six lines on,
# beyond the reach of one 400-character quote: quoted as two parts (see retrieval.ranking.excerpts).
BRIDGE_HEADLINE = "Ny bru over Tresfjorden"
BRIDGE_TEXT = (
    "Ny bru over Tresfjorden\n"
    "Den nye brua over Tresfjorden ble åpnet lørdag, etter fire års bygging og mange års strid i bygda.\n"
    "Ordføreren klippet snora foran flere hundre fremmøtte, og skolekorpset spilte i finværet. "
    "Mange hadde tatt med seg kaffe og satt i gresset langs veien hele ettermiddagen.\n"
    "Pendlerne sparer nå en halvtime hver vei til jobben i byen, og bussen går oftere enn før. "
    "Næringslivet i kommunen håper at flere vil flytte hit når reisetiden blir kortere.\n"
    "Arbeidet ble forsinket av en hard vinter og av leverandører som ikke holdt fristene sine. "
    "Entreprenøren fikk likevel ikke dagbøter, siden forsinkelsen ikke var deres skyld.\n"
    "Statens vegvesen er godt fornøyd med resultatet og mener arbeidet holder høy kvalitet.\n"
    "Prislappen endte på 410 millioner kroner, langt over det opprinnelige anslaget.\n"
    "Neste sommer skal også gang- og sykkelveien langs fjorden være ferdig."
)
BRIDGE_QUESTION = "Hva var prislappen for brua over Tresfjorden?"
BRIDGE_ANSWER = "Prislappen endte på 410 millioner kroner, langt over det opprinnelige anslaget."


def bridge_corpus(folder: Path) -> Path:
    """A JSON Lines corpus holding the bridge story alone."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "bridge.jsonl"
    record = {"id": "bru", "title": BRIDGE_HEADLINE, "text": BRIDGE_TEXT, "date": "2021-06-12", "source": "NRK"}
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return corpus


def _origin_folder() -> Path | None:
    """The local repository this one was cloned from, if any (a clone made elsewhere finds ../shared beside it)."""
    try:
        done = subprocess.run(["git", "config", "--get", "remote.origin.url"], cwd=REPO, capture_output=True, text=True)
    except OSError:  # no git: a copy, not a clone
        return None
    origin = done.stdout.strip().removeprefix("file://")
    return Path(origin) if origin and Path(origin).is_dir() else None


def norquad_dir() -> Path | None:
    """The NorQuAD development set, read in place (never copied into the repo).

    Looked for in ``$NYHETSBOT_NORQUAD_DIR``, then in ``shared/norquad-news`` beside this
    repository or any folder above it, then beside the repository it was cloned from.
    """
    origin = _origin_folder()
    folders = [*REPO.parents, *(origin.resolve().parents if origin else ())]
    candidates = [os.environ.get("NYHETSBOT_NORQUAD_DIR"), *(folder / "shared" / "norquad-news" for folder in folders)]
    for candidate in candidates:
        if candidate and (Path(candidate) / "articles.jsonl").exists():
            return Path(candidate)
    return None


@pytest.fixture
def norquad() -> Path:
    found = norquad_dir()
    if found is None:
        pytest.fail("the NorQuAD development set (../shared/norquad-news) is needed; set NYHETSBOT_NORQUAD_DIR")
    return found


def rss(*items: tuple[str, str, str], published: str = "Mon, 15 Jun 2020 10:00:00 +0200") -> str:
    """An RSS document with one item per ``(slug, title, text)``, links under https://avis.example/."""
    entries = "".join(
        f"<item><title>{title}</title><link>https://avis.example/{slug}</link><guid>https://avis.example/{slug}</guid>"
        f"<pubDate>{published}</pubDate><description>{text}</description></item>"
        for slug, title, text in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Testavisa</title>{entries}</channel></rss>'


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """Make ``folder`` refuse new files, as the operating system enforces it.

    Permission bits do not bind root, so as root the folder is made immutable instead.
    """
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        yield folder
    finally:
        subprocess.run(undo, check=True)


def core_over(folder: Path, articles: list[dict[str, str]], **core_options: Any) -> ConversationCore:
    """A conversation core over ``articles`` (JSON Lines records) written to ``folder``, without cache or database."""
    corpus = folder / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles), encoding="utf-8")
    settings = Settings(corpus=corpus, cache_dir=None, data_dir=None, results=3)
    library = NewsLibrary(settings)
    library.load()
    return ConversationCore(settings, library, **core_options)
