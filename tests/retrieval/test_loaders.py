import json
from pathlib import Path

import pytest

from retrieval.news.article import ArticleDate, Precision
from retrieval.news.loaders import EmptyCorpusError, load_corpus, load_jsonl, load_text_file
from tests.conftest import SEED_FILE


def test_seed_file_gives_headline_month_date_and_body():
    article = load_text_file(SEED_FILE)
    assert article.headline == "Nato enige om å styrke innsatsen i Irak"
    assert article.date == ArticleDate(2020, 2, precision=Precision.MONTH)
    assert article.text.startswith("Natos forsvarsministre er enige")
    assert "ti offiserer" in article.text


def test_plain_text_file_takes_first_line_as_headline(tmp_path: Path):
    path = tmp_path / "plain.txt"
    path.write_text("Overskrift her\n\nFørste avsnitt.\n\nAndre avsnitt.\n", encoding="utf-8")
    article = load_text_file(path)
    assert article.headline == "Overskrift her"
    assert article.date is None
    assert article.text == "Første avsnitt.\n\nAndre avsnitt."


def test_bad_utf8_file_is_a_warning_with_its_line(tmp_path: Path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b" date 2020-01 Tittel\n\nlinje to\n\xff\xfe feil\n")
    warning = load_text_file(path)
    assert warning.path == path and warning.line == 4
    assert "UTF-8" in warning.message


def test_unparseable_seed_date_is_skipped_with_warning(tmp_path: Path):
    path = tmp_path / "bad-date.txt"
    path.write_text(" date 2020-13 Tittel\n\nTekst.\n", encoding="utf-8")
    warning = load_text_file(path)
    assert warning.line == 1 and "date" in warning.message


def test_jsonl_skips_broken_lines_and_keeps_the_rest(tmp_path: Path):
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": 1, "title": "En", "text": "En tekst.", "date": "2020-02-03", "url": "https://e.no/1"}),
        "{not json",
        json.dumps({"id": 2, "title": "To"}),
        json.dumps({"id": 3, "title": "Tre", "text": "Tekst.", "date": "i morgen kanskje"}),
        json.dumps({"id": 4, "text": "Fire\nLinje to.", "source": "NTB"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(load_jsonl(path))
    articles = [i for i in items if not hasattr(i, "message")]
    warnings = [i for i in items if hasattr(i, "message")]
    assert [a.id for a in articles] == ["1", "4"]
    assert articles[0].date == ArticleDate(2020, 2, 3) and articles[0].url == "https://e.no/1"
    assert articles[1].headline == "Fire" and articles[1].source == "NTB"
    assert [(w.line, w.message.split(" ")[0]) for w in warnings] == [(2, "bad"), (3, "missing"), (4, "unparseable")]


def test_folder_is_read_recursively_and_mixes_formats(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(" date 2019 Ett\n\nTekst en.\n", encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(json.dumps({"id": "x", "title": "T", "text": "Tekst."}) + "\n")
    (tmp_path / "broken.txt").write_bytes(b"\xff")
    corpus = load_corpus(tmp_path)
    assert sorted(a.id for a in corpus.articles) == ["a/one", "x"]
    assert [w.path.name for w in corpus.warnings] == ["broken.txt"]


def test_norquad_articles_load_without_warnings(norquad: Path):
    corpus = load_corpus(norquad / "articles.jsonl")
    assert len(corpus.articles) == 403 and corpus.warnings == []


def test_empty_corpus_is_a_clear_error(tmp_path: Path):
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(EmptyCorpusError, match="no articles"):
        load_corpus(tmp_path)
    with pytest.raises(EmptyCorpusError, match="not found"):
        load_corpus(tmp_path / "missing")


@pytest.mark.parametrize(
    ("date_text", "problem"),
    [("0000", "year 0 is out of range"), ("0000-02", "year 0 is out of range"), ("9999", "in the future"), ("2020-02-30", "unparseable")],
)
def test_impossible_dates_are_refused_at_load_naming_file_and_line(tmp_path: Path, date_text: str, problem: str):
    path = tmp_path / "news.jsonl"
    good = {"id": "ok", "title": "Gyldig", "text": "Tekst.", "date": "2020-02"}
    bad = {"id": "bad", "title": "Ugyldig", "text": "Tekst.", "date": date_text}
    path.write_text("\n".join(json.dumps(r) for r in (good, bad)) + "\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["ok"]
    (warning,) = corpus.warnings
    assert str(warning).startswith(f"{path}:2: ") and problem in warning.message and "skipped" in warning.message


def test_impossible_seed_date_names_the_file(tmp_path: Path):
    path = tmp_path / "seed.txt"
    path.write_text(" date 0000-02 Tittel\n\nTekst.\n", encoding="utf-8")
    warning = load_text_file(path)
    assert warning.line == 1 and "year 0" in warning.message


def test_a_date_just_ahead_of_today_is_kept(tmp_path: Path):
    from datetime import date, timedelta

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "T", "text": "Tekst.", "date": tomorrow}) + "\n", encoding="utf-8")
    assert load_corpus(path).articles[0].date.isoformat() == tomorrow


def test_a_byte_order_mark_keeps_the_first_article(tmp_path: Path):
    path = tmp_path / "bom.jsonl"
    lines = [json.dumps({"id": str(i), "title": f"Tittel {i}", "text": "Tekst."}) for i in range(3)]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["0", "1", "2"] and corpus.warnings == []


def test_a_deeply_nested_line_is_skipped_and_the_rest_loads(tmp_path: Path):
    path = tmp_path / "nested.jsonl"
    first = json.dumps({"id": "1", "title": "Først", "text": "Tekst."})
    last = json.dumps({"id": "2", "title": "Sist", "text": "Tekst."})
    path.write_text(f"{first}\n{'[' * 200_000}{']' * 200_000}\n{last}\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert [a.id for a in corpus.articles] == ["1", "2"]
    (warning,) = corpus.warnings
    assert warning.line == 2 and "nested too deeply" in warning.message
