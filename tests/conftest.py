"""Shared fixtures: the repository's seed corpus and the development set in ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_FILE = SEEDS / "000_49f3f86cff41087d.txt"


def norquad_dir() -> Path | None:
    """The NorQuAD development set, read in place (never copied into the repo)."""
    candidates = [os.environ.get("NYHETSBOT_NORQUAD_DIR"), REPO.parent / "shared" / "norquad-news", "/work/shared/norquad-news"]
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
