"""The per-community table of the summary, with headers in the UI language; choosing a row
opens that community's profile (社区画像)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import metric_label, t
from i18n.formatting import DECIMAL_KEYS
from metrics.summary_model import Summary

PROFILE_PAGE = "pages/community.py"
PROFILE_REQUEST = "streetdash_profile_request"


def open_profile(code: str) -> None:
    """Switch to the community profile, showing community `code`."""
    st.session_state[PROFILE_REQUEST] = code
    st.switch_page(PROFILE_PAGE, query_params={"community": code})


def column_headers(rows: pd.DataFrame, headers: dict[str, str]) -> dict:
    """Column config naming each column of `headers`, decimals to one place, others hidden."""
    config: dict = {}
    for column in rows.columns:
        if column not in headers:
            config[column] = None
        elif column.endswith("rate"):
            config[column] = st.column_config.NumberColumn(headers[column], format="percent")
        elif pd.api.types.is_float_dtype(rows[column]):
            config[column] = st.column_config.NumberColumn(headers[column], format="%.1f")
        else:
            config[column] = st.column_config.Column(headers[column])
    return config


def clickable_communities(
    rows: pd.DataFrame, *, key: str, lang: str, column_config: dict | None = None
) -> None:
    """`rows` (with a `community` code column) as a table whose chosen row opens the profile."""
    st.caption(t("profile_hint", lang))
    chosen = st.dataframe(
        rows,
        hide_index=True,
        column_config=column_config,
        height="content",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    picked = chosen.selection.rows if chosen is not None else []
    if picked:
        open_profile(str(rows.iloc[picked[0]]["community"]))


def community_table(summary: Summary, lang: str) -> None:
    """One row per community in scope, the figures of `by_community` as docs/metrics.md defines."""
    st.subheader(t("by_community_title", lang))
    rows = pd.DataFrame(summary.by_community)
    if rows.empty:
        st.info(t("no_scope", lang))
        return
    config = {
        column: st.column_config.NumberColumn(
            metric_label("by_community", column, lang),
            format="%.2f" if column in DECIMAL_KEYS else "%d",
        )
        for column in rows.columns
        if column not in ("community", "name")
    }
    config["community"] = st.column_config.TextColumn(
        metric_label("by_community", "community", lang)
    )
    config["name"] = st.column_config.TextColumn(metric_label("by_community", "name", lang))
    clickable_communities(rows, key="overview_communities", lang=lang, column_config=config)
