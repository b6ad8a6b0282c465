"""How the English benchmark reads RealTime QA files: written here, never the real data."""

import json
from pathlib import Path

import pytest

from benchmarks.english import DataError, load_set, main, scores, QuizQuestion
from retrieval.news.article import ArticleDate


def _line(qid: str, date: str, question: str, evidence: str, answer: str = "1") -> str:
    return json.dumps({
        "question_id": qid, "question_date": date, "question_source": "CNN", "question_url": "https://example.com/quiz",
        "question_sentence": question, "choices": ["Iran", "Iraq", "Syria", "Jordan"], "answer": [answer], "evidence": evidence,
    })


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    week = tmp_path / "past" / "2023"
    week.mkdir(parents=True)
    evidence = 'Protesters tried to storm the <a href="https://example.com/x"><u>US embassy</u></a> in Baghdad&nbsp;on Tuesday.'
    (week / "20231229_qa.jsonl").write_text("\n".join([
        _line("20231229_0", "2023/12/29", "A US embassy in what country was attacked?", evidence),
        _line("20231229_1", "2023/12/29", "Where did protesters storm an embassy?", evidence),
        _line("20231229_2", "2023/12/29", "Which country has no evidence?", ""),
    ]) + "\n", encoding="utf-8")
    # the next week's file repeats a question; a later file dates with dashes
    (week / "20240105_qa.jsonl").write_text(
        _line("20231229_0", "2023/12/29", "A US embassy in what country was attacked?", evidence) + "\n"
        + _line("20240105_0", "2024-01-05", "Which country's capital is Amman?", "Amman is the capital of Jordan.", "3") + "\n",
        encoding="utf-8",
    )
    (week / "20231229_qa_nota.jsonl").write_text(_line("x", "2023/12/29", "Not this file?", "Nothing."), encoding="utf-8")
    return tmp_path


def test_html_is_stripped_and_each_paragraph_and_question_counts_once(folder: Path):
    articles, questions = load_set(folder)
    assert [a.text for a in articles] == [
        "Protesters tried to storm the US embassy in Baghdad on Tuesday.",
        "Amman is the capital of Jordan.",
    ]
    assert articles[0].headline == "" and articles[0].source == "CNN" and articles[0].date == ArticleDate(2023, 12, 29)
    assert [(q.document_id, q.choice, q.held_out) for q in questions] == [
        (articles[0].id, "Iraq", False), (articles[0].id, "Iraq", False), (articles[1].id, "Jordan", True),
    ]


def test_scores_judge_the_paragraph_and_the_choice():
    question = QuizQuestion("q", "b", "Iraq", ArticleDate(2023, 1, 1))
    assert scores(["a", "a", "b"], "Storm in IRAQ", question) == [0.0, 1.0, 1 / 3, 1.0]
    assert scores([], None, question) == [0.0, 0.0, 0.0, 0.0]


def test_a_missing_folder_says_where_to_get_the_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(DataError) as stopped:
        main(["--data", str(tmp_path / "absent")])
    assert stopped.value.code == 2
    assert "realtimeqa_public" in capsys.readouterr().err
    with pytest.raises(DataError):
        load_set(tmp_path)
    assert "clone the public repository" in capsys.readouterr().err


def test_the_benchmark_runs_on_a_tiny_set(folder: Path, capsys: pytest.CaptureFixture[str]):
    # The peers are the bench extra's packages, which the test install leaves out.
    main(["--data", str(folder), "--json", "--no-peers"])
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"tuning (before 2024)", "held-out (2024 on)"}
    tuning = report["tuning (before 2024)"]
    assert tuning["questions"] == 2
    assert set(tuning["systems"]) == {"nyhetsbot"} and tuning["margin"] is None
    assert tuning["systems"]["nyhetsbot"]["ans@1"] == 100.0
