import json

import pytest

from retrieval.evaluation import Question, QuestionFileError, Scoreboard, evaluate, load_questions
from retrieval.index.passage_index import IndexSettings
from retrieval.ranking.confidence import AnswerBars


def test_scoreboard_counts_answers_documents_and_excerpts():
    board = Scoreboard()
    question = Question("q", "a", ("30 Gullplater",))
    board.add_ranking(question, [("b", "30 gullplater"), ("a", "ingen"), ("a", "hun har 30\ngullplater")], 1.0)
    board.add_excerpt(question, "Hun har 30  gullplater.")
    report = board.report()
    assert report["ans@1"] == 0.0 and report["ans@3"] == 100.0
    assert report["doc@1"] == 0.0 and report["doc@5"] == 100.0
    assert report["MRR@10"] == round(100 / 3, 1)
    assert report["excerpt@1"] == 100.0
    assert report["questions"] == 1


def test_evaluate_returns_every_metric(articles):
    questions = [Question("Hvor mange gullplater har Zara Larsson?", "larsson", ("30",))]
    report = evaluate(articles, questions, IndexSettings())
    assert set(report) >= {"ans@1", "ans@3", "ans@5", "doc@1", "doc@5", "MRR@10", "excerpt@1", "p50_ms", "p95_ms", "questions"}
    assert report["ans@1"] == 100.0 and report["excerpt@1"] == 100.0


def test_question_files_need_only_the_question(tmp_path):
    path = tmp_path / "questions.jsonl"
    lines = [
        {"question": "Hvor høyt er Kilimanjaro?", "split": "tune"},
        {"question": "Hvor mange gullplater har Zara Larsson?", "document_id": 7, "answers": ["30"]},
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\n", encoding="utf-8")
    first, second = load_questions(path)
    assert first == Question("Hvor høyt er Kilimanjaro?", "", (), "tune") and not first.has_gold
    assert second == Question("Hvor mange gullplater har Zara Larsson?", "7", ("30",)) and second.has_gold


@pytest.mark.parametrize("line", ['{"question": ""}', '{"text": "Hvem?"}', "[1, 2]", "{broken"])
def test_a_bad_question_line_names_the_file_and_line(tmp_path, line: str):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"question": "Hvem vant?"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=f"{path}:2: not a question line"):
        load_questions(path)


def test_evaluate_counts_answered_and_false_answers_by_split(articles):
    questions = [Question("Hvor mange gullplater har Zara Larsson?", "larsson", ("30",)), Question("Hvem møtte Erna Solberg i Tromsø?")]
    unanswerable = [
        Question("Hvor mange gullplater har Zara Larsson?", split="tune"),  # answered, so a false answer here
        Question("Hvor mange innbyggere har Lagos?", split="tune"),
        Question("Hvem oppfant telefonen?", split="heldout"),
    ]
    report = evaluate(articles, questions, IndexSettings(), bars=AnswerBars(0.3, 0.3, 0.05), unanswerable=unanswerable)
    assert report["answered"] == 100.0 and report["questions"] == 2
    assert report["false_answers"] == round(100 / 3, 1) and report["unanswerable"] == 3
    assert report["false_answers_tune"] == 50.0 and report["false_answers_heldout"] == 0.0
    assert report["ans@1"] == 100.0  # only the question with a gold answer is ranked


def test_a_question_file_without_gold_answers_reports_what_is_answered(articles):
    report = evaluate(articles, [Question("Hvem oppfant telefonen?"), Question("Kva sa Erna Solberg i Tromsø?")], IndexSettings())
    assert report == {"answered": 50.0, "questions": 2}
