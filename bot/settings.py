"""One frozen settings object, built once from the settings file and the environment.

Precedence, lowest first: the defaults below, ``config/default.toml`` (or the file given
with ``--config``), then environment variables ``NYHETSBOT_<NAME>`` (``NYHETSBOT_CORPUS``,
``NYHETSBOT_CACHE_DIR`` …). A few Telegram settings also answer to the names people
already use for them (``TELEGRAM_BOT_TOKEN``). Relative paths in a settings file are
relative to that file; relative paths from the environment are relative to the
working directory.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "default.toml"
ENV_PREFIX = "NYHETSBOT_"

# Settings that may also come from a conventional variable name.
_ENV_ALIASES = {
    "telegram_token": "TELEGRAM_BOT_TOKEN",
    "telegram_api_base_url": "TELEGRAM_API_BASE_URL",
    "telegram_api_file_url": "TELEGRAM_API_FILE_URL",
}


class SettingsError(ValueError):
    """A settings file or variable that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the bot. See ``config/default.toml`` for what each one does."""

    corpus: Path = PROJECT_ROOT / "seeds"
    cache_dir: Path | None = PROJECT_ROOT / ".cache"
    language: str = "norwegian"
    interface_language: str = ""  # empty: follows `language` (english → en, else nb)
    results: int = 3
    max_per_article: int = 1
    min_score: float = 0.65
    min_coverage: float = 0.5
    passage_words: int = 80
    max_excerpt_chars: int = 400
    max_question_chars: int = 1000
    data_dir: Path | None = PROJECT_ROOT / "data"
    feeds: tuple[str, ...] = ()
    feed_interval_minutes: int = 30
    feed_timeout_seconds: float = 15.0
    feed_max_bytes: int = 5_000_000
    alert_min_score: float = 1.65
    max_topics_per_chat: int = 10
    max_alerts_per_hour: int = 10
    conversation_turns: int = 5
    conversation_minutes: float = 30.0
    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    list_results: int = 8
    list_excerpt_chars: int = 160
    telegram_mode: str = "polling"
    telegram_poll_timeout: int = 30
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = 8443
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = field(default=None, repr=False)
    telegram_concurrent_updates: int = 32
    telegram_user_questions: int = 20
    telegram_user_period: int = 60
    telegram_max_retries: int = 3
    telegram_allowed_chats: tuple[int, ...] = ()
    telegram_admins: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        """Derive the reply language from the corpus language when it is not set: one setting is enough."""
        if not self.interface_language:
            object.__setattr__(self, "interface_language", "en" if self.language.lower() in ("english", "en") else "nb")

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes`` applied (e.g. a ``--corpus`` from the command line)."""
        return dataclasses.replace(self, **changes)


def load_settings(config_path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from ``config_path`` (default ``config/default.toml``) and ``environ``."""
    values: dict[str, object] = {}
    path = config_path or DEFAULT_CONFIG
    if config_path is not None or path.exists():
        values.update(_read_file(path))
    for name, raw in _environment_values(environ if environ is not None else {}).items():
        values[name] = _coerce(name, raw, base=Path.cwd(), source=f"environment variable for {name}")
    return Settings(**values)  # type: ignore[arg-type]


def _fields() -> dict[str, object]:
    hints = typing.get_type_hints(Settings)
    return {f.name: hints[f.name] for f in dataclasses.fields(Settings)}


def _read_file(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError as error:
        raise SettingsError(f"settings file not found: {path}") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"settings file {path} is not valid TOML: {error}") from error
    known = _fields()
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise SettingsError(f"unknown setting(s) in {path}: {', '.join(unknown)}")
    return {name: _coerce(name, value, base=path.parent, source=str(path)) for name, value in raw.items()}


def _environment_values(environ: Mapping[str, str]) -> dict[str, str]:
    found = {}
    for name in _fields():
        for variable in (_ENV_ALIASES.get(name), ENV_PREFIX + name.upper()):
            if variable and variable in environ:
                found[name] = environ[variable]
    return found


def _coerce(name: str, value: object, base: Path, source: str) -> object:
    """Convert a file or environment value to the field's type, or explain why not."""
    wanted = _fields()[name]
    optional = isinstance(wanted, types.UnionType) and type(None) in typing.get_args(wanted)
    if optional:
        if value in ("", None):
            return None
        wanted = next(a for a in typing.get_args(wanted) if a is not type(None))
    try:
        return _convert(wanted, value, base)
    except (TypeError, ValueError) as error:
        raise SettingsError(f"setting {name!r} from {source}: {error}") from error


def _convert(wanted: object, value: object, base: Path) -> object:
    origin = typing.get_origin(wanted)
    if origin is tuple:
        (item_type, _) = typing.get_args(wanted)
        items = [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise TypeError(f"expected a list, got {value!r}")
        return tuple(_convert(item_type, item, base) for item in items)
    if wanted is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"expected true or false, got {value!r}")
    if wanted is Path:
        if not isinstance(value, str):
            raise TypeError(f"expected a path, got {value!r}")
        path = Path(value).expanduser()
        return path if path.is_absolute() else (base / path).resolve()
    if wanted in (int, float):
        if isinstance(value, bool):
            raise TypeError(f"expected a number, got {value!r}")
        return wanted(value)  # type: ignore[operator]
    if wanted is str:
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {value!r}")
        return value
    raise TypeError(f"unsupported setting type {wanted!r}")
