"""The typed summary: its JSON is written in one place, key for key and byte for byte as the
summary JSON of docs/metrics.md, and read back with every key and type checked."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from metrics.summary_model import (
    AlertItem,
    DisputeFigures,
    Summary,
    SummaryWindow,
    has_year_ago_data,
    summary_json,
    summary_json_text,
)

# `streetdash summary --format json` of the demo street (loaded with today = 2026-11-30) for
# 2026-W48 in Chinese, captured before the summary had types.
FIXTURE = Path(__file__).parents[1] / "fixtures" / "summary-demo-2026-W48-zh.json"


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def fixture_json() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(fixture_text())
    return loaded


def test_the_summary_read_from_json_writes_the_same_text_back_byte_for_byte() -> None:
    summary = Summary.from_json(fixture_json())
    assert summary_json_text(summary) + "\n" == fixture_text()


def test_the_summary_read_from_json_has_typed_parts() -> None:
    summary = Summary.from_json(fixture_json())
    assert summary.window == SummaryWindow(
        date(2026, 11, 23), date(2026, 11, 29), "2026-W48", "week", "2026-W48"
    )
    assert summary.scope[0] == "YH01"
    assert isinstance(summary.current.disputes, DisputeFigures)
    assert summary.current.disputes.new == fixture_json()["disputes"]["new"]
    assert summary.previous.burden.hours == fixture_json()["previous"]["burden"]["hours"]
    assert summary.by_community[0].community == "YH01"
    assert all(isinstance(alert, AlertItem) for alert in summary.alerts)
    assert all(isinstance(alert.refs, tuple) for alert in summary.alerts)


def test_the_current_windows_figures_sit_at_the_top_between_scope_and_by_community() -> None:
    written = summary_json(Summary.from_json(fixture_json()))
    assert list(written) == [
        "window",
        "scope",
        "disputes",
        "consultations",
        "organizations",
        "burden",
        "by_community",
        "previous",
        "year_ago",
        "alerts",
    ]
    assert list(written["previous"]) == ["disputes", "consultations", "organizations", "burden"]
    assert list(written["year_ago"]) == ["disputes", "consultations", "organizations", "burden"]
    assert list(written["alerts"][0]) == ["rule", "community", "severity", "message", "refs"]


def test_scalars_are_a_domains_figures_without_its_breakdowns_in_json_order() -> None:
    summary = Summary.from_json(fixture_json())
    disputes = fixture_json()["disputes"]
    assert summary.current.disputes.scalars() == {
        key: value for key, value in disputes.items() if key != "by_category"
    }
    assert list(summary.current.domain("organizations").scalars())[:2] == [
        "active",
        "newly_entered",
    ]


def test_a_changed_figure_changes_only_its_own_value_in_the_json() -> None:
    summary = Summary.from_json(fixture_json())
    disputes = replace(summary.current.disputes, new=999)
    changed = summary_json(replace(summary, current=replace(summary.current, disputes=disputes)))
    expected = fixture_json()
    expected["disputes"]["new"] = 999
    assert changed == expected


def test_a_missing_or_extra_key_is_refused_with_its_place() -> None:
    missing = fixture_json()
    del missing["disputes"]["per_10k"]
    with pytest.raises(ValueError, match=r"summary\.disputes: keys"):
        Summary.from_json(missing)
    extra = fixture_json()
    extra["year_before"] = extra["previous"]
    with pytest.raises(ValueError, match="summary: keys"):
        Summary.from_json(extra)


@pytest.mark.parametrize(
    ("place", "value"),
    [
        (("disputes", "new"), "24"),
        (("disputes", "new"), True),
        (("disputes", "new"), None),
        (("disputes", "new"), 2.5),
        (("burden", "hours"), None),
        (("window", "start"), 20261123),
        (("alerts",), {}),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(place: tuple[str, ...], value: object) -> None:
    broken = fixture_json()
    parent = broken
    for key in place[:-1]:
        parent = parent[key]
    parent[place[-1]] = value
    with pytest.raises(ValueError, match=r"summary\." + r"\.".join(place)):
        Summary.from_json(broken)


def test_a_whole_number_where_a_float_belongs_is_read_as_a_float() -> None:
    whole = fixture_json()
    whole["burden"]["hours"] = 12
    summary = Summary.from_json(whole)
    assert type(summary.current.burden.hours) is float
    assert '"hours": 12.0' in summary_json_text(summary)


def test_a_wrong_value_inside_a_list_is_refused_with_its_index() -> None:
    broken = fixture_json()
    broken["alerts"][1]["refs"] = "YH02-2026-0052"
    with pytest.raises(ValueError, match=r"summary\.alerts\[1\]\.refs: a list expected"):
        Summary.from_json(broken)


def test_a_year_earlier_with_records_reported_in_it_has_data() -> None:
    summary = Summary.from_json(fixture_json())
    assert summary.year_ago.disputes.new > 0
    assert has_year_ago_data(summary)


def test_a_year_earlier_with_only_states_carried_from_before_has_no_data() -> None:
    # organisations entered before the records begin, a dispute still open: nothing reported
    summary = Summary.from_json(fixture_json())
    year_ago = summary.year_ago
    empty = replace(
        year_ago,
        disputes=replace(year_ago.disputes, new=0),
        consultations=replace(year_ago.consultations, held=0),
        organizations=replace(year_ago.organizations, activities=0),
        burden=replace(year_ago.burden, assigned=0),
    )
    assert empty.organizations.active > 0 and empty.disputes.open_at_end > 0
    assert not has_year_ago_data(replace(summary, year_ago=empty))
    for name, key in (("burden", "assigned"), ("organizations", "activities")):
        one = replace(empty, **{name: replace(empty.domain(name), **{key: 1})})
        assert has_year_ago_data(replace(summary, year_ago=one)), name
