"""One settings object, read from the environment and `.streamlit/secrets.toml` on demand."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

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


def _positive_int(name: str, secrets: dict[str, Any]) -> int:
    raw = _value(name, secrets)
    try:
        number = int(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from error
    if number < 1:
        raise ValueError(f"{name} must be at least 1, got {number}")
    return number


def load_settings(secrets_file: Path = SECRETS_FILE) -> Settings:
    """Read every setting now (environment first, then secrets.toml, then the default)."""
    secrets = _read_secrets(secrets_file)
    language = _value("STREETDASH_LANGUAGE", secrets)
    if language not in ("zh", "en"):
        raise ValueError(f"STREETDASH_LANGUAGE must be zh or en, got {language!r}")
    factor_raw = _value("STREETDASH_SURGE_FACTOR", secrets)
    try:
        factor = float(factor_raw)
    except ValueError as error:
        raise ValueError(f"STREETDASH_SURGE_FACTOR must be a number, got {factor_raw!r}") from error
    thresholds = Thresholds(
        overdue_days=_positive_int("STREETDASH_OVERDUE_DAYS", secrets),
        inactive_days=_positive_int("STREETDASH_INACTIVE_DAYS", secrets),
        stalled_days=_positive_int("STREETDASH_STALLED_DAYS", secrets),
        no_consultation_days=_positive_int("STREETDASH_NO_CONSULTATION_DAYS", secrets),
        surge_min_new=_positive_int("STREETDASH_SURGE_MIN_NEW", secrets),
        surge_factor=factor,
    )
    return Settings(
        database_url=_value("STREETDASH_DATABASE_URL", secrets),
        timezone=_value("STREETDASH_TIMEZONE", secrets),
        language=language,
        thresholds=thresholds,
        idle_minutes=_positive_int("STREETDASH_IDLE_MINUTES", secrets),
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
