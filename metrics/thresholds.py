"""The thresholds docs/metrics.md names, as one value object passed into every rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Defaults from docs/metrics.md; settings may override each one."""

    overdue_days: int = 30
    inactive_days: int = 90
    stalled_days: int = 60
    no_consultation_days: int = 28
    surge_min_new: int = 3
    surge_factor: float = 2.0
    surge_baseline_windows: int = 8
    assessments_per_department_year: int = 1
