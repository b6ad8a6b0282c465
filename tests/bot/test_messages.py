from bot.messages import ENGLISH, NORWEGIAN, format_date, interface_language
from retrieval.news.article import ArticleDate, Precision


def test_dates_are_written_as_people_write_them():
    month = ArticleDate(2020, 2, precision=Precision.MONTH)
    assert format_date(month, NORWEGIAN) == "februar 2020"
    assert format_date(month, ENGLISH) == "February 2020"
    assert format_date(ArticleDate(2020, 3, 12), NORWEGIAN) == "12. mars 2020"
    assert format_date(ArticleDate(2020, 3, 12), ENGLISH) == "12 March 2020"
    assert format_date(ArticleDate(2019, precision=Precision.YEAR), NORWEGIAN) == "2019"


def test_user_language_codes_map_to_interface_languages():
    assert [interface_language(c, NORWEGIAN) for c in ("nb", "nn", "no", "nb-NO")] == [NORWEGIAN] * 4
    assert [interface_language(c, NORWEGIAN) for c in ("en", "de", "sv")] == [ENGLISH] * 3
    assert interface_language(None, ENGLISH) == ENGLISH
