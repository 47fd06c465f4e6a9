"""总览 and 周报 by week, month, quarter or year: the sidebar's window type, the written summary
of the window, and every KPI with its 环比 and, for a calendar period, its 同比 — all equal to
what `streetdash summary --format json` prints for the same window; a month whose year before
holds no record says 去年同期无数据, the current month says up to which day it runs.

The demo street (104 weeks) is loaded as on TODAY, and the app and the CLI take TODAY for today.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

import cli
from data_access import db, settings
from data_access.db import engine_for, make_engine
from data_access.migrate import migrate
from demo.street import load_demo
from i18n import metric_label, t
from i18n.formatting import format_change, format_figure, format_year_on_year
from metrics.summary_model import DOMAINS, Summary, has_year_ago_data
from metrics.window import Window
from reports.meeting import follow_ups_for_report
from reports.narrative import names_of, overdue_follow_ups, written_summary
from tests.app.conftest import APP
from ui.periods import WINDOW_MODES
from ui.plain_text import as_text

TODAY = date(2026, 11, 30)  # a Monday: the last complete week is 2026-W48 (23–29 November)
# The window of each type the tests open, and how the CLI asks for it.
WINDOWS = {
    "week": (Window.iso_week("2026-W48"), ["--week", "2026-W48"]),
    "month": (Window.month("2026-10"), ["--month", "2026-10"]),
    "quarter": (Window.quarter("2026-Q3"), ["--quarter", "2026-Q3"]),
}
PERCENT = re.compile(r"^同比 ([+-]\d+\.\d)%$")
COLOURED = re.compile(r"^:(red|green)\[(.*)\]$")


@pytest.fixture(scope="module")
def demo_104_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo street as `streetdash demo` loads it on TODAY: 104 weeks, so that a month or a
    quarter has the same period a year earlier on record."""
    url = f"sqlite:///{tmp_path_factory.mktemp('periods') / 'demo.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_demo(engine, seed=42, weeks=104, today=TODAY)
    engine.dispose()
    return url


@pytest.fixture
def app(demo_104_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The app on the 104-week demo, today being TODAY for the app and the CLI."""
    monkeypatch.setenv("STREETDASH_DATABASE_URL", demo_104_url)
    settings.get_settings.cache_clear()
    db.engine_for.cache_clear()
    for module in ("ui.filters", "ui.meeting", "ui.narrative"):
        monkeypatch.setattr(f"{module}.today_local", lambda: TODAY)
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    yield at
    db.engine_for.cache_clear()


def choose(at: AppTest, mode: str, window: Window | None = None, lang: str = "zh") -> None:
    """Pick the window type `mode` in the sidebar, then `window` in its picker."""
    at.segmented_control(key=f"window_mode_{lang}").set_value(mode).run()
    if window is not None:
        at.selectbox(key=f"window_{mode}_{lang}").set_value(window).run()
    assert not at.exception, at.exception


def cli_summary(capsys: pytest.CaptureFixture[str], args: list[str]) -> Summary:
    """What `streetdash summary ARGS --format json` prints, read back."""
    capsys.readouterr()
    assert cli.main(["summary", *args, "--format", "json", "--lang", "zh"]) == 0
    return Summary.from_json(json.loads(capsys.readouterr().out))


def card_blocks(node: object) -> Iterator[Block]:
    """The KPI cards of a month, quarter or year: containers keyed kpi_DOMAIN_KEY."""
    if isinstance(node, Block) and "-kpi_" in node._block_id:
        yield node
        return
    for child in getattr(node, "children", {}).values():
        yield from card_blocks(child)


def plain(line: str) -> str:
    """A caption without its colour (:red[…] / :green[…])."""
    coloured = COLOURED.match(line)
    return coloured.group(2) if coloured else line


def shown_cards(at: AppTest) -> dict[str, tuple[str, str, str, str]]:
    """Every KPI card: label → (value, 环比 as the delta, the word beside it, the 同比 line
    under it; "" where a week's or a range's card has none)."""
    cards = {
        metric.label: (metric.value, metric.delta, metric.proto.delta_description, "")
        for metric in at.metric
    }
    for block in card_blocks(at.main):
        [metric], [caption] = block.metric, block.caption
        cards[metric.label] = (*cards[metric.label][:3], plain(caption.value))
    return cards


def expected_cards(summary: Summary) -> dict[str, tuple[str, str, str, str]]:
    """The cards as the summary JSON gives them: the figure, its change against `previous`,
    and for a month, quarter or year its change against `year_ago` (去年同期无数据 when nothing
    was reported in the same period a year earlier)."""
    calendar = summary.window.period in ("month", "quarter", "year")
    has_year_ago = has_year_ago_data(summary)
    cards = {}
    for domain in DOMAINS:
        previous = summary.previous.domain(domain).scalars()
        year_ago = summary.year_ago.domain(domain).scalars()
        for key, value in summary.current.domain(domain).scalars().items():
            line = ""
            if calendar and has_year_ago:
                change = format_year_on_year(key, value, year_ago[key], "zh") or "—"
                line = f"同比 {change}"
            elif calendar:
                line = "去年同期无数据"
            cards[metric_label(domain, key, "zh")] = (
                format_figure(key, value, "zh"),
                format_change(key, value, previous[key], "zh") or "",
                "环比" if calendar else "",
                line,
            )
    return cards


def assert_year_on_year_percentages_are_the_jsons(at: AppTest, summary: Summary) -> None:
    """Each count's 同比 percentage, read off its card, is current / year_ago − 1 of the JSON
    (to the shown decimal): not only the same formatting of the same numbers."""
    checked = 0
    for domain in DOMAINS:
        year_ago = summary.year_ago.domain(domain).scalars()
        for key, value in summary.current.domain(domain).scalars().items():
            before = year_ago[key]
            label = metric_label(domain, key, "zh")
            match = PERCENT.match(shown_cards(at)[label][3])
            if match is None:
                continue
            assert isinstance(value, int | float) and isinstance(before, int | float), label
            assert abs(float(match.group(1)) - (value / before - 1) * 100) <= 0.05 + 1e-9, label
            checked += 1
    assert checked >= 10


def box_markdown(at: AppTest) -> list[str]:
    """The Markdown of the written summary's box, in order."""
    [box] = [
        node
        for node in at.main.children.values()
        if str(getattr(getattr(node, "proto", None), "id", "")).endswith("-narrative")
    ]
    return [element.value for element in box.markdown]


def assert_written_summary(at: AppTest, expected: list[str]) -> None:
    shown = box_markdown(at)
    assert shown[0] == f"**{t('narr_title', 'zh')}**"
    assert shown[1:] == [as_text(paragraph) for paragraph in expected]


def test_the_window_type_offers_week_month_quarter_year_and_range_from_the_last_week(
    app: AppTest,
) -> None:
    mode = app.segmented_control(key="window_mode_zh")
    assert list(mode.options) == [t(f"mode_{option}", "zh") for option in WINDOW_MODES]
    assert [t(f"mode_{m}", "zh") for m in WINDOW_MODES] == ["周", "月", "季度", "年", "日期范围"]
    assert mode.value == "week"
    assert app.session_state["streetdash_filters"].window == Window.last_complete_week(TODAY)


@pytest.mark.parametrize("period", list(WINDOWS))
def test_the_overview_shows_the_written_summary_and_every_kpi_of_the_cli_summary(
    app: AppTest, capsys: pytest.CaptureFixture[str], period: str
) -> None:
    window, args = WINDOWS[period]
    if period != "week":
        choose(app, period, window)
    assert app.session_state["streetdash_filters"].window == window
    summary = cli_summary(capsys, args)
    assert shown_cards(app) == expected_cards(summary)
    if period != "week":
        assert has_year_ago_data(summary)
        assert_year_on_year_percentages_are_the_jsons(app, summary)
    names = names_of(summary)
    assert_written_summary(app, written_summary(summary, names, "zh").paragraphs())


@pytest.mark.parametrize("period", list(WINDOWS))
def test_the_meeting_shows_the_written_summary_and_the_year_on_year_of_the_cli_summary(
    app: AppTest, capsys: pytest.CaptureFixture[str], period: str
) -> None:
    window, args = WINDOWS[period]
    if period != "week":
        choose(app, period, window)
    app.switch_page("pages/meeting.py").run()
    assert not app.exception, app.exception
    summary = cli_summary(capsys, args)
    engine = engine_for(settings.get_settings().database_url)
    actions = follow_ups_for_report(engine, window, summary.scope)
    overdue = overdue_follow_ups(actions, TODAY)
    expected = written_summary(summary, names_of(summary), "zh", follow_ups=overdue)
    assert_written_summary(app, expected.paragraphs())

    figure = t("meeting_col_figure", "zh")
    tables = [frame.value for frame in app.dataframe if figure in frame.value.columns]
    assert len(tables) == len(DOMAINS)
    for domain, table in zip(DOMAINS, tables, strict=True):
        rows = table.set_index(figure)
        previous = summary.previous.domain(domain).scalars()
        year_ago = summary.year_ago.domain(domain).scalars()
        for key, value in summary.current.domain(domain).scalars().items():
            row = rows.loc[metric_label(domain, key, "zh")]
            assert row.iloc[0] == format_figure(key, value, "zh")
            assert row.iloc[1] == format_figure(key, previous[key], "zh")
            assert row[t("meeting_col_change", "zh")] == (
                format_change(key, value, previous[key], "zh") or "—"
            )
            if period == "week":
                assert t("meeting_col_year_change", "zh") not in rows.columns
                continue
            assert row[t("meeting_col_year_ago", "zh")] == format_figure(key, year_ago[key], "zh")
            assert row[t("meeting_col_year_change", "zh")] == (
                format_change(key, value, year_ago[key], "zh") or "—"
            )


def test_a_year_on_year_change_is_coloured_by_which_way_is_good(
    app: AppTest, capsys: pytest.CaptureFixture[str]
) -> None:
    window, args = WINDOWS["quarter"]
    choose(app, "quarter", window)
    summary = cli_summary(capsys, args)
    raw = {
        block._block_id.rsplit("-", 1)[-1]: block.caption[0].value
        for block in card_blocks(app.main)
    }
    for key, rise_is_good in (("new", False), ("resolved", True)):
        now, before = (
            summary.current.disputes.scalars()[key],
            summary.year_ago.disputes.scalars()[key],
        )
        assert isinstance(now, int) and isinstance(before, int) and now != before
        good = (now > before) == rise_is_good
        assert raw[f"kpi_disputes_{key}"].startswith(":green[" if good else ":red["), key
    assert not COLOURED.match(raw["kpi_disputes_local_rate"]), "就地化解率 is never good or bad"


def test_the_current_month_runs_to_yesterday_and_says_so(
    app: AppTest, capsys: pytest.CaptureFixture[str]
) -> None:
    choose(app, "month")
    picker = app.selectbox(key="window_month_zh")
    current = picker.options[0]
    assert current == "本月（截至 11月29日）"
    assert picker.value == Window.month("2026-10"), "the last complete month until chosen"
    picker.select_index(0).run()
    window = app.session_state["streetdash_filters"].window
    assert (window.label, window.end, window.is_partial) == ("2026-11", date(2026, 11, 29), True)
    captions = [caption.value for caption in app.caption]
    assert any(text.startswith("截至 11月29日：本月尚未结束") for text in captions), captions
    summary = cli_summary(capsys, ["--month", "2026-11"])  # the CLI's current month is partial too
    assert summary.window.end == date(2026, 11, 29)
    assert shown_cards(app) == expected_cards(summary)


def test_a_month_with_nothing_reported_a_year_earlier_says_so_instead_of_a_change(
    app: AppTest, capsys: pytest.CaptureFixture[str]
) -> None:
    earliest = Window.month("2024-12")  # the demo's records begin on 2 December 2024
    choose(app, "month", earliest)
    assert app.selectbox(key="window_month_zh").options[-1] == "2024年12月"
    summary = cli_summary(capsys, ["--month", "2024-12"])
    assert not has_year_ago_data(summary)
    assert summary.year_ago.organizations.active > 0, "a state carried from before is no data"
    cards = shown_cards(app)
    assert cards == expected_cards(summary)
    assert {line for *_, line in cards.values()} == {"去年同期无数据"}
    captions = [caption.value for caption in app.caption]
    assert t("no_year_ago_data_note", "zh") in captions
    app.switch_page("pages/meeting.py").run()
    tables = [frame.value for frame in app.dataframe if "同比" in frame.value.columns]
    assert tables and all(set(table["同比"]) == {"—"} for table in tables)


def test_the_window_type_and_period_are_kept_across_pages_and_languages(app: AppTest) -> None:
    quarter = Window.quarter("2026-Q2")
    choose(app, "quarter", quarter)
    app.switch_page("pages/meeting.py").run()
    assert app.session_state["streetdash_filters"].window == quarter
    app.segmented_control(key="lang").set_value("en").run()
    assert not app.exception, app.exception
    assert app.segmented_control(key="window_mode_en").value == "quarter"
    picker = app.selectbox(key="window_quarter_en")
    assert picker.value == quarter
    assert picker.format_func(picker.value) == "Q2 2026"
    assert app.session_state["streetdash_filters"].window == quarter
    captions = " ".join(caption.value for caption in app.caption)
    assert "the same period a year earlier, Q2 2025" in captions


def test_a_range_of_a_months_days_is_compared_as_a_range_not_as_the_month(
    app: AppTest, capsys: pytest.CaptureFixture[str]
) -> None:
    october = Window.month("2026-10")
    choose(app, "month", october)  # the month's summary is now cached
    month_cards = shown_cards(app)
    choose(app, "range")
    app.date_input(key="window_range").set_value((october.start, october.end)).run()
    window = app.session_state["streetdash_filters"].window
    assert (window.period, window.start, window.end) == ("range", october.start, october.end)
    summary = cli_summary(capsys, ["--start", "2026-10-01", "--end", "2026-10-31"])
    assert summary.window.period == "range"
    cards = shown_cards(app)
    assert cards == expected_cards(summary)
    assert {line for *_, line in cards.values()} == {""}, "a range has no 同比"
    assert cards != month_cards, "September and the 31 days before October differ"


def test_an_english_month_names_its_comparisons(app: AppTest) -> None:
    app.segmented_control(key="lang").set_value("en").run()
    choose(app, "month", Window.month("2026-10"), lang="en")
    caption = app.caption[0].value
    assert "October 2026" in caption and "September 2026" in caption
    assert "A year earlier: October 2025" in caption
    assert {metric.proto.delta_description for metric in app.metric} == {"vs prev."}
    lines = [plain(block.caption[0].value) for block in card_blocks(app.main)]
    assert len(lines) == len(app.metric)
    assert all(line.startswith("YoY ") for line in lines), lines


@pytest.mark.parametrize(
    ("mode", "label"),
    [("week", "下载周报 PDF"), ("month", "下载月报 PDF"), ("quarter", "下载季报 PDF")],
)
def test_the_meeting_pdf_button_names_the_report_of_its_period(
    app: AppTest, mode: str, label: str
) -> None:
    choose(app, mode, WINDOWS[mode][0])
    app.switch_page("pages/meeting.py").run()
    assert not app.exception, app.exception
    labels = [button.proto.label for button in app.get("download_button")]
    assert label in labels
