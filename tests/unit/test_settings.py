"""Settings: read from the environment, then secrets.toml, then defaults; every one documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_access.settings import SETTINGS, load_settings, settings_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    undocumented = [name for name in SETTINGS if f"`{name}`" not in readme]
    assert undocumented == []


def test_defaults_apply_when_nothing_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(tmp_path / "absent.toml")
    assert settings.language == "zh"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.thresholds.overdue_days == 30
    assert settings.database_url.startswith("sqlite:///")


def test_the_environment_wins_over_secrets_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('STREETDASH_OVERDUE_DAYS = 45\nSTREETDASH_LANGUAGE = "en"\n')
    monkeypatch.delenv("STREETDASH_LANGUAGE", raising=False)
    monkeypatch.setenv("STREETDASH_OVERDUE_DAYS", "20")
    settings = load_settings(secrets)
    assert settings.thresholds.overdue_days == 20
    assert settings.language == "en"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STREETDASH_OVERDUE_DAYS", "thirty"),
        ("STREETDASH_INACTIVE_DAYS", "0"),
        ("STREETDASH_LANGUAGE", "fr"),
        ("STREETDASH_SURGE_FACTOR", "double"),
    ],
)
def test_a_bad_value_is_refused_by_name(
    name: str, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        load_settings(tmp_path / "absent.toml")


def test_the_settings_table_hides_the_database_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STREETDASH_DATABASE_URL", "postgresql+psycopg://u:secret@db/streetdash")
    rows = settings_table(load_settings(tmp_path / "absent.toml"))
    shown = {row["name"]: row["value"] for row in rows}
    assert "secret" not in shown["STREETDASH_DATABASE_URL"]
    assert set(shown) == set(SETTINGS)


@pytest.mark.parametrize(("written", "shown"), [(None, "2"), ("1.5", "1.5"), ("3", "3")])
def test_the_settings_table_prints_numbers_as_a_person_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str | None, shown: str
) -> None:
    monkeypatch.delenv("STREETDASH_SURGE_FACTOR", raising=False)
    if written is not None:
        monkeypatch.setenv("STREETDASH_SURGE_FACTOR", written)
    rows = settings_table(load_settings(tmp_path / "absent.toml"))
    values = {row["name"]: row["value"] for row in rows}
    assert values["STREETDASH_SURGE_FACTOR"] == shown
    assert {row["name"]: row["default"] for row in rows}["STREETDASH_SURGE_FACTOR"] == "2"
