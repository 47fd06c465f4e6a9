"""The summary of docs/metrics.md as types, and the one function that writes its JSON.

Pages, the PDF, the CLI and tests used to read the summary as a dict by string keys, so a
misspelt key or a figure added on one side only showed up as a KeyError at run time. Here each
part of the summary is a frozen dataclass whose field order is the JSON key order (docs/metrics.md);
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
# The four domains, in docs/metrics.md's order (the keys of `disputes`, … in the JSON).
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
    """The summary of a window and scope (docs/metrics.md, "The summary JSON")."""

    window: SummaryWindow
    scope: tuple[str, ...]
    current: WindowFigures = field(metadata={INLINE: True})
    by_community: tuple[CommunityRow, ...]
    previous: WindowFigures
    alerts: tuple[AlertItem, ...]

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Summary:
        """The summary of a summary JSON object; ValueError when a key or a type is not the
        one docs/metrics.md gives (no key missing, none extra)."""
        return _decode_object(cls, value, "summary")


# The summary and the parts the JSON writes as objects.
SummaryPart = Summary | SummaryWindow | WindowFigures | DomainFigures | CommunityRow | AlertItem


def summary_json(part: SummaryPart) -> dict[str, Any]:
    """The summary JSON object of docs/metrics.md (or of one part of it): the one place it is
    produced. Keys are the fields in order, dates ISO, tuples lists, `current` inlined."""
    return _json_object(cast("DataclassInstance", part))


def summary_json_text(summary: Summary) -> str:
    """The summary JSON as `streetdash summary --format json` prints it."""
    return json.dumps(summary_json(summary), ensure_ascii=False, indent=2)


# Writing and reading follow each field's type; the plan of each type is made once (a district's
# summary has hundreds of rows and alerts, and is read back on every page's rerun).

Write = Callable[[Any], Any]
Read = Callable[[Any], Any]


class _Invalid(ValueError):
    """A value that is not what its field's type says, with where it sits (filled in on the
    way out: `.disputes.new`, `.alerts[3]`)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.place = ""

    def at(self, place: str) -> _Invalid:
        self.place = place + self.place
        return self


def _json_object(part: DataclassInstance) -> dict[str, Any]:
    written: dict[str, Any] = {}
    for name, inline, write in _write_plan(type(part)):
        value = getattr(part, name)
        if inline:
            written.update(_json_object(value))
        else:
            written[name] = value if write is None else write(value)
    return written


@cache
def _write_plan(kind: type[DataclassInstance]) -> tuple[tuple[str, bool, Write | None], ...]:
    """Per field: its name, whether it is inlined, and how its value is written (None: as is)."""
    hints = _hints(kind)
    return tuple(
        (each.name, bool(each.metadata.get(INLINE)), _writer(hints[each.name]))
        for each in fields(kind)
    )


def _writer(hint: Any) -> Write | None:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        [inner] = [arg for arg in args if arg is not type(None)]
        write = _writer(inner)
        return None if write is None else lambda value: None if value is None else write(value)
    if origin is tuple:
        item = _writer(args[0])
        return list if item is None else lambda value: [item(each) for each in value]
    if origin is Mapping:
        return dict
    if isinstance(hint, type) and is_dataclass(hint):
        return _json_object
    if hint is date:
        return date.isoformat
    return None


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


@cache
def _keys(kind: type[DataclassInstance]) -> tuple[str, ...]:
    """The JSON keys of `kind`, inline fields' keys in their place."""
    keys: list[str] = []
    for each in fields(kind):
        if each.metadata.get(INLINE):
            keys += _keys(_hints(kind)[each.name])
        else:
            keys.append(each.name)
    return tuple(keys)


def _decode_object(kind: type[T], value: object, where: str) -> T:
    try:
        decoded: T = _reader(cast("type[DataclassInstance]", kind))(value)
    except _Invalid as invalid:
        raise ValueError(f"{where}{invalid.place}: {invalid.problem}") from None
    return decoded


@cache
def _reader(hint: Any) -> Read:
    """How a JSON value of type `hint` is read: checked, and made the field's value."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        [inner] = [arg for arg in args if arg is not type(None)]
        read = _reader(inner)
        return lambda value: None if value is None else read(value)
    if origin is tuple:
        return _tuple_reader(_reader(args[0]))
    if origin is Mapping:
        return _mapping_reader(_reader(args[1]))
    if isinstance(hint, type) and is_dataclass(hint):
        return _object_reader(hint)
    return _SCALAR_READERS[hint]


def _object_reader(kind: type[DataclassInstance]) -> Read:
    expected = list(_keys(kind))
    hints = _hints(kind)
    plan = [
        (each.name, bool(each.metadata.get(INLINE)), _reader(hints[each.name]))
        for each in fields(kind)
    ]
    inline_readers = {name: _object_fields(hints[name]) for name, inline, _ in plan if inline}

    def read(value: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Invalid(f"an object expected, not {type(value).__name__}")
        if list(value) != expected:
            raise _Invalid(f"keys {list(value)}, expected {expected}")
        return kind(**_read_fields(plan, inline_readers, value))

    return read


def _object_fields(kind: type[DataclassInstance]) -> Read:
    """Reads `kind` from the keys of its parent's object (an inline field)."""
    hints = _hints(kind)
    plan = [(each.name, False, _reader(hints[each.name])) for each in fields(kind)]
    return lambda value: kind(**_read_fields(plan, {}, value))


def _read_fields(
    plan: list[tuple[str, bool, Read]], inline_readers: dict[str, Read], value: Mapping[str, Any]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, inline, read in plan:
        if inline:
            values[name] = inline_readers[name](value)
            continue
        try:
            values[name] = read(value[name])
        except _Invalid as invalid:
            raise invalid.at(f".{name}") from None
    return values


def _tuple_reader(read: Read) -> Read:
    def read_list(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Invalid(f"a list expected, not {type(value).__name__}")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(read(item))
            except _Invalid as invalid:
                raise invalid.at(f"[{index}]") from None
        return tuple(items)

    return read_list


def _mapping_reader(read: Read) -> Read:
    def read_mapping(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _Invalid(f"an object expected, not {type(value).__name__}")
        items = {}
        for key, item in value.items():
            try:
                items[str(key)] = read(item)
            except _Invalid as invalid:
                raise invalid.at(f".{key}") from None
        return items

    return read_mapping


def _read_int(value: Any) -> int:
    if type(value) is not int:  # bool is an int to isinstance, not to JSON
        raise _Invalid(f"{value!r} is not an int")
    return value


def _read_float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _Invalid(f"{value!r} is not a float")


def _read_str(value: Any) -> str:
    if type(value) is not str:
        raise _Invalid(f"{value!r} is not a str")
    return value


def _read_date(value: Any) -> date:
    if type(value) is not str:
        raise _Invalid(f"{value!r} is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Invalid(f"{value!r} is not a date") from None


_SCALAR_READERS: dict[Any, Read] = {
    int: _read_int,
    float: _read_float,
    str: _read_str,
    date: _read_date,
}
