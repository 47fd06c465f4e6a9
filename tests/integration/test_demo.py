"""The demo street: deterministic, accepted by the database, and alarming in the right places."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from data_access.db import read_connection
from data_access.principal import Principal
from data_access.reforms import reforms_for
from demo.street import (
    TABLE_MODELS,
    DemoStreet,
    database_is_empty,
    generate_demo,
    load_demo,
)
from demo.street_communities import PLANTED_ALERTS
from demo.street_reforms import (
    CONSULTATION_REFORM,
    CONSULTATION_TREATED,
    PROPERTY_REFORM,
    PROPERTY_TREATED,
)
from metrics.alert_rules import evaluate_alerts
from metrics.alerts import RULES
from metrics.frames import (
    BURDEN_COLUMNS,
    COMMUNITY_COLUMNS,
    CONSULTATION_COLUMNS,
    DATE_COLUMNS,
    DISPUTE_COLUMNS,
    ORG_ACTIVITY_COLUMNS,
    ORGANIZATION_COLUMNS,
    WindowFrames,
)
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.summary import window_report

TODAY = date(2026, 10, 7)  # a Wednesday: the last complete week is 2026-W40
LATEST_WEEK = Window.last_complete_week(TODAY)


@pytest.fixture
def demo_engine(engine: Engine) -> Engine:
    """An empty database migrated to head: SQLite, then PostgreSQL."""
    return engine


@pytest.fixture(scope="module")
def demo() -> DemoStreet:
    return generate_demo(seed=42, weeks=104, today=TODAY)


def table_counts(engine: Engine) -> dict[str, int]:
    with read_connection(engine) as connection:
        return {
            table: connection.execute(select(func.count()).select_from(model)).scalar_one()
            for table, model in TABLE_MODELS.items()
        }


def frame(rows: list[dict], columns: list[str], table: str) -> pd.DataFrame:
    records = pd.DataFrame(rows, columns=columns)
    for column in DATE_COLUMNS.get(table, []):
        records[column] = pd.to_datetime(records[column])
    return records


def window_frames(demo: DemoStreet) -> WindowFrames:
    """The demo's rows as the frames the metrics take; activities get their community."""
    community_of = {row["org_no"]: row["community"] for row in demo.organizations}
    activities = [row | {"community": community_of[row["org_no"]]} for row in demo.org_activities]
    return WindowFrames(
        communities=frame(demo.communities, COMMUNITY_COLUMNS, "communities"),
        disputes=frame(demo.disputes, DISPUTE_COLUMNS, "disputes"),
        consultations=frame(demo.consultations, CONSULTATION_COLUMNS, "consultations"),
        organizations=frame(demo.organizations, ORGANIZATION_COLUMNS, "organizations"),
        org_activities=frame(activities, ORG_ACTIVITY_COLUMNS, "org_activities"),
        burden_items=frame(demo.burden_items, BURDEN_COLUMNS, "burden_items"),
    )


def alerts_by_community(demo: DemoStreet, window: Window) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for alert in evaluate_alerts(window_frames(demo), window, Thresholds()):
        found[alert.community] = (*found.get(alert.community, ()), alert.rule)
    return {code: tuple(sorted(rules)) for code, rules in sorted(found.items())}


def test_the_same_seed_gives_the_same_demo_street(demo: DemoStreet) -> None:
    assert generate_demo(seed=42, weeks=104, today=TODAY) == demo


def test_a_different_seed_gives_a_different_demo_street(demo: DemoStreet) -> None:
    other = generate_demo(seed=7, weeks=104, today=TODAY)
    assert other.disputes != demo.disputes
    assert other.org_activities != demo.org_activities
    assert other.communities[0]["code"] == demo.communities[0]["code"]


def test_load_demo_writes_every_row_into_an_empty_database(demo_engine: Engine) -> None:
    messages: list[str] = []

    counts = load_demo(demo_engine, seed=42, weeks=104, today=TODAY, progress=messages.append)

    assert counts == generate_demo(seed=42, weeks=104, today=TODAY).counts()
    assert table_counts(demo_engine) == counts
    assert counts["communities"] == 16
    assert 1_500 <= counts["disputes"] <= 4_000
    assert 300 <= counts["consultations"] <= 800
    assert 150 <= counts["organizations"] <= 200
    assert counts["org_activities"] >= 3_000
    assert counts["burden_items"] >= 3_000
    assert len(messages) == len(TABLE_MODELS)
    assert not database_is_empty(demo_engine)


def test_load_demo_refuses_a_database_that_already_holds_records(demo_engine: Engine) -> None:
    assert database_is_empty(demo_engine)
    load_demo(demo_engine, weeks=4, today=TODAY)
    before = table_counts(demo_engine)

    with pytest.raises(ValueError, match="already holds records"):
        load_demo(demo_engine, seed=1, weeks=4, today=TODAY)

    assert table_counts(demo_engine) == before


def test_an_eight_week_demo_loads_and_covers_eight_weeks(demo_engine: Engine) -> None:
    counts = load_demo(demo_engine, weeks=8, today=TODAY)
    small = generate_demo(weeks=8, today=TODAY)

    first = min(row["reported_on"] for row in small.disputes)
    assert counts == table_counts(demo_engine)
    assert LATEST_WEEK.start - timedelta(weeks=7) <= first < LATEST_WEEK.start
    assert 0 < counts["disputes"] < 400


def test_the_last_record_date_is_the_end_of_the_last_complete_week(demo: DemoStreet) -> None:
    record_days = {
        "disputes": ["reported_on", "closed_on"],
        "consultations": ["held_on", "implemented_on"],
        "organizations": ["entered_on", "filed_on", "registered_on", "ended_on"],
        "org_activities": ["held_on"],
        "burden_items": ["assigned_on", "outcome_on"],
    }
    days = [
        row[column]
        for table, columns in record_days.items()
        for row in getattr(demo, table)
        for column in columns
        if row[column] is not None
    ]
    first_monday = LATEST_WEEK.start - timedelta(weeks=103)
    weekly_days = [
        row[column]
        for table, column in [
            ("disputes", "reported_on"),
            ("consultations", "held_on"),
            ("org_activities", "held_on"),
            ("burden_items", "assigned_on"),
        ]
        for row in getattr(demo, table)
    ]
    assert max(days) == LATEST_WEEK.end == date(2026, 10, 4)
    assert min(weekly_days) == first_monday == date(2024, 10, 7)


def test_the_latest_week_raises_exactly_the_planted_alerts(demo: DemoStreet) -> None:
    found = alerts_by_community(demo, LATEST_WEEK)

    assert found == {code: tuple(sorted(rules)) for code, rules in PLANTED_ALERTS.items()}
    assert {rule for rules in found.values() for rule in rules} == set(RULES)
    assert len(demo.communities) - len(found) >= 9


@pytest.mark.parametrize("today", [date(2026, 1, 5), date(2026, 2, 20), date(2027, 6, 1)])
def test_the_planted_alerts_fire_on_other_days_and_seeds_too(today: date) -> None:
    other = generate_demo(seed=today.toordinal(), weeks=104, today=today)
    expected = {code: tuple(sorted(rules)) for code, rules in PLANTED_ALERTS.items()}
    assert alerts_by_community(other, Window.last_complete_week(today)) == expected


def test_record_keys_are_unique_and_follow_the_street_patterns(demo: DemoStreet) -> None:
    patterns = {
        "disputes": ("case_no", r"YH\d\d-\d{4}-\d{4}"),
        "consultations": ("ref", r"YH\d\d-CON-\d{4}-\d{3}"),
        "organizations": ("org_no", r"YH\d\d-ORG-\d{3}"),
        "org_activities": ("ref", r"YH\d\d-ACT-\d{5}"),
        "burden_items": ("ref", r"YH\d\d-BRD-\d{4}-\d{4}"),
    }
    for table, (key, pattern) in patterns.items():
        keys = [row[key] for row in getattr(demo, table)]
        assert len(set(keys)) == len(keys), table
        assert all(re.fullmatch(pattern, value) for value in keys), table


def test_every_row_has_exactly_the_model_fields_but_the_id_and_version(demo: DemoStreet) -> None:
    for table in fields(demo):
        model_fields = set(TABLE_MODELS[table.name].model_fields) - {"id", "version"}
        assert all(set(row) == model_fields for row in getattr(demo, table.name)), table.name


def test_organisation_stages_agree_with_their_dates_at_the_end(demo: DemoStreet) -> None:
    def stage_from_dates(row: dict) -> str:
        if row["ended_on"] is not None:
            return "ended"
        if row["registered_on"] is not None:
            return "registered"
        return "filed" if row["filed_on"] is not None else "incubating"

    for row in demo.organizations:
        expected = stage_from_dates(row)
        assert row["stage"] in (("dormant", "dissolved") if expected == "ended" else (expected,))
    per_community = pd.Series([row["community"] for row in demo.organizations]).value_counts()
    assert per_community.between(6, 16).all()
    assert (per_community < 10).sum() >= 3


def test_dispute_summaries_are_generic_text_without_numbers(demo: DemoStreet) -> None:
    assert all(not re.search(r"\d{3,}", row["summary"]) for row in demo.disputes)


def test_property_disputes_fall_by_half_in_the_reform_communities_and_nowhere_else(
    demo: DemoStreet,
) -> None:
    def property_cases(first: date, last: date, treated: bool) -> int:
        return sum(
            1
            for row in demo.disputes
            if row["category"] == "property"
            and (row["community"] in PROPERTY_TREATED) == treated
            and first <= row["reported_on"] <= last
        )

    for treated in (True, False):
        this_half = property_cases(date(2026, 1, 1), date(2026, 6, 30), treated)
        a_year_earlier = property_cases(date(2025, 1, 1), date(2025, 6, 30), treated)
        if treated:
            assert this_half < 0.5 * a_year_earlier
        else:
            assert this_half > 0.8 * a_year_earlier


def test_the_burden_thins_out_as_the_reduction_goes_on(demo: DemoStreet) -> None:
    def year_items(first: date, last: date) -> list[dict]:
        return [row for row in demo.burden_items if first <= row["assigned_on"] <= last]

    first_year = year_items(date(2024, 10, 7), date(2025, 10, 5))
    second_year = year_items(date(2025, 10, 6), date(2026, 10, 4))
    irregular = ("negative", "off_list")
    assert len(second_year) < 0.9 * len(first_year)
    assert sum(row["kind"] == "report" for row in second_year) < 0.8 * sum(
        row["kind"] == "report" for row in first_year
    )
    assert sum(row["list_status"] in irregular for row in second_year) < 0.6 * sum(
        row["list_status"] in irregular for row in first_year
    )


def test_the_loaded_demo_raises_every_alert_through_the_queries(demo_engine: Engine) -> None:
    load_demo(demo_engine, seed=42, weeks=104, today=TODAY)
    scope = [f"YH{number:02d}" for number in range(1, 17)]
    summary = window_report(
        demo_engine, LATEST_WEEK, scope, thresholds=Thresholds(), lang="zh"
    ).summary
    fired = {(alert.community, alert.rule) for alert in summary.alerts}
    assert fired == {(code, rule) for code, rules in PLANTED_ALERTS.items() for rule in rules}
    assert {rule for _, rule in fired} == set(RULES)
    assert len({code for code, _ in fired}) <= 16 - 9


def test_load_demo_records_the_two_reforms_a_newcomer_reads(demo_engine: Engine) -> None:
    load_demo(demo_engine, seed=42, weeks=104, today=TODAY)
    reforms = reforms_for(demo_engine, Principal("reader", "viewer"))
    assert {(reform.name, reform.treated) for reform in reforms} == {
        (PROPERTY_REFORM, PROPERTY_TREATED),
        (CONSULTATION_REFORM, CONSULTATION_TREATED),
    }
    assert all(reform.comparison == () for reform in reforms)
