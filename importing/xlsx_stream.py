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
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Generator, Iterator
from datetime import datetime
from typing import Any
from xml.parsers import expat

from defusedxml.common import DTDForbidden
from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    ARC_STYLE,
    ARC_WORKBOOK,
    CONTYPES_NS,
    PKG_REL_NS,
    REL_NS,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)

from data_access.cells import CellError, FormulaCell, clean_text

# A sheet's cells, empty ones with a format included: 50,000 rows of 20 (the widest table has
# 19 columns). Reading them takes a few seconds and ~100 MB at most.
MAX_CELLS = 1_000_000
# Distinct texts in the workbook's shared-string table: no more than the cells of a sheet.
MAX_SHARED_STRINGS = MAX_CELLS
# Excel's own limits: cell formats a workbook may define, characters in a cell, characters
# in a number format.
MAX_CELL_FORMATS = 65_490
MAX_TEXT = 32_767
MAX_FORMAT_CODE = 255
# XML elements of every part read together: a sheet of MAX_CELLS values and their shared
# strings, twice over. Parsing this many takes about as long as the importer may take.
MAX_XML_ELEMENTS = 5_000_000
# Bytes one token (a tag and its attributes, a comment) may span; expat keeps a token whole
# in memory and scans it again for every chunk fed, so a huge one costs gigabytes or minutes.
MAX_TOKEN_BYTES = 1 << 20
# Sheets, relationships or content types of the package (members are at most 1,000).
MAX_PACKAGE_ENTRIES = 10_000
CHUNK = 1 << 16
MERGED_SHOWN = 5

_WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)  # openpyxl's order of preference
_COLUMNS = {get_column_letter(index): index for index in range(1, 18_279)}


def _tag(namespace: str, local: str) -> str:
    return f"{namespace}}}{local}"


def _main(local: str) -> str:
    return _tag(SHEET_MAIN_NS, local)


C, V, F, IS, T, RPH, ROW, MERGE_CELL = map(
    _main, ("c", "v", "f", "is", "t", "rPh", "row", "mergeCell")
)
SI, XF, NUM_FMT, CELL_XFS = map(_main, ("si", "xf", "numFmt", "cellXfs"))
SHEET, WORKBOOK_PR = _main("sheet"), _main("workbookPr")
R_ID = _tag(REL_NS, "id")
RELATIONSHIP = _tag(PKG_REL_NS, "Relationship")
OVERRIDE, DEFAULT = _tag(CONTYPES_NS, "Override"), _tag(CONTYPES_NS, "Default")


class Formula(FormulaCell):
    """A formula cell: refused by the validation, which knows its row and column.

    A shared formula's cells hold only a reference to the first; their text is translated
    to each cell when shown, not for every cell while reading (it costs ~6 µs a cell).
    """

    __slots__ = ("_text", "_shared", "_at")

    def __init__(self, text: str, shared: _SharedFormula | None = None, at: str = "") -> None:
        self._text = text
        self._shared = shared
        self._at = at

    @property
    def text(self) -> str:
        if self._shared is not None:
            self._text = self._shared.translated(self._at)
            self._shared = None
        return self._text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Formula) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"


class _SharedFormula:
    """The first cell of a shared formula, from which the others' text is translated."""

    __slots__ = ("text", "origin", "_translator")

    def __init__(self, text: str, origin: str) -> None:
        self.text, self.origin = text, origin
        self._translator: Translator | None = None

    def translated(self, at: str) -> str:
        try:
            if self._translator is None:
                self._translator = Translator(self.text, self.origin)
            return str(self._translator.translate_formula(at))
        except Exception:  # a malformed formula is still refused, with its text as written
            return self.text


class _Budget:
    """XML elements left to read in this workbook, shared by all its parts."""

    def __init__(self) -> None:
        self.left = MAX_XML_ELEMENTS


class _Part:
    """Handlers for one XML part; `elements` counts its start tags."""

    def __init__(self) -> None:
        self.elements = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1

    def end(self, name: str) -> None:
        return None

    def text(self, data: str) -> None:
        return None


def _forbid_dtd(name: str, system_id: str | None, public_id: str | None, _subset: bool) -> None:
    """No DTD, so no entity can be declared (a reference to an undeclared one is an error)."""
    raise DTDForbidden(name, system_id, public_id)


def _abnormal() -> CellError:
    return CellError("err_xlsx_markup")


def _stream(archive: zipfile.ZipFile, name: str, part: _Part, budget: _Budget) -> Iterator[None]:
    """Feed member `name` to expat a chunk at a time, yielding after each chunk so that the
    caller can take what the handlers built; the budgets are checked after every chunk."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = part.start
    parser.EndElementHandler = part.end
    parser.CharacterDataHandler = part.text
    parser.StartDoctypeDeclHandler = _forbid_dtd
    fed = 0
    with archive.open(name) as source:
        while chunk := source.read(CHUNK):
            parser.Parse(chunk, False)
            fed += len(chunk)
            if part.elements > budget.left or fed - parser.CurrentByteIndex > MAX_TOKEN_BYTES:
                raise _abnormal()
            yield
    parser.Parse(b"", True)
    budget.left -= part.elements
    yield


def _read(archive: zipfile.ZipFile, name: str, part: _Part, budget: _Budget) -> None:
    for _ in _stream(archive, name, part, budget):
        pass


class _Attributes(_Part):
    """The attributes of every element named `wanted` (a small part's few elements)."""

    def __init__(self, *wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name in self.wanted:
            if len(self.found) >= MAX_PACKAGE_ENTRIES:
                raise _abnormal()
            self.found.append((name, attrs))


class _Texts(_Part):
    """The shared-string table: each <si>'s text as openpyxl gives it (its <t> and its runs'
    <t>, not the phonetic guide's), refused beyond MAX_SHARED_STRINGS strings."""

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.in_string = False
        self.collecting = False
        self.current = ""
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name == T:
            self.collecting = self.in_string and not self.phonetic
        elif name == SI:
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise CellError("err_xlsx_strings", {"limit": f"{MAX_SHARED_STRINGS:,}"})
            self.in_string = True
            self.current = ""
        elif name == RPH:
            self.phonetic += 1

    def end(self, name: str) -> None:
        if name == T:
            self.collecting = False
        elif name == SI:
            self.strings.append(self.current.replace("x005F_", ""))
            self.in_string = False
        elif name == RPH:
            self.phonetic -= 1

    def text(self, data: str) -> None:
        if self.collecting:
            current = self.current + data
            if len(current) > MAX_TEXT:
                raise CellError("err_cell_too_long", {"limit": f"{MAX_TEXT:,}"})
            self.current = current


class _Styles(_Part):
    """Which cell formats (<cellXfs>' <xf>, by position) show dates or durations; more than
    MAX_CELL_FORMATS cell formats, cell style formats or number formats are refused."""

    def __init__(self) -> None:
        super().__init__()
        self.custom: dict[int, str] = {}
        self.cell_formats: list[int] = []
        self.in_cell_xfs = False
        self.other_formats = 0

    def _refuse(self) -> CellError:
        return CellError("err_xlsx_styles", {"limit": f"{MAX_CELL_FORMATS:,}"})

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name == XF:
            if self.in_cell_xfs:
                if len(self.cell_formats) >= MAX_CELL_FORMATS:
                    raise self._refuse()
                self.cell_formats.append(int(attrs.get("numFmtId", 0)))
            else:
                self.other_formats += 1
                if self.other_formats > MAX_CELL_FORMATS:
                    raise self._refuse()
        elif name == CELL_XFS:
            self.in_cell_xfs = True
        elif name == NUM_FMT:
            if len(self.custom) >= MAX_CELL_FORMATS:
                raise self._refuse()
            code = attrs["formatCode"]
            if len(code) > MAX_FORMAT_CODE:  # Excel's limit; openpyxl's date test is quadratic
                raise ValueError(f"number format of {len(code)} characters")
            self.custom[int(attrs["numFmtId"])] = code

    def end(self, name: str) -> None:
        if name == CELL_XFS:
            self.in_cell_xfs = False

    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """The cell formats showing dates and those showing durations, as openpyxl finds them."""
        dates, durations = set(), set()
        for index, number_format in enumerate(self.cell_formats):
            code = self.custom.get(number_format, builtin_format_code(number_format))
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
        return frozenset(dates), frozenset(durations)


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _column(reference: str) -> int:
    """The column of a cell reference such as B12; openpyxl's answer for an unusual one."""
    column = _COLUMNS.get(reference.rstrip("0123456789"))
    if column is None or reference[-1] not in "0123456789":
        return int(coordinate_to_tuple(reference)[1])
    return column


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)


class SheetRows(_Part):
    """A worksheet's rows as (row number, values), streamed. `merged` is filled as the XML is
    read (after the rows, where the format puts <mergeCells>) with the first merged ranges."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        path: str,
        book: Workbook,
        *,
        max_columns: int,
        max_row: int,
    ) -> None:
        super().__init__()
        self._archive, self._path, self._book = archive, path, book
        self.max_columns, self.max_row = max_columns, max_row
        self.merged: list[str] = []
        self.done: list[tuple[int, list[Any]]] = []
        self.cells = 0
        self.row_number = 0
        self.next_row = 1
        self.past_last_row = False
        self.values: list[Any] | None = None
        self.shared: dict[str, _SharedFormula] = {}
        self.strings: list[str] = []
        self.dates: frozenset[int] = frozenset()
        self.durations: frozenset[int] = frozenset()
        # the cell being read
        self.column = 0
        self.kind = "n"
        self.style: str | None = None
        self.reference: str | None = None
        self.value: str | None = None
        self.formula: dict[str, str] | None = None
        self.formula_text = ""
        self.inline: str | None = None
        self.phonetic = 0
        # the text being read: a <v>, an <f> or an inline string's <t>
        self.collecting = False
        self.current = ""

    def __iter__(self) -> Generator[tuple[int, list[Any]], None, None]:
        self.dates, self.durations = self._book.date_styles()
        self.strings = self._book.shared_strings()
        for _ in _stream(self._archive, self._path, self, self._book.budget):
            yield from self.done
            self.done.clear()

    # --- expat handlers, the hot path: kept flat, the most frequent case first ---

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name == C:
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise CellError("err_too_many_cells", {"limit": f"{MAX_CELLS:,}"})
            reference = attrs.get("r")
            self.column = _column(reference) if reference else self.column + 1
            self.reference = reference
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.value = self.formula = self.inline = None
        elif name == V:
            self.collecting, self.current = True, ""
        elif name == ROW:
            self._start_row(attrs.get("r"))
        elif name == F:
            self.formula = attrs
            self.collecting, self.current = True, ""
        elif name == T:
            if self.inline is not None and not self.phonetic:
                self.collecting, self.current = True, ""
        elif name == IS:
            self.inline = ""
        elif name == RPH:
            self.phonetic += 1
        elif name == MERGE_CELL:
            self._merge(attrs.get("ref", ""))

    def end(self, name: str) -> None:
        if name == C:
            self._end_cell()
        elif name == V:
            self.value = self.current
            self.collecting = False
        elif name == ROW:
            if self.values is not None:
                self.done.append((self.row_number, self.values))
                self.values = None
        elif name == F:
            self.formula_text = self.current
            self.collecting = False
        elif name == T:
            if self.collecting and self.inline is not None:
                self.inline += self.current
                if len(self.inline) > MAX_TEXT:
                    raise CellError("err_cell_too_long", {"limit": f"{MAX_TEXT:,}"})
            self.collecting = False
        elif name == RPH:
            self.phonetic -= 1

    def text(self, data: str) -> None:
        if self.collecting:
            current = self.current + data
            if len(current) > MAX_TEXT:
                raise CellError("err_cell_too_long", {"limit": f"{MAX_TEXT:,}"})
            self.current = current

    def _start_row(self, number: str | None) -> None:
        self.row_number = _row_number(number) if number else self.row_number + 1
        self.column = 0
        self.values = None
        if self.row_number > self.max_row:
            self.past_last_row = True  # openpyxl stops at the last row asked for
        if not self.past_last_row and self.row_number >= self.next_row:
            self.next_row = self.row_number + 1
            self.values = []  # a row repeated or out of order is skipped, as openpyxl does

    def _merge(self, reference: str) -> None:
        """Keep the first ranges, one more than are shown (to know whether there are more)."""
        if len(self.merged) <= MERGED_SHOWN and reference not in self.merged:
            self.merged.append(reference)

    def _end_cell(self) -> None:
        value = self._cell_value()
        column = self.column
        if column > self.max_columns:
            if not (value is None or clean_text(value) == ""):
                raise CellError("err_too_many_columns", {"limit": self.max_columns})
            return
        values = self.values
        if values is None:
            return
        filled = len(values)
        if column == filled + 1:
            values.append(value)
        elif column > filled:
            values.extend([None] * (column - filled - 1))
            values.append(value)
        else:
            values[column - 1] = value  # a column given twice: the last one, as openpyxl

    def _cell_value(self) -> Any:
        """The cell's value as openpyxl's read-only worksheet gives it (data_only=False)."""
        if self.formula is not None:
            return self._formula()
        kind = self.kind
        text = self.value or None
        if kind == "s":
            return None if text is None else self.strings[int(text)]
        if kind == "inlineStr":
            return self.inline
        if text is None:
            return None
        if kind == "n":
            number = _number(text)
            style = int(self.style) if self.style else 0
            if style in self.dates:
                try:
                    return from_excel(number, self._book.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str", "e" (#N/A and the like) and any other type: the text itself

    def _formula(self) -> Formula:
        attrs = self.formula or {}
        text = "=" + self.formula_text
        kind = attrs.get("t")
        if kind == "dataTable":
            inputs = ",".join(attrs[key] for key in ("r1", "r2") if attrs.get(key))
            return Formula(f"=TABLE({inputs})")
        if kind == "shared":
            index = attrs.get("si", "")
            master = self.shared.get(index)
            if master is not None:
                return Formula(master.text, master, self.reference or "")
            if text != "=":
                self.shared[index] = _SharedFormula(text, self.reference or "A1")
        return Formula(text)


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
        self.budget = _Budget()
        names = set(archive.namelist())
        types = _Attributes(OVERRIDE, DEFAULT)
        _read(archive, ARC_CONTENT_TYPES, types, self.budget)
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
        relations = _Attributes(RELATIONSHIP)
        _read(archive, posixpath.join(folder, "_rels", f"{base}.rels"), relations, self.budget)
        targets = {
            attrs.get("Id"): (attrs.get("Type", ""), _target(folder, attrs.get("Target", "")))
            for _, attrs in relations.found
            if attrs.get("TargetMode") != "External"
        }
        book = _Attributes(SHEET, WORKBOOK_PR)
        _read(archive, part, book, self.budget)
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
        texts = _Texts()
        _read(self.archive, self.strings_part, texts, self.budget)
        return texts.strings

    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        if ARC_STYLE not in self.archive.namelist():
            return frozenset(), frozenset()
        styles = _Styles()
        _read(self.archive, ARC_STYLE, styles, self.budget)
        return styles.date_styles()

    def rows(self, path: str, *, max_columns: int, max_row: int) -> SheetRows:
        return SheetRows(self.archive, path, self, max_columns=max_columns, max_row=max_row)
