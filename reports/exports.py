"""CSV and XLSX downloads that a spreadsheet opens safely.

Text starting with `= + - @`, a tab, a carriage return or NUL is run as a formula by Excel and
WPS (`DataFrame.to_excel` wrote `=cmd|' /C calc'!A0` as a live formula). Every
export goes through `neutralised()`, which prefixes such text with `'`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
SHEET_NAME_LIMIT = 31


def neutralise(value: object) -> object:
    """`value`, with text a spreadsheet would run as a formula prefixed by an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(rows: pd.DataFrame) -> pd.DataFrame:
    """A copy of `rows` whose text cells (and headers) can no longer run as formulas."""
    safe = rows.copy()
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    for column in safe.columns:
        if not (
            pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])
        ):
            safe[column] = safe[column].map(neutralise)
    return safe


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, which Excel in China opens without garbling."""
    return neutralised(rows).to_csv(index=False).encode("utf-8-sig")


def _cell_value(value: object) -> object:
    if (
        value is None
        or value is pd.NaT
        or value is pd.NA
        or (isinstance(value, float) and value != value)
    ):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    return value


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per frame; every text cell is stored as text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(str(neutralise(title))[:SHEET_NAME_LIMIT].lstrip("'"))
        safe = neutralised(rows)
        sheet.append([str(column) for column in safe.columns])
        for record in safe.itertuples(index=False):
            sheet.append([_cell_value(value) for value in record])
        for row in sheet.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                elif hasattr(cell.value, "year"):
                    cell.number_format = "yyyy-mm-dd"
        for index, column in enumerate(safe.columns, start=1):
            width = max([len(str(column))] + [len(str(value)) for value in safe[column].head(200)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, width * 1.6), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
