"""Series and breakdowns the oversight views draw, built on the definitions of docs/metrics.md.

Weekly series count by ISO week (Monday to Sunday) in one pass over the records: a record
counts in the week its date falls in, exactly as the window functions would count it for
that week. The last week of a trend is cut at the window's end, so nothing after the end the
user chose is ever counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from metrics.burden import (
    assigned_items,
    negative_list_items,
    off_list_items,
    unapproved_items,
)
from metrics.codes import (
    BURDEN_KINDS,
    DISPUTE_CATEGORIES,
    INCUBATORS,
    LIST_STATUSES,
    LOCAL_LEVELS,
    ORG_CATEGORIES,
    ORG_STAGES,
    TOPIC_CATEGORIES,
)
from metrics.consultations import held_consultations, pending_implementation_at
from metrics.disputes import new_disputes, open_at, overdue_at
from metrics.frames import EIGHT_ITEMS, dates, flags, in_window, numbers
from metrics.organizations import active_at, inactive_at, stage_at
from metrics.thresholds import Thresholds
from metrics.window import Window

TREND_WEEKS = (12, 26, 52)
YEAR_WEEKS = 52
# Guidance of 2017: at least 10 community social organisations per urban community.
GUIDANCE_ORGS_PER_COMMUNITY = 10
# Backlog age buckets in days since reported_on: (code, first day, last day or None).
AGE_BUCKETS = (("0_7", 0, 7), ("8_15", 8, 15), ("16_30", 16, 30), ("over_30", 31, None))


def trend_weeks(end: date, count: int) -> list[Window]:
    """The `count` ISO weeks up to the one containing `end`, oldest first, the last cut at end."""
    last = Window.week_containing(end)
    weeks = [last.shifted_weeks(offset - count + 1) for offset in range(count)]
    weeks[-1] = Window(last.start, end)
    return weeks


def span_of(weeks: list[Window]) -> Window:
    """The weeks as one window, first start to last end."""
    return Window(weeks[0].start, weeks[-1].end)


def view_since(window: Window, weeks: int, thresholds: Thresholds) -> date:
    """The earliest date any view reads: its trend and the same weeks a year earlier, the
    window itself, and the look-back of the inactive-organisation rule."""
    first = trend_weeks(window.end, weeks)[0].start
    return min(
        first - timedelta(weeks=YEAR_WEEKS),
        window.start,
        window.end - timedelta(days=thresholds.inactive_days - 1),
    )


def _period_index(periods: list[Window]) -> pd.DatetimeIndex:
    """The periods' first days, named `month` for calendar months and `week` otherwise."""
    name = "month" if periods[0].period == "month" else "week"
    return pd.DatetimeIndex([pd.Timestamp(period.start) for period in periods], name=name)


def weekly_sum(days: pd.Series, weeks: list[Window], values: pd.Series | None = None) -> pd.Series:
    """Per period of `weeks` (contiguous ISO weeks, or calendar months for a quarter's or a
    year's trend): the count (or the sum of `values`) of dates falling in it; 0 if none."""
    index = _period_index(weeks)
    is_in = in_window(days, span_of(weeks))
    weights = pd.Series(1, index=days.index, dtype="int64") if values is None else values
    # each date's period: the last one starting on or before it
    starts = np.searchsorted(index.values, days[is_in].to_numpy(dtype="datetime64[ns]"), "right")
    buckets = pd.Series(index[starts - 1], index=days[is_in].index)
    totals = weights[is_in].groupby(buckets).sum()
    return totals.reindex(index, fill_value=0).astype(weights.dtype)


def rate_of(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole as floats, NaN where whole is 0 (docs/metrics.md: such a rate is null)."""
    return (part / whole.where(whole != 0)).astype(float)


def _counts(values: pd.Series, codes: tuple[str, ...], column: str) -> pd.DataFrame:
    """{code, count} for every code in order, zeros included."""
    counts = values.value_counts()
    return pd.DataFrame(
        {column: list(codes), "count": [int(counts.get(code, 0)) for code in codes]}
    )


def _names(communities: pd.DataFrame) -> pd.DataFrame:
    return (
        communities[["code", "name"]]
        .rename(columns={"code": "community"})
        .sort_values("community")
        .reset_index(drop=True)
    )


def _latest(records: pd.DataFrame, key: str, column: str, day: date) -> dict[Any, Any]:
    """{key: latest date in `column` on or before `day`} over the given records."""
    days = dates(records, column)
    on_or_before = days <= pd.Timestamp(day)
    return days[on_or_before].groupby(records.loc[on_or_before, key]).max().to_dict()


# Disputes


def weekly_dispute_flow(disputes: pd.DataFrame, weeks: list[Window]) -> pd.DataFrame:
    """Per week: new, resolved, resolved_locally and local_rate (docs/metrics.md, week by week)."""
    is_resolved = disputes["status"].eq("resolved")
    resolved_days = dates(disputes, "closed_on").where(is_resolved)
    local_days = resolved_days.where(disputes["level"].isin(LOCAL_LEVELS))
    flow = pd.DataFrame(
        {
            "new": weekly_sum(dates(disputes, "reported_on"), weeks),
            "resolved": weekly_sum(resolved_days, weeks),
            "resolved_locally": weekly_sum(local_days, weeks),
        }
    )
    flow["local_rate"] = rate_of(flow["resolved_locally"], flow["resolved"])
    return flow.reset_index()


def open_with_age(disputes: pd.DataFrame, day: date) -> pd.DataFrame:
    """Disputes open at `day` with age_days = day − reported_on, oldest first; columns + age."""
    still_open = open_at(disputes, day).copy()
    still_open["age_days"] = (pd.Timestamp(day) - dates(still_open, "reported_on")).dt.days
    return still_open.sort_values(["age_days", "case_no"], ascending=[False, True]).reset_index(
        drop=True
    )


def overdue_with_age(disputes: pd.DataFrame, day: date, limit_days: int) -> pd.DataFrame:
    """The disputes overdue at `day` (metrics.disputes.overdue_at) as open_with_age lists them."""
    return open_with_age(overdue_at(disputes, day, limit_days), day)


def backlog_by_age(disputes: pd.DataFrame, day: date) -> pd.DataFrame:
    """{bucket, count} of the disputes open at `day` by age: 0–7, 8–15, 16–30, over 30 days."""
    ages = open_with_age(disputes, day)["age_days"]
    counts = []
    for _, first, last in AGE_BUCKETS:
        is_in = ages >= first if last is None else ages.between(first, last)
        counts.append(int(is_in.sum()))
    return pd.DataFrame({"bucket": [code for code, _, _ in AGE_BUCKETS], "count": counts})


def new_by_category_and_community(
    disputes: pd.DataFrame, communities: pd.DataFrame, window: Window
) -> pd.DataFrame:
    """Every (community, category) pair with its count of new disputes in the window."""
    new = new_disputes(disputes, window)
    counts = new.groupby(["community", "category"]).size()
    grid = pd.MultiIndex.from_product(
        [sorted(communities["code"].astype(str)), list(DISPUTE_CATEGORIES)],
        names=["community", "category"],
    )
    rows = counts.reindex(grid, fill_value=0).astype(int).rename("new").reset_index()
    return rows.merge(_names(communities), on="community", how="left")[
        ["community", "name", "category", "new"]
    ]


# Consultations


def weekly_consultations(consultations: pd.DataFrame, weeks: list[Window]) -> pd.DataFrame:
    """Per week: held, participants, with_consensus and consensus_rate of those held."""
    held_on = dates(consultations, "held_on")
    series = pd.DataFrame(
        {
            "held": weekly_sum(held_on, weeks),
            "participants": weekly_sum(held_on, weeks, numbers(consultations, "participants")),
            "with_consensus": weekly_sum(held_on.where(flags(consultations, "consensus")), weeks),
        }
    )
    series["participants"] = series["participants"].astype(int)
    series["consensus_rate"] = rate_of(series["with_consensus"], series["held"])
    return series.reset_index()


def held_by_topic_category(held: pd.DataFrame) -> pd.DataFrame:
    """{topic_category, count} of the given (held) consultations, every category, in order."""
    return _counts(held["topic_category"], TOPIC_CATEGORIES, "topic_category")


def consultation_funnel(consultations: pd.DataFrame, span: Window) -> pd.DataFrame:
    """Of the consultations held in `span`: held, with consensus, implemented by span's end."""
    held = held_consultations(consultations, span)
    with_consensus = held[flags(held, "consensus")]
    implemented = with_consensus["implementation"].eq("done") & (
        dates(with_consensus, "implemented_on") <= span.end_ts
    )
    return pd.DataFrame(
        {
            "stage": ["held", "consensus", "implemented"],
            "count": [len(held), len(with_consensus), int(implemented.sum())],
        }
    )


def pending_with_age(consultations: pd.DataFrame, day: date) -> pd.DataFrame:
    """Consensus pending implementation at `day` with age_days = day − held_on, oldest first."""
    pending = pending_implementation_at(consultations, day).copy()
    pending["age_days"] = (pd.Timestamp(day) - dates(pending, "held_on")).dt.days
    return pending.sort_values(["age_days", "ref"], ascending=[False, True]).reset_index(drop=True)


def communities_without_consultation(
    consultations: pd.DataFrame, communities: pd.DataFrame, day: date, days: int
) -> pd.DataFrame:
    """Communities with none held in the `days` days ending at `day`; community, name, last_held.

    last_held is the latest held_on on or before `day` among the given records (NaT if none).
    """
    recent = held_consultations(consultations, Window(day - timedelta(days=days - 1), day))
    quiet = _names(communities)
    quiet = quiet[~quiet["community"].isin(recent["community"])]
    last = _latest(consultations, "community", "held_on", day)
    quiet["last_held"] = pd.to_datetime([last.get(code, pd.NaT) for code in quiet["community"]])
    return quiet.reset_index(drop=True)


# Organisations


def organization_pipeline(organizations: pd.DataFrame, day: date) -> pd.DataFrame:
    """{stage, count} as of `day`: the active by stage_at, then the ended by dormant/dissolved."""
    active = active_at(organizations, day)
    stages = stage_at(active, day)
    ended = organizations[dates(organizations, "ended_on") <= pd.Timestamp(day)]
    ended_stages = ended["stage"].where(ended["stage"].eq("dissolved"), "dormant")
    return _counts(pd.concat([stages, ended_stages]), ORG_STAGES, "stage")


def active_by(organizations: pd.DataFrame, day: date, column: str) -> pd.DataFrame:
    """{column, count} of the organisations active at `day`, for category or incubator."""
    codes = {"category": ORG_CATEGORIES, "incubator": INCUBATORS}[column]
    return _counts(active_at(organizations, day)[column], codes, column)


def _has_all_items(organizations: pd.DataFrame) -> pd.Series:
    has_all = pd.Series(True, index=organizations.index)
    for item in EIGHT_ITEMS:
        has_all &= flags(organizations, item)
    return has_all


def eight_items_matrix(organizations: pd.DataFrame, day: date) -> pd.DataFrame:
    """The organisations active at `day` with their eight items, missing count and is_standard."""
    active = active_at(organizations, day)
    matrix = active[["org_no", "name", "community", *EIGHT_ITEMS]].copy()
    for item in EIGHT_ITEMS:
        matrix[item] = flags(active, item)
    matrix["missing"] = (~matrix[EIGHT_ITEMS]).sum(axis=1).astype(int)
    matrix["is_standard"] = matrix["missing"].eq(0)
    return matrix.sort_values(["community", "missing", "org_no"], ascending=[True, False, True])


def organizations_by_community(
    organizations: pd.DataFrame, communities: pd.DataFrame, day: date
) -> pd.DataFrame:
    """Per community: active, standard (all eight items), standard_rate and meets_guidance."""
    active = active_at(organizations, day)
    by_code = active.assign(standard=_has_all_items(active)).groupby("community")
    rows = _names(communities)
    rows["active"] = rows["community"].map(by_code.size()).fillna(0).astype(int)
    rows["standard"] = rows["community"].map(by_code["standard"].sum()).fillna(0).astype(int)
    rows["standard_rate"] = rate_of(rows["standard"], rows["active"])
    rows["meets_guidance"] = rows["active"] >= GUIDANCE_ORGS_PER_COMMUNITY
    return rows


def inactive_with_last_activity(
    organizations: pd.DataFrame, org_activities: pd.DataFrame, day: date, inactive_days: int
) -> pd.DataFrame:
    """The inactive organisations at `day` with last_activity (NaT if none among the given)."""
    inactive = inactive_at(organizations, org_activities, day, inactive_days).copy()
    last = _latest(org_activities, "org_no", "held_on", day)
    inactive["last_activity"] = pd.to_datetime(
        [last.get(org_no, pd.NaT) for org_no in inactive["org_no"]]
    )
    return inactive.sort_values(["community", "org_no"]).reset_index(drop=True)


def weekly_activities(org_activities: pd.DataFrame, weeks: list[Window]) -> pd.DataFrame:
    """Per week: activities held and their participants."""
    held_on = dates(org_activities, "held_on")
    participants = weekly_sum(held_on, weeks, numbers(org_activities, "participants"))
    series = pd.DataFrame(
        {"activities": weekly_sum(held_on, weeks), "participants": participants.astype(int)}
    )
    return series.reset_index()


# Burden list


def weekly_assigned_by_kind(burden_items: pd.DataFrame, weeks: list[Window]) -> pd.DataFrame:
    """Every (week, kind) with its count of items assigned; long, weeks then kinds in order."""
    assigned_on = dates(burden_items, "assigned_on")
    return assigned_by_kind_rows(
        {
            kind: weekly_sum(assigned_on.where(burden_items["kind"].eq(kind)), weeks)
            for kind in BURDEN_KINDS
        }
    )


def assigned_by_kind_rows(weekly: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Each kind's weekly count (indexed by week) as long rows: weeks, then kinds in order.

    Shared by the pandas definition above and the database's count (figures.views)."""
    parts = [
        weekly[kind].rename("assigned").reset_index().assign(kind=kind) for kind in BURDEN_KINDS
    ]
    rows = pd.concat(parts, ignore_index=True)
    order = rows["kind"].map({kind: position for position, kind in enumerate(BURDEN_KINDS)})
    rows = rows.assign(order=order).sort_values(["week", "order"]).drop(columns="order")
    return rows[["week", "kind", "assigned"]].reset_index(drop=True)


def assigned_by_list_status(assigned: pd.DataFrame) -> pd.DataFrame:
    """{list_status, count} of the given (assigned) items, every status in order."""
    return _counts(assigned["list_status"], LIST_STATUSES, "list_status")


def department_ranking(assigned: pd.DataFrame) -> pd.DataFrame:
    """Per department of the given (assigned) items: assigned, unapproved, negative_list,
    off_list; most assigned first, ties by department name."""
    columns = ["department", "assigned", "unapproved", "negative_list", "off_list"]
    if assigned.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    by_department = assigned.groupby("department")
    rows = pd.DataFrame({"assigned": by_department.size()})
    for column, picked in (
        ("unapproved", unapproved_items(assigned)),
        ("negative_list", negative_list_items(assigned)),
        ("off_list", off_list_items(assigned)),
    ):
        rows[column] = picked.groupby("department").size().reindex(rows.index, fill_value=0)
    rows = rows.astype(int).reset_index()
    rows["department"] = rows["department"].astype(str)
    return rows.sort_values(["assigned", "department"], ascending=[False, True]).reset_index(
        drop=True
    )[columns]


def weekly_reports_year_on_year(burden_items: pd.DataFrame, weeks: list[Window]) -> pd.DataFrame:
    """Per week: report items assigned, and in the same week 52 weeks (364 days) earlier."""
    is_report = burden_items["kind"].eq("report")
    assigned_on = dates(burden_items, "assigned_on").where(is_report)
    earlier = [week.shifted_weeks(-YEAR_WEEKS) for week in weeks]
    return pd.DataFrame(
        {
            "week": _period_index(weeks),
            "reports": weekly_sum(assigned_on, weeks).to_numpy(),
            "reports_year_earlier": weekly_sum(assigned_on, earlier).to_numpy(),
        }
    )


def hours_by_community(
    burden_items: pd.DataFrame, communities: pd.DataFrame, window: Window
) -> pd.DataFrame:
    """Per community: items assigned in the window and their hours (工时负担)."""
    assigned = assigned_items(burden_items, window)
    rows = _names(communities)
    by_code = assigned.assign(hours=numbers(assigned, "hours")).groupby("community")
    rows["assigned"] = rows["community"].map(by_code.size()).fillna(0).astype(int)
    rows["hours"] = rows["community"].map(by_code["hours"].sum()).fillna(0.0).astype(float)
    return rows


def is_empty_series(rows: pd.DataFrame, columns: list[str]) -> bool:
    """True when every value of `columns` is zero or missing: nothing to draw."""
    values = rows[columns].to_numpy(dtype=float, na_value=np.nan)
    return bool(rows.empty or np.nansum(np.abs(values)) == 0)
