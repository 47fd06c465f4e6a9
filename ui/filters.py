"""The sidebar every page shares: the window, the communities in scope, and the language.

The widgets live in app.py's frame, so their values survive a page switch; pages read the
result with `current_filters()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from data_access.principal import Principal, allowed_scope, visible_codes
from data_access.settings import get_settings
from i18n import LANGUAGE_NAMES, t
from i18n.formatting import format_span, scope_text
from metrics.window import CALENDAR_MONTHS, Period, Window
from ui.cached import load_communities, load_data_span, load_street_names
from ui.navigation import REQUESTED_PAGE_KEY
from ui.periods import (
    WINDOW_MODES,
    calendar_label,
    default_period,
    option_label,
    partial_note,
    periods_offered,
)

FILTERS_KEY = "streetdash_filters"
CHOSEN_WEEK_KEY = "streetdash_chosen_week"
# The window type and the month, quarter or year chosen, kept across pages and languages.
CHOSEN_MODE_KEY = "streetdash_chosen_mode"
CHOSEN_PERIOD_KEY = "streetdash_chosen_{period}"
WEEKS_OFFERED = 156


@dataclass(frozen=True)
class Filters:
    """What the user chose: the window, the scope (community codes) and the UI language."""

    window: Window
    scope: tuple[str, ...]
    lang: str
    is_whole_street: bool
    names: dict[str, str]
    streets: tuple[str, ...] = ()  # names of the streets chosen, when no community is

    def describe_scope(self, scope: Sequence[str] | None = None) -> str:
        """The scope in words (i18n.formatting.scope_text), by default the filters' own.

        A download's scope is read again when its button is pressed: it is called all
        communities, or the chosen streets, only while it is still the filters' scope.
        """
        shown = self.scope if scope is None else tuple(scope)
        own = shown == self.scope
        return scope_text(
            self.lang,
            shown,
            self.names,
            whole=own and self.is_whole_street,
            streets=self.streets if own else (),
        )


def today_local() -> date:
    return datetime.now(ZoneInfo(get_settings().timezone)).date()


def current_language() -> str:
    """The language chosen in the sidebar, or the configured default before it is drawn."""
    return st.session_state.get("lang", get_settings().language)


def window_label(window: Window, lang: str) -> str:
    """E.g. 2026-W47（11月16日–22日）, 2026年11月（11月1日–29日）, or a date range with its year."""
    if window.week:
        span = format_span(window.start, window.end, lang, with_year=False)
        return t("week_label", lang, week=window.week, span=span)
    if window.period in CALENDAR_MONTHS:
        return calendar_label(window, lang)
    return format_span(window.start, window.end, lang)


def year_ago_caption(window: Window, lang: str) -> str:
    """The same period a year earlier, for a page's caption: " · 去年同期：2025年11月（…）" for a
    month, quarter or year (the pages compare those with it too), else nothing."""
    if window.period not in CALENDAR_MONTHS:
        return ""
    return " · " + t("year_ago_caption", lang, year_ago=window_label(window.year_ago(), lang))


def period_notes(window: Window, lang: str, *, has_year_ago: bool = True) -> None:
    """Under a page's caption: 截至 11月29日 … when the window is a month, quarter or year that
    has not ended (its comparisons then cover as many days), and 去年同期无数据 when such a
    window has no record a year earlier (so no 同比 is shown)."""
    note = partial_note(window, lang)
    if note is not None:
        st.caption(note)
    if window.period in CALENDAR_MONTHS and not has_year_ago:
        st.caption(t("no_year_ago_data_note", lang))


def _weeks_offered(today: date) -> list[Window]:
    """ISO weeks, newest first, from the last complete week back three years."""
    latest = Window.last_complete_week(today)
    return [latest.shifted_weeks(-offset) for offset in range(WEEKS_OFFERED)]


def _period_picker(period: Period, today: date, lang: str) -> Window:
    """A month, quarter or year of those holding records (the current one partial), newest
    first; the last complete one until another is chosen, which is kept across pages and
    languages."""
    span = load_data_span(get_settings().database_url)
    offered = periods_offered(period, span[0] if span else None, today)
    remembered_key = CHOSEN_PERIOD_KEY.format(period=period)
    remembered = st.session_state.get(remembered_key)
    chosen = remembered if remembered in offered else default_period(offered)
    picked = st.sidebar.selectbox(
        t(f"sidebar_{period}", lang),
        options=offered,
        index=offered.index(chosen),
        format_func=lambda window: option_label(window, lang),
        key=f"window_{period}_{lang}",  # by language, as the week's (see below)
    )
    st.session_state[remembered_key] = picked or chosen
    return picked or chosen


def _window_picker(lang: str) -> Window:
    remembered = st.session_state.get(CHOSEN_MODE_KEY)
    mode = st.sidebar.segmented_control(
        t("sidebar_mode", lang),
        options=list(WINDOW_MODES),
        format_func=lambda option: t(f"mode_{option}", lang),
        default=remembered if remembered in WINDOW_MODES else "week",
        required=True,
        key=f"window_mode_{lang}",  # by language, as the week's (see below)
    )
    st.session_state[CHOSEN_MODE_KEY] = mode or "week"
    today = today_local()
    if mode in CALENDAR_MONTHS:
        return _period_picker(mode, today, lang)
    weeks = _weeks_offered(today)
    if mode == "range":
        default = (weeks[3].start, weeks[0].end)
        chosen = st.sidebar.date_input(t("sidebar_range", lang), value=default, key="window_range")
        if isinstance(chosen, tuple) and len(chosen) == 2:
            return Window(chosen[0], chosen[1])
        st.sidebar.warning(t("range_incomplete", lang))
        st.stop()
    remembered = st.session_state.get(CHOSEN_WEEK_KEY)
    week = st.sidebar.selectbox(
        t("sidebar_week", lang),
        options=weeks,
        index=weeks.index(remembered) if remembered in weeks else 0,
        format_func=lambda window: window_label(window, lang),
        # The language is part of the key: Streamlit keeps a keyed widget's labels as first
        # drawn, so switching language draws a new widget that starts on the chosen week.
        key=f"window_week_{lang}",
    )
    st.session_state[CHOSEN_WEEK_KEY] = week or weeks[0]
    return week or weeks[0]


def language_picker() -> str:
    """Draw the sidebar's language choice (the login page has it too); the chosen language."""
    st.sidebar.segmented_control(
        t("sidebar_language"),
        options=list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.__getitem__,
        default=get_settings().language,
        required=True,
        key="lang",
    )
    return current_language()


def _street_picker(known: pd.DataFrame, lang: str) -> tuple[list[str], tuple[str, ...]]:
    """When the communities offered lie in more than one street, draw a choice of streets.

    The community codes then offered (those of the chosen streets; all when none is chosen),
    and the names of the chosen streets. A community chosen before that is no longer offered
    is dropped from the community choice, which would otherwise refuse it.
    """
    codes = sorted(str(code) for code in known["street_code"].unique())
    if len(codes) <= 1:
        return list(known["code"]), ()
    street_names = load_street_names(get_settings().database_url)
    picked = st.sidebar.multiselect(
        t("sidebar_streets", lang),
        options=codes,
        format_func=lambda code: street_names.get(code, code),
        placeholder=t("sidebar_all_streets", lang),
        key="streets",
    )
    picked = [code for code in picked if code in codes]
    in_streets = known[known["street_code"].isin(picked)] if picked else known
    offered = list(in_streets["code"])
    if "communities" in st.session_state:
        kept = [code for code in st.session_state["communities"] if code in offered]
        st.session_state["communities"] = kept
    return offered, tuple(street_names.get(code, code) for code in picked)


def sidebar_filters(principal: Principal, lang: str) -> Filters:
    """Draw the shared sidebar and remember the choice for the pages.

    Only the communities `principal` may see are offered, named, or ever put in the scope.
    """
    st.sidebar.subheader(t("sidebar_window", lang))
    window = _window_picker(lang)
    known = load_communities(get_settings().database_url)
    visible = set(visible_codes(principal, known["code"]))
    known = known[known["code"].isin(visible)]
    names = dict(zip(known["code"], known["name"], strict=True))
    offered, streets = _street_picker(known, lang)
    chosen = st.sidebar.multiselect(
        t("sidebar_communities", lang),
        options=offered,
        format_func=lambda code: names.get(code, code),
        placeholder=(
            t("sidebar_all_communities", lang)
            if principal.reads_all
            else t("sidebar_my_communities", lang, count=len(names))
        ),
        key="communities",
    )
    chosen = [code for code in chosen if code in offered]
    scope = allowed_scope(principal, chosen or offered, names)
    filters = Filters(
        window=window,
        scope=scope,
        lang=lang,
        is_whole_street=not chosen and not streets and principal.reads_all,
        names=names,
        streets=() if chosen else streets,
    )
    st.session_state[FILTERS_KEY] = filters
    return filters


def current_filters() -> Filters:
    """The filters app.py drew for this run.

    A freshly started server answers the very first request for a page's own address by
    running that page file alone (Streamlit's legacy `pages/` mode lasts until app.py's
    st.navigation has run once in the process), so there is no frame yet: go through app.py,
    which draws the sidebar and then opens the page that was asked for.
    """
    filters = st.session_state.get(FILTERS_KEY)
    if filters is None:
        path = urlparse(st.context.url or "").path.rstrip("/")
        st.session_state[REQUESTED_PAGE_KEY] = path.rsplit("/", 1)[-1]
        st.switch_page("app.py")
    return filters
