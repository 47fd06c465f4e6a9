"""How figures are written for people (screen, terminal, PDF): counts, rates, days, changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from i18n import t

RATE_KEYS = {"success_rate", "local_rate", "consensus_rate", "standard_rate", "compliance_rate"}
DECIMAL_KEYS = {"mean_days_to_resolve", "per_10k", "per_community", "hours", "disputes_per_10k"}


def format_figure(key: str, value: object, lang: str) -> str:
    """A figure as shown: rates as percentages, days and rates per 10,000 with one decimal."""
    if value is None:
        return t("not_available", lang)
    if isinstance(value, str):
        return value
    if key in RATE_KEYS:
        return f"{float(value):.1%}"  # type: ignore[arg-type]
    if key in DECIMAL_KEYS:
        return f"{float(value):,.1f}"  # type: ignore[arg-type]
    return f"{value:,}"


def format_change(key: str, value: object, previous: object, lang: str) -> str | None:
    """The change against the previous window, or None when either side is missing."""
    if value is None or previous is None:
        return None
    difference = float(value) - float(previous)  # type: ignore[arg-type]
    if difference == 0:
        return "±0"
    if key in RATE_KEYS:
        points = difference * 100
        unit = " 个百分点" if lang == "zh" else " pp"
        return f"{points:+.1f}{unit}"
    if key in DECIMAL_KEYS:
        return f"{difference:+,.1f}"
    return f"{int(difference):+,}"


def format_year_on_year(key: str, value: object, year_ago: object, lang: str) -> str | None:
    """The change against the same period a year earlier (同比) as the KPI cards show it: a
    percentage (+12.5%) for counts, sums and means, percentage points for a rate as
    `format_change` gives them; against a year-ago figure of 0 the difference, never +100 % or
    an infinite percentage; None when either side is missing."""
    if value is None or year_ago is None:
        return None
    before = float(year_ago)  # type: ignore[arg-type]
    if key in RATE_KEYS or before == 0:
        return format_change(key, value, year_ago, lang)
    ratio = float(value) / before - 1  # type: ignore[arg-type]
    shown = f"{ratio:+.1%}"
    return "±0" if shown in ("+0.0%", "-0.0%") else shown


def format_month_day(day: date, lang: str) -> str:
    """A day of the current year as a short date: 11月29日 / 29 Nov."""
    return f"{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {day:%b}"


def format_day(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def format_span(start: date, end: date, lang: str, *, with_year: bool = True) -> str:
    """A short span of days: 2026年11月16日–22日 / 16–22 Nov 2026 (11月16日–22日 without year)."""
    if start.year != end.year:
        return f"{format_day(start, lang)}–{format_day(end, lang)}"
    if lang == "zh":
        year = f"{start.year}年" if with_year else ""
        last = f"{end.day}日" if start.month == end.month else f"{end.month}月{end.day}日"
        return f"{year}{start.month}月{start.day}日–{last}"
    year = f" {end.year}" if with_year else ""
    first = f"{start.day}" if start.month == end.month else f"{start:%d %b}"
    return f"{first}–{end:%d %b}{year}"


def join_names(names: Iterable[str], lang: str) -> str:
    """Names in a run, as each language lists them: 甲、乙 / A, B."""
    return t("list_separator", lang).join(names)


def scope_text(
    lang: str,
    scope: Sequence[str],
    names: Mapping[str, str],
    *,
    whole: bool = False,
    streets: Sequence[str] = (),
) -> str:
    """The communities a figure covers, in words: one wording for the pages, the PDF and the
    CLI. `whole`: nothing narrows the scope (全部 N 个社区); `streets`: the names of the streets
    chosen (with the count); else the communities by name, by code where no name is known."""
    if whole:
        return t("scope_all", lang, count=len(scope))
    if streets:
        return t("scope_streets", lang, streets=join_names(streets, lang), count=len(scope))
    return join_names((names.get(code, code) for code in scope), lang)
