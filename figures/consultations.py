"""Consultation figures (协商议事) in the database: the SQL form of metrics/consultations.py.

The window's figures and each community's share of them (as additive parts), the two alert
rules that read consultations (no_consultation, consensus_stalled), the weekly series, the
funnel, the quiet communities and the records the consultations view lists.
tests/integration/test_figures_consultations.py checks each against metrics/ over random
records and windows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from data_access.queries import Scope, read_frame
from figures.community import ScopeCommunity
from figures.sql import (
    CONSULTATION,
    Parts,
    add_grouped,
    count,
    counted_by,
    daily,
    keyed,
    overall,
    summed,
    total,
    weekly,
    within,
)
from metrics.alerts import Alert, fired
from metrics.codes import CONSULTATION_FORMS
from metrics.frames import CONSULTATION_COLUMNS, share
from metrics.series import rate_of, span_of
from metrics.thresholds import Thresholds
from metrics.window import Window

ALERT_RULES = ("no_consultation", "consensus_stalled")


def not_done_by(day: Any) -> ColumnElement[bool]:
    """The consultation's implementation was not done on or before `day`."""
    return or_(
        CONSULTATION.implementation != "done",
        CONSULTATION.implemented_on.is_(None),
        CONSULTATION.implemented_on > day,
    )


def consultation_parts(
    connection: Connection, windows: list[Window], codes: list[str], parts: Parts
) -> None:
    """Add each window's consultation parts (`c_held_<index>` …) per community to `parts`."""
    span = overall(windows)
    columns = []
    for index, window in enumerate(windows):
        held = within(CONSULTATION.held_on, window)
        done = CONSULTATION.implementation == "done"
        columns += [
            count(held).label(f"c_held_{index}"),
            total(CONSULTATION.participants, held).label(f"c_participants_{index}"),
            count(and_(held, CONSULTATION.consensus.is_(True))).label(f"c_consensus_{index}"),
            total(CONSULTATION.problems_solved, held).label(f"c_problems_{index}"),
            count(and_(done, within(CONSULTATION.implemented_on, window))).label(
                f"c_implemented_{index}"
            ),
            count(
                and_(
                    CONSULTATION.consensus.is_(True),
                    CONSULTATION.held_on <= window.end,
                    not_done_by(window.end),
                )
            ).label(f"c_pending_{index}"),
        ]
    # Pending at some window's end: consensus not done before the span (a consultation not
    # done counts whatever its implemented_on says).
    still_pending = and_(
        CONSULTATION.consensus.is_(True), not_done_by(span.start - timedelta(days=1))
    )
    statement = (
        select(CONSULTATION.community, *columns)
        .where(
            CONSULTATION.community.in_(codes),
            CONSULTATION.held_on <= span.end,
            or_(CONSULTATION.held_on >= span.start, still_pending),
        )
        .group_by(CONSULTATION.community)
    )
    add_grouped(connection, statement, parts)


def held_by_form(connection: Connection, window: Window, codes: list[str]) -> dict[str, int]:
    """metrics.consultations.held_by_form: every form in code order, zeros included."""
    counts = counted_by(
        connection, CONSULTATION.form, CONSULTATION.held_on, window, codes, CONSULTATION.community
    )
    return {form: counts.get(form, 0) for form in CONSULTATION_FORMS}


def consultation_figures(
    parts: Parts,
    index: int,
    communities: Sequence[ScopeCommunity],
    by_form: dict[str, int] | None,
) -> dict[str, Any]:
    """metrics.consultations.consultation_figures of window `index` from the parts of
    `communities` (without `by_form` when it is None)."""
    codes = [community.code for community in communities]

    def part(name: str) -> int:
        return summed(parts, codes, f"{name}_{index}")

    held = part("c_held")
    figures: dict[str, Any] = {
        "held": held,
        "participants": part("c_participants"),
        "consensus_rate": share(part("c_consensus"), held),
        "problems_solved": part("c_problems"),
        "implemented": part("c_implemented"),
        "pending_implementation": part("c_pending"),
    }
    if by_form is not None:
        figures["by_form"] = by_form
    return figures


def community_consultation_figures(own: dict[str, float]) -> dict[str, Any]:
    """The consultation column of one `by_community` row (metrics.by_community)."""
    return {"consultations_held": int(own.get("c_held_0", 0))}


def consultation_alerts(
    connection: Connection, window: Window, codes: list[str], thresholds: Thresholds
) -> list[Alert]:
    """The alerts of ALERT_RULES at the window's end (metrics.consultations)."""
    days = thresholds.no_consultation_days
    recent = Window(window.end - timedelta(days=days - 1), window.end)
    held = set(
        connection.execute(
            select(CONSULTATION.community)
            .where(CONSULTATION.community.in_(codes), within(CONSULTATION.held_on, recent))
            .distinct()
        ).scalars()
    )
    alerts = [
        fired("no_consultation", code, (), {"days": days}) for code in codes if code not in held
    ]
    stalled = keyed(
        connection,
        select(CONSULTATION.community, CONSULTATION.ref, CONSULTATION.held_on).where(
            CONSULTATION.community.in_(codes),
            CONSULTATION.consensus.is_(True),
            CONSULTATION.held_on < window.end - timedelta(days=thresholds.stalled_days),
            not_done_by(window.end),
        ),
    )
    for code in codes:
        if stalled.get(code):
            oldest = max((window.end - row[2]).days for row in stalled[code])
            facts = {"count": len(stalled[code]), "days": int(oldest)}
            alerts.append(
                fired("consensus_stalled", code, [row[1] for row in stalled[code]], facts)
            )
    return alerts


def weekly_consultations(
    connection: Connection, codes: list[str], weeks: list[Window]
) -> pd.DataFrame:
    """metrics.series.weekly_consultations, counted by day in the database."""
    held = daily(
        connection,
        select(
            CONSULTATION.held_on.label("day"),
            func.count().label("held"),
            func.sum(CONSULTATION.participants).label("participants"),
            count(CONSULTATION.consensus.is_(True)).label("with_consensus"),
        )
        .where(CONSULTATION.community.in_(codes), within(CONSULTATION.held_on, span_of(weeks)))
        .group_by(CONSULTATION.held_on),
    )
    series = pd.DataFrame(
        {
            column: weekly(held, column, weeks)
            for column in ("held", "participants", "with_consensus")
        }
    )
    series["consensus_rate"] = rate_of(series["with_consensus"], series["held"])
    return series.reset_index()


def consultation_funnel(connection: Connection, codes: list[str], span: Window) -> pd.DataFrame:
    """metrics.series.consultation_funnel, counted in the database."""
    with_consensus = CONSULTATION.consensus.is_(True)
    implemented = and_(
        with_consensus,
        CONSULTATION.implementation == "done",
        CONSULTATION.implemented_on <= span.end,
    )
    held, consensus, done = connection.execute(
        select(func.count(), count(with_consensus), count(implemented)).where(
            CONSULTATION.community.in_(codes), within(CONSULTATION.held_on, span)
        )
    ).one()
    return pd.DataFrame(
        {
            "stage": ["held", "consensus", "implemented"],
            "count": [int(held), int(consensus or 0), int(done or 0)],
        }
    )


def quiet_communities(
    connection: Connection, codes: list[str], names: pd.DataFrame, end: Any, days: int
) -> pd.DataFrame:
    """metrics.series.communities_without_consultation over every record: the communities
    with none held in the `days` days ending at `end`, with their latest held_on (NaT if none)."""
    latest: dict[str, Any] = {
        str(code): day
        for code, day in connection.execute(
            select(CONSULTATION.community, func.max(CONSULTATION.held_on))
            .where(CONSULTATION.community.in_(codes), CONSULTATION.held_on <= end)
            .group_by(CONSULTATION.community)
        )
    }
    first = pd.Timestamp(end - timedelta(days=days - 1))
    quiet = (
        names[["code", "name"]]
        .rename(columns={"code": "community"})
        .sort_values("community")
        .reset_index(drop=True)
    )
    last_held = pd.Series([latest.get(code) for code in quiet["community"]], dtype=object)
    quiet["last_held"] = pd.to_datetime(last_held)
    quiet = quiet[quiet["last_held"].isna() | (quiet["last_held"] < first)]
    return quiet.reset_index(drop=True)


def consultations_held_or_pending(engine: Engine, window: Window, scope: Scope) -> pd.DataFrame:
    """Consultations held in the window, and older consensus still pending implementation at
    its end (docs/metrics.md pending_implementation): what the consultations view lists."""
    chosen = [CONSULTATION[name] for name in CONSULTATION_COLUMNS]
    in_scope = CONSULTATION.community.in_(list(scope))
    held_on = CONSULTATION.held_on
    statement = union_all(
        select(*chosen).where(in_scope, held_on >= window.start, held_on <= window.end),
        select(*chosen).where(
            in_scope,
            held_on < window.start,
            CONSULTATION.consensus.is_(True),
            not_done_by(window.end),
        ),
    )
    return read_frame(engine, statement, CONSULTATION_COLUMNS, "consultations")
