from retrieval.news.article import Article
from retrieval.news.loaders import load_text_file
from retrieval.news.passages import photo_credits, split_article, split_passages
from tests.conftest import SEED_FILE


def test_lines_are_grouped_up_to_the_word_limit():
    text = "en to tre\n\nfire fem\nseks sju åtte ni\n"
    assert [text[s:e] for s, e in split_article(text, max_words=5)] == ["en to tre\n\nfire fem", "seks sju åtte ni"]


def test_a_long_line_is_its_own_passage():
    long_line = " ".join(["ord"] * 12)
    text = f"kort\n{long_line}\nslutt"
    assert [text[s:e] for s, e in split_article(text, max_words=10)] == ["kort", long_line, "slutt"]


def test_passages_are_exact_slices_of_the_article():
    article = load_text_file(SEED_FILE)
    passages = split_passages([article], max_words=80)
    assert len(passages) > 3
    covered = " ".join(article.text[p.start : p.end] for p in passages)
    assert covered.split() == article.text.split()  # nothing lost, nothing invented
    for passage in passages:
        chunk = article.text[passage.start : passage.end]
        assert chunk == chunk.strip() and len(chunk.split()) <= 80


def credits(text: str) -> list[str]:
    return [text[a:b] for a, b in photo_credits(text, 0, len(text))]


def test_photo_credits_are_recognised_without_the_caption_before_them():
    assert credits("Jens Stoltenberg i Brussel. Foto: Virginia Mayo / AP / NTB scanpix") == [
        "Foto: Virginia Mayo / AP / NTB scanpix"
    ]
    assert credits("FOTO: NTB") == ["FOTO: NTB"]
    assert credits("Fotografen var til stede.") == []


def test_a_bracketed_credit_ends_at_its_bracket_and_a_plain_one_at_the_line_end():
    text = "Lam i Hongkong. (Foto: Per Hansen) Demonstranter i lufthavnen. Foto: AP\nNeste linje."
    assert credits(text) == ["(Foto: Per Hansen)", "Foto: AP"]


def test_every_article_gets_its_passages_in_order():
    articles = [Article("a", "A", "en\nto"), Article("b", "B", "tre")]
    assert [(p.article, p.start, p.end) for p in split_passages(articles, 80)] == [(0, 0, 5), (1, 0, 3)]
