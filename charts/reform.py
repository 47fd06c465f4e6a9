"""The chart of a reform's evaluation (成效评估): both groups' weekly counts, the start marked.

The page and the PDF draw the same chart, so it keeps to charts/theme.py's print-friendly look:
the two groups differ in colour, dash and point shape, and the start is a labelled rule.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from charts.theme import INK, finished, weekly_lines
from i18n import t
from metrics.reform import Evaluation


def weekly_frame(evaluation: Evaluation) -> pd.DataFrame:
    """One row a week (its Monday) with the treated and the comparison group's counts."""
    rows = pd.DataFrame(
        [(point.week_start, point.group, point.count) for point in evaluation.weekly],
        columns=["week", "group", "count"],
    )
    wide = rows.pivot_table(index="week", columns="group", values="count", aggfunc="sum")
    wide = wide.reindex(columns=["treated", "comparison"], fill_value=0).fillna(0).astype(int)
    wide = wide.reset_index()
    wide["week"] = pd.to_datetime(wide["week"])
    return wide


def start_rule(start: date, lang: str) -> alt.LayerChart:
    """A vertical rule at the reform's start with its label at the top."""
    marker = pd.DataFrame({"week": [pd.Timestamp(start)], "label": [t("reform_chart_start", lang)]})
    base = alt.Chart(marker).encode(x="week:T")
    rule = base.mark_rule(color=INK, strokeWidth=1.5, strokeDash=[4, 3])
    label = base.mark_text(align="left", baseline="top", dx=4, y=2, color=INK, fontSize=12).encode(
        text="label:N"
    )
    return alt.LayerChart(layer=[rule, label])


def reform_chart(
    evaluation: Evaluation, figure_label: str, lang: str, *, hidden: bool = False
) -> alt.LayerChart:
    """Both groups' weekly counts over the before and after periods, the start marked; with
    `hidden` (a community account) the subtitle does not count the comparison communities."""
    measures = {
        "treated": t("reform_treated", lang),
        "comparison": t("reform_comparison_hidden" if hidden else "reform_comparison", lang),
    }
    lines = weekly_lines(weekly_frame(evaluation), measures, t("reform_chart_axis", lang), lang)
    chart = alt.layer(lines, start_rule(evaluation.after.start, lang))
    subtitle = t(
        "reform_chart_subtitle_hidden" if hidden else "reform_chart_subtitle",
        lang,
        treated=len(evaluation.treated.communities),
        comparison=len(evaluation.comparison.communities),
        weeks=evaluation.weeks,
    )
    return finished(chart, t("reform_chart_title", lang, figure=figure_label), subtitle)
