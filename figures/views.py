"""The data each oversight view draws: its lists' records and its trend series.

A view shows the window's figures (the summary, figures/summary.py), weekly series over 12–52
weeks, and lists of records. The series are the ones of metrics/series.py counted by day (or by
community and week) in SQL by the view's domain module and placed into weeks by the same
`weekly_sum`, so a view never reads a trend span's records; the lists read only the records
they show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from data_access.db import read_connection
from data_access.queries import burden_items_touching, communities, organizations_until
from figures.burden import weekly_assigned_by_kind, weekly_reports_year_on_year
from figures.community import weekly_by_community
from figures.consultations import (
    consultation_funnel,
    consultations_held_or_pending,
    quiet_communities,
    weekly_consultations,
)
from figures.disputes import disputes_new_or_open, weekly_dispute_flow
from figures.organizations import latest_activities, weekly_activities
from metrics.frames import WindowFrames
from metrics.series import span_of
from metrics.window import Window

VIEWS = ("disputes", "consultations", "organizations", "burden", "community")


@dataclass(frozen=True)
class ViewData:
    """A view's records (only those its lists and window breakdowns need) and its series."""

    frames: WindowFrames
    series: dict[str, pd.DataFrame] = field(default_factory=dict)


def view_data(
    engine: Engine,
    view: str,
    window: Window,
    weeks: list[Window],
    scope: Sequence[str],
    *,
    no_consultation_days: int,
) -> ViewData:
    """What `view` (one of VIEWS) draws for the window, a trend of `weeks` and `scope`."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    known = communities(engine, list(scope))
    codes = [str(code) for code in known["code"]]
    span = span_of(weeks)
    with read_connection(engine) as connection:
        if view == "disputes":
            frames = WindowFrames(
                communities=known, disputes=disputes_new_or_open(engine, window, codes)
            )
            series = {"flow": weekly_dispute_flow(connection, codes, weeks)}
        elif view == "consultations":
            frames = WindowFrames(
                communities=known,
                consultations=consultations_held_or_pending(engine, window, codes),
            )
            series = {
                "weekly": weekly_consultations(connection, codes, weeks),
                "funnel": consultation_funnel(connection, codes, span),
                "quiet": quiet_communities(
                    connection, codes, known, window.end, no_consultation_days
                ),
            }
        elif view == "organizations":
            frames = WindowFrames(
                communities=known,
                organizations=organizations_until(engine, window.end, codes),
                org_activities=latest_activities(engine, window.end, codes),
            )
            series = {"weekly": weekly_activities(connection, codes, weeks)}
        elif view == "burden":
            frames = WindowFrames(
                communities=known,
                burden_items=burden_items_touching(engine, window.start, window.end, codes),
            )
            series = {
                "by_kind": weekly_assigned_by_kind(connection, codes, weeks),
                "reports": weekly_reports_year_on_year(connection, codes, weeks),
            }
        else:
            frames = WindowFrames(communities=known)
            series = {"weekly": weekly_by_community(connection, codes, weeks)}
    return ViewData(frames=frames, series=series)
