from retrieval.evaluation import Question, Scoreboard, evaluate
from retrieval.index.passage_index import IndexSettings


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
