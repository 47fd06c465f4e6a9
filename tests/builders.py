"""Small typed frames for the metric tests: one builder per record, keyword overrides win."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd

from metrics.frames import (
    BURDEN_COLUMNS,
    COMMUNITY_COLUMNS,
    CONSULTATION_COLUMNS,
    DATE_COLUMNS,
    DISPUTE_COLUMNS,
    EIGHT_ITEMS,
    ORG_ACTIVITY_COLUMNS,
    ORGANIZATION_COLUMNS,
    WindowFrames,
)
from metrics.window import Window

WEEK = Window.iso_week("2026-W40")
START = WEEK.start  # Monday 2026-09-28
END = WEEK.end  # Sunday 2026-10-04

_random = random.Random(42)
_serial = itertools.count(1)

BOOL_COLUMNS = {
    "disputes": ["is_major"],
    "consultations": ["consensus"],
    "organizations": EIGHT_ITEMS,
    "org_activities": [],
    "burden_items": ["approved", "funded"],
    "communities": [],
}
INT_COLUMNS = {
    "disputes": ["parties"],
    "consultations": ["participants", "problems_solved"],
    "organizations": ["members"],
    "org_activities": ["participants"],
    "burden_items": [],
    "communities": ["population", "households", "grids"],
}
FLOAT_COLUMNS = {"burden_items": ["hours"]}
COLUMNS = {
    "communities": COMMUNITY_COLUMNS,
    "disputes": DISPUTE_COLUMNS,
    "consultations": CONSULTATION_COLUMNS,
    "organizations": ORGANIZATION_COLUMNS,
    "org_activities": ORG_ACTIVITY_COLUMNS,
    "burden_items": BURDEN_COLUMNS,
}


def _key(prefix: str) -> str:
    return f"{prefix}{next(_serial):04d}"


def community(**overrides: Any) -> dict:
    """A community row: YH01 with 10,000 residents unless overridden."""
    return {
        "code": "YH01",
        "name": "粤海社区",
        "street_code": "YH",
        "population": 10_000,
        "households": _random.randint(2_000, 5_000),
        "grids": _random.randint(3, 9),
    } | overrides


def dispute(**overrides: Any) -> dict:
    """A dispute reported at the window's start in YH01, open, grid level, not major."""
    return {
        "case_no": _key("D"),
        "community": "YH01",
        "reported_on": START,
        "category": _random.choice(["family", "neighbor", "property"]),
        "source": _random.choice(["resident_visit", "grid_patrol", "hotline"]),
        "status": "open",
        "level": "grid",
        "closed_on": None,
        "is_major": False,
        "parties": _random.randint(2, 6),
    } | overrides


def consultation(**overrides: Any) -> dict:
    """A consultation held at the window's start in YH01, without consensus."""
    return {
        "ref": _key("C"),
        "community": "YH01",
        "estate": None,
        "held_on": START,
        "form": "residents_council",
        "topic": "加装电梯",
        "topic_category": _random.choice(["parking", "elevator", "environment"]),
        "participants": 10,
        "consensus": False,
        "problems_solved": 0,
        "implementation": "na",
        "implemented_on": None,
    } | overrides


def organization(**overrides: Any) -> dict:
    """An organisation of YH01 incubating since 2026-01-05, with all eight items."""
    return {
        "org_no": _key("O"),
        "name": "夕阳红志愿队",
        "community": "YH01",
        "category": _random.choice(["public_welfare", "culture_sports", "elderly"]),
        "stage": "incubating",
        "incubator": _random.choice(["district", "street", "community"]),
        "entered_on": date(2026, 1, 5),
        "filed_on": None,
        "registered_on": None,
        "ended_on": None,
        "members": _random.randint(5, 40),
        **dict.fromkeys(EIGHT_ITEMS, True),
    } | overrides


def org_activity(**overrides: Any) -> dict:
    """An activity held at the window's start by organisation O-none of YH01, 10 participants."""
    return {
        "ref": _key("A"),
        "org_no": "O-none",
        "community": "YH01",
        "held_on": START,
        "title": "健康讲座",
        "participants": 10,
    } | overrides


def burden_item(**overrides: Any) -> dict:
    """A statutory, approved, funded task assigned to YH01 at the window's start, 2 hours."""
    return {
        "ref": _key("B"),
        "community": "YH01",
        "department": "区民政局",
        "title": "入户走访",
        "kind": "task",
        "list_status": "statutory",
        "approved": True,
        "funded": True,
        "assigned_on": START,
        "due_on": None,
        "hours": 2.0,
        "outcome": "accepted",
        "outcome_on": None,
    } | overrides


def frame_of(rows: Iterable[dict], table: str) -> pd.DataFrame:
    """The rows as a frame of `table` with the dtypes of metrics/frames.py (empty too)."""
    records = pd.DataFrame(list(rows), columns=COLUMNS[table])
    for column in DATE_COLUMNS.get(table, []):
        values = [pd.NaT if value is None else pd.Timestamp(value) for value in records[column]]
        records[column] = pd.Series(values, index=records.index, dtype="datetime64[ns]")
    for column in BOOL_COLUMNS[table]:
        records[column] = records[column].astype(bool)
    for column in INT_COLUMNS[table]:
        records[column] = records[column].astype("int64")
    for column in FLOAT_COLUMNS.get(table, []):
        records[column] = records[column].astype("float64")
    return records


def communities_frame(*rows: dict) -> pd.DataFrame:
    return frame_of(rows, "communities")


def disputes_frame(*rows: dict) -> pd.DataFrame:
    return frame_of(rows, "disputes")


def consultations_frame(*rows: dict) -> pd.DataFrame:
    return frame_of(rows, "consultations")


def organizations_frame(*rows: dict) -> pd.DataFrame:
    return frame_of(rows, "organizations")


def org_activities_frame(*rows: dict) -> pd.DataFrame:
    return frame_of(rows, "org_activities")


def burden_frame(*rows: dict) -> pd.DataFrame:
    return frame_of(rows, "burden_items")


def window_frames(
    communities: Iterable[dict] = (),
    disputes: Iterable[dict] = (),
    consultations: Iterable[dict] = (),
    organizations: Iterable[dict] = (),
    org_activities: Iterable[dict] = (),
    burden_items: Iterable[dict] = (),
) -> WindowFrames:
    """A typed WindowFrames bundle from lists of builder rows."""
    return WindowFrames(
        communities=communities_frame(*communities),
        disputes=disputes_frame(*disputes),
        consultations=consultations_frame(*consultations),
        organizations=organizations_frame(*organizations),
        org_activities=org_activities_frame(*org_activities),
        burden_items=burden_frame(*burden_items),
    )
