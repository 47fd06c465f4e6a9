"""The common look of every chart, and the small builders the domain modules compose."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import altair as alt
import pandas as pd

from i18n import t

FONT = "Noto Sans SC, Microsoft YaHei, sans-serif"
WIDTH = 720
HEIGHT = 260
INK = "#222222"
BAR = "#555555"
GRID = "#e3e3e3"
# Ordered so that neighbours differ in lightness and stay apart when printed in grey; every
# series also gets its own dash pattern and point shape.
SERIES_COLORS = ["#1f1f1f", "#b71c1c", "#8c8c8c", "#e08a2c", "#2f5f98", "#c4c4c4", "#6b4226"]
DASHES = [[1, 0], [7, 3], [2, 2], [9, 3, 2, 3], [1, 4], [4, 1], [12, 2]]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge"]
BAR_STEP = 24
CELL_WIDTH = 56
CELL_HEIGHT = 24
WEEK_FORMAT = "%m/%d"
DAY_FORMAT = "%Y-%m-%d"
MONTH_FORMAT = "%Y-%m"
PERIOD_FORMATS = {"week": WEEK_FORMAT, "month": MONTH_FORMAT}
PERIOD_TOOLTIPS = {"week": DAY_FORMAT, "month": MONTH_FORMAT}

AnyChart: TypeAlias = (
    alt.Chart | alt.LayerChart | alt.HConcatChart | alt.VConcatChart | alt.FacetChart
)


def lookup_expression(field: str, labels: Mapping[str, str]) -> str:
    """A Vega expression giving the label of `datum[field]` (the code itself when unknown)."""
    table = json.dumps(dict(labels), ensure_ascii=False)
    return f"{table}[datum['{field}']] || datum['{field}']"


def finished(chart: Any, title: str, subtitle: str | None = None) -> Any:
    """`chart` with its title and the shared fonts, sizes and print-friendly colours.

    One `configure` call with every part: each configure_* call copies the chart, and eight
    copies were a sixth of a cold page's cost."""
    heading = alt.TitleParams(text=title, subtitle=subtitle or "", anchor="start")
    return chart.properties(title=heading).configure(
        font=FONT,
        background="white",
        axis=alt.AxisConfig(
            labelFont=FONT,
            titleFont=FONT,
            labelFontSize=12,
            titleFontSize=12,
            labelColor=INK,
            titleColor=INK,
            gridColor=GRID,
            domainColor=INK,
            tickColor=INK,
        ),
        legend=alt.LegendConfig(
            labelFont=FONT, titleFont=FONT, labelFontSize=12, orient="bottom", symbolSize=120
        ),
        title=alt.TitleConfig(
            font=FONT, fontSize=15, subtitleFont=FONT, subtitleFontSize=12, color=INK
        ),
        header=alt.HeaderConfig(labelFont=FONT, titleFont=FONT, labelFontSize=12),
        text=alt.MarkConfig(font=FONT),
        view=alt.ViewConfig(stroke=None),
    )


def week_axis(lang: str, unit: str = "week") -> alt.X:
    """The time axis of a trend by week (`week`, its Monday) or by calendar month (`month`)."""
    return alt.X(
        f"{unit}:T",
        title=t(f"chart_axis_{unit}", lang),
        axis=alt.Axis(
            format=PERIOD_FORMATS[unit],
            labelAngle=-40 if unit == "month" else 0,  # 12 labels of 7 characters: slanted
            tickCount="month" if unit == "month" else "week",
        ),
    )


def week_tooltip(lang: str, unit: str = "week") -> alt.Tooltip:
    return alt.Tooltip(
        f"{unit}:T", title=t(f"chart_axis_{unit}", lang), format=PERIOD_TOOLTIPS[unit]
    )


def value_format(is_rate: bool, is_decimal: bool = False) -> str:
    return ".1%" if is_rate else (",.1f" if is_decimal else ",d")


def weekly_lines(
    rows: pd.DataFrame,
    measures: Mapping[str, str],
    y_title: str,
    lang: str,
    *,
    is_rate: bool = False,
    height: int = HEIGHT,
    width: int = WIDTH,
) -> alt.LayerChart:
    """One line per measure column of a weekly frame (or a monthly one, whose time column is
    `month`: metrics.series names it so), told apart by colour, dash and shape."""
    unit = "month" if "month" in rows.columns else "week"
    names = list(measures.values())
    series = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=names, range=SERIES_COLORS[: len(names)]),
        sort=names,
    )
    dash = alt.StrokeDash(
        "series:N", title=None, scale=alt.Scale(domain=names, range=DASHES[: len(names)])
    )
    shape = alt.Shape(
        "series:N", title=None, scale=alt.Scale(domain=names, range=SHAPES[: len(names)])
    )
    value_axis = alt.Y(
        "value:Q",
        title=y_title,
        axis=alt.Axis(format=".0%" if is_rate else "~s", tickMinStep=1 if not is_rate else 0.05),
        scale=alt.Scale(domain=[0, 1]) if is_rate else alt.Undefined,
    )
    base = (
        alt.Chart(rows)
        .transform_fold(list(measures), as_=["measure", "value"])
        .transform_calculate(series=lookup_expression("measure", measures))
        .encode(x=week_axis(lang, unit), y=value_axis, color=series)
    )
    tooltip = [
        week_tooltip(lang, unit),
        alt.Tooltip("series:N", title=t("chart_axis_series", lang)),
        alt.Tooltip("value:Q", title=y_title, format=value_format(is_rate)),
    ]
    lines = base.mark_line(strokeWidth=2).encode(strokeDash=dash)
    points = base.mark_point(filled=True, size=45).encode(shape=shape, tooltip=tooltip)
    layered = alt.LayerChart(layer=[lines, points])
    return layered.properties(width=width, height=height)


def labelled_bars(
    rows: pd.DataFrame,
    *,
    category: str,
    value: str,
    category_title: str | None,
    value_title: str,
    order: Sequence[str] | None = None,
    is_rate: bool = False,
    is_decimal: bool = False,
    color: str = BAR,
    extra_tooltip: Sequence[alt.Tooltip] = (),
    width: int = WIDTH,
) -> alt.LayerChart:
    """Horizontal bars with their value printed at the end (readable without colour)."""
    sort: Any = list(order) if order is not None else "-x"
    fmt = value_format(is_rate, is_decimal)
    y = alt.Y(f"{category}:N", title=category_title, sort=sort, axis=alt.Axis(labelLimit=220))
    largest = float(pd.to_numeric(rows[value]).max()) if not rows.empty else 0.0
    axis = (
        alt.Axis(format=".0%", values=[step / 5 for step in range(6)])
        if is_rate
        else alt.Axis(format="~s", tickMinStep=1)
    )
    # Room at the right for the printed value of the longest bar.
    x = alt.X(
        f"{value}:Q",
        title=value_title,
        axis=axis,
        scale=alt.Scale(domain=[0, max(largest * 1.15, 1.0)], nice=False),
    )
    tooltip = [
        alt.Tooltip(f"{category}:N", title=category_title),
        alt.Tooltip(f"{value}:Q", title=value_title, format=fmt),
        *extra_tooltip,
    ]
    base = alt.Chart(rows).encode(y=y, x=x, tooltip=tooltip)
    bars = base.mark_bar(color=color, stroke=INK, strokeWidth=0.5)
    labels = base.mark_text(align="left", dx=4, color=INK, fontSize=12).encode(
        text=alt.Text(f"{value}:Q", format=fmt)
    )
    layered = alt.LayerChart(data=rows, layer=[bars, labels])
    return layered.properties(width=width, height=alt.Step(BAR_STEP))


def heat_map(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    x_title: str,
    y_title: str,
    value_title: str,
    x_order: Sequence[str] | None = None,
    y_order: Sequence[str] | None = None,
) -> alt.LayerChart:
    """A grid of counts in grey shades, each cell's count written in it (zero left blank)."""
    columns = rows[x].nunique()
    base = alt.Chart(rows).encode(
        x=alt.X(
            f"{x}:N",
            title=x_title,
            sort=list(x_order) if x_order is not None else "ascending",
            axis=alt.Axis(labelAngle=-40, labelLimit=160),
        ),
        y=alt.Y(
            f"{y}:N", title=y_title, sort=list(y_order) if y_order is not None else "ascending"
        ),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            f"{value}:Q", title=value_title, scale=alt.Scale(scheme="greys", domainMin=0)
        ),
        tooltip=[
            alt.Tooltip(f"{y}:N", title=y_title),
            alt.Tooltip(f"{x}:N", title=x_title),
            alt.Tooltip(f"{value}:Q", title=value_title, format=",d"),
        ],
    )
    maximum = float(rows[value].max()) if not rows.empty else 0.0
    numbers = (
        base.transform_filter(f"datum['{value}'] > 0")
        .mark_text(fontSize=11)
        .encode(
            text=alt.Text(f"{value}:Q", format=",d"),
            color=alt.condition(
                f"datum['{value}'] > {maximum / 2}", alt.value("white"), alt.value(INK)
            ),
        )
    )
    layered = alt.LayerChart(layer=[cells, numbers])
    return layered.properties(width=max(WIDTH, CELL_WIDTH * columns), height=alt.Step(CELL_HEIGHT))
