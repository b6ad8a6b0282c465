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
import difflib
import functools
import logging
import math
import tomllib
import types
import typing
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot import messages
from retrieval.text.language import language_profile

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "default.toml"
ENV_PREFIX = "NYHETSBOT_"

# Settings that may also come from a conventional variable name.
_ENV_ALIASES = {
    "telegram_token": "TELEGRAM_BOT_TOKEN",
    "telegram_api_base_url": "TELEGRAM_API_BASE_URL",
    "telegram_api_file_url": "TELEGRAM_API_FILE_URL",
}
# NYHETSBOT_ variables that are not settings, so not misspellings of one.
_OTHER_VARIABLES = frozenset({"NYHETSBOT_NORQUAD_DIR"})

# The smallest value each number setting can work with; anything lower is refused with a
# message instead of surfacing later as an empty answer or a crash in the middle of a chat.
_MINIMUMS: dict[str, float] = {
    "results": 1,
    "max_per_article": 1,
    "min_score": 0,
    "min_coverage": 0,
    "min_confidence": 0,
    "judged_min_score": 0,
    "passage_words": 1,
    "max_excerpt_chars": 1,
    "max_question_chars": 1,
    "feed_interval_minutes": 1,
    "feed_timeout_seconds": 0.1,
    "feed_max_bytes": 1,
    "alert_min_score": 0,
    "max_topics_per_chat": 1,
    "max_alerts_per_hour": 1,
    "list_results": 1,
    "list_excerpt_chars": 1,
    "telegram_poll_timeout": 0,
    "telegram_webhook_port": 1,
    "telegram_concurrent_updates": 1,
    "telegram_user_questions": 1,
    "telegram_user_period": 1,
    "telegram_max_retries": 0,
}
_MAXIMUMS: dict[str, float] = {"min_coverage": 1, "min_confidence": 1, "alert_min_score": 1, "telegram_webhook_port": 65535}


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
    min_coverage: float = 0.3
    min_confidence: float = 0.15
    judged_min_score: float = 0.3
    passage_words: int = 80
    max_excerpt_chars: int = 400
    max_question_chars: int = 1000
    data_dir: Path | None = PROJECT_ROOT / "data"
    feeds: tuple[str, ...] = ()
    feed_interval_minutes: int = 30
    feed_timeout_seconds: float = 15.0
    feed_max_bytes: int = 5_000_000
    alert_min_score: float = 0.7
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
    log_personal_data: bool = False

    def __post_init__(self) -> None:
        """Derive the reply language from the corpus language when it is not set: one setting is enough."""
        if not self.interface_language:
            object.__setattr__(self, "interface_language", "en" if self.language.lower() in ("english", "en") else "nb")

    @property
    def question_min_score(self) -> float:
        """The passage score a question's first answer needs.

        With the answer judge on, the judge weighs the score among its other signs, so
        a question needs only ``judged_min_score``; without it, ``min_score`` decides alone.
        """
        return min(self.min_score, self.judged_min_score) if self.min_confidence > 0 else self.min_score

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes`` applied (e.g. a ``--corpus`` from the command line)."""
        return dataclasses.replace(self, **changes)


def load_settings(config_path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from ``config_path`` (default ``config/default.toml``) and ``environ``.

    Raises :class:`SettingsError` naming the file or the variable, as the user wrote
    it, when a value cannot be used; an unknown ``NYHETSBOT_`` variable (most often a
    misspelt one) is logged as a warning with the nearest known name.
    """
    environ = environ if environ is not None else {}
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    path = config_path or DEFAULT_CONFIG
    if config_path is not None or path.exists():
        values.update(_read_file(path))
        sources.update(dict.fromkeys(values, f"settings file {path}"))
    for name, (variable, raw) in _environment_values(environ).items():
        source = f"environment variable {variable}"
        values[name] = _coerce(name, raw, base=Path.cwd(), source=source)
        sources[name] = source
    _warn_unknown_variables(environ)
    settings = Settings(**values)  # type: ignore[arg-type]
    _validate(settings, sources)
    return settings


@functools.cache
def _fields() -> Mapping[str, object]:
    """Each setting's name and type, worked out once: resolving the type hints for every value read took 25 ms of each start."""
    hints = typing.get_type_hints(Settings)
    return types.MappingProxyType({f.name: hints[f.name] for f in dataclasses.fields(Settings)})


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
        described = ", ".join(name + _suggestion(name, known) for name in unknown)
        raise SettingsError(f"unknown setting(s) in {path}: {described}")
    return {name: _coerce(name, value, base=path.parent, source=f"settings file {path}") for name, value in raw.items()}


def _environment_values(environ: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Each setting found in ``environ``, with the variable that gave it and its raw value."""
    found = {}
    for name in _fields():
        for variable in (_ENV_ALIASES.get(name), ENV_PREFIX + name.upper()):
            if variable and variable in environ:
                found[name] = (variable, environ[variable])
    return found


def _known_variables() -> set[str]:
    return {ENV_PREFIX + name.upper() for name in _fields()} | _OTHER_VARIABLES


def _warn_unknown_variables(environ: Mapping[str, str]) -> None:
    """A misspelt ``NYHETSBOT_RESUTLS`` would otherwise be ignored without a word."""
    known = _known_variables()
    for variable in sorted(environ):
        if variable.upper().startswith(ENV_PREFIX) and variable not in known:
            log.warning("unknown environment variable %s ignored%s", variable, _suggestion(variable.upper(), known))


def _suggestion(name: str, known: Collection[str]) -> str:
    """`` (did you mean X?)`` for the closest known name, or nothing when none is close."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def _validate(settings: Settings, sources: Mapping[str, str]) -> None:
    """Refuse values of the right type that the bot still cannot work with."""

    def fail(name: str, problem: str) -> SettingsError:
        return SettingsError(f"{sources.get(name, 'setting ' + name)}: {problem}")

    for name, minimum in _MINIMUMS.items():
        value = getattr(settings, name)
        maximum = _MAXIMUMS.get(name, math.inf)
        if not minimum <= value <= maximum:  # also refuses NaN
            bound = f"between {minimum:g} and {maximum:g}" if name in _MAXIMUMS else f"at least {minimum:g}"
            raise fail(name, f"{name} must be {bound}, not {value!r}")
    try:
        language_profile(settings.language)
    except ValueError as error:
        raise fail("language", str(error)) from None
    if settings.interface_language not in messages.LANGUAGES:
        known = ", ".join(messages.LANGUAGES)
        raise fail("interface_language", f"unknown interface language {settings.interface_language!r}; known: {known}")


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
        raise SettingsError(f"{source}: bad value for {name}: {error}") from error


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
        kind = "a whole number" if wanted is int else "a number"
        if isinstance(value, bool) or (wanted is int and isinstance(value, float) and not value.is_integer()):
            raise TypeError(f"expected {kind}, got {value!r}")
        try:
            return wanted(value)  # type: ignore[operator]
        except ValueError:
            raise ValueError(f"expected {kind}, got {value!r}") from None
    if wanted is str:
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {value!r}")
        return value
    raise TypeError(f"unsupported setting type {wanted!r}")
