"""Random record sets, windows and thresholds for the figures' equality tests (hypothesis).

Every record is made by a builder of tests/builders.py with random overrides that respect the
schema's checks (a closed dispute has a closed_on on or after reported_on, a done consultation
an implemented_on, …). Dates cluster around the window, often on the very days where a rule's
outcome turns, with some a year earlier (year-on-year series, the year-to-date assessments) and
some after the window (which nothing may count).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, insert

from data_access.db import write_session
from data_access.models import (
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    OrgActivity,
    Organization,
    Street,
)
from metrics import codes
from metrics.frames import EIGHT_ITEMS, WindowFrames
from metrics.series import trend_weeks
from metrics.summary_model import summary_json
from metrics.thresholds import Thresholds
from metrics.trend_periods import trend_months
from metrics.window import Period, Window
from tests import builders

BASE = date(2026, 6, 1)  # a Monday
STREET = "RA"
CODES = ("RA01", "RA02", "RA03")
UNKNOWN = "ZZ99"  # in a scope, never in the database
DEPARTMENTS = ("区民政局", "区城管局", "区卫健局")

Days = st.SearchStrategy[date]


def boundaries(window: Window, thresholds: Thresholds) -> dict[str, list[date]]:
    """Per kind of record, the days on which one of its rules turns for this window and these
    thresholds (the window's ends, the overdue, stalled, quiet and inactive limits, the surge
    baseline's start, 1 January) and the days beside them: records dated there test every `<`
    of the SQL against the `<=` it might have been."""
    end = window.end

    def days_before(days: int) -> date:
        return end - timedelta(days=days)

    edges = {
        "disputes": [
            days_before(thresholds.overdue_days),
            window.same_length_before(thresholds.surge_baseline_windows).start,
        ],
        "consultations": [
            days_before(thresholds.stalled_days),
            days_before(thresholds.no_consultation_days - 1),
        ],
        "organizations": [days_before(thresholds.inactive_days)],
        "burden_items": [date(end.year, 1, 1)],
    }
    # the comparison windows' ends: the previous calendar period, the same period a year earlier
    compared = [
        day for each in (window.previous(), window.year_ago()) for day in (each.start, each.end)
    ]
    return {
        kind: sorted({day + timedelta(days=step) for day in [window.start, end, *compared, *own]
                      for step in (-1, 0, 1)})
        for kind, own in edges.items()
    }  # fmt: skip


def dates_around(window: Window, thresholds: Thresholds) -> dict[str, Days]:
    """Per kind of record: days near the window, its rules' boundaries often, some a year
    earlier."""
    near = st.integers(-75, 21).map(lambda offset: window.end + timedelta(days=offset))
    far = st.integers(-430, -300).map(lambda offset: window.end + timedelta(days=offset))

    def mixed(edges: list[date]) -> Days:  # six in ten on a boundary, three near, one far
        chosen = st.sampled_from(edges)
        return st.integers(0, 9).flatmap(
            lambda pick: chosen if pick < 6 else near if pick < 9 else far
        )

    return {kind: mixed(edges) for kind, edges in boundaries(window, thresholds).items()}


def on_or_after(day: date, days: Days) -> Days:
    """A day of `days` moved up to `day` if before it (closing, filing, outcome dates)."""
    return days.map(lambda other: max(day, other))


@st.composite
def disputes(draw: st.DrawFn, community: str, days: Days) -> dict[str, Any]:
    status = draw(st.sampled_from(codes.DISPUTE_STATUSES))
    reported_on = draw(days)
    return builders.dispute(
        community=community,
        reported_on=reported_on,
        category=draw(st.sampled_from(codes.DISPUTE_CATEGORIES[:4])),
        status=status,
        level=draw(st.sampled_from(codes.DISPUTE_LEVELS)),
        closed_on=None if status == "open" else draw(on_or_after(reported_on, days)),
        is_major=draw(st.booleans()),
    )


@st.composite
def consultations(draw: st.DrawFn, community: str, days: Days) -> dict[str, Any]:
    held_on = draw(days)
    consensus = draw(st.booleans())
    implementation = draw(st.sampled_from(codes.IMPLEMENTATIONS)) if consensus else "na"
    implemented = on_or_after(held_on, days)
    return builders.consultation(
        community=community,
        held_on=held_on,
        form=draw(st.sampled_from(codes.CONSULTATION_FORMS[:3])),
        participants=draw(st.integers(0, 40)),
        consensus=consensus,
        problems_solved=draw(st.integers(0, 3)),
        implementation=implementation,
        implemented_on=draw(implemented if implementation == "done" else st.none() | implemented),
    )


@st.composite
def organizations(draw: st.DrawFn, community: str, days: Days) -> list[dict[str, Any]]:
    """An organisation followed by its activities (0–3)."""
    entered_on = draw(days)
    later = on_or_after(entered_on, days)
    ended_on = draw(st.one_of(st.none(), st.none(), later))
    organization = builders.organization(
        community=community,
        entered_on=entered_on,
        filed_on=draw(st.none() | later),
        registered_on=draw(st.none() | later),
        ended_on=ended_on,
        stage=draw(st.sampled_from(("dormant", "dissolved"))) if ended_on else "filed",
        **{item: draw(st.sampled_from((True, True, True, False))) for item in EIGHT_ITEMS},
    )
    activities = [
        builders.org_activity(
            org_no=organization["org_no"],
            community=community,
            held_on=draw(days),
            participants=draw(st.integers(0, 30)),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return [organization, *activities]


@st.composite
def burden_items(draw: st.DrawFn, community: str, days: Days) -> dict[str, Any]:
    assigned_on = draw(days)
    outcome = draw(st.sampled_from(codes.OUTCOMES))
    return builders.burden_item(
        community=community,
        department=draw(st.sampled_from(DEPARTMENTS)),
        kind=draw(st.sampled_from(("task", "report", "assessment", "assessment", "meeting"))),
        list_status=draw(st.sampled_from(codes.LIST_STATUSES)),
        approved=draw(st.booleans()),
        funded=draw(st.booleans()),
        assigned_on=assigned_on,
        hours=draw(st.integers(0, 16)) / 4,  # quarter hours: sums exact in SQL and pandas
        outcome=outcome,
        outcome_on=None if outcome == "accepted" else draw(on_or_after(assigned_on, days)),
    )


@dataclass(frozen=True)
class Records:
    """Rows of every table, as the builders make them."""

    communities: list[dict[str, Any]]
    disputes: list[dict[str, Any]]
    consultations: list[dict[str, Any]]
    organizations: list[dict[str, Any]]
    org_activities: list[dict[str, Any]]
    burden_items: list[dict[str, Any]]

    def frames(self, scope: list[str]) -> WindowFrames:
        """The records of the communities of `scope` as typed frames (the pandas reference)."""
        chosen = set(scope)

        def own(rows: list[dict[str, Any]], key: str = "community") -> list[dict[str, Any]]:
            return [row for row in rows if row[key] in chosen]

        return builders.window_frames(
            communities=sorted(own(self.communities, "code"), key=lambda row: row["code"]),
            disputes=own(self.disputes),
            consultations=own(self.consultations),
            organizations=own(self.organizations),
            org_activities=own(self.org_activities),
            burden_items=own(self.burden_items),
        )


@st.composite
def records(draw: st.DrawFn, days: dict[str, Days], size: int = 12) -> Records:
    """Up to three communities (population 0 now and then) and up to `size` records of each
    kind, spread over them at random."""
    count = draw(st.integers(1, len(CODES)))
    communities = [
        builders.community(
            code=code,
            name=f"社区{code}",
            street_code=STREET,
            population=draw(st.sampled_from((0, 3_000, 12_500))),
        )
        for code in CODES[:count]
    ]
    home = st.sampled_from(CODES[:count])

    def some(kind: Any, table: str) -> Any:
        made = home.flatmap(lambda code: kind(code, days[table]))
        return st.lists(made, min_size=size // 2, max_size=size)

    grouped = draw(some(organizations, "organizations"))
    return Records(
        communities=communities,
        disputes=draw(some(disputes, "disputes")),
        consultations=draw(some(consultations, "consultations")),
        organizations=[group[0] for group in grouped],
        org_activities=[row for group in grouped for row in group[1:]],
        burden_items=draw(some(burden_items, "burden_items")),
    )


weeks_ = st.integers(-8, 3).map(lambda back: Window.week_containing(BASE).shifted_weeks(back))
ranges = st.tuples(st.integers(-60, 21), st.integers(0, 45)).map(
    lambda pair: Window(BASE + timedelta(days=pair[0]), BASE + timedelta(days=sum(pair)))
)
calendar_periods = st.sampled_from(("month", "quarter", "year"))


def current_period(period: Period, days_back: int) -> Window:
    """The month, quarter or year that holds BASE, cut `days_back` days before it (partial)."""
    whole = Window.last_complete(period, BASE).previous(-1)
    return whole.through(max(whole.start, BASE - timedelta(days=days_back)))


# whole months, quarters and years up to two back, and the current one, partial
calendar_ = st.one_of(
    st.tuples(calendar_periods, st.integers(0, 2)).map(
        lambda pair: Window.last_complete(pair[0], BASE).previous(pair[1])
    ),
    st.tuples(calendar_periods, st.integers(0, 40)).map(lambda pair: current_period(*pair)),
)
windows = st.one_of(weeks_, ranges, calendar_)
thresholds = st.builds(
    Thresholds,
    overdue_days=st.integers(0, 40),
    inactive_days=st.integers(1, 60),
    stalled_days=st.integers(0, 60),
    no_consultation_days=st.integers(1, 40),
    surge_min_new=st.integers(1, 4),
    surge_factor=st.sampled_from((1.0, 1.5, 2.0)),
    surge_baseline_windows=st.integers(1, 8),
    assessments_per_department_year=st.integers(0, 2),
)
scopes = st.lists(st.sampled_from((*CODES, UNKNOWN)), min_size=1, unique=True)


@dataclass(frozen=True)
class Case:
    """One example: records, a window, a trend of weeks ending with it, a scope, thresholds."""

    records: Records
    window: Window
    weeks: list[Window]
    scope: list[str]
    thresholds: Thresholds

    @property
    def months(self) -> list[Window]:
        """The calendar months of a quarter's or a year's trend up to the window's end, the
        last cut there (metrics.trend_periods)."""
        return trend_months(self.window.end, len(self.weeks) // 3 + 1)

    @property
    def frames(self) -> WindowFrames:
        return self.records.frames(self.scope)

    @property
    def known(self) -> list[str]:
        """The scope's communities that exist, by code (what the SQL sees)."""
        return sorted({row["code"] for row in self.records.communities} & set(self.scope))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    window = draw(windows)
    chosen = draw(thresholds)
    return Case(
        records=draw(records(dates_around(window, chosen))),
        window=window,
        weeks=trend_weeks(window.end, draw(st.integers(1, 14))),
        scope=draw(scopes),
        thresholds=chosen,
    )


TABLES = (OrgActivity, Organization, BurdenItem, Consultation, Dispute, Community, Street)


def load(engine: Engine, generated: Records) -> None:
    """Empty the record tables and insert the generated records (hypothesis runs many examples
    on one function-scoped database)."""
    with write_session(engine) as session:
        for model in TABLES:
            session.execute(delete(model))
        session.execute(insert(Street), [{"code": STREET, "name": "随机街道"}])
        rows = {
            Community: generated.communities,
            Dispute: generated.disputes,
            Consultation: generated.consultations,
            Organization: generated.organizations,
            OrgActivity: [
                {key: value for key, value in row.items() if key != "community"}
                for row in generated.org_activities
            ],
            BurdenItem: generated.burden_items,
        }
        for model, values in rows.items():
            if values:
                session.execute(insert(model), values)


# Each equality module runs this many random examples per database: enough to meet every
# branch (empty scopes, population 0, records after the window, a year back) in a few seconds.
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def json_of(figures: Any) -> Any:
    """A domain's figures as the summary JSON writes them (dicts pass through unchanged)."""
    if isinstance(figures, list | tuple):
        return [json_of(each) for each in figures]
    return figures if isinstance(figures, dict) else summary_json(figures)
