"""The only st.cache_* calls. Every cached loader takes the scope among its arguments (PITFALLS.md:
Streamlit's caches are shared by every session), and `clear_caches()` runs after every write."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access.db import engine_for
from data_access.migrate import migrate
from data_access.queries import communities, view_frames
from data_access.settings import get_settings
from metrics.frames import WindowFrames
from metrics.window import Window
from reports.meeting import MeetingReport, meeting_report
from reports.summary import WindowReport, window_report


@st.cache_resource(show_spinner=False)
def database(database_url: str) -> Engine:
    """The engine of `database_url`, its schema brought up to date once per process."""
    engine = engine_for(database_url)
    migrate(engine)
    return engine


def current_engine() -> Engine:
    return database(get_settings().database_url)


@st.cache_data(ttl=600, show_spinner=False)
def load_communities(database_url: str) -> pd.DataFrame:
    """Every community (code, name, population …): the sidebar's choices, not yet a scope."""
    return communities(database(database_url))


@st.cache_data(ttl=600, show_spinner=False)
def load_window_report(
    database_url: str, start: date, end: date, scope: tuple[str, ...], lang: str
) -> WindowReport:
    """The window's summary and records for exactly `scope`; the scope is part of the key."""
    settings = get_settings()
    return window_report(
        database(database_url),
        Window(start, end),
        scope,
        thresholds=settings.thresholds,
        lang=lang,
    )


@st.cache_data(ttl=600, show_spinner=False)
def load_view_frames(
    database_url: str, since: date, end: date, scope: tuple[str, ...]
) -> WindowFrames:
    """The records the oversight views draw over [since, end] for exactly `scope` (in the key)."""
    return view_frames(database(database_url), since, end, scope)


def clear_caches() -> None:
    """Drop every cached result, so that every page shows a write at once."""
    st.cache_data.clear()


@st.cache_data(ttl=600, show_spinner=False)
def load_meeting_report(
    database_url: str, start: date, end: date, scope: tuple[str, ...], lang: str
) -> MeetingReport:
    """The weekly meeting's report (summary, 8-week average) for exactly `scope` (in the key)."""
    return meeting_report(
        database(database_url),
        Window(start, end),
        scope,
        thresholds=get_settings().thresholds,
        lang=lang,
    )
