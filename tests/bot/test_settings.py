from pathlib import Path

import pytest

from bot.library import index_settings
from bot.settings import DEFAULT_CONFIG, Settings, SettingsError, load_settings
from retrieval.index.language_settings import settings_for_language
from retrieval.index.passage_index import IndexSettings
from tests.conftest import SEEDS


def test_default_file_points_at_the_seeds():
    settings = load_settings(environ={})
    assert settings.corpus == SEEDS
    assert settings.language == "norwegian" and settings.results == 3


def test_environment_overrides_the_file(tmp_path: Path):
    env = {"NYHETSBOT_CORPUS": str(tmp_path), "NYHETSBOT_RESULTS": "5", "NYHETSBOT_CACHE_DIR": "", "NYHETSBOT_MIN_SCORE": "0.25"}
    settings = load_settings(environ=env)
    assert settings.corpus == tmp_path and settings.results == 5 and settings.min_score == 0.25
    assert settings.cache_dir is None


def test_config_file_paths_are_relative_to_the_file(tmp_path: Path):
    config = tmp_path / "mine.toml"
    config.write_text('corpus = "news"\nresults = 2\n')
    settings = load_settings(config, environ={})
    assert settings.corpus == tmp_path / "news" and settings.results == 2


def test_token_comes_from_the_conventional_variable_and_is_not_in_repr():
    settings = load_settings(environ={"TELEGRAM_BOT_TOKEN": "123:secret"})
    assert settings.telegram_token == "123:secret"
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    ("content", "message"),
    [("results = 'many'", "results"), ("colour = 'blue'", "unknown setting"), ("results = [", "not valid TOML")],
)
def test_bad_settings_files_are_clear_errors(tmp_path: Path, content: str, message: str):
    config = tmp_path / "bad.toml"
    config.write_text(content)
    with pytest.raises(SettingsError, match=message):
        load_settings(config, environ={})


def test_bad_environment_value_names_the_setting():
    with pytest.raises(SettingsError, match="results"):
        load_settings(environ={"NYHETSBOT_RESULTS": "lots"})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().results = 4  # type: ignore[misc]


def test_default_file_exists_and_lists_every_setting():
    text = DEFAULT_CONFIG.read_text()
    missing = [name for name in Settings.__dataclass_fields__ if name not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("NYHETSBOT_LANGUAGE", "swedish", r"NYHETSBOT_LANGUAGE: unknown language 'swedish'; known: .*english.*norwegian"),
        ("NYHETSBOT_RESULTS", "0", "NYHETSBOT_RESULTS: results must be at least 1, not 0"),
        ("NYHETSBOT_RESULTS", "-2", "NYHETSBOT_RESULTS: results must be at least 1, not -2"),
        ("NYHETSBOT_PASSAGE_WORDS", "0", "NYHETSBOT_PASSAGE_WORDS: passage_words must be at least 1"),
        ("NYHETSBOT_INTERFACE_LANGUAGE", "de", "NYHETSBOT_INTERFACE_LANGUAGE: unknown interface language 'de'; known: nb, en"),
        ("NYHETSBOT_MIN_COVERAGE", "nan", "min_coverage must be between 0 and 1"),
        ("NYHETSBOT_MIN_CONFIDENCE", "1.5", "min_confidence must be between 0 and 1"),
        ("NYHETSBOT_RESULTS", "lots", "NYHETSBOT_RESULTS: bad value for results: expected a whole number, got 'lots'"),
        ("TELEGRAM_BOT_TOKEN", "", None),
    ],
)
def test_unusable_values_are_one_line_naming_the_variable(variable: str, value: str, expected: str | None):
    if expected is None:  # an empty optional value is simply unset
        assert load_settings(environ={variable: value}).telegram_token is None
        return
    with pytest.raises(SettingsError, match=expected) as caught:
        load_settings(environ={variable: value})
    assert "\n" not in str(caught.value)


def test_bad_value_in_a_file_names_the_file(tmp_path: Path):
    config = tmp_path / "mine.toml"
    config.write_text("results = 0\n")
    with pytest.raises(SettingsError, match=f"settings file {config}: results must be at least 1"):
        load_settings(config, environ={})


def test_a_misspelt_variable_is_a_warning_with_the_closest_name(caplog: pytest.LogCaptureFixture):
    settings = load_settings(environ={"NYHETSBOT_RESUTLS": "5", "NYHETSBOT_NORQUAD_DIR": "/x", "HOME": "/"})
    assert settings.results == 3  # ignored, but not silently
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == ["unknown environment variable NYHETSBOT_RESUTLS ignored (did you mean NYHETSBOT_RESULTS?)"]


def test_an_unknown_setting_in_a_file_suggests_the_closest(tmp_path: Path):
    config = tmp_path / "mine.toml"
    config.write_text("resutls = 4\n")
    with pytest.raises(SettingsError, match=r"resutls \(did you mean results\?\)"):
        load_settings(config, environ={})


def test_the_language_may_be_given_by_its_code():
    assert load_settings(environ={"NYHETSBOT_LANGUAGE": "en"}).language == "en"


@pytest.mark.parametrize(("language", "interface"), [("english", "en"), ("norwegian", "nb")])
def test_language_alone_sets_the_reply_language(language: str, interface: str):
    assert load_settings(environ={"NYHETSBOT_LANGUAGE": language}).interface_language == interface
    explicit = {"NYHETSBOT_LANGUAGE": language, "NYHETSBOT_INTERFACE_LANGUAGE": "nb"}
    assert load_settings(environ=explicit).interface_language == "nb"


def test_conversation_bounds_come_from_the_settings():
    settings = load_settings(environ={"NYHETSBOT_CONVERSATION_TURNS": "3", "NYHETSBOT_CONVERSATION_MINUTES": "10"})
    assert settings.conversation_turns == 3 and settings.conversation_minutes == 10


def test_english_news_is_indexed_with_the_english_profiles_settings():
    assert index_settings(Settings(language="english", passage_words=60)) == settings_for_language("english", 60)
    assert index_settings(Settings(language="english")).analyzer.stem_passes == 1
    assert index_settings(Settings()) == IndexSettings()
