"""The summary of docs/metrics.md aggregated in the database, assembled from the four domains.

Each domain module (figures/disputes.py, consultations.py, organizations.py, burden.py) adds
its additive parts per community, forms its figures from them and evaluates the alert rules
that read its records; this module runs them in one read transaction, so that a window's cost
grows with the communities and windows shown, not with the records kept. The alerts come back
as metrics.alerts.Alert, without words: wording them is the reports' job (reports/summary.py),
so that the same numbers serve every language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine

from data_access.db import read_connection
from figures.burden import (
    burden_alerts,
    burden_figures,
    burden_parts,
    by_department,
    community_burden_figures,
)
from figures.community import ScopeCommunity, scope_communities
from figures.consultations import (
    community_consultation_figures,
    consultation_alerts,
    consultation_figures,
    consultation_parts,
    held_by_form,
    weekly_consultations,
)
from figures.disputes import (
    community_dispute_figures,
    dispute_alerts,
    dispute_figures,
    dispute_parts,
    new_by_category,
    weekly_dispute_flow,
)
from figures.organizations import (
    community_organization_figures,
    organization_alerts,
    organization_figures,
    organization_parts,
)
from figures.sql import Parts, new_parts
from metrics.alerts import Alert, alert_order, fired
from metrics.thresholds import Thresholds
from metrics.window import Window

# The parts of the current window that count as something reported (docs/metrics.md no_report).
REPORTED_PARTS = ("d_new_0", "c_held_0", "o_activities_0", "b_assigned_0")


def community_parts(
    connection: Connection, windows: list[Window], codes: list[str], thresholds: Thresholds
) -> Parts:
    """Every additive part of every window, per community of `codes`."""
    parts = new_parts()
    dispute_parts(connection, windows, codes, thresholds, parts)
    consultation_parts(connection, windows, codes, parts)
    organization_parts(connection, windows, codes, thresholds, parts)
    burden_parts(connection, windows, codes, parts)
    return parts


def window_figures(
    connection: Connection | None,
    parts: Parts,
    index: int,
    window: Window,
    communities: list[ScopeCommunity],
) -> dict[str, Any]:
    """The four domain objects of docs/metrics.md for window `index` of `parts`; with a connection
    also their breakdowns by category, form, stage and department (the meeting's earlier
    windows need only the scalars)."""
    codes = [community.code for community in communities]
    if connection is None:
        return {
            "disputes": dispute_figures(parts, index, communities, None),
            "consultations": consultation_figures(parts, index, communities, None),
            "organizations": organization_figures(parts, index, communities, False),
            "burden": burden_figures(parts, index, communities, None),
        }
    return {
        "disputes": dispute_figures(
            parts, index, communities, new_by_category(connection, window, codes)
        ),
        "consultations": consultation_figures(
            parts, index, communities, held_by_form(connection, window, codes)
        ),
        "organizations": organization_figures(parts, index, communities, True),
        "burden": burden_figures(
            parts, index, communities, by_department(connection, window, codes)
        ),
    }


def by_community(parts: Parts, communities: list[ScopeCommunity]) -> list[dict[str, Any]]:
    """The `by_community` list of docs/metrics.md for the current window (index 0)."""
    rows = []
    for community in communities:
        own = parts[community.code]
        rows.append(
            {
                "community": community.code,
                "name": community.name,
                **community_dispute_figures(own, community.population),
                **community_consultation_figures(own),
                **community_organization_figures(own),
                **community_burden_figures(own),
            }
        )
    return rows


def no_report_alerts(parts: Parts, codes: list[str]) -> list[Alert]:
    """metrics.alert_rules.no_report: nothing of any domain reported in the current window."""
    return [
        fired("no_report", code)
        for code in codes
        if not sum(parts[code].get(name, 0) for name in REPORTED_PARTS)
    ]


def sql_alerts(
    connection: Connection, window: Window, codes: list[str], parts: Parts, thresholds: Thresholds
) -> list[Alert]:
    """Every alert rule (docs/metrics.md) at the window's end, in metrics.alerts' order."""
    alerts = [
        *dispute_alerts(connection, window, codes, parts, thresholds),
        *consultation_alerts(connection, window, codes, thresholds),
        *organization_alerts(connection, window, codes, thresholds),
        *burden_alerts(connection, window, codes, thresholds),
        *no_report_alerts(parts, codes),
    ]
    return sorted(alerts, key=alert_order)


@dataclass(frozen=True)
class SqlSummary:
    """The summary object of docs/metrics.md without its alerts' words (`summary` has every key but
    `alerts`), the communities it covers, its alerts, and the earlier windows' scalar figures."""

    summary: dict[str, Any]
    communities: list[ScopeCommunity]
    alerts: list[Alert]
    earlier: list[dict[str, Any]]


def sql_summary(
    engine: Engine,
    window: Window,
    scope: Sequence[str],
    thresholds: Thresholds,
    *,
    earlier_windows: int = 0,
) -> SqlSummary:
    """The summary of docs/metrics.md for `window` and `scope`, aggregated in the database.

    `previous` is window.previous() (the calendar period before, for a month, quarter or
    year) and `year_ago` window.year_ago(). With `earlier_windows`, also the scalar figures of
    window.previous(1 … n), for the meeting's average.
    """
    with read_connection(engine) as connection:
        communities = scope_communities(connection, scope)
        codes = [community.code for community in communities]
        back = range(1, max(earlier_windows, 1) + 1)
        windows = [window, *(window.previous(count) for count in back)]
        parts = community_parts(connection, windows, codes, thresholds)
        current = window_figures(connection, parts, 0, window, communities)
        previous = window_figures(connection, parts, 1, window.previous(), communities)
        # Its own parts: in one query with the others, a week's records would be read over a
        # whole year (the span of every window asked for).
        year_ago = window.year_ago()
        year_ago_parts = community_parts(connection, [year_ago], codes, thresholds)
        year_ago_figures = window_figures(connection, year_ago_parts, 0, year_ago, communities)
        earlier = [
            window_figures(None, parts, index, windows[index], communities)
            for index in range(1, earlier_windows + 1)
        ]
        alerts = sql_alerts(connection, window, codes, parts, thresholds)
    summary = {
        "window": window.to_json(),
        "scope": sorted(codes),
        **current,
        "by_community": by_community(parts, communities),
        "previous": previous,
        "year_ago": year_ago_figures,
    }
    return SqlSummary(summary=summary, communities=communities, alerts=alerts, earlier=earlier)


def headline_series(
    engine: Engine, scope: Sequence[str], weeks: list[Window]
) -> dict[str, pd.DataFrame]:
    """The weekly dispute flow and consultations of `weeks` for the communities of `scope`."""
    codes = list(scope)
    with read_connection(engine) as connection:
        return {
            "dispute_flow": weekly_dispute_flow(connection, codes, weeks),
            "consultations": weekly_consultations(connection, codes, weeks),
        }
