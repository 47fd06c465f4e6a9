"""Safe reading of an uploaded CSV or XLSX file into a header and rows of raw cells.

Nothing is guessed: CSV cells stay text; the encoding is strict
UTF-8 (with or without BOM), then GB18030 — never GBK first; an XLSX file's declared
uncompressed sizes are checked before anything is decompressed, its XML is then streamed with
every limit applied as it is read (xlsx_stream.py: a small file must not cost gigabytes),
formulas are kept as formulas (to be refused by the validation, with their row and column),
merged cells are refused (but in a title or header row), and the rows and columns are bounded.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from data_access.cells import CellError, clean_text
from importing.layout import LOOK_AHEAD, Layout, find_layout, trailing_totals
from importing.xlsx_limits import MERGED_SHOWN
from importing.xlsx_sheet import Formula as Formula
from importing.xlsx_stream import Workbook

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 1_000
MAX_ROWS = 50_000
MAX_COLUMNS = 100
SHEET_ROW_LIMIT = 1_048_576
_CHUNK = 1 << 20


class FileError(CellError):
    """Why a whole file was refused (an i18n key `err_…` and its values)."""


@dataclass
class Sheet:
    """A file's header (cleaned) and its non-empty rows as (row number as counted, cells)."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    sheet_name: str | None = None
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, title|header|total)
    header_last_row: int = 1


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def check_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise FileError(
            "err_file_too_large", {"size": human_size(size), "limit": human_size(MAX_UPLOAD_BYTES)}
        )


def read_upload(name: str, data: bytes, *, sheet_names: tuple[str, ...] = ()) -> Sheet:
    """The header and rows of an uploaded file; `sheet_names` are preferred XLSX sheets."""
    check_size(len(data))
    if not data.strip():
        raise FileError("err_file_empty")
    lowered = name.lower()
    if data.startswith(b"PK\x03\x04") or lowered.endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, sheet_names=sheet_names)
    if data.startswith(b"\xd0\xcf\x11\xe0") or lowered.endswith((".xls", ".et", ".ods")):
        raise FileError("err_file_type")
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError("err_file_type")
    return read_csv(data)


def decode(data: bytes) -> str:
    """Strict UTF-8 (BOM or not), then strict GB18030; anything else is refused."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError("err_encoding")


def _sheet_from_rows(rows: Any, sheet_name: str | None = None) -> Sheet:
    """Non-empty rows; the header found among the first ones (title rows above it and a second
    header row skipped, `layout`), a 合计 row at the bottom skipped; each skip recorded."""
    first: list[tuple[int, list[Any]]] = []
    body: list[tuple[int, list[Any]]] = []
    layout: Layout | None = None
    for number, cells in rows:
        values = list(cells)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if not any(not (value is None or clean_text(value) == "") for value in values):
            continue
        if len(values) > MAX_COLUMNS:
            raise FileError("err_too_many_columns", {"limit": MAX_COLUMNS})
        if layout is None:
            first.append((number, values))
            if len(first) < LOOK_AHEAD:
                continue
            layout, start = find_layout(first)
            body, first = first[start:], []
            continue
        if len(body) >= MAX_ROWS:
            raise FileError("err_too_many_rows", {"limit": MAX_ROWS})
        body.append((number, values))
    if layout is None:
        if not first:
            raise FileError("err_no_header")
        layout, start = find_layout(first)
        body = first[start:]
    if len(body) > MAX_ROWS:
        raise FileError("err_too_many_rows", {"limit": MAX_ROWS})
    totals = trailing_totals(body)
    skipped = layout.skipped + [(number, "total") for number, _ in body[len(body) - totals :]]
    body = body[: len(body) - totals]
    return Sheet(
        headers=layout.headers,
        rows=body,
        sheet_name=sheet_name,
        skipped=skipped,
        header_last_row=layout.header_rows[-1],
    )


def read_csv(data: bytes) -> Sheet:
    """Every cell as text; row numbers count records (a quoted line break stays in its row)."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _sheet_from_rows(enumerate(reader, start=1))
    except csv.Error as error:
        raise FileError("err_file_type") from error


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from the archive's directory, before anything is decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise FileError("err_xlsx_broken") from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise FileError("err_xlsx_bomb", {"size": f"{len(members)} files"})
        total = sum(member.file_size for member in members)
        too_dense = any(
            member.file_size > _CHUNK
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
            for member in members
        )
        if total > MAX_UNCOMPRESSED_BYTES or too_dense:
            raise FileError("err_xlsx_bomb", {"size": human_size(total)})


def read_xlsx(data: bytes, *, sheet_names: tuple[str, ...] = ()) -> Sheet:
    """The first sheet (or the one named after the table), read without evaluating anything.

    The XML is streamed (xlsx_stream): what lies past a limit is refused when it is met, so
    memory and time stay bounded by the limits, whatever the file asks for.
    """
    _check_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _read_sheet(Workbook(archive), sheet_names)
    except FileError:
        raise
    except CellError as error:  # a limit of the streaming reader
        raise FileError(error.reason, error.params) from error
    except Exception as error:  # damaged zip or XML, or XML with a DTD (defusedxml's refusal)
        raise FileError("err_xlsx_broken") from error


def _read_sheet(workbook: Workbook, sheet_names: tuple[str, ...]) -> Sheet:
    by_name = {clean_text(title): title for title, _ in workbook.sheets}
    chosen = next((by_name[name] for name in sheet_names if name in by_name), None)
    if chosen is None:  # the first worksheet (a chartsheet holds no cells)
        title, path = next(sheet for sheet in workbook.sheets if sheet[1] is not None)
    else:
        title, path = next(sheet for sheet in workbook.sheets if sheet[0] == chosen)
    if path is None:  # the chosen sheet is a chartsheet
        raise FileError("err_xlsx_broken")
    rows = workbook.rows(path, max_columns=MAX_COLUMNS, max_row=SHEET_ROW_LIMIT)
    stream = iter(rows)
    try:
        sheet = _sheet_from_rows(stream, title)
    finally:
        stream.close()
    if rows.merged and rows.merged_last_row > sheet.header_last_row:
        shown = "、".join(rows.merged[:MERGED_SHOWN])
        more = " …" if len(rows.merged) > MERGED_SHOWN else ""
        raise FileError("err_merged_cells", {"ranges": shown + more})
    return sheet
