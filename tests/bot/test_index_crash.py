"""kill -9 while the index adds, merges and writes: the next start loads it and holds every stored article."""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.library import NewsLibrary, open_store
from bot.settings import Settings
from tests.conftest import REPO, SEEDS

# Adds one feed article per round and brings the index up to date (a new segment each
# time, a merge every few rounds), forever; the test kills it at a random moment. The
# fourth argument, when given, is the term dictionary's ``LOOKUP_TAIL``: small, a new
# lookup file is written on every round.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from bot.library import NewsLibrary, open_store
    from bot.settings import Settings
    from retrieval.index import terms
    from retrieval.news.article import Article

    if len(sys.argv) > 4:
        terms.LOOKUP_TAIL = int(sys.argv[4])
    settings = Settings(corpus=Path(sys.argv[1]), cache_dir=Path(sys.argv[2]), data_dir=Path(sys.argv[3]))
    store = open_store(settings)
    library = NewsLibrary(settings, store=store)
    library.load()
    print("ready", flush=True)
    start = len(store)
    for number in range(start, start + 10_000):
        text = f"Sak nummer {number} handler om kommune{number} og fylke{number % 7}.\\nMer tekst om saken."
        store.add([Article(f"feed-{number}", f"Nyhet {number}", text)])
        library.load()
    """
)


def settings_in(folder: Path) -> Settings:
    return Settings(corpus=SEEDS, cache_dir=folder / "cache", data_dir=folder / "data")


@pytest.mark.parametrize("lookup_tail", [None, 2], ids=["terms-in-a-dict", "new-term-lookup-every-round"])
def test_kill_minus_nine_at_random_moments_loses_no_stored_article(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, lookup_tail: int | None
):
    settings = settings_in(tmp_path)
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    chance = random.Random(8)
    caplog.set_level(logging.WARNING)
    for _ in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(settings.corpus), str(settings.cache_dir), str(settings.data_dir)]
            + ([str(lookup_tail)] if lookup_tail is not None else []),
            stdout=subprocess.PIPE,
            env=environment,
            cwd=REPO,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        try:
            child.wait(timeout=chance.uniform(0.2, 1.5))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        store = open_store(settings)
        library = NewsLibrary(settings, store=store)
        library.load()
        stored = {a.id for a in store.articles()}
        held = set(library.snapshot.articles_by_id)
        assert stored <= held and len(held) == len(stored) + 1  # and the seed article
        assert library.index.articles == len(held)  # nothing indexed twice
        library.close()  # the next child writes the folder
        store.close()
    assert "damaged" not in caplog.text and "unreadable" not in caplog.text
    assert len(stored) > 4  # the child got some work done between kills
