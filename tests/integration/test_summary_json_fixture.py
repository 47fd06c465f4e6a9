"""The summary JSON stays byte for byte what it was before the summary had types.

tests/fixtures/summary-demo-2026-W48-zh.json is `streetdash summary --week 2026-W48 --format
json --lang zh` of the demo street (`streetdash demo`, seed 42, 104 weeks) loaded on
2026-11-30, captured from the code before metrics/summary_model.py existed. Regenerate it the
same way only when a change of the JSON is intended (a new key, a new figure), and say so: it
was regenerated once, when window.period, window.label and year_ago were added (the diff held
those additions only).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import cli
from data_access import db, settings
from data_access.db import get_engine
from data_access.queries import communities
from metrics.summary_model import summary_json_text
from metrics.window import Window
from reports.summary import window_report_from_records

FIXTURE = Path(__file__).parents[1] / "fixtures" / "summary-demo-2026-W48-zh.json"
LOADED_ON = date(2026, 11, 30)
WEEK = "2026-W48"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo street as `streetdash demo` loads it on LOADED_ON."""
    path = tmp_path_factory.mktemp("fixture") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        use_database(patch, path)
        patch.setattr(cli, "today_local", lambda: LOADED_ON)
        assert cli.main(["demo"]) == 0
        get_engine().dispose()
    return path


@pytest.fixture
def demo(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_database(monkeypatch, demo_file)
    yield
    get_engine().dispose()


def use_database(patch: pytest.MonkeyPatch, path: Path) -> None:
    patch.setenv("STREETDASH_DATABASE_URL", f"sqlite:///{path}")
    settings.get_settings.cache_clear()
    db.engine_for.cache_clear()


def test_the_cli_prints_the_summary_json_of_the_demo_week_byte_for_byte_as_before(
    demo: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["summary", "--week", WEEK, "--format", "json", "--lang", "zh"]) == 0
    assert capsys.readouterr().out == FIXTURE.read_text(encoding="utf-8")


def test_the_pandas_reference_writes_the_same_bytes(demo: None) -> None:
    engine = get_engine()
    scope = sorted(str(code) for code in communities(engine)["code"])
    thresholds = settings.get_settings().thresholds
    report = window_report_from_records(
        engine, Window.iso_week(WEEK), scope, thresholds=thresholds, lang="zh"
    )
    assert summary_json_text(report.summary) + "\n" == FIXTURE.read_text(encoding="utf-8")
