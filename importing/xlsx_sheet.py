"""One worksheet's rows, streamed: each cell's value as openpyxl's read-only mode gives it
(numbers, dates from the cell's format and the workbook's calendar, booleans, text, formulas as
`Formula`), each limit checked as the XML is read."""

from __future__ import annotations

import zipfile
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

from data_access.cells import CellError, FormulaCell, clean_text
from importing import xlsx_limits as limits
from importing.xlsx_xml import (
    IS,
    MERGE_CELL,
    ROW,
    RPH,
    C,
    CollectedText,
    F,
    T,
    V,
    stream_part,
    text_too_long,
)

if TYPE_CHECKING:
    from importing.xlsx_stream import Workbook

_COLUMNS = {get_column_letter(index): index for index in range(1, 18_279)}


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


class SheetRows(CollectedText):
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
        self.merged_last_row = 0  # the lowest row any merged range reaches (all ranges)
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
        # the text being read (`collecting`, `current`): a <v>, an <f> or an inline string's <t>

    def __iter__(self) -> Generator[tuple[int, list[Any]], None, None]:
        self.dates, self.durations = self._book.date_styles()
        self.strings = self._book.shared_strings()
        for _ in stream_part(self._archive, self._path, self, self._book.budget):
            yield from self.done
            self.done.clear()

    # --- expat handlers, the hot path: kept flat, the most frequent case first ---

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name == C:
            self.cells += 1
            if self.cells > limits.MAX_CELLS:
                raise CellError("err_too_many_cells", {"limit": f"{limits.MAX_CELLS:,}"})
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
                if len(self.inline) > limits.MAX_TEXT:
                    raise text_too_long()
            self.collecting = False
        elif name == RPH:
            self.phonetic -= 1

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
        """Keep the first ranges, one more than are shown (to know whether there are more), and
        the lowest row any range reaches: ranges in a title or header only are allowed."""
        digits = "".join(char for char in reference.rsplit(":", 1)[-1] if char.isdigit())
        last_row = int(digits) if digits and len(digits) < 8 else 1 << 30  # malformed: refused
        self.merged_last_row = max(self.merged_last_row, last_row)
        if len(self.merged) <= limits.MERGED_SHOWN and reference not in self.merged:
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
