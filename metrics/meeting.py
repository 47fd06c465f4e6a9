"""The weekly meeting's figures: the 8-week average, and the derived status of follow-ups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from metrics.frames import WindowFrames
from metrics.summary import lookback_start, window_figures
from metrics.summary_model import DOMAINS
from metrics.thresholds import Thresholds
from metrics.window import Window

AVERAGE_WINDOWS = 8


def average_lookback(window: Window, thresholds: Thresholds, count: int = AVERAGE_WINDOWS) -> date:
    """The earliest event date the average over the `count` windows before `window` reads."""
    return min(
        lookback_start(window, thresholds), lookback_start(window.previous(count), thresholds)
    )


def mean_figures(figures: Sequence[Mapping[str, object]]) -> dict[str, float | None]:
    """Per key, the mean of the scalar figures (None skipped; None when every one is None)."""
    keys = [key for key, value in figures[0].items() if not isinstance(value, Mapping)]
    averaged: dict[str, float | None] = {}
    for key in keys:
        values = [_number(entry[key]) for entry in figures if entry[key] is not None]
        averaged[key] = sum(values) / len(values) if values else None
    return averaged


def _number(value: object) -> float:
    if not isinstance(value, int | float):
        raise TypeError(f"not a figure: {value!r}")
    return float(value)


def windows_average(
    frames: WindowFrames, window: Window, thresholds: Thresholds, count: int = AVERAGE_WINDOWS
) -> dict[str, dict[str, float | None]]:
    """Per domain, the mean of each scalar figure over the `count` windows right before `window`.

    Rates are the mean of the windows' rates (windows where a rate is null are skipped), so the
    average reads like the figure it stands beside. `frames` must reach back to
    `average_lookback(window, thresholds, count)`.
    """
    earlier = [
        window_figures(frames, window.previous(back), thresholds) for back in range(1, count + 1)
    ]
    return {
        domain: mean_figures([entry.domain(domain).scalars() for entry in earlier])
        for domain in DOMAINS
    }


def follow_up_status(status: str, due_on: date, day: date) -> str:
    """open / done / overdue as of `day`: overdue is an open action whose due date has passed."""
    if status == "open" and due_on < day:
        return "overdue"
    return status


def follow_up_statuses(follow_ups: pd.DataFrame, day: date) -> pd.Series:
    """The derived status of each follow-up (columns status, due_on) as of `day`."""
    due = pd.to_datetime(follow_ups["due_on"])
    is_overdue = follow_ups["status"].eq("open") & (due < pd.Timestamp(day))
    return follow_ups["status"].where(~is_overdue, "overdue")
