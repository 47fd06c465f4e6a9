"""The only st.cache_* calls. Every cached loader takes the scope among its arguments (since
Streamlit's caches are shared by every session), and the data version (`audit.data_version`,
read from the database once per page run, `one_data_version`, else on every call): a write by
any app process moves it on, so every process sees the write on its next run. `clear_caches()`
also runs after a write, in the writing one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from altair.utils.schemapi import disable_debug_mode
from sqlalchemy import Engine

# Streamlit's own Altair → Vega-Lite conversion (chart data as Arrow), run once per chart and
# cached below; a private name, so streamlit is pinned (constraints.txt) and the app tests read
# every chart's data back from what is sent.
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from data_access.audit import data_version
from data_access.db import engine_for
from data_access.migrate import migrate
from data_access.queries import communities, data_date_range, street_names
from data_access.settings import get_settings
from figures.views import ViewData, view_data
from metrics.frames import WindowFrames
from metrics.series import trend_weeks
from metrics.summary_model import AlertItem
from metrics.window import Window
from reports.alert_records import records_behind
from reports.meeting import MeetingNumbers, MeetingReport, meeting_numbers, worded_meeting
from reports.summary import WindowNumbers, WindowReport, window_numbers, worded_report

Version = tuple[int, str]  # audit.data_version

# Altair checks every schema object against Vega-Lite's schema as it is made ("debug mode"), a
# quarter of a chart's cost on a cold page; tests/unit/test_charts.py checks every builder's
# whole spec instead.
disable_debug_mode()


@st.cache_resource(show_spinner=False)
def database(database_url: str) -> Engine:
    """The engine of `database_url`, its schema brought up to date once per process."""
    engine = engine_for(database_url)
    migrate(engine)
    return engine


def current_engine() -> Engine:
    return database(get_settings().database_url)


_this_run = threading.local()  # a script run's thread: the data version it has read


@contextmanager
def one_data_version() -> Iterator[None]:
    """Read the data version once for the page run inside, not once per loader.

    A page asks for it from every cached loader (four to six times); each read was a query.
    Within one run the version a page shows its figures for stays the same, except after a
    write in that run: `clear_caches` forgets it, so the next loader reads the new one.
    """
    _this_run.versions = {}
    try:
        yield
    finally:
        del _this_run.versions


def current_version(database_url: str) -> Version:
    """The data version now: part of every cached loader's key."""
    versions: dict[str, Version] | None = getattr(_this_run, "versions", None)
    if versions is None:
        return data_version(database(database_url))
    if database_url not in versions:
        versions[database_url] = data_version(database(database_url))
    return versions[database_url]


def load_communities(database_url: str) -> pd.DataFrame:
    """Every community (code, name, population …): the sidebar's choices, not yet a scope."""
    return _communities(database_url, current_version(database_url))


@st.cache_data(ttl=600, show_spinner=False)
def _communities(database_url: str, version: Version) -> pd.DataFrame:
    return communities(database(database_url))


def load_street_names(database_url: str) -> dict[str, str]:
    """Street code → name, for the sidebar's street choice."""
    return _street_names(database_url, current_version(database_url))


@st.cache_data(ttl=600, show_spinner=False)
def _street_names(database_url: str, version: Version) -> dict[str, str]:
    return street_names(database(database_url))


def load_data_span(database_url: str) -> tuple[date, date] | None:
    """The first and last dates the records carry (the months, quarters and years the sidebar
    offers); None when there is no record. Dates only, no figure: the same for every user."""
    return _data_span(database_url, current_version(database_url))


@st.cache_data(ttl=600, show_spinner=False)
def _data_span(database_url: str, version: Version) -> tuple[date, date] | None:
    return data_date_range(database(database_url))


def window_of(label: str, end: date) -> Window:
    """The window a cache key names: its label (2026-W40, 2026-10, 2026-Q3, 2026, START..END)
    and its last day, so that a month and the range of the same days, or a whole and a partial
    month, are different keys (their previous and year-ago windows differ)."""
    return Window.of_label(label).through(end)


def load_window_report(
    database_url: str, window: Window, scope: tuple[str, ...], lang: str
) -> WindowReport:
    """The window's summary and records for exactly `scope`; the scope is part of the key."""
    version = current_version(database_url)
    return _window_report(database_url, window.label, window.end, scope, lang, version)


@st.cache_data(ttl=600, show_spinner=False)
def _window_report(
    database_url: str,
    label: str,
    end: date,
    scope: tuple[str, ...],
    lang: str,
    version: Version,
) -> WindowReport:
    return worded_report(_window_numbers(database_url, label, end, scope, version), lang)


@st.cache_data(ttl=600, show_spinner=False)
def _window_numbers(
    database_url: str, label: str, end: date, scope: tuple[str, ...], version: Version
) -> WindowNumbers:
    """The window's figures and alerts in no language: the SQL runs once for every language,
    and switching language only words the alerts again."""
    return window_numbers(
        database(database_url), window_of(label, end), scope, thresholds=get_settings().thresholds
    )


def load_view_data(
    database_url: str, view: str, start: date, end: date, weeks: int, scope: tuple[str, ...]
) -> ViewData:
    """What `view` draws for the window, a trend of `weeks` weeks and `scope` (in the key)."""
    version = current_version(database_url)
    return _view_data(database_url, view, start, end, weeks, scope, version)


@st.cache_data(ttl=600, show_spinner=False)
def _view_data(
    database_url: str,
    view: str,
    start: date,
    end: date,
    weeks: int,
    scope: tuple[str, ...],
    version: Version,
) -> ViewData:
    return view_data(
        database(database_url),
        view,
        Window(start, end),
        trend_weeks(end, weeks),
        scope,
        no_consultation_days=get_settings().thresholds.no_consultation_days,
    )


def clear_caches() -> None:
    """Drop every cached result, so that every page shows a write at once."""
    st.cache_data.clear()
    if getattr(_this_run, "versions", None) is not None:
        _this_run.versions = {}


def load_meeting_report(
    database_url: str, window: Window, scope: tuple[str, ...], lang: str
) -> MeetingReport:
    """The meeting's report (summary, 8-week average or the same period a year earlier) for
    exactly `scope` (in the key)."""
    version = current_version(database_url)
    return _meeting_report(database_url, window.label, window.end, scope, lang, version)


@st.cache_data(ttl=600, show_spinner=False)
def _meeting_report(
    database_url: str,
    label: str,
    end: date,
    scope: tuple[str, ...],
    lang: str,
    version: Version,
) -> MeetingReport:
    return worded_meeting(_meeting_numbers(database_url, label, end, scope, version), lang)


@st.cache_data(ttl=600, show_spinner=False)
def _meeting_numbers(
    database_url: str, label: str, end: date, scope: tuple[str, ...], version: Version
) -> MeetingNumbers:
    """The meeting's figures in no language, run once for every language."""
    return meeting_numbers(
        database(database_url), window_of(label, end), scope, thresholds=get_settings().thresholds
    )


class _Unvalidated:
    """An Altair chart whose `to_dict` skips the Vega-Lite schema check.

    Checking a spec against the schema was two thirds of a cold page's chart cost (jsonschema
    walking every layer); the builders' output is checked in tests/unit/test_charts.py instead,
    where a wrong spec fails a test rather than a user's page.
    """

    def __init__(self, chart: Any) -> None:
        self.chart = chart

    def to_dict(self) -> dict[str, Any]:
        return self.chart.to_dict(validate=False)  # type: ignore[no-any-return]


def alert_records(
    database_url: str,
    window: Window,
    scope: tuple[str, ...],
    lang: str,
    frames: WindowFrames,
) -> Callable[[AlertItem], pd.DataFrame]:
    """The records behind each alert of the window's report, labelled in `lang`: made once per
    alert and kept, not on every page run (they were most of a warm 总览's own work).

    `frames` are the records of the report the page has loaded for this window and scope, the
    ones the alerts name; they are not part of the key (hashing them would cost what the cache
    saves): the window, scope and data version determine them."""
    version = current_version(database_url)

    def records(alert: AlertItem) -> pd.DataFrame:
        key = (alert.rule, alert.refs)
        return _alert_records(
            database_url, window.label, window.end, scope, lang, version, key, frames
        )

    return records


@st.cache_data(ttl=600, show_spinner=False, max_entries=5000)
def _alert_records(
    database_url: str,
    label: str,
    end: date,
    scope: tuple[str, ...],
    lang: str,
    version: Version,
    alert: tuple[str, tuple[str, ...]],
    _frames: WindowFrames,
) -> pd.DataFrame:
    rule, refs = alert
    return records_behind(rule, refs, _frames, lang)


@st.cache_data(show_spinner=False, max_entries=2000)
def _chart_spec(name: str, _builder: Callable[..., Any], *args: Any) -> dict[str, Any]:
    """The Vega-Lite spec (data included) of the Altair chart `_builder(*args)`; `name` is the
    builder's (Streamlit cannot hash a function, so the name stands for it in the key)."""
    return _convert_altair_to_vega_lite_spec(_Unvalidated(_builder(*args)))  # type: ignore[arg-type]


def chart_spec(builder: Callable[..., Any], *args: Any) -> dict[str, Any]:
    """The Vega-Lite spec (data included) of the Altair chart `builder(*args)`.

    Building an Altair chart and validating it against the Vega-Lite schema took most of a
    page's time once its data was cached (0.3–0.4 s of a 0.45 s rerun of 矛盾纠纷); a spec is
    the same for the same data and language, so it is built once. The arguments are the chart's
    data, not the database or the user: nothing here widens what a session may see.
    """
    return _chart_spec(f"{builder.__module__}.{builder.__qualname__}", builder, *args)
