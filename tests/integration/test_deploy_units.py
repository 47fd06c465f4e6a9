"""The shipped systemd units of the weekly report: the timer fires on Monday mornings in Beijing
time whatever the server's zone, and the service's own command line writes last week's PDF."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import cli
from metrics.window import Window
from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"
BEIJING = ZoneInfo("Asia/Shanghai")


def unit_value(unit: str, key: str) -> str:
    """The value of `key=` in a shipped unit file (exactly one such line)."""
    text = (SYSTEMD / unit).read_text(encoding="utf-8")
    (value,) = [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]
    return value


def test_the_report_timer_fires_every_monday_at_0730_beijing_time_on_a_utc_server() -> None:
    if shutil.which("systemd-analyze") is None:
        unavailable("the timer test needs systemd-analyze (Debian's systemd package)")
    calendar = unit_value("streetdash-report.timer", "OnCalendar")
    printed = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations", "3", calendar],
        env={**os.environ, "TZ": "UTC"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stamps = re.findall(
        r"(?:Next elapse|Iter\. #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", printed
    )
    fires = [
        datetime.fromisoformat(stamp).replace(tzinfo=UTC).astimezone(BEIJING) for stamp in stamps
    ]
    assert len(fires) == 3, printed
    assert {(fire.weekday(), fire.hour, fire.minute) for fire in fires} == {(0, 7, 30)}
    gaps = [later - earlier for earlier, later in zip(fires, fires[1:], strict=False)]
    assert gaps == [timedelta(days=7)] * 2


def test_the_report_service_command_writes_last_weeks_pdf_named_by_its_week(
    tmp_path: Path,
) -> None:
    assert cli.main(["demo", "--weeks", "3"]) == 0
    reports = tmp_path / "reports"
    reports.mkdir()
    command = unit_value("streetdash-report.service", "ExecStart")
    command = command.replace("/srv/streetdash", str(ROOT)).replace(
        "/var/lib/streetdash/reports", str(reports)
    )
    finished = subprocess.run(
        shlex.split(command), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr
    week = Window.last_complete_week(datetime.now(BEIJING).date()).week
    written = reports / f"周报-{week}.pdf"
    assert [path.name for path in reports.iterdir()] == [written.name]
    assert written.read_bytes().startswith(b"%PDF")
    assert str(written) in finished.stdout


@pytest.mark.parametrize("unit", ["streetdash@.service", "streetdash-report.service"])
def test_both_services_run_as_the_unprivileged_user_from_the_project_folder(unit: str) -> None:
    assert unit_value(unit, "User") == "streetdash"
    assert unit_value(unit, "WorkingDirectory") == "/srv/streetdash"
    assert unit_value(unit, "EnvironmentFile") == "/etc/streetdash/streetdash.env"


def test_systemd_accepts_every_shipped_unit_without_a_warning(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        unavailable("the unit test needs systemd-analyze (Debian's systemd package)")
    for unit in SYSTEMD.iterdir():
        text = unit.read_text(encoding="utf-8").replace("/srv/streetdash", str(ROOT))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    (tmp_path / "streetdash@8501.service").symlink_to(tmp_path / "streetdash@.service")
    names = ["streetdash@8501.service", "streetdash-report.service", "streetdash-report.timer"]
    verified = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / name) for name in names)],
        capture_output=True,
        text=True,
    )
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")
