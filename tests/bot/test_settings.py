from pathlib import Path

import pytest

from bot.settings import DEFAULT_CONFIG, Settings, SettingsError, load_settings
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


@pytest.mark.parametrize(("language", "interface"), [("english", "en"), ("norwegian", "nb")])
def test_language_alone_sets_the_reply_language(language: str, interface: str):
    assert load_settings(environ={"NYHETSBOT_LANGUAGE": language}).interface_language == interface
    explicit = {"NYHETSBOT_LANGUAGE": language, "NYHETSBOT_INTERFACE_LANGUAGE": "nb"}
    assert load_settings(environ=explicit).interface_language == "nb"


def test_conversation_bounds_come_from_the_settings():
    settings = load_settings(environ={"NYHETSBOT_CONVERSATION_TURNS": "3", "NYHETSBOT_CONVERSATION_MINUTES": "10"})
    assert settings.conversation_turns == 3 and settings.conversation_minutes == 10
