"""An XLSX workbook read by streaming its XML, so that memory stays bounded by the limits the
importer enforces, not by what a small file can ask a parser to build (security issue 3).

openpyxl builds a workbook's whole stylesheet and shared-string table, and each row's every
cell, before the importer can look at a limit: a 4 MB file holding one row of 5 million cells
took 2.2 GB and 35 s. Here expat reads each part as it is decompressed, and what a real table
never holds is refused when it is met, before more is read: a value past the column limit,
more cells, distinct texts, cell formats or XML elements than an importable sheet has, a text
longer than Excel allows, one XML token (a tag, a comment) longer than any a workbook writes.

The values are those openpyxl's read-only mode gives, so nothing downstream changes: numbers
as int or float, dates as datetime (from the cell's number format and the workbook's 1900 or
1904 calendar), booleans, text, errors such as #N/A as text, and formulas as `Formula`.
A DTD, and so any entity, is refused (defusedxml's exceptions), as nothing in XLSX needs one.

Here is the workbook (`Workbook`); the XML streaming and the small parts are xlsx_xml's, a
sheet's rows xlsx_sheet's, and every limit is xlsx_limits'.
"""

from __future__ import annotations

import posixpath
import zipfile
from datetime import datetime

from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    ARC_STYLE,
    ARC_WORKBOOK,
    SHARED_STRINGS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)

from importing.xlsx_sheet import SheetRows
from importing.xlsx_xml import (
    DEFAULT,
    OVERRIDE,
    R_ID,
    RELATIONSHIP,
    SHEET,
    WORKBOOK_PR,
    Attributes,
    Budget,
    Styles,
    Texts,
    read_part,
)

_WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)  # openpyxl's order of preference


def _target(folder: str, target: str) -> str:
    """A relationship's target as a member name, as openpyxl resolves it."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


class Workbook:
    """A workbook's sheets (title, and worksheet member or None for a chartsheet), its calendar,
    and on demand its shared strings and date formats."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.budget = Budget()
        names = set(archive.namelist())
        types = Attributes(OVERRIDE, DEFAULT)
        read_part(archive, ARC_CONTENT_TYPES, types, self.budget)
        overrides = [
            (attrs.get("ContentType"), attrs.get("PartName", ""))
            for tag, attrs in types.found
            if tag == OVERRIDE
        ]
        defaults = {attrs.get("ContentType") for tag, attrs in types.found if tag == DEFAULT}
        part = next(
            (name[1:] for kind in _WORKBOOK_TYPES for found, name in overrides if found == kind),
            ARC_WORKBOOK if defaults & set(_WORKBOOK_TYPES) else None,
        )
        if part is None:
            raise ValueError("no workbook part")
        self.strings_part = next(
            (name[1:] for kind, name in overrides if kind == SHARED_STRINGS), None
        )
        folder, base = posixpath.split(part)
        relations = Attributes(RELATIONSHIP)
        read_part(archive, posixpath.join(folder, "_rels", f"{base}.rels"), relations, self.budget)
        targets = {
            attrs.get("Id"): (attrs.get("Type", ""), _target(folder, attrs.get("Target", "")))
            for _, attrs in relations.found
            if attrs.get("TargetMode") != "External"
        }
        book = Attributes(SHEET, WORKBOOK_PR)
        read_part(archive, part, book, self.budget)
        self.epoch: datetime = WINDOWS_EPOCH
        self.sheets: list[tuple[str, str | None]] = []
        for tag, attrs in book.found:
            if tag == WORKBOOK_PR:
                if attrs.get("date1904", "") not in ("", "false", "f", "0"):
                    self.epoch = CALENDAR_MAC_1904
                continue
            if not attrs.get(R_ID):
                continue  # openpyxl drops a sheet without a relationship, with a warning
            kind, target = targets[attrs[R_ID]]
            if target in names:
                self.sheets.append((attrs["name"], None if "chartsheet" in kind else target))

    def shared_strings(self) -> list[str]:
        if self.strings_part is None:
            return []
        texts = Texts()
        read_part(self.archive, self.strings_part, texts, self.budget)
        return texts.strings

    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        if ARC_STYLE not in self.archive.namelist():
            return frozenset(), frozenset()
        styles = Styles()
        read_part(self.archive, ARC_STYLE, styles, self.budget)
        return styles.date_styles()

    def rows(self, path: str, *, max_columns: int, max_row: int) -> SheetRows:
        return SheetRows(self.archive, path, self, max_columns=max_columns, max_row=max_row)
