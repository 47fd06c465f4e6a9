"""The DataFrames the metrics take: their columns, and the bundle a window's queries return.

Date columns are `datetime64` (NaT for null), booleans `bool`, counts `int64`, hours `float64`.
Enumerations hold the stable English codes of metrics/codes.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from metrics.window import Window

COMMUNITY_COLUMNS = ["code", "name", "street_code", "population", "households", "grids"]
DISPUTE_COLUMNS = [
    "case_no",
    "community",
    "reported_on",
    "category",
    "source",
    "status",
    "level",
    "closed_on",
    "is_major",
    "parties",
]
CONSULTATION_COLUMNS = [
    "ref",
    "community",
    "estate",
    "held_on",
    "form",
    "topic",
    "topic_category",
    "participants",
    "consensus",
    "problems_solved",
    "implementation",
    "implemented_on",
]
EIGHT_ITEMS = [
    "has_charter",
    "has_filing_form",
    "has_leader",
    "has_venue",
    "has_annual_plan",
    "has_annual_summary",
    "has_activity_log",
    "has_major_event_report",
]
ORGANIZATION_COLUMNS = [
    "org_no",
    "name",
    "community",
    "category",
    "stage",
    "incubator",
    "entered_on",
    "filed_on",
    "registered_on",
    "ended_on",
    "members",
    *EIGHT_ITEMS,
]
ORG_ACTIVITY_COLUMNS = ["ref", "org_no", "community", "held_on", "title", "participants"]
BURDEN_COLUMNS = [
    "ref",
    "community",
    "department",
    "title",
    "kind",
    "list_status",
    "approved",
    "funded",
    "assigned_on",
    "due_on",
    "hours",
    "outcome",
    "outcome_on",
]

DATE_COLUMNS = {
    "disputes": ["reported_on", "closed_on"],
    "consultations": ["held_on", "implemented_on"],
    "organizations": ["entered_on", "filed_on", "registered_on", "ended_on"],
    "org_activities": ["held_on"],
    "burden_items": ["assigned_on", "due_on", "outcome_on"],
}


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


@dataclass(frozen=True)
class WindowFrames:
    """Every record a window's figures, its previous window and its alerts can need, in scope.

    `communities` holds exactly the communities in scope; the other frames are already
    restricted to them and to a span of dates wide enough for the look-backs of docs/metrics.md.
    """

    communities: pd.DataFrame = field(default_factory=lambda: _empty(COMMUNITY_COLUMNS))
    disputes: pd.DataFrame = field(default_factory=lambda: _empty(DISPUTE_COLUMNS))
    consultations: pd.DataFrame = field(default_factory=lambda: _empty(CONSULTATION_COLUMNS))
    organizations: pd.DataFrame = field(default_factory=lambda: _empty(ORGANIZATION_COLUMNS))
    org_activities: pd.DataFrame = field(default_factory=lambda: _empty(ORG_ACTIVITY_COLUMNS))
    burden_items: pd.DataFrame = field(default_factory=lambda: _empty(BURDEN_COLUMNS))


def dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """The date column `column` as datetime64 (NaT for null), also when it arrived as objects."""
    values = frame[column]
    return values if pd.api.types.is_datetime64_any_dtype(values) else pd.to_datetime(values)


def flags(frame: pd.DataFrame, column: str) -> pd.Series:
    """The boolean column `column` as bool, a null read as False."""
    return frame[column].eq(True)


def numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """The numeric column `column` as numbers, a null read as 0."""
    return pd.to_numeric(frame[column]).fillna(0)


def in_window(days: pd.Series, window: Window) -> pd.Series:
    """True where the date is in the window (start <= day <= end); NaT is never in it."""
    return days.between(window.start_ts, window.end_ts)


def share(part: int, whole: int) -> float | None:
    """`part / whole` as a Python float, None when `whole` is 0."""
    return float(part) / whole if whole else None


def _by_community(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if rows.empty:
        return {}
    return {str(code): group for code, group in rows.groupby("community", sort=False)}


def split_by_community(frames: WindowFrames) -> dict[str, WindowFrames]:
    """Each community's own WindowFrames, in code order, from one pass over every frame.

    Filtering each frame once per community costs a pass per community and frame; the
    figures and alerts of every community need all of them, so they are split once here.
    """
    parts = {
        name: _by_community(getattr(frames, name))
        for name in ("disputes", "consultations", "organizations", "org_activities", "burden_items")
    }
    communities = {str(code): row for code, row in frames.communities.groupby("code", sort=True)}
    return {
        code: WindowFrames(
            communities=community,
            **{
                name: groups.get(code, getattr(frames, name).iloc[:0])
                for name, groups in parts.items()
            },
        )
        for code, community in communities.items()
    }
