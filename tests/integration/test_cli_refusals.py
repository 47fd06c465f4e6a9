"""The `streetdash` command refuses what it can before touching the database, speaks the chosen
language in its tables, and stops quietly when its reader does (`| head`)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import cli
from data_access.settings import get_settings
from i18n import t

TODAY = date(2026, 11, 18)  # a Wednesday of 2026-W47


@pytest.fixture
def database_file() -> Path:
    """The SQLite file the test's settings point at (not created yet)."""
    path = Path(get_settings().database_url.removeprefix("sqlite:///"))
    assert not path.exists()
    return path


@pytest.fixture
def on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--week", "2027-W10"],  # the future
        ["summary", "--week", "2026-W48"],  # this week, not over yet (ends 29 November)
        ["summary", "--start", "2026-11-01", "--end", "2026-11-19"],  # ends tomorrow
        ["report", "--week", "2027-W10", "--out", "x.pdf"],
    ],
)
def test_a_window_that_ends_after_today_is_refused_with_a_message(
    args: list[str], on_today: None, database_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(args) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "after today (2026-11-18)" in err
    assert not database_file.exists()


def test_a_window_that_ends_today_or_earlier_is_taken(
    on_today: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["summary", "--start", "2026-11-16", "--end", "2026-11-18"]) == 0
    assert cli.main(["summary", "--week", "last"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--week", "2026-W99"],
        ["summary", "--week", "yesterday"],
        ["import", "disputes", "/no/such/file.csv"],
        ["restore", "/no/such/backup.db"],
    ],
)
def test_a_failing_command_leaves_no_database_file_behind(
    args: list[str], on_today: None, database_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(args) in (cli.EXIT_USAGE, cli.EXIT_FAILED)
    assert capsys.readouterr().err.startswith(f"streetdash {args[0]}: ")
    assert not database_file.exists()


def test_summary_help_names_the_last_complete_week(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["summary", "--help"])
    assert "or last (the last complete week)" in " ".join(capsys.readouterr().out.split())


def test_the_table_names_severities_in_the_language_asked_for(
    on_today: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", "--weeks", "12"]) == 0
    capsys.readouterr()
    assert cli.main(["summary", "--week", "last", "--format", "table", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    alerts = out.split(f"[{t('alerts_title', 'zh')}]")[1].strip().splitlines()
    assert alerts  # the demo's last week raises alerts
    assert {line.strip()[:3] for line in alerts} <= {"[高]", "[中]", "[低]"}
    assert "[high]" not in out and "[medium]" not in out


def test_summary_piped_into_a_reader_that_has_gone_exits_quietly(tmp_path: Path) -> None:
    # The read end is closed before the command writes, so every write meets a broken pipe:
    # the same as `streetdash summary | head` when head has already exited.
    env = {**os.environ, "STREETDASH_DATABASE_URL": f"sqlite:///{tmp_path / 'pipe.db'}"}
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, cli; sys.exit(cli.main(sys.argv[1:]))",
                "summary",
                "--start",
                "2026-01-01",
                "--end",
                "2026-01-07",
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            cwd=Path(cli.__file__).parent,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr
