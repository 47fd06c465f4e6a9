"""Remembered mappings on the importing side: a file's header signature, and the saved mapping
(data_access.import_mappings) that a file with those headers is mapped with, without asking."""

from __future__ import annotations

from sqlalchemy import Engine

from data_access.import_mappings import SavedMapping, mapping_for_signature
from data_access.principal import Principal
from data_access.tables import TABLES
from importing.mapping import Mapping, MappingError, header_signature
from importing.readers import FileError, Sheet, read_upload


def saved_mapping(saved: SavedMapping) -> Mapping:
    """The stored mapping as the engine applies it, named as saved."""
    mapping = Mapping.from_json(saved.mapping_json)
    mapping.name, mapping.signature = saved.name, saved.signature
    return mapping


def raw_sheet(name: str, data: bytes, table: str | None) -> Sheet | None:
    """The file's sheet as written (its own headers), or None when it cannot be read."""
    spec = TABLES[table] if table else None
    try:
        return read_upload(name, data, sheet_names=spec.sheet_names() if spec else ())
    except FileError:
        return None


def file_signature(name: str, data: bytes, table: str | None) -> str | None:
    """The header signature of the file (None: it cannot be read)."""
    sheet = raw_sheet(name, data, table)
    return header_signature(sheet.headers) if sheet is not None else None


def remembered_for_sheet(
    engine: Engine, principal: Principal, sheet: Sheet, table: str | None
) -> Mapping | None:
    """The mapping saved for `sheet`'s headers that `principal` may use, if any (one that no
    longer checks against the tables is not offered)."""
    saved = mapping_for_signature(engine, principal, header_signature(sheet.headers), table)
    if saved is None:
        return None
    try:
        return saved_mapping(saved)
    except MappingError:
        return None


def remembered_for(
    engine: Engine, principal: Principal, name: str, data: bytes, table: str | None
) -> Mapping | None:
    """The saved mapping for the file's headers, read from its bytes."""
    sheet = raw_sheet(name, data, table)
    return remembered_for_sheet(engine, principal, sheet, table) if sheet is not None else None
