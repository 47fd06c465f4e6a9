"""What each record table looks like to the entry forms and the importer: its columns (kind,
required, enumeration, minimum), its key for upserts, and its headers in each language (files
are matched to them by `importing.headers`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlmodel import SQLModel

from data_access.models import (
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    OrgActivity,
    Organization,
    Street,
)
from i18n import LANGUAGES, t
from metrics.frames import EIGHT_ITEMS

KEY, TEXT, INT, NUMBER, DATE, BOOL, ENUM = "key", "text", "int", "number", "date", "bool", "enum"
STREET, COMMUNITY, ORG = "street", "community", "org"
REFERENCES = (STREET, COMMUNITY, ORG)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an import file; `default` fills an empty optional NOT NULL column."""

    name: str
    kind: str
    required: bool = False
    enum: str | None = None
    minimum: float | None = None
    default: Any = None


@dataclass(frozen=True)
class TableSpec:
    """One importable table: CLI name (`disputes`), model, key column and columns in file order."""

    name: str
    model: type[SQLModel]
    key: str
    columns: tuple[ColumnSpec, ...]

    def column(self, name: str) -> ColumnSpec:
        return next(column for column in self.columns if column.name == name)

    def header(self, column: str, lang: str) -> str:
        return t(f"hdr_{self.name}_{column}", lang)

    def title(self, lang: str) -> str:
        return t(f"table_{self.name}", lang)

    def max_length(self, column: str) -> int | None:
        sql_type = self.model.__table__.c[column].type  # type: ignore[attr-defined]
        length = getattr(sql_type, "length", None)  # String, and SQLModel's AutoString
        return int(length) if length else None

    def sheet_names(self) -> tuple[str, ...]:
        """Sheet names that hold this table in a workbook (its title in any language, its name)."""
        return (*(self.title(lang) for lang in LANGUAGES), self.name)

    @property
    def required(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if column.required)


def _c(name: str, kind: str, **options: Any) -> ColumnSpec:
    return ColumnSpec(name, kind, **options)


def _req(name: str, kind: str, **options: Any) -> ColumnSpec:
    return ColumnSpec(name, kind, required=True, **options)


def _flag(name: str) -> ColumnSpec:
    return ColumnSpec(name, BOOL, default=False)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("streets", Street, "code", (_req("code", KEY), _req("name", TEXT))),
        TableSpec(
            "communities",
            Community,
            "code",
            (
                _req("code", KEY),
                _req("name", TEXT),
                _req("street_code", STREET),
                _req("population", INT, minimum=0),
                _c("households", INT, minimum=0, default=0),
                _c("grids", INT, minimum=0, default=0),
            ),
        ),
        TableSpec(
            "disputes",
            Dispute,
            "case_no",
            (
                _req("case_no", KEY),
                _req("community", COMMUNITY),
                _req("reported_on", DATE),
                _req("category", ENUM, enum="category"),
                _req("source", ENUM, enum="source"),
                _req("status", ENUM, enum="status"),
                _req("level", ENUM, enum="level"),
                _c("closed_on", DATE),
                _flag("is_major"),
                _c("parties", INT, minimum=1, default=1),
                _c("summary", TEXT),
            ),
        ),
        TableSpec(
            "consultations",
            Consultation,
            "ref",
            (
                _req("ref", KEY),
                _req("community", COMMUNITY),
                _c("estate", TEXT),
                _req("held_on", DATE),
                _req("form", ENUM, enum="form"),
                _req("topic", TEXT),
                _req("topic_category", ENUM, enum="topic_category"),
                _c("participants", INT, minimum=0, default=0),
                _flag("consensus"),
                _c("problems_solved", INT, minimum=0, default=0),
                _req("implementation", ENUM, enum="implementation"),
                _c("implemented_on", DATE),
            ),
        ),
        TableSpec(
            "organizations",
            Organization,
            "org_no",
            (
                _req("org_no", KEY),
                _req("name", TEXT),
                _req("community", COMMUNITY),
                _req("category", ENUM, enum="org_category"),
                _req("stage", ENUM, enum="stage"),
                _req("incubator", ENUM, enum="incubator"),
                _req("entered_on", DATE),
                _c("filed_on", DATE),
                _c("registered_on", DATE),
                _c("ended_on", DATE),
                _c("members", INT, minimum=0, default=0),
                *(_flag(item) for item in EIGHT_ITEMS),
            ),
        ),
        TableSpec(
            "org_activities",
            OrgActivity,
            "ref",
            (
                _req("ref", KEY),
                _req("org_no", ORG),
                _req("held_on", DATE),
                _req("title", TEXT),
                _c("participants", INT, minimum=0, default=0),
            ),
        ),
        TableSpec(
            "burden_items",
            BurdenItem,
            "ref",
            (
                _req("ref", KEY),
                _req("community", COMMUNITY),
                _req("department", TEXT),
                _req("title", TEXT),
                _req("kind", ENUM, enum="kind"),
                _req("list_status", ENUM, enum="list_status"),
                _flag("approved"),
                _flag("funded"),
                _req("assigned_on", DATE),
                _c("due_on", DATE),
                _c("hours", NUMBER, minimum=0, default=0.0),
                _req("outcome", ENUM, enum="outcome"),
                _c("outcome_on", DATE),
            ),
        ),
    )
}
"""Every importable table, in the order they must be imported (references point backwards)."""

MASTER_TABLES = frozenset({"streets", "communities"})
"""Master data: the street and its communities, which every record refers to and every account's
scope is made of. Only admins import or change them (a community account that could would give
its community another's name, or change its population)."""


def writable_tables(scope: Collection[str] | None) -> list[str]:
    """The tables a writer with `scope` may import or edit (None: an admin, every table), in
    import order: what the import and entry pages offer."""
    return [name for name in TABLES if scope is None or name not in MASTER_TABLES]


def table_spec(name: str) -> TableSpec:
    return TABLES[name]
