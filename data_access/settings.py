"""One settings object, read from the environment and `.streamlit/secrets.toml` on demand.

Every setting is declared once, in SETTINGS, with what a usable value is (a number's range
too): `settings_problems` checks them all there, for the app's settings screen, `streetdash
settings` and `streetdash check` alike, so no value the app cannot use gets past it (an idle
timeout of 99999999999999 minutes overflowed the first timedelta after sign-in).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from data_access.characters import echo
from metrics.thresholds import Thresholds

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"

INT, NUMBER, LANGUAGE, TIMEZONE = "int", "number", "language", "timezone"
DATABASE_URL = "database_url"
MAX_DAYS = 3650  # ten years: further back than any record a street office keeps here


@dataclass(frozen=True)
class Setting:
    """One setting: its default (as the README writes it), its help, and what a usable value is
    (`kind`; for a number its least and greatest value)."""

    default: str
    help: str
    kind: str
    minimum: int | float | None = None
    maximum: int | float | None = None


def _days(default: str, help_text: str) -> Setting:
    return Setting(default, help_text, INT, 1, MAX_DAYS)


# The README documents each one; a test keeps the two in step.
SETTINGS: dict[str, Setting] = {
    "STREETDASH_DATABASE_URL": Setting(
        f"sqlite:///{PROJECT_ROOT / 'data' / 'streetdash.db'}",
        "SQLAlchemy URL of the database; postgresql+psycopg://user:pass@host/db for PostgreSQL",
        DATABASE_URL,
    ),
    "STREETDASH_TIMEZONE": Setting(
        "Asia/Shanghai", "Time zone that decides today's date and the last complete week", TIMEZONE
    ),
    "STREETDASH_LANGUAGE": Setting("zh", "Default UI language: zh (简体中文) or en", LANGUAGE),
    "STREETDASH_OVERDUE_DAYS": _days("30", "A dispute open longer than this many days is overdue"),
    "STREETDASH_INACTIVE_DAYS": _days(
        "90", "An organisation with no activity in this many days is inactive"
    ),
    "STREETDASH_STALLED_DAYS": _days(
        "60", "Consensus not implemented this many days after the meeting is stalled"
    ),
    "STREETDASH_NO_CONSULTATION_DAYS": _days(
        "28", "A community with no consultation in this many days is flagged"
    ),
    "STREETDASH_SURGE_MIN_NEW": Setting(
        "3", "Fewest new disputes in a window that can count as a surge", INT, 1, 10_000
    ),
    "STREETDASH_SURGE_FACTOR": Setting(
        "2", "A surge is at least this many times the 8-window baseline", NUMBER, 1, 100
    ),
    "STREETDASH_IDLE_MINUTES": Setting(
        "30", "A signed-in session idle for this many minutes is signed out", INT, 1, 24 * 60
    ),
}
THRESHOLD_NAMES = {
    "STREETDASH_OVERDUE_DAYS": "overdue_days",
    "STREETDASH_INACTIVE_DAYS": "inactive_days",
    "STREETDASH_STALLED_DAYS": "stalled_days",
    "STREETDASH_NO_CONSULTATION_DAYS": "no_consultation_days",
    "STREETDASH_SURGE_MIN_NEW": "surge_min_new",
    "STREETDASH_SURGE_FACTOR": "surge_factor",
}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with `get_settings()`, never at import time."""

    database_url: str
    timezone: str
    language: str
    thresholds: Thresholds
    idle_minutes: int = 30


def _read_secrets(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _value(name: str, secrets: dict[str, Any]) -> str:
    if name in os.environ and os.environ[name] != "":
        return os.environ[name]
    if name in secrets:
        return str(secrets[name])
    return SETTINGS[name].default


EXPECTED = {
    "int_range": "a whole number from {minimum} to {maximum}",
    "number_range": "a number from {minimum} to {maximum}",
    "language": "zh or en",
    "timezone": "a time zone name such as Asia/Shanghai",
    "database_url": "a SQLAlchemy URL such as sqlite:///data/streetdash.db or "
    "postgresql+psycopg://user:password@host/db",
    "toml": "valid TOML (see .streamlit/secrets.toml.example)",
}
_WHOLE = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")
_PASSWORD = re.compile(r"(://[^:/@]*:).*@")  # to the last @: over-masking is safe


@dataclass(frozen=True)
class SettingProblem:
    """A setting whose value cannot be used: its name, the value found, and what it must be.

    `expected` is a key of EXPECTED (English, for the CLI and logs) and, prefixed with
    `settings_expected_`, of the UI strings; `params` fill both in (a range's ends). The value
    is shown as `shown_value` makes it: no password, at most 50 characters.
    """

    name: str
    value: str
    expected: str
    params: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        expected = EXPECTED[self.expected].format(**self.params)
        return f"{self.name} must be {expected}, got {self.value!r}"


def number_text(number: float) -> str:
    """A number as a person writes it: 2, not 2.0; 1.5."""
    return str(int(number)) if float(number).is_integer() else str(number)


def parse_number(setting: Setting, raw: str) -> int | float | None:
    """The value of a numeric setting written as digits (1.5 where a fraction is allowed) and
    within its range, or None."""
    text = raw.strip()
    if setting.kind == INT and _WHOLE.fullmatch(text):
        number: int | float = int(text)
    elif setting.kind == NUMBER and _DECIMAL.fullmatch(text):
        number = float(text)
    else:
        return None
    assert setting.minimum is not None and setting.maximum is not None
    return number if setting.minimum <= number <= setting.maximum else None


def shown_value(name: str, raw: str) -> str:
    """A setting's value as a problem repeats it: no password, at most 50 characters."""
    if SETTINGS[name].kind == DATABASE_URL:
        try:
            raw = make_url(raw).render_as_string(hide_password=True)
        except (ArgumentError, ValueError):
            raw = _PASSWORD.sub(r"\1***@", raw)
    return echo(raw)


def _secrets_or_problem(path: Path) -> tuple[dict[str, Any], list[SettingProblem]]:
    try:
        return _read_secrets(path), []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, [SettingProblem(str(path), str(error), "toml")]


def _usable(setting: Setting, raw: str) -> bool:
    if setting.kind in (INT, NUMBER):
        return parse_number(setting, raw) is not None
    if setting.kind == LANGUAGE:
        return raw in ("zh", "en")
    if setting.kind == TIMEZONE:
        try:
            ZoneInfo(raw)
        except (ValueError, OSError, ZoneInfoNotFoundError):  # OSError: a name too long for a path
            return False
        return True
    try:
        make_url(raw).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):
        return False
    return True


def setting_problem(name: str, raw: str) -> SettingProblem | None:
    """What is wrong with `raw` as the value of setting `name`, or None when it is usable."""
    setting = SETTINGS[name]
    if _usable(setting, raw):
        return None
    if setting.kind in (INT, NUMBER):
        assert setting.minimum is not None and setting.maximum is not None
        limits = {"minimum": number_text(setting.minimum), "maximum": number_text(setting.maximum)}
        return SettingProblem(name, shown_value(name, raw), f"{setting.kind}_range", limits)
    return SettingProblem(name, shown_value(name, raw), setting.kind)


def settings_problems(secrets_file: Path = SECRETS_FILE) -> list[SettingProblem]:
    """Every setting whose value cannot be used (empty when all are fine), with what to fix."""
    secrets, problems = _secrets_or_problem(secrets_file)
    for name in SETTINGS:
        problem = setting_problem(name, _value(name, secrets))
        if problem is not None:
            problems.append(problem)
    return problems


def configured_language(secrets_file: Path = SECRETS_FILE) -> str:
    """The UI language setting when it is valid, else zh: for messages about broken settings."""
    secrets, _ = _secrets_or_problem(secrets_file)
    language = _value("STREETDASH_LANGUAGE", secrets)
    return language if language in ("zh", "en") else "zh"


def load_settings(secrets_file: Path = SECRETS_FILE) -> Settings:
    """Read every setting now (environment first, then secrets.toml, then the default).

    Raises ValueError naming every malformed setting and what it must be.
    """
    problems = settings_problems(secrets_file)
    if problems:
        raise ValueError("; ".join(str(problem) for problem in problems))
    secrets = _read_secrets(secrets_file)

    def number(name: str) -> Any:
        return parse_number(SETTINGS[name], _value(name, secrets))

    thresholds = Thresholds(
        **{attribute: number(name) for name, attribute in THRESHOLD_NAMES.items()}
    )
    return Settings(
        database_url=_value("STREETDASH_DATABASE_URL", secrets),
        timezone=_value("STREETDASH_TIMEZONE", secrets),
        language=_value("STREETDASH_LANGUAGE", secrets),
        thresholds=thresholds,
        idle_minutes=number("STREETDASH_IDLE_MINUTES"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once on first use."""
    return load_settings()


def settings_table(settings: Settings) -> list[dict[str, str]]:
    """Every setting with its current value and help, for the admin page and `streetdash settings`."""
    current = {
        "STREETDASH_DATABASE_URL": _mask_password(settings.database_url),
        "STREETDASH_TIMEZONE": settings.timezone,
        "STREETDASH_LANGUAGE": settings.language,
        "STREETDASH_IDLE_MINUTES": number_text(settings.idle_minutes),
    }
    thresholds = {item.name: getattr(settings.thresholds, item.name) for item in fields(Thresholds)}
    for name, attribute in THRESHOLD_NAMES.items():
        current[name] = number_text(thresholds[attribute])
    return [
        {"name": name, "value": current[name], "default": setting.default, "help": setting.help}
        for name, setting in SETTINGS.items()
    ]


def _mask_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
