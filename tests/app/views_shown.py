"""What the view pages show, read back from AppTest, and what `metrics/` says they should show."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from data_access.db import engine_for
from data_access.queries import view_frames
from data_access.settings import get_settings
from i18n import metric_label
from i18n.formatting import format_figure
from metrics.frames import WindowFrames
from metrics.series import trend_weeks, view_since
from metrics.summary_model import Summary
from metrics.window import Window
from reports.summary import window_report
from ui.filters import today_local
from ui.views import DEFAULT_TREND_WEEKS


def open_page(app: AppTest, page: str) -> AppTest:
    """Run app.py, then switch to `pages/<page>.py`."""
    app.run()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [element.value for element in app.exception]
    return app


def last_week() -> Window:
    return Window.last_complete_week(today_local())


def scope_of(app: AppTest) -> list[str]:
    return list(app.session_state["streetdash_filters"].scope)


def summary_for(window: Window, scope: list[str]) -> Summary:
    settings = get_settings()
    engine = engine_for(settings.database_url)
    return window_report(engine, window, scope, thresholds=settings.thresholds, lang="zh").summary


def frames_for(window: Window, scope: list[str], weeks: int = DEFAULT_TREND_WEEKS) -> WindowFrames:
    """The records a view loads for `window`, `scope` and a trend of `weeks` weeks."""
    settings = get_settings()
    since = view_since(window, weeks, settings.thresholds)
    return view_frames(engine_for(settings.database_url), since, window.end, scope)


def weeks_for(window: Window, weeks: int = DEFAULT_TREND_WEEKS) -> list[Window]:
    return trend_weeks(window.end, weeks)


def shown_metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def expected_metrics(summary: Summary, domain: str) -> dict[str, str]:
    return {
        metric_label(domain, key, "zh"): format_figure(key, value, "zh")
        for key, value in summary.current.domain(domain).scalars().items()
    }


def charts(app: AppTest) -> dict[str, list[pd.DataFrame]]:
    """Every chart shown, by its title: the tables its data arrived in."""
    shown: dict[str, list[pd.DataFrame]] = {}
    for element in app.get("vega_lite_chart"):
        proto = element.proto  # type: ignore[attr-defined]
        title = json.loads(proto.spec)["title"]["text"]
        buffers = [proto.data.data, *(dataset.data.data for dataset in proto.datasets)]
        tables = [pa.ipc.open_stream(buffer).read_all().to_pandas() for buffer in buffers if buffer]
        shown[title] = [table for table in tables if len(table.columns)]
    return shown


def chart_data(app: AppTest, title: str, columns: list[str]) -> pd.DataFrame:
    """The one table of chart `title` that holds `columns`, as those columns."""
    tables = [table for table in charts(app)[title] if set(columns) <= set(table.columns)]
    assert len(tables) == 1, f"{title}: {len(tables)} tables with {columns}"
    return tables[0][columns].reset_index(drop=True)


def same(shown: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal values, whatever the Arrow round trip did to dtypes and date resolution."""
    shown, expected = shown.reset_index(drop=True), expected.reset_index(drop=True)
    for frame in (shown, expected):
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)


def infos(app: AppTest) -> list[str]:
    return [element.value for element in app.info]


EMPTY_WEEK_BACK = 150


def choose_week_without_records(app: AppTest) -> Window:
    """Choose a week long before the demo street's first record; return it."""
    week = last_week().shifted_weeks(-EMPTY_WEEK_BACK)
    app.selectbox(key="window_week_zh").set_value(week).run()
    assert not app.exception, [element.value for element in app.exception]
    return week
