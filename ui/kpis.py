"""KPI cards: a figure, its change against the previous window (环比), which way is good, and
for a month, quarter or year its change against the same period a year earlier (同比)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import streamlit as st

from data_access.settings import get_settings
from i18n import metric_label, t
from i18n.formatting import format_change, format_figure, format_year_on_year
from i18n.glossary import definition_values as glossary_values
from metrics.headline import HEADLINE, NEUTRAL, RISE_IS_BAD
from metrics.summary_model import Scalar, Summary, has_year_ago_data
from metrics.window import CALENDAR_MONTHS


def definition_values() -> dict[str, object]:
    """The thresholds in force, for the placeholders of the glossary's definitions."""
    return glossary_values(get_settings().thresholds)


def definition(domain: str, key: str, lang: str) -> str:
    """The glossary's definition of a figure (docs/metrics.md), with the thresholds in force."""
    return t(f"def_{domain}_{key}", lang, **definition_values())


def _delta_color(key: str) -> Literal["normal", "inverse", "off"]:
    if key in NEUTRAL:
        return "off"
    return "inverse" if key in RISE_IS_BAD else "normal"


def year_on_year_line(
    key: str, value: Scalar, year_ago: Mapping[str, Scalar] | None, lang: str
) -> str:
    """A month's, quarter's or year's card's second line: 同比 +12.5% (coloured as its 环比 is,
    by which way is good), or 去年同期无数据 when `year_ago` is None (nothing was reported in the
    same period a year earlier)."""
    if year_ago is None:
        return t("no_year_ago_data", lang)
    change = format_year_on_year(key, value, year_ago[key], lang)
    line = t("kpi_year_on_year", lang, change=change or t("not_available", lang))
    colour = _delta_color(key)
    if change is None or change == "±0" or colour == "off":
        return line
    rises = change.startswith("+")
    good = rises if colour == "normal" else not rises
    return f":{'green' if good else 'red'}[{line}]"


def kpi_cards(
    domain: str,
    figures: Mapping[str, Scalar],
    previous: Mapping[str, Scalar],
    keys: list[str],
    lang: str,
    *,
    year_ago: Mapping[str, Scalar] | None = None,
    with_year_on_year: bool = False,
) -> None:
    """One row of st.metric cards for `keys` of a domain's figures. With `with_year_on_year` (a
    month, quarter or year) the 环比 is named as such and a second line gives the 同比 against
    `year_ago` (None: no data a year earlier): the card is then a bordered container (key
    kpi_DOMAIN_KEY) holding the metric and that line, as st.metric has room for one change."""
    columns = st.columns(len(keys))
    for column, key in zip(columns, keys, strict=True):
        change = format_change(key, figures[key], previous[key], lang)
        unchanged = figures[key] == previous[key]
        card = (
            column.container(border=True, key=f"kpi_{domain}_{key}")
            if with_year_on_year
            else column
        )
        card.metric(
            metric_label(domain, key, lang),
            format_figure(key, figures[key], lang),
            delta=change,
            delta_color="off" if unchanged else _delta_color(key),
            delta_arrow="off" if unchanged else "auto",
            border=not with_year_on_year,
            help=definition(domain, key, lang),
            delta_description=t("kpi_vs_previous", lang) if with_year_on_year else None,
        )
        if with_year_on_year:
            card.caption(year_on_year_line(key, figures[key], year_ago, lang))


def domain_section(domain: str, summary: Summary, lang: str, *, with_heading: bool = True) -> None:
    """A domain's headline cards, and the rest of its scalar figures in an expander; for a
    month, quarter or year each card adds its 同比 (or 去年同期无数据)."""
    figures = summary.current.domain(domain).scalars()
    previous = summary.previous.domain(domain).scalars()
    with_year_on_year = summary.window.period in CALENDAR_MONTHS
    year_ago = summary.year_ago.domain(domain).scalars() if has_year_ago_data(summary) else None

    def cards(keys: list[str]) -> None:
        kpi_cards(
            domain,
            figures,
            previous,
            keys,
            lang,
            year_ago=year_ago,
            with_year_on_year=with_year_on_year,
        )

    if with_heading:
        st.subheader(t(f"domain_{domain}", lang))
    cards(HEADLINE[domain])
    others = [key for key in figures if key not in HEADLINE[domain]]
    if others:
        with st.expander(t("more_figures", lang)):
            cards(others)
