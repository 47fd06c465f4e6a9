"""The long picture (周报长图) that `streetdash report --format png` writes, read back from the
blocks that built it: every headline figure with its changes, the high and medium alerts, the
chart's current bars and the written summary equal `streetdash summary`'s (JSON and text) for
the demo week, a month and a quarter; a community's picture names only that community; no
record's own text ever reaches it (a dispute summary with a name and a phone number is planted).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import cli
from commands import report_picture
from data_access import db, settings
from data_access.db import get_engine
from data_access.queries import communities
from data_access.records import add_record
from i18n.formatting import format_change, format_figure, format_year_on_year
from metrics.headline import HEADLINE
from reports.long_picture import Picture
from reports.long_picture_blocks import (
    ALERTS_LISTED,
    AlertList,
    BarChart,
    Header,
    KpiGrid,
    Paragraphs,
)
from reports.pdf_sections import refs_text

LOADED_ON = date(2026, 11, 30)  # the demo street as `streetdash demo` loads it that day
PLANTED_CASE = "YH01-2026-9001"
PLANTED_SUMMARY = "居民张建国与邻居李秀英因漏水发生纠纷，电话13812345678"
PERSONAL = ("张建国", "李秀英", "13812345678", "漏水")


def use_database(patch: pytest.MonkeyPatch, path: Path) -> None:
    patch.setenv("STREETDASH_DATABASE_URL", f"sqlite:///{path}")
    settings.get_settings.cache_clear()
    db.engine_for.cache_clear()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo street loaded on LOADED_ON, plus a major dispute of 2026-W48 whose summary
    holds a name and a phone number (its alert names the record)."""
    path = tmp_path_factory.mktemp("picture") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        use_database(patch, path)
        patch.setattr(cli, "today_local", lambda: LOADED_ON)
        assert cli.main(["demo"]) == 0
        record = {
            "case_no": PLANTED_CASE,
            "community": "YH01",
            "reported_on": date(2026, 11, 25),
            "category": "neighbor",
            "source": "grid_patrol",
            "status": "open",
            "level": "grid",
            "is_major": True,
            "parties": 2,
            "summary": PLANTED_SUMMARY,
        }
        add_record(get_engine(), "disputes", record, actor="test")
        get_engine().dispose()
    return path


@pytest.fixture
def demo(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    use_database(monkeypatch, demo_file)
    monkeypatch.setattr(cli, "today_local", lambda: LOADED_ON)
    yield
    get_engine().dispose()


@pytest.fixture
def pictures(monkeypatch: pytest.MonkeyPatch) -> list[Picture]:
    """Every picture the command draws, as it drew it."""
    drawn: list[Picture] = []
    original = report_picture.long_picture

    def recording(*args: Any, **kwargs: Any) -> Picture:
        drawn.append(original(*args, **kwargs))
        return drawn[-1]

    monkeypatch.setattr(report_picture, "long_picture", recording)
    return drawn


def summary_of(capsys: pytest.CaptureFixture[str], *args: str, format: str = "json") -> Any:
    capsys.readouterr()
    assert cli.main(["summary", *args, "--format", format]) == 0
    out = capsys.readouterr().out
    return json.loads(out) if format == "json" else out


def picture_of(
    tmp_path: Path, pictures: list[Picture], capsys: pytest.CaptureFixture[str], *args: str
) -> Picture:
    """The picture `report --format png` writes for `args`, checked to be the file written."""
    out = tmp_path / "picture.png"
    capsys.readouterr()
    assert cli.main(["report", *args, "--format", "png", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    picture = pictures[-1]
    assert out.read_bytes() == picture.png
    with Image.open(out) as image:
        assert image.size == picture.size
        assert image.width == 1080
    assert len(picture.png) < 2 * 1024 * 1024
    return picture


def block(picture: Picture, kind: type[Any]) -> Any:
    (found,) = [each for each in picture.blocks if isinstance(each, kind)]
    return found


def words(picture: Picture) -> str:
    """Every string the blocks hold and every line drawn, one text."""

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif dataclasses.is_dataclass(value):
            for part in dataclasses.fields(value):
                yield from strings(getattr(value, part.name))
        elif isinstance(value, tuple):
            for item in value:
                yield from strings(item)

    drawn = [line.text for line in picture.lines]
    return "\n".join([*strings(picture.blocks), *drawn])


def assert_the_figures_equal_the_json(picture: Picture, summary: dict[str, Any], lang: str) -> None:
    """Each headline figure: its value, the change against the previous window and for a
    calendar period against a year earlier, worded as the pages word them from the JSON."""
    grid = block(picture, KpiGrid)
    cells = {(cell.domain, cell.key): cell for group in grid.groups for cell in group.cells}
    assert set(cells) == {(domain, key) for domain, keys in HEADLINE.items() for key in keys}
    calendar = summary["window"]["period"] in ("month", "quarter", "year")
    for (domain, key), cell in cells.items():
        value = summary[domain][key]
        previous = summary["previous"][domain][key]
        assert cell.figure == value, (domain, key)
        assert cell.value == format_figure(key, value, lang), (domain, key)
        assert cell.change.value == format_change(key, value, previous, lang) or "—"
        if calendar:
            year_ago = summary["year_ago"][domain][key]
            expected = format_year_on_year(key, value, year_ago, lang) or "—"
            assert cell.year_change is not None and cell.year_change.value == expected
        else:
            assert cell.year_change is None


def assert_the_alerts_equal_the_json(picture: Picture, summary: dict[str, Any], lang: str) -> None:
    shown = [alert for alert in summary["alerts"] if alert["severity"] == "high"] + [
        alert for alert in summary["alerts"] if alert["severity"] == "medium"
    ]
    assert 0 < len(shown) <= ALERTS_LISTED
    lines = block(picture, AlertList).lines
    assert [(line.severity, line.text) for line in lines] == [
        (alert["severity"], alert["message"]) for alert in shown
    ]
    for line, alert in zip(lines, shown, strict=True):
        refs = refs_text(alert["refs"], lang, 3) if alert["refs"] else ""
        assert refs in line.refs


def test_the_demo_weeks_picture_shows_the_summary_json_numbers(
    demo: None, tmp_path: Path, pictures: list[Picture], capsys: pytest.CaptureFixture[str]
) -> None:
    summary = summary_of(capsys, "--week", "2026-W48", "--lang", "zh")
    picture = picture_of(tmp_path, pictures, capsys, "--week", "2026-W48", "--lang", "zh")
    header = block(picture, Header)
    assert header.title == "粤海街道社区治理周报"
    assert header.period == "2026年第48周（2026年11月23日–29日）"
    assert header.scope == "范围：全部 16 个社区"
    assert_the_figures_equal_the_json(picture, summary, "zh")
    assert_the_alerts_equal_the_json(picture, summary, "zh")
    chart = block(picture, BarChart)
    assert (chart.new[-1], chart.resolved[-1]) == (
        summary["disputes"]["new"],
        summary["disputes"]["resolved"],
    )
    assert chart.ticks[-1] == "11/23"
    # The written summary is `summary --format text`'s, plus the overdue follow-up actions.
    text = summary_of(capsys, "--week", "2026-W48", "--lang", "zh", format="text")
    paragraphs = block(picture, Paragraphs).paragraphs
    expected = text.strip().split("\n")
    assert list(paragraphs[:-1]) == expected[:-1]
    assert paragraphs[-1].startswith(expected[-1])
    drawn = "".join(line.text for line in picture.lines)
    assert "".join(paragraphs[0].split()) in "".join(drawn.split())


@pytest.mark.parametrize(
    ("option", "label", "lang"),
    [("--month", "2026-10", "zh"), ("--quarter", "2026-Q3", "en")],
)
def test_a_months_and_a_quarters_pictures_show_the_json_with_year_on_year_changes(
    demo: None,
    tmp_path: Path,
    pictures: list[Picture],
    capsys: pytest.CaptureFixture[str],
    option: str,
    label: str,
    lang: str,
) -> None:
    summary = summary_of(capsys, option, label, "--lang", lang)
    picture = picture_of(tmp_path, pictures, capsys, option, label, "--lang", lang)
    assert_the_figures_equal_the_json(picture, summary, lang)
    assert block(picture, AlertList).lines or block(picture, AlertList).note
    if option == "--quarter":  # by month: the quarter's three months are the last three bars
        chart = block(picture, BarChart)
        assert sum(chart.new[-3:]) == summary["disputes"]["new"]
        assert sum(chart.resolved[-3:]) == summary["disputes"]["resolved"]
        assert chart.ticks[-3:] == ("Jul", "Aug", "Sep")
        assert block(picture, Header).title == "粤海街道: community governance quarterly report"


def test_a_communitys_picture_names_that_community_only(
    demo: None, tmp_path: Path, pictures: list[Picture], capsys: pytest.CaptureFixture[str]
) -> None:
    names = dict(communities(get_engine())[["code", "name"]].to_numpy())
    args = ("--week", "2026-W48", "--community", "YH03", "--lang", "zh")
    summary = summary_of(capsys, *args)
    picture = picture_of(tmp_path, pictures, capsys, *args)
    text = words(picture)
    assert names["YH03"] in text
    assert [name for code, name in names.items() if code != "YH03" and name in text] == []
    assert block(picture, Header).scope == f"范围：{names['YH03']}"
    assert_the_figures_equal_the_json(picture, summary, "zh")
    assert all(alert["community"] == "YH03" for alert in summary["alerts"])
    assert_the_alerts_equal_the_json(picture, summary, "zh")


def test_no_personal_detail_reaches_the_picture_only_record_numbers(
    demo: None, tmp_path: Path, pictures: list[Picture], capsys: pytest.CaptureFixture[str]
) -> None:
    for lang in ("zh", "en"):
        picture = picture_of(tmp_path, pictures, capsys, "--week", "2026-W48", "--lang", lang)
        text = words(picture)
        assert PLANTED_CASE in text  # its alert (a major dispute) names the record by number
        assert [detail for detail in PERSONAL if detail in text] == []


def test_the_reform_report_has_no_picture_and_says_so(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reform.png"
    args = ["report", "--reform", "物业纠纷联调机制", "--format", "png", "--out", str(out)]
    assert cli.main(args) == 2
    assert "--reform writes a PDF" in capsys.readouterr().err
    assert not out.exists()


def test_the_picture_is_written_for_a_year_by_label_and_the_pdf_stays_the_default(
    demo: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pattern = str(tmp_path / "street-{period}.png")
    assert cli.main(["report", "--year", "2025", "--format", "png", "--out", pattern]) == 0
    written = tmp_path / "street-2025.png"
    assert written.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"{written}（1080×" in capsys.readouterr().out
    pdf = tmp_path / "street.pdf"
    assert cli.main(["report", "--week", "2026-W48", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
