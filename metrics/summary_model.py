"""The summary of METRICS.md as types, and the one function that writes its JSON.

Pages, the PDF, the CLI and tests used to read the summary as a dict by string keys, so a
misspelt key or a figure added on one side only showed up as a KeyError at run time. Here each
part of the summary is a frozen dataclass whose field order is the JSON key order of METRICS.md;
`summary_json` is the only place the JSON object is produced (`summary_json_text` the text the
CLI prints), and `Summary.from_json` reads that JSON back, checking every key and type (for the
database's producer until it builds a Summary itself, and for tests).

A new part (say `year_ago`, or the window's `period` and `label`) is a field added in its JSON
place: `summary_json` and `from_json` follow the fields, nothing else needs to change.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from metrics.alerts import Alert
    from metrics.window import Window

# A scalar figure: a count (int), a sum or mean (float), a rate in [0, 1] or null (None).
Scalar = int | float | None
# The four domains, in METRICS.md's order (the keys of `disputes`, … in the JSON).
DOMAINS = ("disputes", "consultations", "organizations", "burden")
# Field metadata: the field's own fields are written into its parent's JSON object (the
# current window's four domains sit at the top of the summary, beside `window` and `scope`).
INLINE = "inline"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SummaryWindow:
    """The `window` object: its first and last day, and its ISO week (None unless a week)."""

    start: date
    end: date
    week: str | None

    @classmethod
    def of(cls, window: Window) -> SummaryWindow:
        return cls(window.start, window.end, window.week)


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
    """The four domains' figures of one window (the current one, or `previous`)."""

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
    """The summary of a window and scope (METRICS.md, "The summary JSON")."""

    window: SummaryWindow
    scope: tuple[str, ...]
    current: WindowFigures = field(metadata={INLINE: True})
    by_community: tuple[CommunityRow, ...]
    previous: WindowFigures
    alerts: tuple[AlertItem, ...]

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Summary:
        """The summary of a summary JSON object; ValueError when a key or a type is not the
        one METRICS.md gives (no key missing, none extra)."""
        return _decode_object(cls, value, "summary")


# The summary and the parts the JSON writes as objects.
SummaryPart = Summary | SummaryWindow | WindowFigures | DomainFigures | CommunityRow | AlertItem


def summary_json(part: SummaryPart) -> dict[str, Any]:
    """The summary JSON object of METRICS.md (or of one part of it): the one place it is
    produced. Keys are the fields in order, dates ISO, tuples lists, `current` inlined."""
    return _json_object(cast("DataclassInstance", part))


def summary_json_text(summary: Summary) -> str:
    """The summary JSON as `streetdash summary --format json` prints it."""
    return json.dumps(summary_json(summary), ensure_ascii=False, indent=2)


def _json_object(part: DataclassInstance) -> dict[str, Any]:
    written: dict[str, Any] = {}
    for each in fields(part):
        value = _json_value(getattr(part, each.name))
        if each.metadata.get(INLINE):
            written.update(value)
        else:
            written[each.name] = value
    return written


def _json_value(value: object) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _json_object(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value


# Reading the JSON back: each field's type says what its value must be.


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


def _keys(kind: type[DataclassInstance]) -> list[str]:
    """The JSON keys of `kind`, inline fields' keys in their place."""
    keys: list[str] = []
    for each in fields(kind):
        if each.metadata.get(INLINE):
            keys += _keys(_hints(kind)[each.name])
        else:
            keys.append(each.name)
    return keys


def _decode_object(kind: type[T], value: object, where: str) -> T:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: an object expected, not {type(value).__name__}")
    dataclass_kind = cast("type[DataclassInstance]", kind)
    expected = _keys(dataclass_kind)
    if list(value) != expected:
        raise ValueError(f"{where}: keys {list(value)}, expected {expected}")
    hints = _hints(dataclass_kind)
    values: dict[str, Any] = {}
    for each in fields(dataclass_kind):
        if each.metadata.get(INLINE):
            inner = hints[each.name]
            own = {key: value[key] for key in _keys(inner)}
            values[each.name] = _decode_object(inner, own, where)
        else:
            values[each.name] = _decode(hints[each.name], value[each.name], f"{where}.{each.name}")
    return kind(**values)


def _decode(hint: Any, value: object, where: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        [inner] = [arg for arg in args if arg is not type(None)]
        return _decode(inner, value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise ValueError(f"{where}: a list expected, not {type(value).__name__}")
        return tuple(_decode(args[0], item, f"{where}[{i}]") for i, item in enumerate(value))
    if origin is Mapping:
        if not isinstance(value, Mapping):
            raise ValueError(f"{where}: an object expected, not {type(value).__name__}")
        return {str(key): _decode(args[1], item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(hint, type) and is_dataclass(hint):
        return _decode_object(hint, value, where)
    return _scalar(hint, value, where)


def _scalar(hint: Any, value: object, where: str) -> Any:
    if hint is date and isinstance(value, str):
        return date.fromisoformat(value)
    if hint is str and isinstance(value, str):
        return value
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"{where}: {value!r} is not a {getattr(hint, '__name__', hint)}")
