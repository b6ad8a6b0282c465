"""Start-up: ``ask`` and ``console`` import only what answering needs.

Each command runs in a fresh interpreter (a test process has long imported
everything), with a data folder, so the stored-articles path is taken too; the
process then reports which of the front-end and feed libraries got loaded.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# scikit-learn: its TF-IDF formula is applied from the index's counts; importing it took 0.9 s.
NOT_NEEDED = ("telegram", "httpx", "feedparser", "bot.telegram", "bot.refresh", "retrieval.evaluation", "sklearn")

_PROBE = """
import json, sys
from bot.cli import main
code = main(sys.argv[1:])
print("\\nIMPORTS " + json.dumps({"code": code, "loaded": [m for m in %r if m in sys.modules]}))
""" % (NOT_NEEDED,)


def _loaded_after(tmp_path: Path, *args: str, stdin: str = "") -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "NYHETSBOT_CACHE_DIR": str(tmp_path / "cache"), "NYHETSBOT_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.rsplit("IMPORTS ", 1)[1])
    assert report["code"] == 0
    return report["loaded"]


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("ask", "Hvor mange offiserer kan Norge stille med?"), ""),
        (("ask", "Hvor mange offiserer kan Norge stille med?", "--json"), ""),
        (("console",), "Hvor mange offiserer kan Norge stille med?\nmore\nquit\n"),
    ],
)
def test_answering_loads_neither_telegram_nor_the_feed_client(tmp_path: Path, args: tuple[str, ...], stdin: str):
    assert _loaded_after(tmp_path, *args, stdin=stdin) == []


# What a start on a warm cache has no use for: the segment build's scipy, the Telegram
# bot's asyncio, and simplemma's dictionary (its lemmas come from the index folder's trie).
_WARM_PROBE = """
import json, sys
from bot.cli import main
code = main(sys.argv[1:])
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY
print("\\nIMPORTS " + json.dumps({
    "code": code,
    "loaded": [m for m in ("scipy", "sklearn", "asyncio") if m in sys.modules],
    "simplemma_dictionaries": DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_info().currsize,
}))
"""


def test_a_start_on_a_warm_cache_reads_neither_scipy_nor_simplemmas_dictionary(tmp_path: Path):
    question = ("ask", "Hvor mange offiserer kan Norge stille med?")
    env = {"PATH": "/usr/bin:/bin", "NYHETSBOT_CACHE_DIR": str(tmp_path / "cache"), "NYHETSBOT_DATA_DIR": ""}
    reports = []
    for _ in range(2):  # the first start builds the index (and its lemma trie), the second answers from it
        done = subprocess.run(
            [sys.executable, "-c", _WARM_PROBE, *question], capture_output=True, text=True, env=env, timeout=120, cwd=REPO
        )
        assert done.returncode == 0, done.stderr
        assert "offiser" in done.stdout.lower()
        reports.append(json.loads(done.stdout.rsplit("IMPORTS ", 1)[1]))
    assert reports[0]["code"] == reports[1]["code"] == 0
    assert reports[1]["loaded"] == [] and reports[1]["simplemma_dictionaries"] == 0
