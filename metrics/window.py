"""Reporting windows: closed ranges of local dates, usually an ISO week."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

_WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class Window:
    """A closed range of local dates `[start, end]`; "x in W" means start <= x <= end."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def iso_week(cls, label: str) -> Window:
        """The Monday-to-Sunday window of an ISO week label such as `2026-W40`."""
        match = _WEEK_PATTERN.match(label.strip())
        if not match:
            raise ValueError(f"not an ISO week (YYYY-Www): {label!r}")
        year, week = int(match.group(1)), int(match.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError as error:
            raise ValueError(f"no such ISO week: {label!r}") from error
        return cls(monday, monday + timedelta(days=6))

    @classmethod
    def week_containing(cls, day: date) -> Window:
        """The ISO week that contains `day`."""
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6))

    @classmethod
    def last_complete_week(cls, today: date) -> Window:
        """The latest Monday-to-Sunday week that ended before `today`."""
        return cls.week_containing(today - timedelta(days=today.weekday() + 1))

    @property
    def days(self) -> int:
        """Number of calendar days in the window, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def week(self) -> str | None:
        """The ISO week label when the window is exactly one ISO week, else None."""
        if self.days != 7 or self.start.weekday() != 0:
            return None
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def start_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.start)

    @property
    def end_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.end)

    def previous(self, count: int = 1) -> Window:
        """The window of the same length that ends the day before this one starts (`count` back)."""
        shift = timedelta(days=self.days * count)
        return Window(self.start - shift, self.end - shift)

    def shifted_weeks(self, weeks: int) -> Window:
        """The same window moved by whole weeks (negative: earlier)."""
        shift = timedelta(weeks=weeks)
        return Window(self.start + shift, self.end + shift)

    def to_json(self) -> dict[str, str | None]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "week": self.week}

    def __str__(self) -> str:
        return self.week or f"{self.start.isoformat()}~{self.end.isoformat()}"
