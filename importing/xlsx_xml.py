"""The XML under an XLSX workbook, streamed: expat fed a chunk at a time with a budget of
elements and token bytes, no DTD, and the workbook's small parts (content types, relationships,
sheet list, shared strings, styles) read into what the reader needs."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from defusedxml.common import DTDForbidden
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.xml.constants import CONTYPES_NS, PKG_REL_NS, REL_NS, SHEET_MAIN_NS

from data_access.cells import CellError
from importing import xlsx_limits as limits


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


class Budget:
    """XML elements left to read in this workbook, shared by all its parts."""

    def __init__(self) -> None:
        self.left = limits.MAX_XML_ELEMENTS


class Part:
    """Handlers for one XML part; `elements` counts its start tags."""

    def __init__(self) -> None:
        self.elements = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1

    def end(self, name: str) -> None:
        return None

    def text(self, data: str) -> None:
        return None


class CollectedText(Part):
    """A part whose handlers collect the text of the elements they choose (`collecting`) into
    `current`, refused past MAX_TEXT characters, Excel's limit for a cell."""

    def __init__(self) -> None:
        super().__init__()
        self.collecting = False
        self.current = ""

    def text(self, data: str) -> None:
        if self.collecting:
            current = self.current + data
            if len(current) > limits.MAX_TEXT:
                raise text_too_long()
            self.current = current


def text_too_long() -> CellError:
    return CellError("err_cell_too_long", {"limit": f"{limits.MAX_TEXT:,}"})


def _forbid_dtd(name: str, system_id: str | None, public_id: str | None, _subset: bool) -> None:
    """No DTD, so no entity can be declared (a reference to an undeclared one is an error)."""
    raise DTDForbidden(name, system_id, public_id)


def _abnormal() -> CellError:
    return CellError("err_xlsx_markup")


def stream_part(archive: zipfile.ZipFile, name: str, part: Part, budget: Budget) -> Iterator[None]:
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
        while chunk := source.read(limits.CHUNK):
            parser.Parse(chunk, False)
            fed += len(chunk)
            if (
                part.elements > budget.left
                or fed - parser.CurrentByteIndex > limits.MAX_TOKEN_BYTES
            ):
                raise _abnormal()
            yield
    parser.Parse(b"", True)
    budget.left -= part.elements
    yield


def read_part(archive: zipfile.ZipFile, name: str, part: Part, budget: Budget) -> None:
    for _ in stream_part(archive, name, part, budget):
        pass


class Attributes(Part):
    """The attributes of every element named `wanted` (a small part's few elements)."""

    def __init__(self, *wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name in self.wanted:
            if len(self.found) >= limits.MAX_PACKAGE_ENTRIES:
                raise _abnormal()
            self.found.append((name, attrs))


class Texts(CollectedText):
    """The shared-string table: each <si>'s text as openpyxl gives it (its <t> and its runs'
    <t>, not the phonetic guide's), refused beyond MAX_SHARED_STRINGS strings."""

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.in_string = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name == T:
            self.collecting = self.in_string and not self.phonetic
        elif name == SI:
            if len(self.strings) >= limits.MAX_SHARED_STRINGS:
                raise CellError("err_xlsx_strings", {"limit": f"{limits.MAX_SHARED_STRINGS:,}"})
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


class Styles(Part):
    """Which cell formats (<cellXfs>' <xf>, by position) show dates or durations; more than
    MAX_CELL_FORMATS cell formats, cell style formats or number formats are refused."""

    def __init__(self) -> None:
        super().__init__()
        self.custom: dict[int, str] = {}
        self.cell_formats: list[int] = []
        self.in_cell_xfs = False
        self.other_formats = 0

    def _refuse(self) -> CellError:
        return CellError("err_xlsx_styles", {"limit": f"{limits.MAX_CELL_FORMATS:,}"})

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if name == XF:
            if self.in_cell_xfs:
                if len(self.cell_formats) >= limits.MAX_CELL_FORMATS:
                    raise self._refuse()
                self.cell_formats.append(int(attrs.get("numFmtId", 0)))
            else:
                self.other_formats += 1
                if self.other_formats > limits.MAX_CELL_FORMATS:
                    raise self._refuse()
        elif name == CELL_XFS:
            self.in_cell_xfs = True
        elif name == NUM_FMT:
            if len(self.custom) >= limits.MAX_CELL_FORMATS:
                raise self._refuse()
            code = attrs["formatCode"]
            # Excel's limit; openpyxl's date test is quadratic in a format's length
            if len(code) > limits.MAX_FORMAT_CODE:
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
