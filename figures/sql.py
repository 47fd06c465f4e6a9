"""What every domain's SQL shares: the tables, counting under a condition, a window's bounds,
whole days between two dates, and the shapes the parts and series come back in.

Each domain module asks its questions as additive parts per community (counts and sums, named
`<part>_<window index>`); rates and totals are formed from the summed parts in Python, so a
scope's figure is the same whichever communities it is made of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Integer, and_, case, cast, func, select
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from data_access.models import (
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    OrgActivity,
    Organization,
)
from metrics.series import weekly_sum
from metrics.window import Window

Parts = dict[str, dict[str, float]]  # community code -> part name -> value

DISPUTE: Any = Dispute.__table__.c  # type: ignore[attr-defined]
CONSULTATION: Any = Consultation.__table__.c  # type: ignore[attr-defined]
ORGANIZATION: Any = Organization.__table__.c  # type: ignore[attr-defined]
ACTIVITY: Any = OrgActivity.__table__.c  # type: ignore[attr-defined]
BURDEN: Any = BurdenItem.__table__.c  # type: ignore[attr-defined]
COMMUNITY: Any = Community.__table__.c  # type: ignore[attr-defined]

# Activities with their organisation's community (an activity has none of its own).
ACTIVITIES_WITH_COMMUNITY: Any = ACTIVITY.org_no.table.join(ORGANIZATION.org_no.table)

# Far beyond any record: bounds "closed after a day" on both sides, so that SQLite (whose
# planner has no histogram) estimates it as the narrow range it is and walks the closed_on index.
LATEST_DAY = date(9999, 12, 31)


def new_parts() -> Parts:
    """An empty set of parts that any community and part name can be added to."""
    return defaultdict(dict)


def count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    """The number of rows meeting `condition` (0, never NULL, when some rows are grouped)."""
    return func.sum(case((condition, 1), else_=0))


def total(value: ColumnElement[Any], condition: ColumnElement[bool]) -> ColumnElement[Any]:
    """The sum of `value` over the rows meeting `condition`."""
    return func.sum(case((condition, value), else_=0))


def within(column: Any, window: Window) -> ColumnElement[bool]:
    """The date column falls in the window, both ends included (as metrics.frames.in_window)."""
    return and_(column >= window.start, column <= window.end)


def days_between(connection: Connection, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Whole days from `earlier` to `later` (two date columns) in the connection's dialect."""
    if connection.dialect.name == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return cast(later - earlier, Integer)


def overall(windows: Sequence[Window]) -> Window:
    """The windows as one span: the earliest start to the latest end."""
    return Window(min(window.start for window in windows), max(window.end for window in windows))


def add_grouped(connection: Connection, statement: Select[Any], parts: Parts) -> None:
    """Add each row of a statement grouped by community (column `community`) to `parts`."""
    for row in connection.execute(statement).mappings():
        own = parts[str(row["community"])]
        for key, value in row.items():
            if key != "community":
                own[key] = own.get(key, 0) + (value or 0)


def summed(parts: Parts, codes: Sequence[str], name: str) -> int:
    """Part `name` summed over the communities `codes`, as a whole number."""
    return int(sum(parts[code].get(name, 0) for code in codes))


def keyed(connection: Connection, statement: Select[Any]) -> dict[str, list[Any]]:
    """Rows of (community, key, ...) grouped by community."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in connection.execute(statement):
        grouped[str(row[0])].append(row)
    return grouped


def counted_by(
    connection: Connection, key: Any, day: Any, window: Window, codes: list[str], community: Any
) -> dict[str, int]:
    """{key value: count} of the rows of the communities `codes` whose `day` is in the window."""
    statement = (
        select(key, func.count())
        .where(community.in_(codes), day >= window.start, day <= window.end)
        .group_by(key)
    )
    return {str(value): int(number) for value, number in connection.execute(statement)}


def daily(connection: Connection, statement: Select[Any]) -> pd.DataFrame:
    """Rows of (day, counts …) as a frame with `day` as datetime64."""
    rows = connection.execute(statement).all()
    columns = list(statement.selected_columns.keys())
    frame = pd.DataFrame([tuple(row) for row in rows], columns=columns)
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def weekly(by_day: pd.DataFrame, column: str, weeks: list[Window]) -> pd.Series:
    """A column of a `daily` frame summed into the weeks (metrics.series.weekly_sum)."""
    return weekly_sum(by_day["day"], weeks, by_day[column].astype("int64"))
