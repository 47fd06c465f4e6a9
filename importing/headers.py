"""Which table a file holds and which column each of its headers names: headers in zh, en or
the column's code, compared folded (NFKC, case, spaces, underscores, a 必填 mark)."""

from __future__ import annotations

import unicodedata

from data_access.tables import TABLES, TableSpec
from i18n import LANGUAGES


def fold_header(text: str) -> str:
    """A header as compared: NFKC, case-folded, no spaces, underscores or trailing colon."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    for char in (" ", "_", "*", "＊", ":", "(必填)", "（必填）"):
        folded = folded.replace(char, "")
    return folded


def header_index(spec: TableSpec) -> dict[str, str]:
    """Folded header (zh, en or code) → column name."""
    index: dict[str, str] = {}
    for column in spec.columns:
        for text in (column.name, *(spec.header(column.name, lang) for lang in LANGUAGES)):
            index[fold_header(text)] = column.name
    return index


def detect_table(headers: list[str]) -> TableSpec | None:
    """The table whose key header is present and whose headers the file matches best."""
    folded = {fold_header(header) for header in headers if header}
    best: tuple[float, TableSpec] | None = None
    tie = False
    for spec in TABLES.values():
        index = header_index(spec)
        matched = {index[header] for header in folded if header in index}
        if spec.key not in matched:
            continue
        score = len(matched) / len(spec.columns) + len(matched) / max(len(folded), 1)
        if best is None or score > best[0]:
            best, tie = (score, spec), False
        elif score == best[0]:
            tie = True
    return None if best is None or tie else best[1]
