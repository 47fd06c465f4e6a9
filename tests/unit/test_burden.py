from datetime import timedelta

from metrics.burden import (
    assigned_items,
    burden_figures,
    by_department,
    compliance_rate,
    irregular_items,
    returned_items,
)
from metrics.frames import WindowFrames
from metrics.summary_model import BurdenFigures
from tests.builders import END, START, WEEK, burden_frame, burden_item

DAY = timedelta(days=1)


def refs(items):
    return sorted(items["ref"])


def test_assigned_items_are_those_assigned_in_the_window():
    items = burden_frame(
        burden_item(ref="before", assigned_on=START - DAY),
        burden_item(ref="first", assigned_on=START),
        burden_item(ref="last", assigned_on=END),
        burden_item(ref="after", assigned_on=END + DAY),
    )
    assert refs(assigned_items(items, WEEK)) == ["first", "last"]


def test_returned_items_are_returned_with_outcome_on_in_the_window_whenever_assigned():
    items = burden_frame(
        burden_item(ref="old", assigned_on=START - 30 * DAY, outcome="returned", outcome_on=END),
        burden_item(ref="later", outcome="returned", outcome_on=END + DAY),
        burden_item(ref="completed", outcome="completed", outcome_on=END),
    )
    assert refs(returned_items(items, WEEK)) == ["old"]


def test_irregular_items_are_unapproved_negative_or_off_list():
    assigned = burden_frame(
        burden_item(ref="fine"),
        burden_item(ref="unapproved", approved=False),
        burden_item(ref="negative", list_status="negative"),
        burden_item(ref="off", list_status="off_list"),
        burden_item(ref="assist", list_status="assist", funded=False),
    )
    assert refs(irregular_items(assigned)) == ["negative", "off", "unapproved"]


def test_compliance_rate_needs_approval_and_a_statutory_or_assist_listing():
    assigned = burden_frame(
        burden_item(list_status="statutory"),
        burden_item(list_status="assist"),
        burden_item(list_status="statutory", approved=False),
        burden_item(list_status="off_list"),
    )
    # the first two of four
    assert compliance_rate(assigned) == 0.5
    assert compliance_rate(assigned.iloc[0:0]) is None


def test_by_department_puts_most_first_and_ties_by_department_name():
    assigned = burden_frame(
        burden_item(department="b"),
        burden_item(department="c"),
        burden_item(department="c"),
        burden_item(department="a"),
    )
    assert by_department(assigned) == {"c": 2, "a": 1, "b": 1}
    assert list(by_department(assigned)) == ["c", "a", "b"]


def test_burden_figures_of_a_small_week():
    items = burden_frame(
        burden_item(department="区民政局", kind="report", hours=1.5),
        burden_item(department="区民政局", list_status="assist", funded=False, hours=3.0),
        burden_item(department="区城管局", approved=False, list_status="negative", hours=4.0),
        burden_item(department="区城管局", list_status="off_list", assigned_on=END, hours=0.5),
        burden_item(
            department="区教育局",
            assigned_on=START - 40 * DAY,
            outcome="returned",
            outcome_on=START + DAY,
            hours=9.0,
        ),
    )
    figures = burden_figures(items, WEEK)
    assert figures == BurdenFigures(
        assigned=4,
        unapproved=1,
        negative_list=1,
        off_list=1,
        reports=1,
        returned=1,  # assigned long before, returned in the week
        hours=9.0,  # 1.5 + 3.0 + 4.0 + 0.5
        unfunded_assist=1,
        compliance_rate=0.5,  # the first two of four
        by_department={
            "区城管局": 2,
            "区民政局": 2,
        },  # a tie, by name: 城 (U+57CE) < 民 (U+6C11)
    )


def test_empty_burden_items_give_zero_counts_and_no_rate():
    expected = BurdenFigures(
        assigned=0,
        unapproved=0,
        negative_list=0,
        off_list=0,
        reports=0,
        returned=0,
        hours=0.0,
        unfunded_assist=0,
        compliance_rate=None,
        by_department={},
    )
    assert burden_figures(WindowFrames().burden_items, WEEK) == expected
    assert burden_figures(burden_frame(), WEEK) == expected
