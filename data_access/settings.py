"""One settings object, read from the environment and `.streamlit/secrets.toml` on demand."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from metrics.thresholds import Thresholds

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"

# name -> (default, help). The README documents each one; a test keeps the two in step.
SETTINGS: dict[str, tuple[str, str]] = {
    "STREETDASH_DATABASE_URL": (
        f"sqlite:///{PROJECT_ROOT / 'data' / 'streetdash.db'}",
        "SQLAlchemy URL of the database; postgresql+psycopg://user:pass@host/db for PostgreSQL",
    ),
    "STREETDASH_TIMEZONE": (
        "Asia/Shanghai",
        "Time zone that decides today's date and the last complete week",
    ),
    "STREETDASH_LANGUAGE": ("zh", "Default UI language: zh (简体中文) or en"),
    "STREETDASH_OVERDUE_DAYS": ("30", "A dispute open longer than this many days is overdue"),
    "STREETDASH_INACTIVE_DAYS": (
        "90",
        "An organisation with no activity in this many days is inactive",
    ),
    "STREETDASH_STALLED_DAYS": (
        "60",
        "Consensus not implemented this many days after the meeting is stalled",
    ),
    "STREETDASH_NO_CONSULTATION_DAYS": (
        "28",
        "A community with no consultation in this many days is flagged",
    ),
    "STREETDASH_SURGE_MIN_NEW": ("3", "Fewest new disputes in a window that can count as a surge"),
    "STREETDASH_SURGE_FACTOR": ("2", "A surge is at least this many times the 8-window baseline"),
    "STREETDASH_IDLE_MINUTES": (
        "30",
        "A signed-in session idle for this many minutes is signed out",
    ),
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
    return SETTINGS[name][0]


EXPECTED = {
    "positive_int": "a whole number of at least 1",
    "number": "a number greater than 0",
    "language": "zh or en",
    "timezone": "a time zone name such as Asia/Shanghai",
    "database_url": "a SQLAlchemy URL such as sqlite:///data/streetdash.db or "
    "postgresql+psycopg://user:password@host/db",
    "toml": "valid TOML (see .streamlit/secrets.toml.example)",
}
POSITIVE_INTS = {
    "STREETDASH_OVERDUE_DAYS": "overdue_days",
    "STREETDASH_INACTIVE_DAYS": "inactive_days",
    "STREETDASH_STALLED_DAYS": "stalled_days",
    "STREETDASH_NO_CONSULTATION_DAYS": "no_consultation_days",
    "STREETDASH_SURGE_MIN_NEW": "surge_min_new",
    "STREETDASH_IDLE_MINUTES": "idle_minutes",
}


@dataclass(frozen=True)
class SettingProblem:
    """A setting whose value cannot be used: its name, the value found, and what it must be.

    `expected` is a key of EXPECTED (English, for the CLI and logs) and, prefixed with
    `settings_expected_`, of the UI strings.
    """

    name: str
    value: str
    expected: str

    def __str__(self) -> str:
        return f"{self.name} must be {EXPECTED[self.expected]}, got {self.value!r}"


def _secrets_or_problem(path: Path) -> tuple[dict[str, Any], list[SettingProblem]]:
    try:
        return _read_secrets(path), []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, [SettingProblem(str(path), str(error), "toml")]


def _problem(name: str, raw: str) -> SettingProblem | None:
    """What is wrong with `raw` as the value of setting `name`, or None when it is usable."""
    if name in POSITIVE_INTS:
        try:
            is_valid = int(raw) >= 1
        except ValueError:
            is_valid = False
        return None if is_valid else SettingProblem(name, raw, "positive_int")
    if name == "STREETDASH_SURGE_FACTOR":
        try:
            is_valid = float(raw) > 0
        except ValueError:
            is_valid = False
        return None if is_valid else SettingProblem(name, raw, "number")
    if name == "STREETDASH_LANGUAGE" and raw not in ("zh", "en"):
        return SettingProblem(name, raw, "language")
    if name == "STREETDASH_TIMEZONE":
        try:
            ZoneInfo(raw)
        except (ValueError, ZoneInfoNotFoundError):
            return SettingProblem(name, raw, "timezone")
    if name == "STREETDASH_DATABASE_URL":
        try:
            make_url(raw).get_dialect()
        except (ArgumentError, NoSuchModuleError, ValueError):
            return SettingProblem(name, raw, "database_url")
    return None


def settings_problems(secrets_file: Path = SECRETS_FILE) -> list[SettingProblem]:
    """Every setting whose value cannot be used (empty when all are fine), with what to fix."""
    secrets, problems = _secrets_or_problem(secrets_file)
    for name in SETTINGS:
        problem = _problem(name, _value(name, secrets))
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
    ints = {name: int(_value(name, secrets)) for name in POSITIVE_INTS}
    thresholds = Thresholds(
        **{
            POSITIVE_INTS[name]: value
            for name, value in ints.items()
            if name != "STREETDASH_IDLE_MINUTES"
        },
        surge_factor=float(_value("STREETDASH_SURGE_FACTOR", secrets)),
    )
    return Settings(
        database_url=_value("STREETDASH_DATABASE_URL", secrets),
        timezone=_value("STREETDASH_TIMEZONE", secrets),
        language=_value("STREETDASH_LANGUAGE", secrets),
        thresholds=thresholds,
        idle_minutes=ints["STREETDASH_IDLE_MINUTES"],
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
        "STREETDASH_IDLE_MINUTES": str(settings.idle_minutes),
    }
    threshold_names = {
        "STREETDASH_OVERDUE_DAYS": "overdue_days",
        "STREETDASH_INACTIVE_DAYS": "inactive_days",
        "STREETDASH_STALLED_DAYS": "stalled_days",
        "STREETDASH_NO_CONSULTATION_DAYS": "no_consultation_days",
        "STREETDASH_SURGE_MIN_NEW": "surge_min_new",
        "STREETDASH_SURGE_FACTOR": "surge_factor",
    }
    thresholds = {
        field.name: getattr(settings.thresholds, field.name) for field in fields(Thresholds)
    }
    for name, attribute in threshold_names.items():
        current[name] = str(thresholds[attribute])
    return [
        {"name": name, "value": current[name], "default": default, "help": help_text}
        for name, (default, help_text) in SETTINGS.items()
    ]


def _mask_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
