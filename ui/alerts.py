"""The alert list: grouped by severity, each alert opening onto the records it refers to."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from i18n import enum_label, t
from metrics.codes import SEVERITIES
from metrics.summary_model import AlertItem
from reports.alerts import (
    ALERTS_LISTED_UP_TO,
    alerts_by_rule,
    communities_text,
    distinct_names,
)
from ui.community_table import PROFILE_PAGE
from ui.plain_text import as_text

# Alerts of one rule drawn at most, when a district's week has too many to list them all.
ALERTS_SHOWN = 50

RecordsOf = Callable[[AlertItem], pd.DataFrame]


def alert_list(
    alerts: Sequence[AlertItem],
    records: RecordsOf,
    names: dict[str, str],
    lang: str,
    *,
    with_profile_links: bool = True,
) -> None:
    """Alerts grouped high → low; each expands to its message and `records(alert)`, the
    records behind it.

    Above ALERTS_LISTED_UP_TO (a district's week), a table by rule comes first and one rule's
    alerts are opened at a time, at most ALERTS_SHOWN of them: hundreds of expanders would
    take seconds to draw and nobody reads them in a meeting."""
    st.subheader(t("alerts_title", lang))
    if not alerts:
        st.success(t("alerts_none", lang))
        return
    if len(alerts) > ALERTS_LISTED_UP_TO:
        alerts = _one_rule_of_many(alerts, names, lang)
    # Communities of two streets may share a name: the labels carry the code then, as the
    # table by rule and the PDF do.
    names = distinct_names(names.keys() | {alert.community for alert in alerts}, names)
    for severity in SEVERITIES:
        chosen = [alert for alert in alerts if alert.severity == severity]
        if not chosen:
            continue
        title = t(f"severity_title_{severity}", lang)
        st.markdown(f"**{t('alerts_count', lang, severity=title, count=len(chosen))}**")
        for alert in chosen:
            _alert(alert, records, names, lang, with_profile_links=with_profile_links)


def _one_rule_of_many(
    alerts: Sequence[AlertItem], names: dict[str, str], lang: str
) -> list[AlertItem]:
    """The table of rules, a choice of one rule, and the (first ALERTS_SHOWN) alerts of it."""
    rows = alerts_by_rule(alerts, names)
    st.caption(t("alerts_by_rule_caption", lang, count=len(alerts), limit=ALERTS_LISTED_UP_TO))
    st.dataframe(
        pd.DataFrame(
            {
                t("pdf_col_severity", lang): [
                    t(f"severity_title_{row.severity}", lang) for row in rows
                ],
                t("pdf_col_rule", lang): [enum_label("rule", row.rule, lang) for row in rows],
                t("pdf_col_rule_communities", lang): [len(row.communities) for row in rows],
                t("pdf_col_communities", lang): [
                    communities_text(row.communities, lang) for row in rows
                ],
            }
        ),
        hide_index=True,
    )
    counts = {row.rule: sum(alert.rule == row.rule for alert in alerts) for row in rows}
    rule = st.selectbox(
        t("alerts_pick_rule", lang),
        options=[row.rule for row in rows],
        format_func=lambda code: (
            f"{enum_label('rule', code, lang)}（{counts[code]}）"
            if lang == "zh"
            else f"{enum_label('rule', code, lang)} ({counts[code]})"
        ),
        key="alerts_rule",
    )
    of_rule = [alert for alert in alerts if alert.rule == rule]
    if len(of_rule) > ALERTS_SHOWN:
        st.caption(t("alerts_first_shown", lang, shown=ALERTS_SHOWN, count=len(of_rule)))
    return of_rule[:ALERTS_SHOWN]


def _alert(
    alert: AlertItem,
    records_of: RecordsOf,
    names: dict[str, str],
    lang: str,
    *,
    with_profile_links: bool,
) -> None:
    community = names.get(alert.community, alert.community)
    label = f"{enum_label('rule', alert.rule, lang)} · {as_text(community)}"
    with st.expander(label):
        st.write(as_text(alert.message))
        if with_profile_links:
            st.page_link(
                PROFILE_PAGE,
                label=t("open_profile", lang, name=as_text(community)),
                icon=":material/location_city:",
                query_params={"community": alert.community},
            )
        records = records_of(alert)
        if not records.empty:
            st.caption(t("alert_records", lang, count=len(records)))
            st.dataframe(records, hide_index=True)
