"""The tables of the reforms (改革举措), apart from data_access/models.py so that neither file
grows past 400 lines; models.py imports them, so importing the models registers every table.

This module imports nothing from models.py (no import cycle): the version counter is declared
here as models.Versioned declares it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from metrics.reform import FIGURES, GROUPS


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


class Reform(SQLModel, table=True):
    """改革举措: a reform some communities adopted on a date, aimed at one figure (for new
    disputes, optionally some categories only, stored comma-separated; empty: all)."""

    __tablename__ = "reform"
    __table_args__ = (_one_of("figure", FIGURES, "ck_reform_figure"),)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        """Optimistic locking, as every record table (models.Versioned)."""
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(
        default=1, sa_column=Column(Integer, nullable=False, default=1, server_default="1")
    )
    name: str = Field(max_length=100, unique=True, nullable=False)
    start_on: date = Field(nullable=False)
    figure: str = Field(max_length=32, nullable=False)
    categories: str = Field(default="", max_length=500, nullable=False)
    note: str = Field(default="", max_length=2000, nullable=False)
    created_by: str = Field(max_length=100, nullable=False)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ReformCommunity(SQLModel, table=True):
    """A community of a reform: `treated` (adopted it) or `comparison` (chosen to compare
    with; none chosen means every other community of the treated communities' streets)."""

    __tablename__ = "reform_community"
    __table_args__ = (_one_of("role", GROUPS, "ck_reform_community_role"),)

    reform_id: int = Field(
        sa_column=Column(Integer, ForeignKey("reform.id", ondelete="CASCADE"), primary_key=True)
    )
    community: str = Field(
        sa_column=Column(
            String(64),
            ForeignKey("community.code", onupdate="CASCADE", ondelete="RESTRICT"),
            primary_key=True,
        )
    )
    role: str = Field(max_length=16, nullable=False)
