"""Where a real 台账's table starts and ends: a title row above the header
(“XX社区矛盾纠纷排查化解台账（2026年）”), a header over two rows (a group label above its columns),
and a 合计 row at the bottom. The rows so recognised are skipped and named in the report; the
rules are narrow so that a data row is never taken for one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from data_access.cells import clean_text

LOOK_AHEAD = 8  # rows read before the header is chosen (titles, notes, the header itself)
MAX_HEADER_ROWS = 3
TOTAL_WORDS = ("合计", "总计", "小计", "total")
_DATA_LIKE = re.compile(r"[+-]?[\d,.]+|\d{4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?")
SHORT_HEADER = 16


@dataclass
class Layout:
    """The header (merged from its rows) and which rows were title, header or total rows."""

    headers: list[str]
    header_rows: list[int]
    skipped: list[tuple[int, str]] = field(default_factory=list)


def filled(values: list[Any]) -> int:
    return sum(1 for value in values if clean_text(value) != "")


def header_start(rows: list[tuple[int, list[Any]]]) -> int:
    """The first row at least half as wide as the widest of the first rows: rows before it
    (a title, a 填报单位 line) are not the header."""
    widest = max(filled(values) for _, values in rows)
    threshold = max(1, (widest + 1) // 2)
    return next(index for index, (_, values) in enumerate(rows) if filled(values) >= threshold)


def _continues_header(header: list[Any], values: list[Any]) -> bool:
    """A second header row: short text only, filling a gap the row above left (a merged group
    label spans its columns, a merged 序号 spans both rows)."""
    texts = [clean_text(value) for value in values]
    if any(not isinstance(value, str) and value is not None for value in values):
        return False  # a number or a date cell is data
    if any(_DATA_LIKE.fullmatch(text) or len(text) > SHORT_HEADER for text in texts if text):
        return False
    gaps = {
        index
        for index in range(len(texts))
        if index >= len(header) or not clean_text(header[index])
    }
    return any(texts[index] for index in gaps)


def merged_headers(rows: list[list[Any]]) -> list[str]:
    """One header per column: the lowest header row's text, else the label of the group above
    (a merged label is written in its first column only, so it is carried to the right)."""
    width = max(len(values) for values in rows)
    top = [clean_text(value) for value in rows[0]] + [""] * (width - len(rows[0]))
    carried, group = [], ""
    for text in top:
        group = text or group
        carried.append(text or group)
    headers = []
    for index in range(width):
        lower = [clean_text(values[index]) for values in rows[1:] if index < len(values)]
        below = next((text for text in reversed(lower) if text), "")
        headers.append(below or (top[index] if top[index] else (carried[index] if below else "")))
    return headers


def find_layout(rows: list[tuple[int, list[Any]]]) -> tuple[Layout, int]:
    """The layout of the first rows and the index of the first data row among them."""
    start = header_start(rows)
    skipped = [(number, "title") for number, _ in rows[:start]]
    header_rows = [rows[start][1]]
    numbers = [rows[start][0]]
    index = start + 1
    while (
        index < len(rows)
        and len(header_rows) < MAX_HEADER_ROWS
        and _continues_header(header_rows[-1], rows[index][1])
    ):
        header_rows.append(rows[index][1])
        numbers.append(rows[index][0])
        index += 1
    headers = (
        merged_headers(header_rows)
        if len(header_rows) > 1
        else [clean_text(value) for value in header_rows[0]]
    )
    skipped += [(number, "header") for number in numbers[1:]]
    return Layout(headers, numbers, skipped), index


def is_total_row(values: list[Any]) -> bool:
    """合计/总计/小计 in one of the first three cells (spaces and a colon ignored)."""
    for value in values[:3]:
        text = clean_text(value).replace(" ", "").replace("　", "").rstrip(":：").casefold()
        if text and any(text.startswith(word) for word in TOTAL_WORDS) and len(text) <= 6:
            return True
    return False


def trailing_totals(rows: list[tuple[int, list[Any]]]) -> int:
    """How many rows at the end are a 合计 row and the signature lines under it (each of at most
    two cells: 填表人、审核人); 0 when the last rows hold no total."""
    for back in range(1, min(len(rows), 4) + 1):
        number, values = rows[-back]
        if is_total_row(values):
            return back
        if filled(values) > 2:
            return 0
    return 0
