"""KPI cards: a figure, its change against the previous window, and which way is good."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import streamlit as st

from data_access.settings import get_settings
from i18n import metric_label, t
from i18n.formatting import format_change, format_figure
from i18n.glossary import definition_values as glossary_values
from metrics.summary_model import Scalar, Summary

# Figures whose rise is bad news (shown red when they go up).
RISE_IS_BAD = {
    "new",
    "unresolved_closed",
    "open_at_end",
    "overdue_at_end",
    "mean_days_to_resolve",
    "major_new",
    "per_10k",
    "pending_implementation",
    "inactive",
    "assigned",
    "unapproved",
    "negative_list",
    "off_list",
    "reports",
    "hours",
    "unfunded_assist",
}
# Shown as information only, never as good or bad (docs/metrics.md: 就地化解率 is not a target).
NEUTRAL = {"local_rate", "returned"}

HEADLINE = {
    "disputes": ["new", "resolved", "open_at_end", "overdue_at_end", "success_rate", "local_rate"],
    "consultations": [
        "held",
        "participants",
        "consensus_rate",
        "implemented",
        "pending_implementation",
    ],
    "organizations": ["active", "newly_entered", "standard_rate", "activities", "inactive"],
    "burden": ["assigned", "unapproved", "negative_list", "off_list", "hours", "compliance_rate"],
}


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


def kpi_cards(
    domain: str,
    figures: Mapping[str, Scalar],
    previous: Mapping[str, Scalar],
    keys: list[str],
    lang: str,
) -> None:
    """One row of st.metric cards for `keys` of a domain's figures."""
    columns = st.columns(len(keys))
    for column, key in zip(columns, keys, strict=True):
        change = format_change(key, figures[key], previous[key], lang)
        unchanged = figures[key] == previous[key]
        column.metric(
            metric_label(domain, key, lang),
            format_figure(key, figures[key], lang),
            delta=change,
            delta_color="off" if unchanged else _delta_color(key),
            delta_arrow="off" if unchanged else "auto",
            border=True,
            help=definition(domain, key, lang),
        )


def domain_section(domain: str, summary: Summary, lang: str, *, with_heading: bool = True) -> None:
    """A domain's headline cards, and the rest of its scalar figures in an expander."""
    figures = summary.current.domain(domain).scalars()
    previous = summary.previous.domain(domain).scalars()
    if with_heading:
        st.subheader(t(f"domain_{domain}", lang))
    kpi_cards(domain, figures, previous, HEADLINE[domain], lang)
    others = [key for key in figures if key not in HEADLINE[domain]]
    if others:
        with st.expander(t("more_figures", lang)):
            kpi_cards(domain, figures, previous, others, lang)
