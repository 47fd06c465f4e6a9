"""What the oversight views share: the page head, the trend span, the records and charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from data_access.settings import get_settings
from figures.views import ViewData
from i18n import metric_labels, t
from metrics.frames import EIGHT_ITEMS, WindowFrames
from metrics.series import TREND_WEEKS, span_of, trend_weeks
from metrics.summary_model import Summary
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.alerts import distinct_names as names_told_apart
from reports.summary import WindowReport
from ui.cached import chart_spec, load_view_data, load_window_report
from ui.community_table import PROFILE_REQUEST
from ui.filters import Filters, current_filters, period_notes, window_label, year_ago_caption
from ui.phone import chart_width
from ui.plain_text import as_text

TREND_KEY = "streetdash_trend_weeks"
DEFAULT_TREND_WEEKS = 26


@dataclass(frozen=True)
class View:
    """A view's inputs: the filters, the records its lists show and its trend series (counted
    in the database), and the window's report of its scope, loaded when first asked for."""

    filters: Filters
    lang: str
    window: Window
    scope: tuple[str, ...]
    data: ViewData
    weeks: list[Window]
    thresholds: Thresholds

    @cached_property
    def report(self) -> WindowReport:
        """The window's report of the view's scope. Loaded on first use, not by `open_view`:
        the community profile shows its one community's report instead and never asks."""
        url = get_settings().database_url
        return load_window_report(url, self.window, self.scope, self.lang)

    @property
    def summary(self) -> Summary:
        return self.report.summary

    @property
    def frames(self) -> WindowFrames:
        return self.data.frames

    @property
    def series(self) -> dict[str, pd.DataFrame]:
        return self.data.series

    @property
    def span(self) -> Window:
        return span_of(self.weeks)

    def span_text(self) -> str:
        return t("span_caption", self.lang, weeks=len(self.weeks), span=self.span_label())

    def span_label(self) -> str:
        return window_label(self.span, self.lang)


def _trend_span(lang: str) -> int:
    """The trend's length in weeks (12 / 26 / 52); the choice survives a page switch."""
    chosen = st.session_state.get(TREND_KEY, DEFAULT_TREND_WEEKS)
    weeks = st.segmented_control(
        t("trend_span", lang),
        options=list(TREND_WEEKS),
        default=chosen if chosen in TREND_WEEKS else DEFAULT_TREND_WEEKS,
        format_func=lambda count: t("trend_weeks", lang, weeks=count),
        required=True,
        key=f"trend_weeks_{lang}",
    )
    st.session_state[TREND_KEY] = weeks or DEFAULT_TREND_WEEKS
    return int(weeks or DEFAULT_TREND_WEEKS)


def open_view(title_key: str, *, scope: tuple[str, ...] | None = None) -> View:
    """Draw the page's title and caption, and load the view's data (`page_disputes` loads the
    data of view `disputes`, see figures/views.py); the window's report waits for `View.report`."""
    filters = current_filters()
    lang = filters.lang
    st.title(t(title_key, lang))
    if not filters.names:
        st.info(t("no_communities", lang))
        st.stop()
    scope = scope or filters.scope
    heading, picker = st.columns([3, 1], vertical_alignment="bottom")
    with picker:
        count = _trend_span(lang)
    window = filters.window
    heading.caption(
        t(
            "view_caption",
            lang,
            window=window_label(window, lang),
            scope=as_text(filters.describe_scope()),
            previous=window_label(window.previous(), lang),
        )
        + year_ago_caption(window, lang)
    )
    period_notes(window, lang)
    settings = get_settings()
    name = title_key.removeprefix("page_")
    data = load_view_data(settings.database_url, name, window.start, window.end, count, scope)
    return View(
        filters=filters,
        lang=lang,
        window=window,
        scope=scope,
        data=data,
        weeks=trend_weeks(window.end, count),
        thresholds=settings.thresholds,
    )


# A per-community chart stays readable up to about this many communities (a district has
# hundreds); the tables beside the charts keep every row.
CHART_COMMUNITIES = 20


def distinct_names(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with each community's name followed by its code where two communities (of
    different streets) share a name, so that a chart by name never merges them (the rule of
    `reports.alerts.distinct_names`, which the PDF follows too)."""
    codes = rows[["community", "name"]].drop_duplicates()
    names = dict(zip(codes["community"], codes["name"], strict=True))
    shown = names_told_apart(codes["community"], names)
    return rows.assign(name=rows["community"].map(shown))


def top_communities(rows: pd.DataFrame, by: str, figure: str, lang: str) -> pd.DataFrame:
    """The rows of the CHART_COMMUNITIES communities highest by `by` (summed over each one's
    rows, ties by code), with a caption saying so when others are left out; else every row.
    Names shared by two communities get their codes (`distinct_names`)."""
    rows = distinct_names(rows)
    totals = rows.groupby("community")[by].sum().fillna(0).rename("total").reset_index()
    if len(totals) <= CHART_COMMUNITIES:
        return rows
    ranked = totals.sort_values(["total", "community"], ascending=[False, True])
    kept = set(ranked["community"].head(CHART_COMMUNITIES))
    st.caption(
        t("chart_top_communities", lang, shown=CHART_COMMUNITIES, total=len(totals), figure=figure)
    )
    return rows[rows["community"].isin(kept)]


def chart(
    builder: Callable[..., alt.TopLevelMixin],
    *args: Any,
    has_data: bool,
    lang: str,
    empty_key: str,
) -> None:
    """The chart `builder(*args)` (its spec built once per data: `chart_spec`), or a clear
    message instead of an empty one."""
    if has_data:
        spec = chart_spec(builder, *args)
        st.vega_lite_chart(spec, theme=None, width=chart_width(spec))
    else:
        st.info(t(empty_key, lang))


CONSULTATION_COLUMNS = (
    "ref",
    "community",
    "estate",
    "held_on",
    "form",
    "topic",
    "topic_category",
    "participants",
    "consensus",
    "implementation",
    "implemented_on",
)
BURDEN_COLUMNS = (
    "ref",
    "community",
    "department",
    "title",
    "kind",
    "list_status",
    "approved",
    "funded",
    "assigned_on",
    "hours",
    "outcome",
    "outcome_on",
)
# column -> text key of its header in record lists
COLUMN_KEYS = {
    "case_no": "column_case_no",
    "ref": "column_ref",
    "org_no": "column_org_no",
    "community": "column_community",
    "reported_on": "column_reported_on",
    "closed_on": "column_closed_on",
    "category": "column_category",
    "org_category": "column_org_category",
    "source": "column_source",
    "status": "column_status",
    "level": "column_level",
    "is_major": "column_is_major",
    "parties": "column_parties",
    "age_days": "column_age_days",
    "pending_days": "column_pending_days",
    "estate": "column_estate",
    "held_on": "column_held_on",
    "form": "column_form",
    "topic": "column_topic",
    "topic_category": "column_topic_category",
    "participants": "column_participants",
    "consensus": "column_consensus",
    "implementation": "column_implementation",
    "implemented_on": "column_implemented_on",
    "last_held": "column_last_held",
    "org_name": "column_org_name",
    "stage": "column_stage",
    "incubator": "column_incubator",
    "entered_on": "column_entered_on",
    "members": "column_members",
    "last_activity": "column_last_activity",
    "missing": "column_missing",
    "department": "column_department",
    "title": "column_title",
    "kind": "column_kind",
    "list_status": "column_list_status",
    "approved": "column_approved",
    "funded": "column_funded",
    "assigned_on": "column_assigned_on",
    "hours": "column_hours",
    "outcome": "column_outcome",
    "outcome_on": "column_outcome_on",
    "assigned": "series_assigned",
    "unapproved": "series_unapproved",
    "negative_list": "series_negative_list",
    "off_list": "series_off_list",
    "active": "column_active_orgs",
    "standard": "column_standard_orgs",
    "standard_rate": "column_standard_rate",
}


def headers(lang: str, *columns: str) -> dict[str, str]:
    """Column → header text; per-community figures take their docs/metrics.md labels."""
    by_community = metric_labels("by_community", lang)
    return {
        column: t(COLUMN_KEYS[column], lang) if column in COLUMN_KEYS else by_community[column]
        for column in columns
    }


def show_counts(counts: Mapping[str, int], column: str) -> pd.DataFrame:
    """A summary's {code: count} as the {column, count} frame the charts take."""
    return pd.DataFrame({column: list(counts), "count": list(counts.values())})


def eight_items_headers(lang: str) -> dict[str, str]:
    """Headers of the "八个一" matrix: the organisation, its eight items, what is missing."""
    return {
        **headers(lang, "org_no", "org_name", "community"),
        **{item: t(f"item_{item}", lang) for item in EIGHT_ITEMS},
        **headers(lang, "missing"),
        "is_standard": t("column_is_standard", lang),
    }


PROFILE_CHOICE = "profile_community"


def chosen_community(filters: Filters) -> str:
    """The community the profile shows: one asked for by a click or the URL, else the one
    chosen before, else the first in scope. The URL's `community` follows the choice."""
    options = list(filters.scope)
    requested = st.session_state.pop(PROFILE_REQUEST, None)
    if requested is None and PROFILE_CHOICE not in st.session_state:
        requested = st.query_params.get("community")
    if requested in options:
        st.session_state[PROFILE_CHOICE] = requested
    elif st.session_state.get(PROFILE_CHOICE) not in options:
        st.session_state[PROFILE_CHOICE] = options[0]
    code = st.selectbox(
        t("profile_choose", filters.lang),
        options=options,
        format_func=lambda option: filters.names.get(option, option),
        key=PROFILE_CHOICE,
    )
    st.query_params["community"] = code
    return str(code)


def community_report(view: View, code: str) -> WindowReport:
    """The window's report for one community of the view's scope."""
    url = get_settings().database_url
    return load_window_report(url, view.window, (code,), view.lang)
