"""成效评估: did a reform work? Its figure before and after its start, in the communities that
adopted it (treated) against comparison communities (docs/metrics.md, "Reform evaluation").

The reading compares two before/after ratios of counts: `ratio` = (a_t / b_t) / (a_c / b_c), a
ratio of rate ratios (what is left of the treated communities' change once the comparison's
change over the same weeks is taken out). Its 95 % interval treats the four counts as
independent Poisson counts (the usual log-scale interval of a ratio of rate ratios): exp(ln
ratio ∓ 1.96 × √(1/a_t + 1/b_t + 1/a_c + 1/b_c)). It is `fell` only when the whole interval
lies below 1, so with no effect it says `fell` or `rose` in about 5 % of cases; an interval
that cannot be formed (a zero count) or is wider than ×/÷ 3 is flagged `too_few` and the
pages then say the data are too few to judge.

It is a comparison, not a proof of cause: another change in the same weeks in the same
communities (a new estate, a rule, a campaign) would read the same. The weeks are 7-day
blocks counted from the start date, and the after period never runs past the last complete week.
`evaluate_counts` works on weekly counts per community (what the SQL returns,
figures/reform.py); `weekly_counts` and `evaluate` are its pandas reference.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from metrics.codes import DISPUTE_CATEGORIES
from metrics.frames import WindowFrames, dates, in_window
from metrics.window import Window

DEFAULT_WEEKS = 26
Z_95 = 1.96
# An interval wider than ×/÷ 3 around the ratio (ci_high / ci_low > 3²) is too wide to judge.
TOO_WIDE = 9.0
READINGS = ("fell", "rose", "unclear")
GROUPS = ("treated", "comparison")
# Each figure: the frame of WindowFrames it counts, and the date that places a record in a week.
FIGURE_DATES: dict[str, tuple[str, str]] = {
    "disputes_new": ("disputes", "reported_on"),
    "consultations_held": ("consultations", "held_on"),
    "burden_assigned": ("burden_items", "assigned_on"),
    "organizations_entered": ("organizations", "entered_on"),
}
FIGURES = tuple(FIGURE_DATES)

# (community code, first day of the week) -> count; weeks and communities absent count 0.
WeeklyCounts = Mapping[tuple[str, date], int]


class ReformTooRecent(ValueError):
    """Fewer than one complete week lies between the reform's start and the last complete
    week: there is nothing after it to compare yet."""

    def __init__(self, start: date, last_complete_end: date) -> None:
        super().__init__(
            f"the reform started on {start}: no complete week after it by {last_complete_end}"
        )
        self.start = start
        self.last_complete_end = last_complete_end


@dataclass(frozen=True)
class GroupCounts:
    """One group's counts of the figure before and after, and after / before − 1."""

    communities: tuple[str, ...]
    before: int
    after: int
    change: float | None


@dataclass(frozen=True)
class CommunityChange:
    """One treated community's counts before and after."""

    community: str
    before: int
    after: int
    change: float | None


@dataclass(frozen=True)
class WeeklyPoint:
    """The figure in one week (7 days from `week_start`) for one group."""

    week_start: date
    group: str
    count: int


@dataclass(frozen=True)
class Evaluation:
    """A reform's evaluation: the figures of docs/metrics.md's `evaluate` JSON, and `too_few`
    (no interval, or one wider than ×/÷ 3), which the words and pages judge by."""

    figure: str
    categories: tuple[str, ...]
    weeks: int
    before: Window
    after: Window
    treated: GroupCounts
    comparison: GroupCounts
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    reading: str
    too_few: bool
    by_community: tuple[CommunityChange, ...]
    weekly: tuple[WeeklyPoint, ...]


def check_figure(figure: str, categories: Sequence[str]) -> None:
    """Refuse an unknown figure, an unknown category, or categories for another figure."""
    if figure not in FIGURE_DATES:
        raise ValueError(f"not a figure a reform may aim at: {figure!r} (one of {FIGURES})")
    unknown = [code for code in categories if code not in DISPUTE_CATEGORIES]
    if unknown:
        raise ValueError(f"not a dispute category: {', '.join(unknown)}")
    if categories and figure != "disputes_new":
        raise ValueError("categories apply to disputes_new only")


def reform_periods(start: date, weeks: int, last_complete_end: date) -> tuple[Window, Window, int]:
    """The before and after periods of N weeks around `start`, and N: `weeks`, or fewer when
    the after period would run past `last_complete_end` (the end of the last complete week),
    then as many complete weeks as lie from `start` to it, for both periods alike.

    Raises ReformTooRecent when not one complete week lies after `start`.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    complete = ((last_complete_end - start).days + 1) // 7
    if complete < 1:
        raise ReformTooRecent(start, last_complete_end)
    used = min(weeks, complete)
    length = timedelta(days=7 * used)
    before = Window(start - length, start - timedelta(days=1))
    after = Window(start, start + length - timedelta(days=1))
    return before, after, used


def week_starts(before: Window, after: Window) -> list[date]:
    """The first day of every week of both periods, in order."""
    count = (after.end - before.start).days // 7 + 1
    return [before.start + timedelta(days=7 * index) for index in range(count)]


def change_of(before: int, after: int) -> float | None:
    """after / before − 1; None when before is 0 (a rate over 0 is null)."""
    return after / before - 1 if before else None


def rate_ratio(
    treated: GroupCounts, comparison: GroupCounts
) -> tuple[float | None, float | None, float | None]:
    """(ratio, ci_low, ci_high); all None when any of the four counts is 0."""
    counts = (treated.before, treated.after, comparison.before, comparison.after)
    if min(counts) <= 0:
        return None, None, None
    log_ratio = math.log(treated.after / treated.before) - math.log(
        comparison.after / comparison.before
    )
    spread = Z_95 * math.sqrt(sum(1 / number for number in counts))
    return math.exp(log_ratio), math.exp(log_ratio - spread), math.exp(log_ratio + spread)


def reading_of(ci_low: float | None, ci_high: float | None) -> str:
    """`fell` when the whole interval lies below 1, `rose` above 1, else `unclear`."""
    if ci_low is None or ci_high is None:
        return "unclear"
    if ci_high < 1:
        return "fell"
    if ci_low > 1:
        return "rose"
    return "unclear"


def is_too_few(ci_low: float | None, ci_high: float | None) -> bool:
    """No interval, or one wider than ×/÷ 3: too few data to judge."""
    return ci_low is None or ci_high is None or ci_high / ci_low > TOO_WIDE


def _group(
    counts: WeeklyCounts, communities: Sequence[str], before: Window, after: Window
) -> tuple[GroupCounts, tuple[CommunityChange, ...]]:
    chosen = tuple(sorted(set(communities)))
    own: dict[str, list[int]] = {code: [0, 0] for code in chosen}
    for (community, week_start), number in counts.items():
        if community not in own:
            continue
        if before.start <= week_start <= before.end:
            own[community][0] += int(number)
        elif after.start <= week_start <= after.end:
            own[community][1] += int(number)
    rows = tuple(CommunityChange(code, b, a, change_of(b, a)) for code, (b, a) in own.items())
    total_before = sum(row.before for row in rows)
    total_after = sum(row.after for row in rows)
    group = GroupCounts(chosen, total_before, total_after, change_of(total_before, total_after))
    return group, rows


def evaluate_counts(
    counts: WeeklyCounts,
    *,
    figure: str,
    categories: Sequence[str],
    treated: Sequence[str],
    comparison: Sequence[str],
    before: Window,
    after: Window,
) -> Evaluation:
    """The evaluation from weekly counts per community (weeks of 7 days from `before.start`).

    A community in both groups is refused: it cannot be its own comparison.
    """
    check_figure(figure, categories)
    if not treated:
        raise ValueError("a reform needs at least one treated community")
    overlap = set(treated) & set(comparison)
    if overlap:
        raise ValueError(f"treated and comparison at once: {', '.join(sorted(overlap))}")
    treated_group, by_community = _group(counts, treated, before, after)
    comparison_group, _ = _group(counts, comparison, before, after)
    ratio, ci_low, ci_high = rate_ratio(treated_group, comparison_group)
    group_of = dict.fromkeys(treated, "treated") | dict.fromkeys(comparison, "comparison")
    totals: dict[tuple[date, str], int] = {}
    for (community, week_start), number in counts.items():
        if community in group_of:
            key = (week_start, group_of[community])
            totals[key] = totals.get(key, 0) + int(number)
    weekly = tuple(
        WeeklyPoint(week_start, group, totals.get((week_start, group), 0))
        for week_start in week_starts(before, after)
        for group in GROUPS
    )
    return Evaluation(
        figure=figure,
        categories=tuple(categories),
        weeks=(after.end - after.start).days // 7 + 1,
        before=before,
        after=after,
        treated=treated_group,
        comparison=comparison_group,
        ratio=ratio,
        ci_low=ci_low,
        ci_high=ci_high,
        reading=reading_of(ci_low, ci_high),
        too_few=is_too_few(ci_low, ci_high),
        by_community=by_community,
        weekly=weekly,
    )


# ---- the pandas reference ----


def weekly_counts(
    frames: WindowFrames,
    figure: str,
    categories: Sequence[str],
    communities: Sequence[str],
    span: Window,
) -> dict[tuple[str, date], int]:
    """{(community, week start): count} of the figure's records of `communities` dated in
    `span`, in weeks of 7 days from span.start; only non-zero counts."""
    check_figure(figure, categories)
    table, column = FIGURE_DATES[figure]
    records: pd.DataFrame = getattr(frames, table)
    days = dates(records, column)
    chosen = in_window(days, span) & records["community"].isin(list(communities))
    if categories:
        chosen &= records["category"].isin(list(categories))
    offsets = (days[chosen] - span.start_ts).dt.days // 7
    grouped = pd.DataFrame({"community": records["community"][chosen], "week": offsets})
    sizes = grouped.groupby(["community", "week"]).size().reset_index(name="count")
    return {
        (str(community), span.start + timedelta(days=7 * int(week))): int(number)
        for community, week, number in zip(
            sizes["community"], sizes["week"], sizes["count"], strict=True
        )
    }


def evaluate(
    frames: WindowFrames,
    *,
    figure: str,
    categories: Sequence[str],
    treated: Sequence[str],
    comparison: Sequence[str],
    before: Window,
    after: Window,
) -> Evaluation:
    """The evaluation from record frames (the reference the SQL form is tested against)."""
    span = Window(before.start, after.end)
    counts = weekly_counts(frames, figure, categories, [*treated, *comparison], span)
    return evaluate_counts(
        counts,
        figure=figure,
        categories=categories,
        treated=treated,
        comparison=comparison,
        before=before,
        after=after,
    )


def _group_json(group: GroupCounts) -> dict[str, Any]:
    return {
        "communities": list(group.communities),
        "before": group.before,
        "after": group.after,
        "change": group.change,
    }


def evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    """The `evaluate --format json` object of docs/metrics.md: exactly its keys, counts as
    integers, dates ISO."""
    return {
        "figure": evaluation.figure,
        "categories": list(evaluation.categories),
        "weeks": evaluation.weeks,
        "before": {
            "start": evaluation.before.start.isoformat(),
            "end": evaluation.before.end.isoformat(),
        },
        "after": {
            "start": evaluation.after.start.isoformat(),
            "end": evaluation.after.end.isoformat(),
        },
        "treated": _group_json(evaluation.treated),
        "comparison": _group_json(evaluation.comparison),
        "ratio": evaluation.ratio,
        "ci_low": evaluation.ci_low,
        "ci_high": evaluation.ci_high,
        "reading": evaluation.reading,
        "by_community": [
            {
                "community": row.community,
                "before": row.before,
                "after": row.after,
                "change": row.change,
            }
            for row in evaluation.by_community
        ],
        "weekly": [
            {"week_start": point.week_start.isoformat(), "group": point.group, "count": point.count}
            for point in evaluation.weekly
        ],
    }
