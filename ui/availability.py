"""Every page's guard: malformed settings, and a database that is gone or read-only.

A database that goes away while the app runs (file deleted, disk read-only, PostgreSQL stopped)
gives a message in the UI language instead of a traceback, on whichever page it happens, and
the app carries on by itself once the database is back: nothing unusable is cached (Streamlit
caches no exception, and `database_state` drops the engine's pooled connections).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access.db import (
    DatabaseState,
    DatabaseUnavailable,
    database_state,
    is_retryable,
    unavailable_reason,
)
from data_access.settings import configured_language, settings_problems
from i18n import t
from ui.navigation import every_page

log = logging.getLogger("streetdash")


def stop_on_settings_problems() -> None:
    """Show every malformed setting and what it must be, then stop (nothing else can run)."""
    problems = settings_problems()
    if not problems:
        return
    lang = configured_language()
    for problem in problems:
        log.error("malformed setting: %s", problem)
    st.set_page_config(page_title=t("app_title", lang), page_icon="🏘️")
    lines = [
        "- "
        + t(
            "settings_problem_line",
            lang,
            name=f"`{problem.name}`",
            value=f"`{problem.value}`",
            expected=t(f"settings_expected_{problem.expected}", lang, **problem.params),
        )
        for problem in problems
    ]
    st.error("\n".join([t("settings_error_title", lang), "", *lines]))
    st.stop()


@st.cache_resource(show_spinner=False)
def _last_seen() -> dict[str, DatabaseState]:
    """Each database's state as this process last saw it, by URL."""
    return {}


def check_database(engine: Engine, lang: str) -> None:
    """Raise `DatabaseUnavailable` when the database cannot be read; warn when it is read-only.

    (Data another process changed, an import or a restore, shows through the data version in
    every cached loader's key: ui/cached.py.)"""
    state = database_state(engine)
    key = engine.url.render_as_string(hide_password=True)
    before = _last_seen().get(key)
    if before is not None and state.is_writable and not before.is_writable:
        engine.dispose()  # connections opened meanwhile are read-only for good
    _last_seen()[key] = state
    if not state.is_writable:
        st.warning(t("db_read_only_banner", lang), icon=":material/lock:")


@dataclass
class Guard:
    """Whether the app's own navigation was drawn before the failure (else a hidden one is)."""

    has_navigation: bool = False


@contextmanager
def database_guard(lang: str) -> Iterator[Guard]:
    """Turn a database failure anywhere inside into a message in `lang`, then stop the page."""
    guard = Guard()
    try:
        yield guard
    except (SQLAlchemyError, DatabaseUnavailable) as error:
        if not guard.has_navigation:  # else Streamlit would list the pages/ files instead
            st.navigation(every_page(lang), position="hidden")
        if isinstance(error, DatabaseUnavailable):
            reason = error.reason
        elif is_retryable(error):  # a write outside run_write lost a race: try again later
            reason = "db_busy"
        else:
            reason = unavailable_reason(error) or "db_unreachable"
        log.warning("database unavailable (%s): %s", reason, error, exc_info=True)
        st.error(t(reason, lang), icon=":material/database:")
        st.caption(t("db_retry_hint", lang))
        st.stop()
