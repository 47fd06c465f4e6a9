"""The community profile (社区画像) of docs/metrics.md: each community's weekly counts of every
domain, set against the median community's."""

from __future__ import annotations

import pandas as pd

from metrics.frames import WindowFrames, dates
from metrics.series import weekly_sum
from metrics.window import Window

PROFILE_MEASURES = ("disputes_new", "consultations_held", "activities", "burden_assigned")


def weekly_by_community(frames: WindowFrames, weeks: list[Window]) -> pd.DataFrame:
    """Every (week, community, measure) with its value: new disputes, consultations held,
    organisation activities and burden items assigned, week by week."""
    sources = {
        "disputes_new": (frames.disputes, "reported_on"),
        "consultations_held": (frames.consultations, "held_on"),
        "activities": (frames.org_activities, "held_on"),
        "burden_assigned": (frames.burden_items, "assigned_on"),
    }
    parts = []
    for code in sorted(frames.communities["code"].astype(str)):
        for measure in PROFILE_MEASURES:
            records, column = sources[measure]
            days = dates(records, column).where(records["community"].eq(code))
            counts = weekly_sum(days, weeks).rename("value").reset_index()
            parts.append(counts.assign(community=code, measure=measure))
    if not parts:
        return pd.DataFrame(
            {
                "week": pd.Series(dtype="datetime64[ns]"),
                "community": pd.Series(dtype=object),
                "measure": pd.Series(dtype=object),
                "value": pd.Series(dtype=int),
            }
        )
    return pd.concat(parts, ignore_index=True)[["week", "community", "measure", "value"]]


def against_median(weekly: pd.DataFrame, code: str) -> pd.DataFrame:
    """Per measure and week: the community's value and the median over every community given."""
    median = weekly.groupby(["measure", "week"])["value"].median().rename("median")
    own = weekly[weekly["community"].eq(code)].set_index(["measure", "week"])["value"]
    rows = pd.concat([own, median], axis=1).reset_index()
    order = {measure: position for position, measure in enumerate(PROFILE_MEASURES)}
    rows = rows.assign(order=rows["measure"].map(order)).sort_values(["order", "week"])
    rows["value"] = rows["value"].fillna(0).astype(int)
    rows["median"] = rows["median"].astype(float)
    return rows[["measure", "week", "value", "median"]].reset_index(drop=True)
