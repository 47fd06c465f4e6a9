"""The per-community table of the summary, with headers in the UI language."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import metric_label, t
from i18n.formatting import DECIMAL_KEYS


def community_table(summary: dict, lang: str) -> None:
    """One row per community in scope, the figures of `by_community` as METRICS.md defines."""
    st.subheader(t("by_community_title", lang))
    rows = pd.DataFrame(summary["by_community"])
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
    st.dataframe(rows, hide_index=True, column_config=config, height="content")
