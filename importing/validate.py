"""A file checked as a whole before anything is written: the `Plan` of an import.

A file becomes a `Plan`: its headers mapped to the table's columns, every row checked as one
record (`data_access.record_checks`, the entry forms' checks), merged with the record its key
already names (a column the file leaves out keeps its stored value), and sorted into records to
add, to update and left unchanged — or a list of `Problem`s.

A writer with a scope (a community account) imports no master data, references only its own
communities and their organisations, and finds a record of another community exactly as taken
as any other used number (`err_key_taken`): nothing says whose it is, nothing of it is merged.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from data_access import cells
from data_access.characters import echo, is_clean
from data_access.record_checks import (
    Lookups,
    Problem,
    Record,
    check_record,
    community_aliases,
    fold_name,
    scope_refusal,
    shown,
    stored_records,
)
from data_access.tables import TableSpec
from importing.headers import fold_header, header_index
from importing.readers import Formula, Sheet

# (rows done, rows in all); what it returns is ignored, so a widget's update (st.progress, which
# returns the widget) serves as it is.
Progress = Callable[[int, int], object]


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
        try:
            cells.check_characters(header, free_text=True)
        except cells.CellError as error:
            params = dict(error.params) | {"column": position + 1}
            problems.append(Problem(None, None, header, "err_control_character_header", params))
            continue
        name = index.get(fold_header(header)) if header else None
        if name is None:
            if header:
                ignored.append(echo(header))
            continue
        if name in positions:
            params = {"header": echo(header)}
            problems.append(Problem(None, name, header, "err_duplicate_header", params))
            continue
        positions[name] = position
    missing = [column.name for column in spec.required if column.name not in positions]
    if missing:
        problems.insert(0, Problem(None, None, "", "err_missing_columns", {"columns": missing}))
    return positions, ignored, problems


def plan_import(
    connection: Connection,
    spec: TableSpec,
    sheet: Sheet,
    progress: Progress | None = None,
    *,
    scope: Collection[str] | None = None,
) -> Plan:
    """Check every row of `sheet` as a file of `spec` against the database behind `connection`.

    `scope`: the communities the importer may change (None: all, master data included)."""
    plan = Plan(spec=spec, total=len(sheet.rows))
    refusal = scope_refusal(spec.name, scope)
    if refusal is not None:
        plan.problems.append(Problem(None, None, "", refusal))
        return plan
    positions, plan.ignored_headers, plan.problems = map_headers(spec, sheet.headers)
    if plan.problems:
        return plan
    if not sheet.rows:
        plan.problems.append(Problem(None, None, "", "err_no_rows"))
        return plan
    plan.present = tuple(positions)
    lookups = Lookups.load(connection, scope)
    key_position = positions[spec.key]
    keys = [
        cells.clean_text(cells_[key_position]) if key_position < len(cells_) else ""
        for _, cells_ in sheet.rows
    ]
    # A key the row check will refuse is not looked up: PostgreSQL cannot even compare a NUL.
    wanted = {key for key in keys if key and is_clean(key)}
    stored = stored_records(connection, spec, sorted(wanted))
    first_row_of: dict[str, int] = {}
    names_in_file: dict[tuple[str, str], int] = {}
    for done, (number, values) in enumerate(sheet.rows, start=1):
        raw = {
            name: values[position] if position < len(values) else None
            for name, position in positions.items()
        }
        key = cells.clean_text(raw[spec.key])
        existing = stored.get(key)
        record: Record = {}
        if existing is not None and not lookups.may_write(spec.name, existing):
            # Another community's record: taken, like any used number; nothing of it is merged
            # or checked, so no message depends on what it holds.
            problems = [Problem(number, spec.key, key, "err_key_taken", {"number": echo(key)})]
        else:
            record, problems = check_record(spec, raw, lookups, existing, row=number)
        problems.extend(_headerless_cells(number, values, sheet.headers))
        problems.extend(_ignored_cells(number, values, sheet.headers, positions))
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


def _ignored_cells(
    number: int, values: list[Any], headers: list[str], positions: Mapping[str, int]
) -> list[Problem]:
    """A cell of a column no table knows is not stored, but no file holds control characters."""
    used = set(positions.values())
    found = []
    for position, value in enumerate(values[: len(headers)]):
        if position in used or not headers[position]:
            continue
        try:
            cells.check_characters(value, free_text=True)
        except cells.CellError as error:
            params = dict(error.params) | {"header": echo(headers[position])}
            found.append(Problem(number, None, shown(value), "err_control_character_in", params))
    return found


def _community_name_problems(
    record: Record, number: int, lookups: Lookups, names_in_file: dict[tuple[str, str], int]
) -> list[Problem]:
    """Community names are unique within a street, in the file and against the database, as the
    references read them: 大冲 and 大冲社区 are one name, so another community may not take it
    (every file naming 大冲社区 would then be ambiguous)."""
    street, name = record["street_code"], record["name"]
    keys = [(street, fold_name(alias)) for alias in community_aliases(name)]
    first = next((names_in_file[key] for key in keys if key in names_in_file), None)
    if first is not None:
        return [Problem(number, "name", name, "err_duplicate_name", {"first": first})]
    names_in_file.update(dict.fromkeys(keys, number))
    holders = sorted(
        {code for key in keys for code in lookups.street_aliases.get(key, ())} - {record["code"]}
    )
    if holders:
        return [Problem(number, "name", name, "err_name_taken", {"code": holders[0]})]
    return []
