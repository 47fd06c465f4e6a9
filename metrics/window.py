"""Reporting windows: closed ranges of local dates — an ISO week, a calendar month, quarter or
year, or any range (docs/metrics.md, "Calendar periods and the same period a year earlier").

A window knows its kind of period because the comparisons depend on it: `previous` of a month
is the month before (not the 31 days before), `year_ago` of a week is 52 weeks back (the same
weekdays) while a month's is the same month of the year before. A calendar period that has not
ended yet may be asked for: its window stops at the last complete day and is *partial*, and its
`previous` and `year_ago` then cover the same number of days from the start of their period,
so that a comparison never sets 29 days against a whole month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, get_args

import pandas as pd

Period = Literal["week", "month", "quarter", "year", "range"]
PERIODS: tuple[Period, ...] = get_args(Period)
# The calendar periods and their length in months.
CALENDAR_MONTHS: dict[Period, int] = {"month": 1, "quarter": 3, "year": 12}
# A week a year earlier: 52 weeks back, so that weekdays match (docs/metrics.md).
WEEK_YEAR_AGO_DAYS = 364

_WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR_PATTERN = re.compile(r"^(\d{4})$")


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day` (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_earlier(day: date) -> date:
    """The same calendar day a year before; 29 February becomes 28 February."""
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


@dataclass(frozen=True, order=True)
class Window:
    """A closed range of local dates `[start, end]`; "x in W" means start <= x <= end.

    `period` is the kind of window; a range that is exactly one ISO week is taken for that
    week. `period_end` is the last day of the calendar period; it lies after `end` when the
    period had not ended when it was asked for (a partial month, quarter or year).
    """

    start: date
    end: date
    period: Period = "range"
    period_end: date | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")
        if self.period not in PERIODS:
            raise ValueError(f"not a period: {self.period!r}")
        if self.period in ("range", "week"):
            is_week = self.days == 7 and self.start.weekday() == 0
            if self.period == "week" and not is_week:
                raise ValueError(f"not an ISO week: {self.start}..{self.end}")
            object.__setattr__(self, "period", "week" if is_week else "range")
        if self.period_end is None:
            object.__setattr__(self, "period_end", self.end)
        elif self.period_end < self.end or (
            self.period_end != self.end and self.period not in CALENDAR_MONTHS
        ):
            raise ValueError(f"a {self.period} cannot end on {self.period_end}")

    # ---- making windows ----

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
    def month(cls, label: str) -> Window:
        """The calendar month of a label such as `2026-10`."""
        match = _MONTH_PATTERN.match(label.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"not a month (YYYY-MM): {label!r}")
        return cls._calendar(date(int(match.group(1)), int(match.group(2)), 1), "month")

    @classmethod
    def quarter(cls, label: str) -> Window:
        """The calendar quarter of a label such as `2026-Q3` (Q3: July to September)."""
        match = _QUARTER_PATTERN.match(label.strip())
        if not match:
            raise ValueError(f"not a quarter (YYYY-Qn, n from 1 to 4): {label!r}")
        first_month = (int(match.group(2)) - 1) * 3 + 1
        return cls._calendar(date(int(match.group(1)), first_month, 1), "quarter")

    @classmethod
    def year(cls, label: str) -> Window:
        """The calendar year of a label such as `2026`."""
        match = _YEAR_PATTERN.match(label.strip())
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"not a year (YYYY): {label!r}")
        return cls._calendar(date(int(match.group(1)), 1, 1), "year")

    @classmethod
    def of_label(cls, label: str) -> Window:
        """The whole period a `label` names: `2026-W40`, `2026-10`, `2026-Q3`, `2026` or
        `START..END`."""
        text = label.strip()
        if ".." in text:
            start, _, end = text.partition("..")
            try:
                return cls(date.fromisoformat(start), date.fromisoformat(end))
            except ValueError as error:
                raise ValueError(f"not a range (START..END): {label!r}") from error
        for pattern, make in (
            (_WEEK_PATTERN, cls.iso_week),
            (_MONTH_PATTERN, cls.month),
            (_QUARTER_PATTERN, cls.quarter),
            (_YEAR_PATTERN, cls.year),
        ):
            if pattern.match(text):
                return make(text)
        raise ValueError(f"not a period label: {label!r}")

    @classmethod
    def _calendar(cls, first: date, period: Period) -> Window:
        last = add_months(first, CALENDAR_MONTHS[period]) - timedelta(days=1)
        return cls(first, last, period, last)

    @classmethod
    def week_containing(cls, day: date) -> Window:
        """The ISO week that contains `day`."""
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6))

    @classmethod
    def last_complete_week(cls, today: date) -> Window:
        """The latest Monday-to-Sunday week that ended before `today`."""
        return cls.week_containing(today - timedelta(days=today.weekday() + 1))

    @classmethod
    def last_complete(cls, period: Period, today: date) -> Window:
        """The latest whole week, month, quarter or year that ended before `today`."""
        if period == "week":
            return cls.last_complete_week(today)
        if period not in CALENDAR_MONTHS:
            raise ValueError(f"no last complete {period}")
        months = CALENDAR_MONTHS[period]
        month_index = (today.month - 1) // months * months  # the current period's first month
        current = date(today.year, month_index + 1, 1)
        return cls._calendar(add_months(current, -months), period)

    def through(self, last_day: date) -> Window:
        """This calendar period up to `last_day` (the last complete day) when it had not ended
        by then: a partial window. Whole when it ended by `last_day`; refused when it starts
        after it, or when it is a week or a range (those are asked for only once ended)."""
        if last_day >= self.end:
            return self
        if self.period not in CALENDAR_MONTHS:
            raise ValueError(f"{self} ends on {self.end}, after {last_day}")
        if last_day < self.start:
            raise ValueError(f"{self} starts on {self.start}, after {last_day}")
        return replace(self, end=last_day)

    # ---- what a window is ----

    @property
    def days(self) -> int:
        """Number of calendar days in the window, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def week(self) -> str | None:
        """The ISO week label when the window is exactly one ISO week, else None."""
        if self.period != "week":
            return None
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def label(self) -> str:
        """`2026-W40`, `2026-10`, `2026-Q3`, `2026` or `START..END` (a partial period keeps
        the label of the whole period)."""
        if self.period == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.period == "quarter":
            return f"{self.start.year:04d}-Q{(self.start.month - 1) // 3 + 1}"
        if self.period == "year":
            return f"{self.start.year:04d}"
        return self.week or f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def is_partial(self) -> bool:
        """Whether the window stops before its calendar period ends (the current month, …)."""
        return self.period_end is not None and self.end < self.period_end

    @property
    def start_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.start)

    @property
    def end_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.end)

    # ---- comparison windows ----

    def previous(self, count: int = 1) -> Window:
        """The window `count` periods back: the previous calendar month, quarter or year, or
        for a week or a range the window of the same length that ends the day before this one
        starts. A partial period's is as partial (the same number of days)."""
        if self.period in CALENDAR_MONTHS:
            first = add_months(self.start, -CALENDAR_MONTHS[self.period] * count)
            return self._same_days_in(Window._calendar(first, self.period))
        return self.same_length_before(count)

    def same_length_before(self, count: int = 1) -> Window:
        """The window of the same length in days, `count` lengths before this one (the surge
        baseline's windows, whatever the period)."""
        shift = timedelta(days=self.days * count)
        return Window(self.start - shift, self.end - shift)

    def year_ago(self) -> Window:
        """The same period a year earlier: a week 364 days back (the same weekdays), the same
        calendar month, quarter or year of the year before (as partial as this one), a range
        with its start and end each moved back a calendar year (29 February → 28 February)."""
        if self.period == "week":
            shift = timedelta(days=WEEK_YEAR_AGO_DAYS)
            return Window(self.start - shift, self.end - shift)
        if self.period in CALENDAR_MONTHS:
            first = self.start.replace(year=self.start.year - 1)
            return self._same_days_in(Window._calendar(first, self.period))
        return Window(year_earlier(self.start), year_earlier(self.end))

    def _same_days_in(self, whole: Window) -> Window:
        """`whole` (a calendar period), cut to as many days as this window when this one is
        partial; never past the end of `whole` (29 days of March set against all of February)."""
        if not self.is_partial:
            return whole
        return whole.through(min(whole.start + timedelta(days=self.days - 1), whole.end))

    def shifted_weeks(self, weeks: int) -> Window:
        """The same window moved by whole weeks (negative: earlier)."""
        shift = timedelta(weeks=weeks)
        return Window(self.start + shift, self.end + shift)

    def to_json(self) -> dict[str, str | None]:
        """The summary JSON's `window` object."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "week": self.week,
            "period": self.period,
            "label": self.label,
        }

    def __str__(self) -> str:
        if self.period == "range":
            return f"{self.start.isoformat()}~{self.end.isoformat()}"
        return self.label
