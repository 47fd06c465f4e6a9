"""Months, quarters, years and their comparisons on a hand-made street, counted by hand: the
figures of the window, of `previous` and of `year_ago` (docs/metrics.md, "Change against
the previous period and the year before"), the same in the database (SQLite and PostgreSQL) as
in metrics/.

One community, eleven open disputes, each placed to fall in or out of a window by a day:

    K 2025-10-01   J 2026-09-30   H 2026-10-01 (a Thursday: 2026-Q4 starts mid-week)
    I 2026-12-31   C 2027-02-28   G 2027-03-31   F 2028-01-31
    B 2028-02-01   A 2028-02-29 (2028 is a leap year)   D 2028-03-30   E 2028-03-31
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from metrics.summary_model import Summary, has_year_ago_data
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.summary import window_report, window_report_from_records
from tests import builders
from tests.random_records import STREET, Records, load

REPORTED = {
    "K": date(2025, 10, 1),
    "J": date(2026, 9, 30),
    "H": date(2026, 10, 1),
    "I": date(2026, 12, 31),
    "C": date(2027, 2, 28),
    "G": date(2027, 3, 31),
    "F": date(2028, 1, 31),
    "B": date(2028, 2, 1),
    "A": date(2028, 2, 29),
    "D": date(2028, 3, 30),
    "E": date(2028, 3, 31),
}

# window → new disputes in it, in `previous`, in `year_ago` (which disputes, by hand)
CASES = [
    # 2028-02 (29 days): B, A; previous 2028-01: F; a year ago 2027-02 (28 days): C
    (Window.month("2028-02"), (2, 1, 1)),
    # 2028-03: D, E; previous 2028-02: B, A; a year ago 2027-03: G
    (Window.month("2028-03"), (2, 2, 1)),
    # 2028-03 up to 03-30 (30 days): D; previous: all of 2028-02 (its 29 days < 30): B, A;
    # a year ago 2027-03-01..03-30: none (G is on the 31st)
    (Window.month("2028-03").through(date(2028, 3, 30)), (1, 2, 0)),
    # a range ending on 29 February: B, A; previous the 29 days before, 2028-01-03..01-31: F;
    # a year ago 2027-02-01..2027-02-28 (29 February → 28 February): C
    (Window(date(2028, 2, 1), date(2028, 2, 29)), (2, 1, 1)),
    # 2026-Q4 (Thu 10-01 .. 12-31): H, I; previous 2026-Q3: J; a year ago 2025-Q4: K
    (Window.quarter("2026-Q4"), (2, 1, 1)),
    # 2026-Q4 up to 11-29 (60 days: 31 of October, 29 of November): H; previous: Q3's first
    # 60 days, 07-01..08-29: none; a year ago the first 60 days of 2025-Q4, 10-01..11-29: K
    (Window.quarter("2026-Q4").through(date(2026, 11, 29)), (1, 0, 1)),
    # 2026-W40 (Mon 09-28 .. Sun 10-04): J, H; previous W39: none; 364 days earlier,
    # 2025-09-29..10-05 (2025-W40): K
    (Window.iso_week("2026-W40"), (2, 0, 1)),
    # 2028: F, B, A, D, E; previous = a year ago = 2027: C, G
    (Window.year("2028"), (5, 2, 2)),
    # 2025: K; 2024 holds no record at all
    (Window.year("2025"), (1, 0, 0)),
]


def street() -> Records:
    return Records(
        communities=[builders.community(code="RA01", street_code=STREET, population=10_000)],
        disputes=[
            builders.dispute(case_no=key, community="RA01", reported_on=day)
            for key, day in REPORTED.items()
        ],
        consultations=[],
        organizations=[],
        org_activities=[],
        burden_items=[],
    )


def both_ways(engine: Engine, window: Window) -> Summary:
    options = {"thresholds": Thresholds(), "lang": "zh"}
    in_database = window_report(engine, window, ["RA01"], **options).summary
    from_records = window_report_from_records(engine, window, ["RA01"], **options).summary
    assert in_database == from_records, window
    return in_database


@pytest.mark.parametrize(("window", "expected"), CASES, ids=[str(case[0]) for case in CASES])
def test_new_disputes_of_a_period_its_previous_and_its_year_ago_are_counted_as_by_hand(
    engine: Engine, window: Window, expected: tuple[int, int, int]
) -> None:
    load(engine, street())
    summary = both_ways(engine, window)
    found = (
        summary.current.disputes.new,
        summary.previous.disputes.new,
        summary.year_ago.disputes.new,
    )
    assert found == expected
    assert (summary.window.period, summary.window.label) == (window.period, window.label)


def test_a_year_whose_year_before_holds_no_record_says_so(engine: Engine) -> None:
    load(engine, street())
    assert not has_year_ago_data(both_ways(engine, Window.year("2025")))
    # 2026's year before holds K, open all through 2025 (open_at_end counts it)
    assert has_year_ago_data(both_ways(engine, Window.year("2026")))


def test_a_partial_period_keeps_its_label_and_says_through_which_day(engine: Engine) -> None:
    load(engine, street())
    summary = both_ways(engine, Window.quarter("2026-Q4").through(date(2026, 11, 29)))
    assert summary.window.label == "2026-Q4"
    assert summary.window.end == date(2026, 11, 29)
    assert summary.window.is_partial
    assert not both_ways(engine, Window.quarter("2026-Q4")).window.is_partial
