"""Malformed settings are all named at once, with what each must be, for the app and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import cli
from data_access.settings import SETTINGS, SettingProblem, settings_problems


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in SETTINGS:
        if name != "STREETDASH_DATABASE_URL":
            monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_good_settings_have_no_problems(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert settings_problems(tmp_path / "absent.toml") == []


def test_every_malformed_setting_is_named_with_what_it_must_be(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_environment.setenv("STREETDASH_OVERDUE_DAYS", "thirty")
    clean_environment.setenv("STREETDASH_TIMEZONE", "Asia/Beijing")
    clean_environment.setenv("STREETDASH_SURGE_FACTOR", "-2")
    clean_environment.setenv("STREETDASH_DATABASE_URL", "sqlite3:data/streetdash.db")

    assert settings_problems(tmp_path / "absent.toml") == [
        SettingProblem("STREETDASH_DATABASE_URL", "sqlite3:data/streetdash.db", "database_url"),
        SettingProblem("STREETDASH_TIMEZONE", "Asia/Beijing", "timezone"),
        SettingProblem("STREETDASH_OVERDUE_DAYS", "thirty", "positive_int"),
        SettingProblem("STREETDASH_SURGE_FACTOR", "-2", "number"),
    ]


def test_a_secrets_file_that_is_not_toml_is_named(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("STREETDASH_OVERDUE_DAYS = = 30\n", encoding="utf-8")

    [problem] = settings_problems(secrets)
    assert (problem.name, problem.expected) == (str(secrets), "toml")


def test_the_cli_names_the_malformed_setting_and_exits_1(
    clean_environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_environment.setenv("STREETDASH_IDLE_MINUTES", "0")

    assert cli.main(["settings"]) == 1
    assert "STREETDASH_IDLE_MINUTES must be a whole number of at least 1, got '0'" in (
        capsys.readouterr().err
    )
