"""metrics/reform.py against hand computations: the periods (cut by the last complete week,
refused with less than one), the ratio of before/after ratios and its interval, the reading,
`too_few`, zeros, one community per group, the weekly points and the pandas reference."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from metrics.reform import (
    DEFAULT_WEEKS,
    Evaluation,
    ReformTooRecent,
    evaluate,
    evaluate_counts,
    evaluation_json,
    reform_periods,
    weekly_counts,
)
from metrics.window import Window
from tests.builders import community, consultation, dispute, window_frames

START = date(2026, 3, 2)  # a Monday
LAST_COMPLETE = date(2026, 11, 29)  # a Sunday, 39 weeks after START


def test_the_periods_are_n_weeks_either_side_of_the_start() -> None:
    # 26 weeks = 182 days: before 2025-09-01 .. 2026-03-01, after 2026-03-02 .. 2026-08-30
    # (March 2 back to September 1: 1 + 28 + 31 + 31 + 30 + 31 + 30 = 182 days).
    before, after, weeks = reform_periods(START, DEFAULT_WEEKS, LAST_COMPLETE)
    assert weeks == 26
    assert before == Window(date(2025, 9, 1), date(2026, 3, 1))
    assert after == Window(date(2026, 3, 2), date(2026, 8, 30))


def test_the_after_period_is_cut_by_the_last_complete_week_and_the_before_period_with_it() -> None:
    # 2026-11-02 .. 2026-11-22 is 21 days: 3 complete weeks, so N = 3 for both periods.
    before, after, weeks = reform_periods(date(2026, 11, 2), 26, date(2026, 11, 22))
    assert weeks == 3
    assert after == Window(date(2026, 11, 2), date(2026, 11, 22))
    assert before == Window(date(2026, 10, 12), date(2026, 11, 1))


def test_a_start_within_the_week_counts_whole_seven_day_blocks_from_it() -> None:
    # Wednesday 2026-11-04 .. Sunday 2026-11-22 is 19 days: 2 blocks of 7 (to 2026-11-17).
    before, after, weeks = reform_periods(date(2026, 11, 4), 26, date(2026, 11, 22))
    assert (weeks, after.end, before.start) == (2, date(2026, 11, 17), date(2026, 10, 21))


def test_one_complete_week_is_enough_and_less_is_refused() -> None:
    # 2026-11-16 .. 2026-11-22: exactly 7 days; from 2026-11-17 only 6.
    _, after, weeks = reform_periods(date(2026, 11, 16), 26, date(2026, 11, 22))
    assert (weeks, after.end) == (1, date(2026, 11, 22))
    with pytest.raises(ReformTooRecent):
        reform_periods(date(2026, 11, 17), 26, date(2026, 11, 22))
    with pytest.raises(ReformTooRecent):  # a start after the last complete week
        reform_periods(date(2026, 12, 1), 26, date(2026, 11, 22))


def test_fewer_weeks_asked_than_available_are_kept() -> None:
    _, _, weeks = reform_periods(START, 4, LAST_COMPLETE)
    assert weeks == 4
    with pytest.raises(ValueError):
        reform_periods(START, 0, LAST_COMPLETE)


def counts_of(
    treated: tuple[int, int], comparison: tuple[int, int], weeks: int = 1
) -> tuple[dict[tuple[str, date], int], Window, Window]:
    """Counts of one treated (T1) and one comparison (C1) community, all in the first week of
    each period."""
    before, after, _ = reform_periods(START, weeks, LAST_COMPLETE)
    counts = {
        ("T1", before.start): treated[0],
        ("T1", after.start): treated[1],
        ("C1", before.start): comparison[0],
        ("C1", after.start): comparison[1],
    }
    return counts, before, after


def evaluated(treated: tuple[int, int], comparison: tuple[int, int]) -> Evaluation:
    counts, before, after = counts_of(treated, comparison)
    return evaluate_counts(
        counts,
        figure="disputes_new",
        categories=(),
        treated=["T1"],
        comparison=["C1"],
        before=before,
        after=after,
    )


def test_a_fall_beyond_the_comparisons_reads_fell() -> None:
    # b_t = 100, a_t = 40, b_c = 100, a_c = 90: ratio = 0.4 / 0.9 = 0.44444;
    # √(1/40 + 1/100 + 1/90 + 1/100) = √0.056111 = 0.236878, × 1.96 = 0.464281;
    # ci = 0.44444 × e^∓0.464281 = 0.279372 .. 0.707053, below 1: fell; 0.707 / 0.279 = 2.53 < 9.
    result = evaluated((100, 40), (100, 90))
    assert result.treated.change == pytest.approx(-0.6)
    assert result.comparison.change == pytest.approx(-0.1)
    assert result.ratio == pytest.approx(0.444444, rel=1e-5)
    assert result.ci_low == pytest.approx(0.279372, rel=1e-5)
    assert result.ci_high == pytest.approx(0.707053, rel=1e-5)
    assert (result.reading, result.too_few) == ("fell", False)


def test_a_rise_beyond_the_comparisons_reads_rose() -> None:
    # 100 -> 200 against 100 -> 100: ratio 2; √(1/200 + 3/100) = 0.187083, × 1.96 = 0.366682;
    # ci = 2 × e^∓0.366682 = 1.386059 .. 2.885879, above 1: rose.
    result = evaluated((100, 200), (100, 100))
    assert result.ratio == pytest.approx(2.0)
    assert result.ci_low == pytest.approx(1.386059, rel=1e-5)
    assert result.ci_high == pytest.approx(2.885879, rel=1e-5)
    assert (result.reading, result.too_few) == ("rose", False)


def test_an_interval_that_holds_one_reads_unclear() -> None:
    # 100 -> 120 against 100 -> 100: ratio 1.2, ci 0.817565 .. 1.761328 holds 1.
    result = evaluated((100, 120), (100, 100))
    assert result.ci_low == pytest.approx(0.817565, rel=1e-5)
    assert result.ci_high == pytest.approx(1.761328, rel=1e-5)
    assert (result.reading, result.too_few) == ("unclear", False)


def test_one_small_community_each_is_too_few_to_judge() -> None:
    # 6 -> 3 against 5 -> 5: ratio 0.5; √(1/3 + 1/6 + 1/5 + 1/5) = √0.9 = 0.948683,
    # × 1.96 = 1.859419; ci = 0.077882 .. 3.210004, 41.2 times wide (> 9): too few; unclear.
    result = evaluated((6, 3), (5, 5))
    assert result.ratio == pytest.approx(0.5)
    assert result.ci_low == pytest.approx(0.077882, rel=1e-4)
    assert result.ci_high == pytest.approx(3.210004, rel=1e-5)
    assert (result.reading, result.too_few) == ("unclear", True)
    assert [row.community for row in result.by_community] == ["T1"]


def test_an_interval_below_one_but_wider_than_three_times_is_too_few_though_it_reads_fell() -> None:
    # 30 -> 2 against 30 -> 30: ratio 0.066667; √(1/2 + 3/30) = √0.6 = 0.774597, × 1.96 =
    # 1.518209; ci = 0.014607 .. 0.304270 (below 1: fell), but 20.8 times wide: too few.
    result = evaluated((30, 2), (30, 30))
    assert result.ci_high == pytest.approx(0.304270, rel=1e-5)
    assert (result.reading, result.too_few) == ("fell", True)


@pytest.mark.parametrize(
    ("treated", "comparison", "treated_change", "comparison_change"),
    [
        ((0, 5), (10, 10), None, 0.0),  # nothing before in the treated: no change, no ratio
        ((10, 0), (10, 10), -1.0, 0.0),  # nothing after: −100 %, but no interval
        ((10, 5), (0, 0), -0.5, None),  # a comparison with no records
        ((0, 0), (0, 0), None, None),
    ],
)
def test_a_zero_count_leaves_ratio_and_interval_null_and_the_reading_unclear(
    treated: tuple[int, int],
    comparison: tuple[int, int],
    treated_change: float | None,
    comparison_change: float | None,
) -> None:
    result = evaluated(treated, comparison)
    assert (result.ratio, result.ci_low, result.ci_high) == (None, None, None)
    assert (result.reading, result.too_few) == ("unclear", True)
    assert result.treated.change == treated_change
    assert result.comparison.change == comparison_change


def test_counts_sum_over_weeks_and_communities_and_ignore_others() -> None:
    before, after, weeks = reform_periods(START, 2, LAST_COMPLETE)
    week = timedelta(days=7)
    counts = {
        ("T1", before.start): 3,
        ("T1", before.start + week): 2,
        ("T2", before.start + week): 1,
        ("T1", after.start): 1,
        ("T2", after.start + week): 4,
        ("C1", before.start): 6,
        ("C1", after.start + week): 3,
        ("X9", after.start): 50,  # in neither group
        ("T1", after.end + timedelta(days=1)): 50,  # after the after period
    }
    result = evaluate_counts(
        counts,
        figure="disputes_new",
        categories=("property",),
        treated=["T2", "T1"],
        comparison=["C1"],
        before=before,
        after=after,
    )
    # treated: before 3 + 2 + 1 = 6, after 1 + 4 = 5; comparison: 6 then 3.
    assert (result.weeks, result.treated.before, result.treated.after) == (weeks, 6, 5)
    assert result.treated.communities == ("T1", "T2")
    assert (result.comparison.before, result.comparison.after) == (6, 3)
    assert [(row.community, row.before, row.after) for row in result.by_community] == [
        ("T1", 5, 1),
        ("T2", 1, 4),
    ]
    assert result.by_community[0].change == pytest.approx(-0.8)
    assert [(point.week_start, point.group, point.count) for point in result.weekly] == [
        (before.start, "treated", 3),
        (before.start, "comparison", 6),
        (before.start + week, "treated", 3),
        (before.start + week, "comparison", 0),
        (after.start, "treated", 1),
        (after.start, "comparison", 0),
        (after.start + week, "treated", 4),
        (after.start + week, "comparison", 3),
    ]


def test_a_community_in_both_groups_or_no_treated_community_is_refused() -> None:
    counts, before, after = counts_of((1, 1), (1, 1))
    for treated, comparison in ((["T1"], ["T1", "C1"]), ([], ["C1"])):
        with pytest.raises(ValueError):
            evaluate_counts(
                counts,
                figure="disputes_new",
                categories=(),
                treated=treated,
                comparison=comparison,
                before=before,
                after=after,
            )


def test_categories_belong_to_disputes_only_and_must_be_known() -> None:
    counts, before, after = counts_of((1, 1), (1, 1))
    for figure, categories in (("consultations_held", ("property",)), ("disputes_new", ("x",))):
        with pytest.raises(ValueError):
            evaluate_counts(
                counts,
                figure=figure,
                categories=categories,
                treated=["T1"],
                comparison=["C1"],
                before=before,
                after=after,
            )


def test_the_pandas_reference_counts_the_figures_dates_in_weeks_from_the_start() -> None:
    before, after, _ = reform_periods(START, 2, LAST_COMPLETE)
    frames = window_frames(
        communities=[community(code="T1"), community(code="C1", name="对照")],
        disputes=[
            dispute(community=code, reported_on=day, category=category)
            for code, day, category in [
                ("T1", before.start, "property"),
                ("T1", before.start + timedelta(days=6), "property"),
                ("T1", before.start + timedelta(days=7), "family"),
                ("T1", after.end, "property"),
                ("T1", after.end + timedelta(days=1), "property"),
                ("C1", before.start - timedelta(days=1), "property"),
                ("C1", START, "property"),
            ]
        ],
        consultations=[consultation(community="T1", held_on=START)],
    )
    span = Window(before.start, after.end)
    assert weekly_counts(frames, "disputes_new", ("property",), ["T1", "C1"], span) == {
        ("T1", before.start): 2,
        ("T1", after.start + timedelta(days=7)): 1,
        ("C1", START): 1,
    }
    assert (
        weekly_counts(frames, "disputes_new", (), ["T1"], span)[
            ("T1", before.start + timedelta(days=7))
        ]
        == 1
    )
    assert weekly_counts(frames, "consultations_held", (), ["T1", "C1"], span) == {("T1", START): 1}
    result = evaluate(
        frames,
        figure="disputes_new",
        categories=("property",),
        treated=["T1"],
        comparison=["C1"],
        before=before,
        after=after,
    )
    assert (result.treated.before, result.treated.after) == (2, 1)
    assert (result.comparison.before, result.comparison.after) == (0, 1)


def test_the_json_has_exactly_the_keys_of_the_metrics_document() -> None:
    result = evaluated((100, 40), (100, 90))
    found = evaluation_json(result)
    assert list(found) == [
        "figure", "categories", "weeks", "before", "after", "treated", "comparison", "ratio",
        "ci_low", "ci_high", "reading", "by_community", "weekly",
    ]  # fmt: skip
    assert found["before"] == {"start": "2026-02-23", "end": "2026-03-01"}
    assert found["treated"] == {
        "communities": ["T1"],
        "before": 100,
        "after": 40,
        "change": pytest.approx(-0.6),
    }
    assert found["by_community"][0]["community"] == "T1"
    assert found["weekly"][0] == {"week_start": "2026-02-23", "group": "treated", "count": 100}
