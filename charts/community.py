"""Charts of the community profile (社区画像)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.theme import WIDTH, finished, weekly_lines
from i18n import t


def against_median_chart(rows: pd.DataFrame, measure: str, name: str, lang: str) -> alt.LayerChart:
    """One measure week by week: the community (solid) against the street's median (dashed)."""
    shown = rows[rows["measure"].eq(measure)]
    measures = {"value": name, "median": t("series_street_median", lang)}
    chart = weekly_lines(
        shown, measures, t(f"profile_axis_{measure}", lang), lang, height=180, width=WIDTH // 2 - 60
    )
    return finished(chart, t(f"profile_measure_{measure}", lang))
