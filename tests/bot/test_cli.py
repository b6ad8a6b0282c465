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
    assert article_text[first["start"] : first["end"]] == first["text"]  # one slice: the whole answer fits
    assert first["parts"] == [{"start": first["start"], "end": first["end"]}]
    assert set(first) == {"text", "article_id", "title", "date", "url", "score", "start", "end", "parts", "also_in"}


def test_ask_without_an_answer_exits_zero_and_says_so(tmp_path: Path):
    result = run_bot("ask", "Hvem vant Eurovision i 1985?", "--json", cache=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "question": "Hvem vant Eurovision i 1985?",
        "answered": False,
        "answer": None,
        "excerpts": [],
        "notes": [],
        "reason": "empty_period",
        "period": {"first": "1985-01-01", "last": "1985-12-31"},
    }


def test_ask_json_says_why_a_question_without_content_words_is_unanswered(tmp_path: Path):
    result = run_bot("ask", "Hva er det?", "--json", cache=tmp_path)
    answer = json.loads(result.stdout)
    assert answer["answered"] is False and answer["reason"] == "no_terms" and "period" not in answer


def test_ask_json_says_when_nothing_passes_the_bars(tmp_path: Path):
    result = run_bot("ask", "Hvordan går det med laksefisket i Alta?", "--json", cache=tmp_path)
    answer = json.loads(result.stdout)
    assert answer["answered"] is False and answer["reason"] == "below_threshold"


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
    unanswerable = Path(__file__).parents[1] / "fixtures" / "unanswerable.jsonl"
    code = main(
        ["eval", "--articles", str(norquad / "articles.jsonl"), "--questions", str(norquad / "questions-dev.jsonl"),
         "--unanswerable", str(unanswerable), "--json"]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    expected = {"ans@1", "ans@3", "ans@5", "doc@1", "doc@5", "MRR@10", "excerpt@1", "p50_ms", "p95_ms", "questions"}
    expected |= {"answer_shown", "answer_f1", "answer_em", "answered"}
    expected |= {"false_answers", "false_answers_tune", "false_answers_heldout", "unanswerable"}
    assert set(report) == expected and report["questions"] == 2160 and report["unanswerable"] == 257
    assert 0 < report["ans@1"] <= report["ans@5"] <= 100
    assert 0 < report["answer_shown"] < 100 and 0 < report["answer_em"] <= report["answer_f1"] <= 100
    # The configured bars keep 95% of the development questions and refuse most unanswerable ones.
    assert report["answered"] >= 95 and report["false_answers"] < 50


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


def hostile_corpus(tmp_path: Path) -> Path:
    """An article whose headline and text carry terminal escape sequences and control characters."""
    corpus = tmp_path / "hostile.jsonl"
    record = {
        "id": "x",
        "title": "Snøstorm\x1b]0;hacked\x07 på \x1b[2JDovre",
        "text": "Snøstorm \x1b[31mstengte\x1b[0m E6 over\r Dovrefjell\x9b2J i natt.\x00",
        "url": "https://avis.example/snø",
    }
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return corpus


def test_escape_sequences_from_articles_never_reach_the_terminal_in_ask(tmp_path: Path):
    result = run_bot("ask", "snøstorm Dovrefjell E6", "--corpus", str(hostile_corpus(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "Snøstorm på Dovre" in result.stdout and "«*Snøstorm* stengte *E6* over *Dovrefjell* i natt.»" in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\r\x00\x9b")


def test_escape_sequences_from_articles_never_reach_the_terminal_in_the_console(tmp_path: Path):
    result = run_bot("console", "--corpus", str(hostile_corpus(tmp_path)), stdin="snøstorm Dovrefjell\nartikkel 1\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Snøstorm på Dovre") == 2  # the answer's citation and the article
    assert not any(c in result.stdout for c in "\x1b\x07\r\x00\x9b")


def test_on_a_terminal_only_the_bold_of_matched_words_is_an_escape_sequence():
    from bot.render_text import ansi_emphasis, render
    from bot.reply import Citation, Quote, Reply, ReplyKind

    citation = Citation(1, "x", "Tittel\x1b[8m", None, None, None, None)
    quote = Quote("Hei \x1b[31mverden\x1b[0m", ((4, 15),), citation, 1.0, 0, 19)
    text = render(Reply(ReplyKind.ANSWER, "Svar\x1b]0;t\x07:", quotes=(quote,)), ansi_emphasis)
    assert text == "Svar:\n\n[1] «Hei \x1b[1mverden\x1b[0m»\n    Tittel"


def stored_article(data_dir: Path) -> None:
    """A feed article in the data folder's database, as `refresh` would have stored it."""
    from retrieval.news.article import Article
    from retrieval.news.store import ArticleStore

    data_dir.mkdir(parents=True, exist_ok=True)
    with ArticleStore(data_dir / "nyhetsbot.sqlite3") as store:
        store.add([Article("feed-1", "Kvantedatamaskin bygget i Trondheim", "En kvantedatamaskin ble bygget i Trondheim.")])


def test_ask_answers_from_a_read_only_data_dir(tmp_path: Path):
    from tests.conftest import read_only_folder

    data_dir = tmp_path / "data"
    stored_article(data_dir)
    with read_only_folder(data_dir):
        asked = run_bot("ask", "kvantedatamaskin Trondheim", "--json", NYHETSBOT_DATA_DIR=str(data_dir))
        console = run_bot("console", stdin="kvantedatamaskin\n", NYHETSBOT_DATA_DIR=str(data_dir))
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["excerpts"][0]["article_id"] == "feed-1"
    assert console.returncode == 2 and "Traceback" not in console.stderr  # the console may refresh: it must write
    (line,) = console.stderr.strip().splitlines()
    assert line.startswith(f"nyhetsbot: error: cannot open or write {data_dir / 'nyhetsbot.sqlite3'}")


def test_ask_without_any_stored_article_creates_nothing(tmp_path: Path):
    data_dir = tmp_path / "data"
    result = run_bot("ask", "Irak", NYHETSBOT_DATA_DIR=str(data_dir))
    assert result.returncode == 0 and not data_dir.exists()


@pytest.mark.parametrize("state", ["corrupt", "truncated", "newer", "folder", "data_dir_is_a_file"])
def test_a_bad_database_is_one_line_and_exit_2(tmp_path: Path, state: str):
    import sqlite3

    data_dir = tmp_path / "data"
    path = data_dir / "nyhetsbot.sqlite3"
    if state == "data_dir_is_a_file":
        data_dir.write_text("x")
    elif state == "folder":
        path.mkdir(parents=True)
    else:
        stored_article(data_dir)
        if state == "corrupt":
            path.write_bytes(b"\x00garbage" * 512)
        elif state == "truncated":
            path.write_bytes(path.read_bytes()[:1500])
        else:
            connection = sqlite3.connect(path)
            connection.execute("PRAGMA user_version = 99")
            connection.close()
    for command in (["ask", "Irak"], ["refresh"]):
        result = run_bot(*command, NYHETSBOT_DATA_DIR=str(data_dir), NYHETSBOT_FEEDS="https://avis.example/rss")
        assert result.returncode == 2, (state, command, result.stderr)
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("nyhetsbot: error: ") and (str(path) in line or str(data_dir) in line), line


def test_a_feed_servers_words_are_terminal_safe_in_the_refresh_report():
    from bot.cli import describe_refresh
    from bot.refresh import FeedReport, RefreshReport

    report = RefreshReport([FeedReport("https://avis.example/rss", 0, "HTTP 500 \x1b]0;eid\x07Oops\x1b[2J")], [])
    assert describe_refresh(report, "en") == "https://avis.example/rss: failed (HTTP 500 Oops); retrying next round"


def test_undecodable_bytes_in_a_question_are_dropped_not_echoed(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, str(REPO / "run_bot.py"), "ask", "--json", b"Irak\xff"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "NYHETSBOT_CACHE_DIR": str(tmp_path), "NYHETSBOT_DATA_DIR": ""},
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.decode("utf-8"))
    assert answer["question"] == "Irak" and answer["answered"] is True


def test_ask_json_says_how_a_year_was_read(tmp_path: Path):
    result = run_bot("ask", "Hvor mange soldater sendte Nato i 2018?", "--json", cache=tmp_path)
    answer = json.loads(result.stdout)
    assert answer["answered"] is True and answer["answer"]["text"] == "500"
    assert answer["notes"] == ["Jeg har ingen artikler fra 2018; jeg søkte etter «2018» i teksten."]


def test_eval_scores_any_question_file_and_names_a_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        json.dumps({"id": 1, "title": "Snøstorm", "text": "Snøstorm\nSnøstormen stengte E6 over Dovrefjell natt til fredag."}) + "\n",
        encoding="utf-8",
    )
    questions = tmp_path / "nynorsk.jsonl"
    questions.write_text(json.dumps({"question": "Kva stengde snøstormen over Dovrefjell?"}) + "\n", encoding="utf-8")
    unanswerable = tmp_path / "unanswerable.jsonl"
    unanswerable.write_text(json.dumps({"question": "Kven vann Tour de France?", "split": "heldout"}) + "\n", encoding="utf-8")
    assert main(["eval", "--articles", str(articles), "--questions", str(questions), "--unanswerable", str(unanswerable)]) == 0
    header, values = capsys.readouterr().out.strip().splitlines()[-2:]
    assert dict(zip(header.split(), values.split())) == {
        "answered": "100.0", "false_answers": "0.0", "false_answers_heldout": "0.0", "questions": "1", "unanswerable": "1"
    }
    unanswerable.write_text('{"question": "Kven vann?"}\n{"spørsmål": "Kva?"}\n', encoding="utf-8")
    result = run_bot("eval", "--articles", str(articles), "--questions", str(questions), "--unanswerable", str(unanswerable))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"nyhetsbot: error: {unanswerable}:2: not a question line ('question')"


def test_the_console_shows_a_two_part_quote_joined_by_an_ellipsis(tmp_path: Path):
    from tests.conftest import BRIDGE_QUESTION, bridge_corpus

    corpus = bridge_corpus(tmp_path / "corpus")
    result = run_bot("console", "--corpus", str(corpus), stdin=f"{BRIDGE_QUESTION}\n", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    quote = next(line for line in result.stdout.split("\n\n") if line.startswith("[1] «"))
    assert quote.startswith("[1] «Ny bru over *Tresfjorden*\nDen nye *brua* over *Tresfjorden* ble åpnet lørdag")
    assert " … *Prislappen* endte på 410 millioner kroner, langt over det opprinnelige anslaget.»" in quote
