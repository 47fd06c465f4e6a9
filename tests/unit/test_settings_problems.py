"""Malformed settings are all named at once, with what each must be, for the app and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import cli
from data_access.settings import SETTINGS, SettingProblem, load_settings, settings_problems
from deploy.check import run_checks
from i18n import t

DAYS = {"minimum": "1", "maximum": "3650"}
FACTOR = {"minimum": "1", "maximum": "100"}
MINUTES = {"minimum": "1", "maximum": "1440"}


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
        SettingProblem("STREETDASH_OVERDUE_DAYS", "thirty", "int_range", DAYS),
        SettingProblem("STREETDASH_SURGE_FACTOR", "-2", "number_range", FACTOR),
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
    assert "STREETDASH_IDLE_MINUTES must be a whole number from 1 to 1440, got '0'" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("STREETDASH_IDLE_MINUTES", "99999999999999", ("int_range", MINUTES)),
        ("STREETDASH_IDLE_MINUTES", "1441", ("int_range", MINUTES)),
        ("STREETDASH_IDLE_MINUTES", "1_000", ("int_range", MINUTES)),
        ("STREETDASH_OVERDUE_DAYS", "3651", ("int_range", DAYS)),
        ("STREETDASH_OVERDUE_DAYS", "30.5", ("int_range", DAYS)),
        ("STREETDASH_SURGE_MIN_NEW", "10001", ("int_range", {"minimum": "1", "maximum": "10000"})),
        ("STREETDASH_SURGE_FACTOR", "inf", ("number_range", FACTOR)),
        ("STREETDASH_SURGE_FACTOR", "nan", ("number_range", FACTOR)),
        ("STREETDASH_SURGE_FACTOR", "1e9", ("number_range", FACTOR)),
        ("STREETDASH_SURGE_FACTOR", "0.5", ("number_range", FACTOR)),
    ],
)
def test_a_number_outside_its_range_is_named_with_the_range(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, expected: tuple
) -> None:
    clean_environment.setenv(name, value)
    assert settings_problems(tmp_path / "absent.toml") == [SettingProblem(name, value, *expected)]
    with pytest.raises(ValueError, match=name):
        load_settings(tmp_path / "absent.toml")


def test_every_numeric_setting_declares_a_range_that_holds_its_default_and_both_ends(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    numeric = {
        name: setting for name, setting in SETTINGS.items() if setting.kind in ("int", "number")
    }
    assert len(numeric) == 7
    for name, setting in numeric.items():
        assert setting.minimum is not None and setting.maximum is not None, name
        assert setting.minimum <= float(setting.default) <= setting.maximum, name
        for end in (setting.minimum, setting.maximum):
            clean_environment.setenv(name, f" {end} ")
            assert settings_problems(tmp_path / "absent.toml") == [], (name, end)
        clean_environment.delenv(name)
    clean_environment.setenv("STREETDASH_SURGE_FACTOR", "1.5")
    assert settings_problems(tmp_path / "absent.toml") == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "应为 1 到 1440 之间的整数"), ("en", "must be a whole number from 1 to 1440")],
)
def test_the_cli_the_check_and_the_app_say_the_range_in_their_language(
    clean_environment: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    expected: str,
) -> None:
    clean_environment.setenv("STREETDASH_IDLE_MINUTES", "99999999999999")

    [problem] = settings_problems(tmp_path / "absent.toml")
    assert t(f"settings_expected_{problem.expected}", lang, **problem.params) == expected
    _, findings = run_checks(secrets_file=tmp_path / "absent.toml")
    assert expected in findings[0].text(lang)
    assert cli.main(["settings"]) == 1
    assert "must be a whole number from 1 to 1440, got '99999999999999'" in capsys.readouterr().err


def test_a_problem_repeats_no_database_password_and_at_most_50_characters(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_environment.setenv("STREETDASH_DATABASE_URL", "postgres://app:s3cret@db/streetdash")
    clean_environment.setenv("STREETDASH_TIMEZONE", "X" * 10_000)

    url, zone = settings_problems(tmp_path / "absent.toml")

    assert (url.value, zone.value) == ("postgres://app:***@db/streetdash", "X" * 50 + "…")
    assert "s3cret" not in str(url)
