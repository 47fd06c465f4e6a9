"""The summary of docs/metrics.md as types, and the one function that writes its JSON.

Pages, the PDF, the CLI and tests used to read the summary as a dict by string keys, so a
misspelt key or a figure added on one side only showed up as a KeyError at run time. Here each
part of the summary is a frozen dataclass whose field order is the JSON key order (docs/metrics.md);
`summary_json` is the only place the JSON object is produced (`summary_json_text` the text the
CLI prints), and `Summary.from_json` reads that JSON back, checking every key and type (for the
database's producer until it builds a Summary itself, and for tests). How a dataclass is written
and read is metrics/summary_codec.py's, which follows the fields' types.

A new part is a field added in its JSON place: `summary_json` and `from_json` follow the
fields, nothing else needs to change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from metrics.summary_codec import INLINE, decode_object, json_object
from metrics.window import Window

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from metrics.alerts import Alert

# A scalar figure: a count (int), a sum or mean (float), a rate in [0, 1] or null (None).
Scalar = int | float | None
# The four domains, in docs/metrics.md's order (the keys of `disputes`, … in the JSON).
DOMAINS = ("disputes", "consultations", "organizations", "burden")


@dataclass(frozen=True, slots=True)
class SummaryWindow:
    """The `window` object: its first and last day, its ISO week (None unless a week), its kind
    of period (week, month, quarter, year or range) and its label (`2026-W40`, `2026-10`,
    `2026-Q3`, `2026`, `START..END`)."""

    start: date
    end: date
    week: str | None
    period: str
    label: str

    @classmethod
    def of(cls, window: Window) -> SummaryWindow:
        return cls(window.start, window.end, window.week, window.period, window.label)

    def as_window(self) -> Window:
        """The Window this object describes, partial when it stops before its period's end
        (a month asked for before it ended: the JSON's `end` is then the last complete day)."""
        return Window.of_label(self.label).through(self.end)

    @property
    def is_partial(self) -> bool:
        """Whether the window is a month, quarter or year that had not ended (pages and the PDF
        then say "截至 M月D日", through `end`)."""
        return self.as_window().is_partial


class DomainFigures:
    """What the four domains' figures share: their scalar figures by key, in JSON order, for
    the tables that show every figure with a label looked up by key (KPI cards, the PDF)."""

    __slots__ = ()

    def scalars(self) -> dict[str, Scalar]:
        """Every figure but the breakdowns (by_category, by_form, …), in JSON order."""
        values = {
            part.name: getattr(self, part.name) for part in fields(cast("DataclassInstance", self))
        }
        return {key: value for key, value in values.items() if not isinstance(value, Mapping)}


@dataclass(frozen=True, slots=True)
class DisputeFigures(DomainFigures):
    """The `disputes` object (矛盾纠纷)."""

    new: int
    resolved: int
    unresolved_closed: int
    open_at_end: int
    overdue_at_end: int
    success_rate: float | None
    local_rate: float | None
    mean_days_to_resolve: float | None
    major_new: int
    per_10k: float | None
    by_category: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ConsultationFigures(DomainFigures):
    """The `consultations` object (协商议事)."""

    held: int
    participants: int
    consensus_rate: float | None
    problems_solved: int
    implemented: int
    pending_implementation: int
    by_form: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class OrganizationFigures(DomainFigures):
    """The `organizations` object (社区社会组织)."""

    active: int
    by_stage: Mapping[str, int]
    newly_entered: int
    newly_filed: int
    per_community: float | None
    standard_rate: float | None
    activities: int
    activity_participants: int
    inactive: int


@dataclass(frozen=True, slots=True)
class BurdenFigures(DomainFigures):
    """The `burden` object (减负清单)."""

    assigned: int
    unapproved: int
    negative_list: int
    off_list: int
    reports: int
    returned: int
    hours: float
    unfunded_assist: int
    compliance_rate: float | None
    by_department: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class WindowFigures:
    """The four domains' figures of one window (the current one, `previous` or `year_ago`)."""

    disputes: DisputeFigures
    consultations: ConsultationFigures
    organizations: OrganizationFigures
    burden: BurdenFigures

    def domain(self, name: str) -> DomainFigures:
        """The figures of domain `name` (one of DOMAINS), for code that loops over domains."""
        if name not in DOMAINS:
            raise KeyError(name)
        figures: DomainFigures = getattr(self, name)
        return figures

    def has_records(self) -> bool:
        """Whether any record counts in these figures: an event in the window or a state at its
        end (an open dispute, an active organisation, …). False for a window before the street's
        data begins, whose figures are all 0 or null (去年同期无数据)."""
        return any(
            isinstance(value, int) and value != 0
            for name in DOMAINS
            for value in self.domain(name).scalars().values()
        )


@dataclass(frozen=True, slots=True)
class CommunityRow:
    """One object of `by_community`: a community's figures in the window."""

    community: str
    name: str
    disputes_new: int
    disputes_open_at_end: int
    disputes_overdue_at_end: int
    disputes_per_10k: float | None
    consultations_held: int
    organizations_active: int
    burden_assigned: int
    burden_unapproved: int


@dataclass(frozen=True, slots=True)
class AlertItem:
    """One object of `alerts`: an alert as the summary shows it, worded."""

    rule: str
    community: str
    severity: str
    message: str
    refs: tuple[str, ...]

    @classmethod
    def of(cls, alert: Alert, message: Callable[[Alert], str]) -> AlertItem:
        """The alert worded by `message`."""
        return cls(alert.rule, alert.community, alert.severity, message(alert), alert.refs)


@dataclass(frozen=True, slots=True)
class Summary:
    """The summary of a window and scope (docs/metrics.md, "The summary JSON")."""

    window: SummaryWindow
    scope: tuple[str, ...]
    current: WindowFigures = field(metadata={INLINE: True})
    by_community: tuple[CommunityRow, ...]
    previous: WindowFigures
    year_ago: WindowFigures
    alerts: tuple[AlertItem, ...]

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Summary:
        """The summary of a summary JSON object; ValueError when a key or a type is not the
        one docs/metrics.md gives (no key missing, none extra)."""
        return decode_object(cls, value, "summary")


# The records a community reports as they happen, by the figure that counts those dated in a
# window: disputes reported, consultations held, activities held, items assigned.
REPORTED_RECORDS = {
    "disputes": "new",
    "consultations": "held",
    "organizations": "activities",
    "burden": "assigned",
}


def has_year_ago_data(summary: Summary) -> bool:
    """Whether the street reported anything in the same period a year earlier: a dispute, a
    consultation, an organisation's activity or a burden item dated in it. When not, a page
    says 去年同期无数据 instead of a change against it. A state carried from before does not
    count: organisations entered years before the records begin (a registry imported with its
    dates) are active in any earlier period, and setting the new disputes against a period
    that holds none would read as a rise from zero. Decided from the counts (not a JSON key:
    docs/metrics.md fixes the JSON's keys)."""
    year_ago = summary.year_ago
    return any(getattr(year_ago.domain(name), key) for name, key in REPORTED_RECORDS.items())


# The summary and the parts the JSON writes as objects.
SummaryPart = Summary | SummaryWindow | WindowFigures | DomainFigures | CommunityRow | AlertItem


def summary_json(part: SummaryPart) -> dict[str, Any]:
    """The summary JSON object of docs/metrics.md (or of one part of it): the one place it is
    produced. Keys are the fields in order, dates ISO, tuples lists, `current` inlined."""
    return json_object(cast("DataclassInstance", part))


def summary_json_text(summary: Summary) -> str:
    """The summary JSON as `streetdash summary --format json` prints it."""
    return json.dumps(summary_json(summary), ensure_ascii=False, indent=2)
