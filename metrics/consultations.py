"""Consultation figures (协商议事) of docs/metrics.md, one function per definition."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from metrics.alerts import Alert, fired
from metrics.codes import CONSULTATION_FORMS
from metrics.frames import WindowFrames, dates, flags, in_window, numbers, share, split_by_community
from metrics.summary_model import ConsultationFigures
from metrics.thresholds import Thresholds
from metrics.window import Window


def held_consultations(consultations: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Consultations with held_on in the window; columns as given."""
    return consultations[in_window(dates(consultations, "held_on"), window)]


def implemented_consultations(consultations: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Consultations with implementation done and implemented_on in the window; columns as given."""
    is_done = consultations["implementation"].eq("done")
    return consultations[is_done & in_window(dates(consultations, "implemented_on"), window)]


def pending_implementation_at(consultations: pd.DataFrame, day: date) -> pd.DataFrame:
    """Consultations with consensus, held_on <= day, not done by day; columns as given."""
    cutoff = pd.Timestamp(day)
    is_done_by_day = consultations["implementation"].eq("done") & (
        dates(consultations, "implemented_on") <= cutoff
    )
    is_pending = (
        flags(consultations, "consensus")
        & (dates(consultations, "held_on") <= cutoff)
        & ~is_done_by_day
    )
    return consultations[is_pending]


def consensus_rate(held: pd.DataFrame) -> float | None:
    """Share of the given (held) consultations with consensus."""
    return share(int(flags(held, "consensus").sum()), len(held))


def participants_of(rows: pd.DataFrame) -> int:
    """Sum of participants over the given rows."""
    return int(numbers(rows, "participants").sum())


def problems_solved_of(held: pd.DataFrame) -> int:
    """Sum of problems_solved over the given (held) consultations."""
    return int(numbers(held, "problems_solved").sum())


def held_by_form(held: pd.DataFrame) -> dict[str, int]:
    """{form code: count} of the given (held) consultations, every form in code order."""
    counts = held["form"].value_counts()
    return {form: int(counts.get(form, 0)) for form in CONSULTATION_FORMS}


def consultation_figures(consultations: pd.DataFrame, window: Window) -> ConsultationFigures:
    """The `consultations` object of docs/metrics.md from consultations."""
    held = held_consultations(consultations, window)
    return ConsultationFigures(
        held=len(held),
        participants=participants_of(held),
        consensus_rate=consensus_rate(held),
        problems_solved=problems_solved_of(held),
        implemented=len(implemented_consultations(consultations, window)),
        pending_implementation=len(pending_implementation_at(consultations, window.end)),
        by_form=held_by_form(held),
    )


# Alert rules of docs/metrics.md that read these records (evaluated by metrics/alert_rules.py)


def no_consultation(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with no consultation held in the no_consultation_days days ending at end."""
    days = thresholds.no_consultation_days
    recent = Window(window.end - timedelta(days=days - 1), window.end)
    alerts = []
    for code, own in split_by_community(frames).items():
        if held_consultations(own.consultations, recent).empty:
            alerts.append(fired("no_consultation", code, (), {"days": days}))
    return alerts


def consensus_stalled(frames: WindowFrames, window: Window, thresholds: Thresholds) -> list[Alert]:
    """Communities with a consultation pending at end held more than stalled_days before it."""
    alerts = []
    for code, own in split_by_community(frames).items():
        pending = pending_implementation_at(own.consultations, window.end)
        age = (window.end_ts - dates(pending, "held_on")).dt.days
        stalled = pending[age > thresholds.stalled_days]
        if not stalled.empty:
            facts = {"count": len(stalled), "days": int(age[age > thresholds.stalled_days].max())}
            alerts.append(fired("consensus_stalled", code, stalled["ref"], facts))
    return alerts
