"""Row and cross-field validation, shared by file imports and the entry forms.

A file becomes a `Plan`: every row parsed, merged with the record its key already names (a
column the file leaves out keeps its stored value), checked against the rules of DATA_MODEL.md,
and sorted into records to add, to update and left unchanged — or a list of `Problem`s, each
with the row as a person counts it, the column, the value and the reason (rendered later in
the UI language).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from data_access.importing import cells
from data_access.importing.readers import Formula, Sheet
from data_access.importing.tables import (
    BOOL,
    COMMUNITY,
    DATE,
    ENUM,
    INT,
    KEY,
    NUMBER,
    ORG,
    STREET,
    TEXT,
    ColumnSpec,
    TableSpec,
    fold_header,
    header_index,
)
from data_access.models import Community, Organization, Street
from i18n import enum_label, enum_labels, t

Progress = Callable[[int, int], None]
Record = dict[str, Any]
KEY_CHUNK = 500
COMMUNITY_SUFFIX = "社区"


@dataclass
class Problem:
    """One reason a file or row is refused: row None means the whole file."""

    row: int | None
    column: str | None
    value: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str, spec: TableSpec | None = None) -> str:
        """The reason in `lang`; enumerations and headers are named in that language too."""
        params = dict(self.params)
        if "enum" in params:
            separator = t("list_separator", lang)
            params["choices"] = separator.join(enum_labels(params.pop("enum"), lang).values())
        if "columns" in params and spec is not None:
            separator = t("list_separator", lang)
            params["columns"] = separator.join(
                spec.header(name, lang) for name in params["columns"]
            )
        if "other" in params and spec is not None:
            params["other"] = spec.header(params["other"], lang)
        for name, enum in (("status", "status"), ("stage", "stage"), ("outcome", "outcome")):
            if name in params:
                params[name] = enum_label(enum, params[name], lang)
        return t(self.reason, lang, **params)

    def column_header(self, lang: str, spec: TableSpec | None) -> str:
        if self.column is None or spec is None:
            return ""
        return spec.header(self.column, lang)


@dataclass
class Lookups:
    """What references resolve against: streets, communities and organisations in the database."""

    streets: dict[str, set[str]]
    communities: dict[str, set[str]]
    community_codes: set[str]
    community_street_names: dict[tuple[str, str], str]
    org_nos: set[str]

    @classmethod
    def load(cls, connection: Connection) -> Lookups:
        streets: dict[str, set[str]] = {}
        for code, name in connection.execute(select(Street.code, Street.name)):  # type: ignore[call-overload]
            for alias in (code, name):
                streets.setdefault(_fold(alias), set()).add(code)
        communities: dict[str, set[str]] = {}
        codes: set[str] = set()
        street_names: dict[tuple[str, str], str] = {}
        rows = connection.execute(select(Community.code, Community.name, Community.street_code))  # type: ignore[call-overload]
        for code, name, street_code in rows:
            codes.add(code)
            street_names[(street_code, name)] = code
            for alias in community_aliases(name):
                communities.setdefault(_fold(alias), set()).add(code)
        org_nos = set(connection.execute(select(Organization.org_no)).scalars())  # type: ignore[call-overload]
        return cls(streets, communities, codes, street_names, org_nos)


def _fold(text: str) -> str:
    return cells.clean_text(text).casefold().replace(" ", "")


def community_aliases(name: str) -> tuple[str, ...]:
    """粤桂社区 is also 粤桂, and 粤桂 also 粤桂社区 (DATA_MODEL.md); nothing else is guessed."""
    if name.endswith(COMMUNITY_SUFFIX) and len(name) > len(COMMUNITY_SUFFIX):
        return (name, name[: -len(COMMUNITY_SUFFIX)])
    return (name, name + COMMUNITY_SUFFIX)


def shown(value: Any) -> str:
    """A raw cell as the error report shows it."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value == datetime(value.year, value.month, value.day)
            else value.isoformat(sep=" ")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _resolve(
    aliases: Mapping[str, set[str]], codes: Iterable[str], value: str, unknown: str
) -> str:
    if value in codes:
        return value
    matches = aliases.get(_fold(value), set())
    if len(matches) == 1:
        return next(iter(matches))
    if len(matches) > 1:
        raise cells.CellError("err_ambiguous_community")
    raise cells.CellError(unknown)


def parse_cell(spec: TableSpec, column: ColumnSpec, raw: Any, lookups: Lookups) -> Any:
    """One cell's typed value (None or the column's default when empty), or a CellError."""
    if isinstance(raw, Formula):
        raise cells.CellError("err_formula", {"formula": raw.text[:60]})
    if raw is None or (not isinstance(raw, bool | int | float | date) and cells.is_empty(raw)):
        if column.required:
            raise cells.CellError("err_required")
        return column.default
    kind = column.kind
    if kind in (KEY, TEXT):
        return cells.parse_text(raw, max_length=spec.max_length(column.name), nfkc=kind == KEY)
    if kind == INT:
        return cells.parse_int(raw, minimum=None if column.minimum is None else int(column.minimum))
    if kind == NUMBER:
        return cells.parse_number(raw, minimum=column.minimum)
    if kind == DATE:
        return cells.parse_date(raw)
    if kind == BOOL:
        return cells.parse_bool(raw)
    if kind == ENUM:
        return cells.parse_enum(raw, column.enum or column.name)
    text = cells.clean_text(raw)
    if kind == STREET:
        all_streets = {code for codes in lookups.streets.values() for code in codes}
        return _resolve(lookups.streets, all_streets, text, "err_unknown_street")
    if kind == COMMUNITY:
        return _resolve(lookups.communities, lookups.community_codes, text, "err_unknown_community")
    if kind == ORG:
        if text in lookups.org_nos:
            return text
        raise cells.CellError("err_unknown_org")
    raise ValueError(f"unknown column kind {kind!r}")


def cross_field_problems(spec: TableSpec, record: Record) -> list[tuple[str, str, dict[str, Any]]]:
    """(column, reason, params) for every rule of DATA_MODEL.md that ties columns together."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    get = record.get
    if spec.name == "disputes":
        closed_on, reported_on = get("closed_on"), get("reported_on")
        if get("status") == "open" and closed_on is not None:
            found.append(("closed_on", "err_closed_on_while_open", {}))
        elif get("status") not in (None, "open"):
            if closed_on is None:
                found.append(("closed_on", "err_closed_on_required", {"status": get("status")}))
            elif reported_on is not None and closed_on < reported_on:
                found.append(
                    ("closed_on", "err_closed_before_reported", {"reported_on": reported_on})
                )
    elif spec.name == "consultations":
        if get("implementation") == "done" and get("implemented_on") is None:
            found.append(("implemented_on", "err_implemented_on_required", {}))
        if get("consensus") is False and get("implementation") not in (None, "na"):
            found.append(("implementation", "err_na_without_consensus", {}))
    elif spec.name == "organizations":
        if get("stage") in ("dormant", "dissolved") and get("ended_on") is None:
            found.append(("ended_on", "err_ended_on_required", {"stage": get("stage")}))
    elif (
        spec.name == "burden_items"
        and get("outcome") not in (None, "accepted")
        and get("outcome_on") is None
    ):
        found.append(("outcome_on", "err_outcome_on_required", {"outcome": get("outcome")}))
    return found


def check_record(
    spec: TableSpec,
    raw: Mapping[str, Any],
    lookups: Lookups,
    existing: Record | None,
    *,
    row: int | None = None,
) -> tuple[Record, list[Problem]]:
    """Parse the given columns of one record, merge them over `existing`, and check the rules.

    Columns absent from `raw` keep their stored value (or take their default for a new record).
    """
    parsed: Record = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        column = spec.column(name)
        try:
            parsed[name] = parse_cell(spec, column, value, lookups)
        except cells.CellError as error:
            problems.append(Problem(row, name, shown(value), error.reason, dict(error.params)))
    base = dict(existing) if existing else {c.name: c.default for c in spec.columns}
    merged = base | parsed
    failed = {problem.column for problem in problems if problem.column is not None}
    # Rules are checked on what did parse; a column that failed counts as unknown (None).
    for name, reason, params in cross_field_problems(spec, merged | dict.fromkeys(failed)):
        if name not in failed:
            value = raw.get(name, merged.get(name))
            problems.append(Problem(row, name, shown(value), reason, params))
    return merged, problems


@dataclass
class Plan:
    """What importing a file would do: the records to add and update, or why it cannot."""

    spec: TableSpec
    problems: list[Problem] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    present: tuple[str, ...] = ()
    adds: list[Record] = field(default_factory=list)
    updates: list[tuple[Record, Record]] = field(default_factory=list)
    unchanged: int = 0
    total: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {"added": len(self.adds), "updated": len(self.updates), "unchanged": self.unchanged}


def map_headers(
    spec: TableSpec, headers: list[str]
) -> tuple[dict[str, int], list[str], list[Problem]]:
    """Column name → position in the file, headers that name no column, and header problems."""
    index = header_index(spec)
    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for position, header in enumerate(headers):
        name = index.get(fold_header(header)) if header else None
        if name is None:
            if header:
                ignored.append(header)
            continue
        if name in positions:
            problems.append(Problem(None, name, header, "err_duplicate_header", {"header": header}))
            continue
        positions[name] = position
    missing = [column.name for column in spec.required if column.name not in positions]
    if missing:
        problems.insert(0, Problem(None, None, "", "err_missing_columns", {"columns": missing}))
    return positions, ignored, problems


def stored_records(connection: Connection, spec: TableSpec, keys: list[str]) -> dict[str, Record]:
    """The stored records (every spec column) whose key is among `keys`."""
    model: Any = spec.model
    key_column = getattr(model, spec.key)
    columns = [getattr(model, column.name) for column in spec.columns]
    found: dict[str, Record] = {}
    for first in range(0, len(keys), KEY_CHUNK):
        chunk = keys[first : first + KEY_CHUNK]
        for row in connection.execute(select(*columns).where(key_column.in_(chunk))):
            record = dict(zip([c.name for c in spec.columns], row, strict=True))
            found[record[spec.key]] = record
    return found


def plan_import(
    connection: Connection, spec: TableSpec, sheet: Sheet, progress: Progress | None = None
) -> Plan:
    """Check every row of `sheet` as a file of `spec` against the database behind `connection`."""
    plan = Plan(spec=spec, total=len(sheet.rows))
    positions, plan.ignored_headers, plan.problems = map_headers(spec, sheet.headers)
    if plan.problems:
        return plan
    if not sheet.rows:
        plan.problems.append(Problem(None, None, "", "err_no_rows"))
        return plan
    plan.present = tuple(positions)
    lookups = Lookups.load(connection)
    key_position = positions[spec.key]
    keys = [
        cells.clean_text(cells_[key_position]) if key_position < len(cells_) else ""
        for _, cells_ in sheet.rows
    ]
    stored = stored_records(connection, spec, sorted({key for key in keys if key}))
    first_row_of: dict[str, int] = {}
    names_in_file: dict[tuple[str, str], int] = {}
    for done, (number, values) in enumerate(sheet.rows, start=1):
        raw = {
            name: values[position] if position < len(values) else None
            for name, position in positions.items()
        }
        key = cells.clean_text(raw[spec.key])
        existing = stored.get(key)
        record, problems = check_record(spec, raw, lookups, existing, row=number)
        problems.extend(_headerless_cells(number, values, sheet.headers))
        if key and key in first_row_of:
            problems.append(
                Problem(number, spec.key, key, "err_duplicate_key", {"first": first_row_of[key]})
            )
        elif key:
            first_row_of[key] = number
        if spec.name == "communities" and not problems:
            problems.extend(_community_name_problems(record, number, lookups, names_in_file))
        plan.problems.extend(problems)
        if not problems:
            if existing is None:
                plan.adds.append(record)
            elif record != existing:
                plan.updates.append((existing, record))
            else:
                plan.unchanged += 1
        if progress and (done % 200 == 0 or done == len(sheet.rows)):
            progress(done, len(sheet.rows))
    if plan.problems:
        plan.adds, plan.updates, plan.unchanged = [], [], 0
    return plan


def _headerless_cells(number: int, values: list[Any], headers: list[str]) -> list[Problem]:
    """A value in a column without a header would be lost: refuse it instead."""
    return [
        Problem(number, None, shown(value), "err_no_header_for_cell", {"position": position + 1})
        for position, value in enumerate(values)
        if (position >= len(headers) or not headers[position])
        and value is not None
        and (isinstance(value, Formula) or not cells.is_empty(value))
    ]


def _community_name_problems(
    record: Record, number: int, lookups: Lookups, names_in_file: dict[tuple[str, str], int]
) -> list[Problem]:
    """Community names are unique within a street, in the file and against the database."""
    name_key = (record["street_code"], record["name"])
    if name_key in names_in_file:
        return [
            Problem(
                number,
                "name",
                record["name"],
                "err_duplicate_name",
                {"first": names_in_file[name_key]},
            )
        ]
    names_in_file[name_key] = number
    holder = lookups.community_street_names.get(name_key)
    if holder is not None and holder != record["code"]:
        return [Problem(number, "name", record["name"], "err_name_taken", {"code": holder})]
    return []
