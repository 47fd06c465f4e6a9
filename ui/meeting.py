"""The weekly meeting's widgets: the comparison table and the follow-up actions (督办事项)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from data_access.follow_ups import (
    RecordError,
    StaleRecord,
    create_follow_up,
    follow_up_history,
    set_follow_up_status,
)
from i18n import enum_label, t
from metrics.meeting import follow_up_statuses
from metrics.window import CALENDAR_MONTHS, Window
from reports.meeting import MeetingReport, comparison_rows, follow_ups_for_report
from ui.auth import PRINCIPAL_KEY
from ui.cached import clear_caches, current_engine
from ui.filters import Filters, today_local, window_label
from ui.pdf_export import current_actor

DOMAINS = ("disputes", "consultations", "organizations", "burden")


def may_raise_actions() -> bool:
    """Leaders and admins run the meeting; without accounts everyone may."""
    principal = st.session_state.get(PRINCIPAL_KEY)
    return principal is None or getattr(principal, "role", "") in ("leader", "admin")


def meeting_caption(window: Window, scope: str, lang: str) -> str:
    """The window and what it is compared with: last week and the 8 weeks before; the window
    of the same length and the 8 before for a range; the previous period and the same period
    a year earlier for a month, quarter or year."""
    values = {
        "window": window_label(window, lang),
        "previous": window_label(window.previous(), lang),
        "scope": scope,
    }
    if window.period in CALENDAR_MONTHS:
        year_ago = window_label(window.year_ago(), lang)
        return t("meeting_caption_period", lang, year_ago=year_ago, **values)
    return t("meeting_caption" if window.week else "meeting_caption_range", lang, **values)


def comparison_columns(window: Window, lang: str) -> dict[str, str]:
    """The comparison table's columns (keys of `comparison_rows`) and headers: this week, last
    week, the change and the 8-week average; for a month, quarter or year this period, the
    previous one, the change (环比), the same period a year earlier and the change against it
    (同比) instead of the average."""
    if window.week:
        this, previous = t("meeting_col_this", lang), t("meeting_col_previous", lang)
    else:
        this = t(f"meeting_col_this_{window.period}", lang)
        previous = t(f"meeting_col_previous_{window.period}", lang)
    columns = {
        "label": t("meeting_col_figure", lang),
        "this": this,
        "previous": previous,
        "change": t("meeting_col_change", lang),
    }
    if window.period in CALENDAR_MONTHS:
        columns["year_ago"] = t("meeting_col_year_ago", lang)
        columns["year_change"] = t("meeting_col_year_change", lang)
    else:
        columns["average"] = t("meeting_col_average", lang)
    return columns


def comparison_tables(report: MeetingReport, lang: str) -> None:
    """Per domain, every figure against the previous window and the 8-week average, or for a
    month, quarter or year against the previous period and the same period a year earlier."""
    columns = comparison_columns(report.window, lang)
    for domain in DOMAINS:
        st.subheader(t(f"domain_{domain}", lang))
        rows = pd.DataFrame(comparison_rows(report, domain, lang))[list(columns)]
        st.dataframe(rows.rename(columns=columns), hide_index=True, width="stretch")


def _action_rows(
    actions: pd.DataFrame, names: dict[str, str], today: date, lang: str
) -> pd.DataFrame:
    statuses = follow_up_statuses(actions, today)
    return pd.DataFrame(
        {
            t("pdf_col_community", lang): [names.get(code, code) for code in actions["community"]],
            t("meeting_action_title", lang): actions["title"],
            t("meeting_action_owner", lang): actions["owner"],
            t("meeting_action_due", lang): [str(day) for day in actions["due_on"]],
            t("pdf_col_status", lang): [t(f"follow_up_status_{s}", lang) for s in statuses],
            t("follow_up_col_raised", lang): [str(day) for day in actions["raised_on"]],
            t("follow_up_col_rule", lang): [
                enum_label("rule", rule, lang) if rule else "" for rule in actions["alert_rule"]
            ],
        }
    )


def _action_table(title: str, actions: pd.DataFrame, report: MeetingReport, lang: str) -> None:
    st.markdown(f"**{title}**")
    if actions.empty:
        st.caption(t("meeting_no_actions", lang))
        return
    st.dataframe(
        _action_rows(actions, report.names, today_local(), lang), hide_index=True, width="stretch"
    )


def follow_up_section(report: MeetingReport, filters: Filters) -> None:
    """Last meeting's actions and their fate, this meeting's, older open ones, and the forms."""
    lang, window = filters.lang, report.window
    st.subheader(t("meeting_follow_ups", lang))
    actions = follow_ups_for_report(current_engine(), window, filters.scope)
    raised = pd.to_datetime(actions["raised_on"]).dt.date if not actions.empty else pd.Series()
    in_window = (raised >= window.start) & (raised <= window.end)
    after = raised > window.end
    earlier = ~(in_window | after)
    _action_table(t("meeting_last_week_actions", lang), actions[in_window], report, lang)
    _action_table(t("meeting_this_week_actions", lang), actions[after], report, lang)
    _action_table(t("meeting_open_actions", lang), actions[earlier], report, lang)
    if not actions.empty:
        with st.expander(t("meeting_history", lang)):
            history = follow_up_history(current_engine(), [int(i) for i in actions["id"]])
            titles = dict(zip(actions["id"], actions["title"], strict=True))
            st.dataframe(
                pd.DataFrame(
                    {
                        t("meeting_action_title", lang): [
                            titles[i] for i in history["follow_up_id"]
                        ],
                        t("follow_up_col_at", lang): [
                            pd.Timestamp(at).strftime("%Y-%m-%d %H:%M") for at in history["at"]
                        ],
                        t("follow_up_col_actor", lang): history["actor"],
                        t("pdf_col_status", lang): [
                            t(f"follow_up_status_{s}", lang) for s in history["status"]
                        ],
                        t("follow_up_col_note", lang): history["note"],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    if may_raise_actions():
        new_action_form(report, filters)
        if not actions.empty:
            status_form(actions, report, filters)


def new_action_form(report: MeetingReport, filters: Filters) -> None:
    """Record an action for a community, optionally from one of this week's alerts."""
    lang = filters.lang
    alerts = report.summary.alerts
    alert_labels = {
        index: f"{enum_label('rule', alert.rule, lang)} · "
        f"{report.names.get(alert.community, alert.community)}"
        for index, alert in enumerate(alerts)
    }
    with st.form("new_follow_up", clear_on_submit=True):
        st.markdown(f"**{t('meeting_new_action', lang)}**")
        chosen_alert = st.selectbox(
            t("meeting_from_alert", lang),
            options=[None, *alert_labels],
            format_func=lambda index: (
                t("meeting_no_alert", lang) if index is None else alert_labels[index]
            ),
        )
        community = st.selectbox(
            t("pdf_col_community", lang),
            options=list(filters.scope),
            format_func=lambda code: filters.names.get(code, code),
        )
        title = st.text_input(t("meeting_action_title", lang), max_chars=500)
        owner = st.text_input(t("meeting_action_owner", lang), max_chars=100)
        due_on = st.date_input(
            t("meeting_action_due", lang),
            value=max(today_local(), report.window.end) + timedelta(days=7),
        )
        if st.form_submit_button(t("meeting_action_save", lang), type="primary"):
            alert = alerts[chosen_alert] if chosen_alert is not None else None
            try:
                create_follow_up(
                    current_engine(),
                    community=alert.community if alert else str(community),
                    title=title,
                    owner=owner,
                    due_on=due_on,
                    raised_on=max(today_local(), report.window.end + timedelta(days=1)),
                    actor=current_actor(),
                    alert_rule=alert.rule if alert else None,
                )
            except RecordError:
                st.error(t("meeting_action_missing", lang))
            else:
                clear_caches()
                st.success(t("meeting_action_saved", lang))
                st.rerun()


def status_form(actions: pd.DataFrame, report: MeetingReport, filters: Filters) -> None:
    """Mark an action done, or reopen it, naming the version the user saw."""
    lang = filters.lang
    labels = {
        int(row["id"]): f"{report.names.get(row['community'], row['community'])} · {row['title']}"
        for _, row in actions.iterrows()
    }
    versions = {int(row["id"]): int(row["version"]) for _, row in actions.iterrows()}
    with st.form("follow_up_status"):
        st.markdown(f"**{t('meeting_change_status', lang)}**")
        chosen = st.selectbox(
            t("meeting_choose_action", lang), options=list(labels), format_func=labels.__getitem__
        )
        status = st.radio(
            t("meeting_new_status", lang),
            options=["done", "open"],
            format_func=lambda code: t(f"follow_up_status_{code}", lang),
            horizontal=True,
        )
        note = st.text_input(t("meeting_status_note", lang), max_chars=1000)
        if st.form_submit_button(t("meeting_status_save", lang)):
            try:
                set_follow_up_status(
                    current_engine(),
                    int(chosen),
                    status=str(status),
                    version=versions[int(chosen)],
                    on=today_local(),
                    actor=current_actor(),
                    note=note,
                )
            except StaleRecord:
                st.error(t("meeting_stale", lang))
            else:
                clear_caches()
                st.success(t("meeting_status_saved", lang))
                st.rerun()
