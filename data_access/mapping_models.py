"""The table of remembered import mappings, apart from data_access/models.py so that neither
file grows past 400 lines; models.py imports it, so importing the models registers it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, Integer, Text, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


class ImportMapping(SQLModel, table=True):
    """A confirmed column and value mapping saved under a name, found again by the header
    signature of the next file. `communities`: the scope, the saving account's community codes
    comma-separated and sorted; empty for a mapping an admin saved (every community)."""

    __tablename__ = "import_mapping"
    __table_args__ = (UniqueConstraint("name", "communities", name="uq_import_mapping_name"),)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        """Optimistic locking, as every record table (models.Versioned)."""
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(
        default=1, sa_column=Column(Integer, nullable=False, default=1, server_default="1")
    )
    name: str = Field(max_length=100, nullable=False)
    table_name: str = Field(max_length=32, nullable=False)
    signature: str = Field(max_length=64, nullable=False, index=True)
    mapping: str = Field(sa_column=Column(Text, nullable=False))
    communities: str = Field(default="", max_length=500, nullable=False)
    created_by: str = Field(max_length=100, nullable=False)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
