"""The demo street: two years of believable records for 粤海街道, generated from a seed.

`generate_demo` is pure and deterministic for a seed; `load_demo` writes its result into an
empty database in one transaction. The latest complete week is shaped on purpose: every alert
rule of docs/metrics.md fires for at least one community (see PLANTED_ALERTS) and the other
communities have no alert at all. The meetings of the four weeks before it raised follow-up
actions (督办事项) from their weeks' alerts, some done, some overdue (demo/street_follow_ups.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, true
from sqlalchemy.orm import Session

from data_access import audit
from data_access.db import read_connection, write_session
from data_access.models import (
    RECORD_TABLES,
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    FollowUp,
    OrgActivity,
    Organization,
    Street,
)
from demo.accounts import create_demo_accounts
from demo.draws import Row, shanghai_today
from demo.street_communities import PROFILES, STREET_CODE, STREET_NAME
from demo.street_follow_ups import demo_follow_ups, follow_up_events
from demo.street_reforms import ReformEffects, save_demo_reforms

CHUNK_ROWS = 2_000


@dataclass
class DemoStreet:
    """The demo's rows, one list of plain dicts per table (keys: the model fields but `id`)."""

    streets: list[Row]
    communities: list[Row]
    disputes: list[Row]
    consultations: list[Row]
    organizations: list[Row]
    org_activities: list[Row]
    burden_items: list[Row]
    # 督办事项 of the meetings before the latest week's (demo.street_follow_ups)
    follow_ups: list[Row] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per table, in loading order."""
        return {table.name: len(getattr(self, table.name)) for table in fields(self)}


TABLE_MODELS = {
    "streets": Street,
    "communities": Community,
    "disputes": Dispute,
    "consultations": Consultation,
    "organizations": Organization,
    "org_activities": OrgActivity,
    "burden_items": BurdenItem,
    "follow_ups": FollowUp,
}


class StreetBuilder(ReformEffects):
    """Generates the demo street step by step; every draw comes from one seeded Random."""

    def build(self) -> DemoStreet:
        streets = [{"code": STREET_CODE, "name": STREET_NAME}]
        communities = [self.community_row(profile) for profile in PROFILES]
        for profile in PROFILES:
            self.add_organizations(profile)
            self.add_disputes(profile)
            self.add_consultations(profile)
            self.add_burden(profile)
        for organization in self.organizations:
            self.add_activities(organization)
        self.keep_healthy()
        self.plant()
        self.finish()
        self.apply_reforms()  # the last draw: every record drawn before stays as it was
        return DemoStreet(
            streets,
            communities,
            self.number(self.disputes, "case_no", "reported_on", "{c}-{y}-{n:04d}"),
            self.number(self.consultations, "ref", "held_on", "{c}-CON-{y}-{n:03d}"),
            self.organizations,
            self.number_activities(),
            self.number(self.burden, "ref", "assigned_on", "{c}-BRD-{y}-{n:04d}"),
        )

    def number(self, rows: list[Row], key: str, day_key: str, pattern: str) -> list[Row]:
        """Sort by community and date, and number each community's rows per calendar year."""
        ordered = sorted(rows, key=lambda row: (row["community"], row[day_key]))
        serials: dict[tuple[str, int], int] = {}
        for row in ordered:
            counter = (row["community"], row[day_key].year)
            serials[counter] = serials.get(counter, 0) + 1
            row[key] = pattern.format(c=row["community"], y=row[day_key].year, n=serials[counter])
        return ordered

    def number_activities(self) -> list[Row]:
        ordered = sorted(
            self.activities, key=lambda row: (row["org_no"][:4], row["held_on"], row["org_no"])
        )
        serials: dict[str, int] = {}
        for row in ordered:
            code = row["org_no"][:4]
            serials[code] = serials.get(code, 0) + 1
            row["ref"] = f"{code}-ACT-{serials[code]:05d}"
        return ordered


def generate_demo(*, seed: int = 42, weeks: int = 104, today: date) -> DemoStreet:
    """The demo street's rows up to the end of the last complete week before `today`.

    With 13 weeks or more the latest week raises exactly PLANTED_ALERTS. Shorter runs lack
    the history some rules look back on: the overdue dispute needs 5 weeks, the stalled
    consensus 10, and organisations with no activity on record in the last 90 days count as
    inactive.
    """
    street = StreetBuilder(seed, weeks, today).build()
    street.follow_ups = demo_follow_ups(street, seed=seed, today=today)
    return street


def _holds_records(executor: Connection | Session) -> bool:
    """True when any table of the data model holds a row."""
    return any(
        executor.execute(select(true()).select_from(model).limit(1)).first() is not None
        for model in RECORD_TABLES
    )


def database_is_empty(engine: Engine) -> bool:
    """True when no table of the data model holds a row."""
    with read_connection(engine) as connection:
        return not _holds_records(connection)


def load_demo(
    engine: Engine,
    *,
    seed: int = 42,
    weeks: int = 104,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the demo street into an empty database in one transaction; rows per table."""
    report = progress or (lambda _message: None)
    demo = generate_demo(seed=seed, weeks=weeks, today=today or shanghai_today())
    with write_session(engine) as session:
        if _holds_records(session):
            raise ValueError(
                "the database already holds records; the demo street is only loaded into an "
                "empty database, so that demo rows never mix with real ones"
            )
        for table, model in TABLE_MODELS.items():
            rows = getattr(demo, table)
            if model is FollowUp:
                _add_follow_ups(session, rows)
            else:
                for chunk in _chunks(rows, CHUNK_ROWS):
                    session.execute(insert(model), chunk)
            report(f"{table}: {len(rows)}")
        audit.write_entries(session, [demo_loaded_entry(demo.counts())])
    create_demo_accounts(engine)
    save_demo_reforms(engine, today or shanghai_today())
    return demo.counts()


def demo_loaded_entry(counts: Mapping[str, int]) -> dict[str, Any]:
    """The audit entry of a demo load: the records it wrote, and a new data version for every
    app process's caches (audit.data_version)."""
    return audit.entry(actor="demo", action="demo_load", table="database", detail=dict(counts))


def _add_follow_ups(session: Session, rows: list[Row]) -> None:
    """Write the demo's follow-up actions, each with its history (which names its id)."""
    for row in rows:
        action = FollowUp(**row)
        session.add(action)
        session.flush()
        session.add_all(follow_up_events(row, action.id or 0))
    session.flush()


def _chunks(rows: list[Row], size: int) -> Iterable[list[Row]]:
    for first in range(0, len(rows), size):
        yield rows[first : first + size]
