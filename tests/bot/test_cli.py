"""The command line end to end: real processes for `ask`, scripted input for `console`."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO


def run_bot(*args: str, stdin: str = "", cache: Path | None = None, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run ``run_bot.py`` as a user would; no data folder unless ``NYHETSBOT_DATA_DIR`` is given."""
    env = {"PATH": "/usr/bin:/bin", "NYHETSBOT_CACHE_DIR": str(cache) if cache else "", "NYHETSBOT_DATA_DIR": ""}
    env.update(variables)
    return subprocess.run(
        [sys.executable, str(REPO / "run_bot.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=REPO,
    )


def test_ask_json_on_the_seeds_quotes_the_ten_officers(tmp_path: Path):
    result = run_bot("ask", "Hvor mange offiserer kan Norge stille med?", "--json", cache=tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["question"] == "Hvor mange offiserer kan Norge stille med?" and answer["answered"] is True
    first = answer["excerpts"][0]
    assert "ti offiserer" in first["text"]
    assert first["title"] == "Nato enige om å styrke innsatsen i Irak" and first["date"] == "2020-02"
    article_text = (REPO / "seeds" / "000_49f3f86cff41087d.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    assert article_text[first["start"] : first["end"]] == first["text"]
    assert set(first) == {"text", "article_id", "title", "date", "url", "score", "start", "end"}


def test_ask_without_an_answer_exits_zero_and_says_so(tmp_path: Path):
    result = run_bot("ask", "Hvem vant Eurovision i 1985?", "--json", cache=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"question": "Hvem vant Eurovision i 1985?", "answered": False, "excerpts": []}


def test_console_with_scripted_input(tmp_path: Path):
    script = "help\nHvor mange offiserer kan Norge stille med?\narticle 1\nmore\narticle 7\n\nquit\n"
    result = run_bot("console", stdin=script, cache=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Jeg kjenner 1 artikkel fra februar 2020" in out
    assert "Kommandoer:" in out
    assert "*offiserer*" in out and "Nato enige om å styrke innsatsen i Irak — februar 2020" in out
    assert "Diskusjonen om innsatsen i Irak" in out  # the whole article after "article 1"
    assert "Det er ikke flere treff" in out
    assert "ingen kilde nummer 7" in out
    assert "Skriv et spørsmål" in out  # the empty line


def test_console_leaves_cleanly_at_end_of_input(tmp_path: Path):
    result = run_bot("console", stdin="Hva sa Stoltenberg?\n", cache=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_broken_corpus_file_is_named_and_the_rest_answers(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.jsonl").write_text(
        json.dumps({"id": 1, "title": "Snøstorm", "text": "Snøstorm stengte E6 over Dovrefjell."}) + "\n{broken\n",
        encoding="utf-8",
    )
    result = run_bot("ask", "Hvor stengte snøstormen veien?", "--corpus", str(corpus), "--json")
    assert result.returncode == 0
    assert "good.jsonl:2" in result.stderr
    assert json.loads(result.stdout)["answered"] is True


def test_missing_corpus_is_one_line_and_exit_2(tmp_path: Path):
    result = run_bot("ask", "Irak?", "--corpus", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("nyhetsbot: error: corpus not found") and "Traceback" not in result.stderr


def test_eval_json_has_exactly_the_metric_keys(norquad: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["eval", "--articles", str(norquad / "articles.jsonl"), "--questions", str(norquad / "questions-dev.jsonl"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    expected = {"ans@1", "ans@3", "ans@5", "doc@1", "doc@5", "MRR@10", "excerpt@1", "p50_ms", "p95_ms", "questions"}
    assert set(report) == expected and report["questions"] == 2160
    assert 0 < report["ans@1"] <= report["ans@5"] <= 100


def test_console_runs_in_process_with_stream_output():
    from bot.console import Console
    from bot.conversation.dialogue import Conversation
    from bot.conversation.state import Bounds, MemoryConversations
    from bot.core import ConversationCore
    from bot.library import NewsLibrary
    from bot.render_text import plain_emphasis
    from bot.settings import Settings

    settings = Settings(cache_dir=None)
    library = NewsLibrary(settings)
    library.load()
    lines = iter(["Hva sa Stoltenberg om IS?", "mer"])

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    conversation = Conversation(ConversationCore(settings, library), MemoryConversations(Bounds()))
    Console(conversation, "nb", plain_emphasis, read, out).run()
    assert "Stoltenberg" in out.getvalue() and "[1]" in out.getvalue()
