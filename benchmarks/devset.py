"""What every benchmark shares: where the development set is, its command line, a timer."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path


def default_data_dir() -> Path:
    """``$NYHETSBOT_NORQUAD_DIR``, else ``shared/norquad-news`` beside the repository (as the tests)."""
    configured = os.environ.get("NYHETSBOT_NORQUAD_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared" / "norquad-news"


def dev_set_parser(doc: str) -> argparse.ArgumentParser:
    """A parser described by the first paragraph of ``doc``, with ``--articles`` and ``--questions``."""
    data = default_data_dir()
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=data / "articles.jsonl", help="articles (JSON Lines)")
    parser.add_argument("--questions", type=Path, default=data / "questions-dev.jsonl", help="questions (JSON Lines)")
    return parser


def timed(build: Callable[[], object]) -> tuple[object, float]:
    """The built object and the seconds it took."""
    started = time.perf_counter()
    built = build()
    return built, time.perf_counter() - started
