"""The checks of one record, shared by the entry forms (`data_access.records`) and file imports
(`importing.validate`): every given cell parsed by its column's kind, merged over the stored
record, and the rules of the data model that tie columns together checked — or `Problem`s, each
with the row as a person counts it, the column, the value and the reason (rendered later in the
UI language).

A writer with a scope (a community account) writes no master data and references only its own
communities and their organisations.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from data_access import cells
from data_access.cells import FormulaCell
from data_access.characters import echo
from data_access.models import Community, Organization, Street
from data_access.tables import (
    BOOL,
    COMMUNITY,
    DATE,
    ENUM,
    INT,
    KEY,
    MASTER_TABLES,
    NUMBER,
    ORG,
    STREET,
    TEXT,
    ColumnSpec,
    TableSpec,
)
from i18n import enum_label, enum_labels, t

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

    def __post_init__(self) -> None:
        # Every report, page and CLI line shows the value from here: short and visible.
        self.value = echo(self.value)

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


def scope_refusal(table: str, scope: Collection[str] | None) -> str | None:
    """Why a writer with `scope` may change nothing of `table` at all, or None.

    Master data (streets, communities) is the admins' (scope None); an account without a
    community (a leader, a viewer) writes nothing."""
    if scope is None:
        return None
    if table in MASTER_TABLES:
        return "err_master_data"
    return None if scope else "err_read_only_account"


@dataclass
class Lookups:
    """What references resolve against: streets, communities and organisations in the database.

    With a `scope`, only its communities and their organisations resolve; `org_communities`
    and `street_aliases` still know every one, to place stored records and names."""

    streets: dict[str, set[str]]
    communities: dict[str, set[str]]
    community_codes: set[str]
    street_aliases: dict[tuple[str, str], set[str]]
    org_nos: set[str]
    org_communities: dict[str, str]
    scope: frozenset[str] | None = None

    @classmethod
    def load(cls, connection: Connection, scope: Collection[str] | None = None) -> Lookups:
        allowed = None if scope is None else frozenset(scope)
        streets: dict[str, set[str]] = {}
        for code, name in connection.execute(select(Street.code, Street.name)):  # type: ignore[call-overload]
            for alias in (code, name):
                streets.setdefault(fold_name(alias), set()).add(code)
        communities: dict[str, set[str]] = {}
        codes: set[str] = set()
        street_aliases: dict[tuple[str, str], set[str]] = {}
        rows = connection.execute(select(Community.code, Community.name, Community.street_code))  # type: ignore[call-overload]
        for code, name, street_code in rows:
            for alias in community_aliases(name):
                street_aliases.setdefault((street_code, fold_name(alias)), set()).add(code)
            if allowed is not None and code not in allowed:
                continue
            codes.add(code)
            for alias in community_aliases(name):
                communities.setdefault(fold_name(alias), set()).add(code)
        org_communities: dict[str, str] = dict(
            connection.execute(select(Organization.org_no, Organization.community)).all()  # type: ignore[call-overload]
        )
        org_nos = {
            org_no
            for org_no, community in org_communities.items()
            if allowed is None or community in allowed
        }
        return cls(streets, communities, codes, street_aliases, org_nos, org_communities, allowed)

    def community_of(self, table: str, values: Mapping[str, Any]) -> str | None:
        """The community a record belongs to (an activity: its organisation's; a street: None)."""
        if table == "communities":
            return values.get("code")
        if table == "org_activities":
            return self.org_communities.get(values.get("org_no") or "")
        return values.get("community")

    def may_write(self, table: str, values: Mapping[str, Any]) -> bool:
        """Whether the writer of this scope may hold `values` as a record of `table`."""
        if self.scope is None:
            return True
        community = self.community_of(table, values)
        return scope_refusal(table, self.scope) is None and community in self.scope


def fold_name(text: str) -> str:
    """A name as references compare it: cleaned, case-folded, without spaces."""
    return cells.clean_text(text).casefold().replace(" ", "")


def community_aliases(name: str) -> tuple[str, ...]:
    """粤桂社区 is also 粤桂, and 粤桂 also 粤桂社区; nothing else is guessed."""
    if name.endswith(COMMUNITY_SUFFIX) and len(name) > len(COMMUNITY_SUFFIX):
        return (name, name[: -len(COMMUNITY_SUFFIX)])
    return (name, name + COMMUNITY_SUFFIX)


def shown(value: Any) -> str:
    """A raw cell as the error report shows it."""
    if value is None:
        return ""
    if isinstance(value, FormulaCell):
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
    matches = aliases.get(fold_name(value), set())
    if len(matches) == 1:
        return next(iter(matches))
    if len(matches) > 1:
        raise cells.CellError("err_ambiguous_community")
    raise cells.CellError(unknown)


def parse_cell(spec: TableSpec, column: ColumnSpec, raw: Any, lookups: Lookups) -> Any:
    """One cell's typed value (None or the column's default when empty), or a CellError."""
    if isinstance(raw, FormulaCell):
        raise cells.CellError("err_formula", {"formula": echo(raw.text)})
    cells.check_characters(raw, free_text=column.kind == TEXT)
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
        unknown = "err_unknown_community" if lookups.scope is None else "err_community_not_yours"
        return _resolve(lookups.communities, lookups.community_codes, text, unknown)
    if kind == ORG:
        if text in lookups.org_nos:
            return text
        raise cells.CellError("err_unknown_org")
    raise ValueError(f"unknown column kind {kind!r}")


def cross_field_problems(spec: TableSpec, record: Record) -> list[tuple[str, str, dict[str, Any]]]:
    """(column, reason, params) for every rule that ties columns together."""
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
