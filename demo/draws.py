"""The demo's calendar and random draws, shared by the demo street and the demo district.

The street draws from one seeded `random.Random`, the district from numpy: what they share is
the calendar (today in Shanghai, the Spring Festival holiday the records thin out around) and the
street's small helpers for one draw.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Row = dict[str, Any]

TIMEZONE = "Asia/Shanghai"

# Spring Festival (正月初一); other years fall back to 5 February.
SPRING_FESTIVALS = {
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
    2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
    2029: date(2029, 2, 13), 2030: date(2030, 2, 3), 2031: date(2031, 1, 23),
    2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}  # fmt: skip


def shanghai_today() -> date:
    """Today's date in Asia/Shanghai."""
    return datetime.now(ZoneInfo(TIMEZONE)).date()


def spring_festival(year: int) -> date:
    """正月初一 of `year` (5 February for years outside the table)."""
    return SPRING_FESTIVALS.get(year, date(year, 2, 5))


def is_spring_festival_week(day: date) -> bool:
    """True in the public holiday: New Year's Eve to the sixth day of the first month."""
    offset = (day - spring_festival(day.year)).days
    return -1 <= offset <= 6


def days_from_spring_festival(day: date) -> int:
    """Signed days from the nearest Spring Festival."""
    offsets = [
        (day - spring_festival(year)).days for year in (day.year - 1, day.year, day.year + 1)
    ]
    return min(offsets, key=abs)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    """One key of `weights`, drawn with those weights (iterated in insertion order)."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def between(rng: random.Random, first: date, last: date) -> date:
    """A uniform day in [first, last]."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def half_hours(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high) * 2) / 2
