"""Hostile workbooks, built at test time: small files that pass the zip-bomb checks and still
ask a naive reader for gigabytes (security issue 3).

The zip members are written directly (not through openpyxl, which would refuse or take as long
as the readers they attack), streamed into the archive a block at a time. The contents vary
enough that each member's compression ratio stays below the importer's limit, as an attacker's
would: these files are refused by what they hold, not by how well they compress.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterable, Iterator, Mapping

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
BLOCK = 100_000  # items per generated block
_DIGITS = bytes(ord("0") + byte % 10 for byte in range(256))

CONTENT_TYPES = (
    HEAD + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    + "".join(
        f'<Override PartName="/xl/{part}.xml" ContentType="{_SHEET_TYPES}.{kind}+xml"/>'
        for part, kind in (
            ("workbook", "sheet.main"),
            ("worksheets/sheet1", "worksheet"),
            ("styles", "styles"),
            ("sharedStrings", "sharedStrings"),
        )
    ).encode()
    + b"</Types>"
)
ROOT_RELS = (
    HEAD
    + f'<Relationships xmlns="{PACKAGE_REL}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'.encode()
)
WORKBOOK = (
    HEAD
    + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode()
)
WORKBOOK_RELS = (
    HEAD
    + f'<Relationships xmlns="{PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>".encode()
)
STYLES = (
    HEAD
    + f'<styleSheet xmlns="{MAIN}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs>'
    "</styleSheet>".encode()
)
STRINGS = HEAD + f'<sst xmlns="{MAIN}"><si><t>社区</t></si><si><t>粤海</t></si></sst>'.encode()
SHEET = (
    HEAD
    + f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    "</sheetData></worksheet>".encode()
)


def _items(count: int, before: str, after: str) -> Iterator[bytes]:
    """`count` items `before` + a random digit + `after`, a block at a time (the same digits
    on every run). str.join puts the digits between the markup at C speed."""
    rng = random.Random(count)
    for start in range(0, count, BLOCK):
        digits = rng.randbytes(min(BLOCK, count - start)).translate(_DIGITS).decode()
        yield (before + (after + before).join(digits) + after).encode()


def workbook(
    *,
    sheet: Iterable[bytes] = (SHEET,),
    styles: Iterable[bytes] = (STYLES,),
    strings: Iterable[bytes] = (STRINGS,),
    parts: Mapping[str, Iterable[bytes]] | None = None,
) -> bytes:
    """A one-sheet workbook whose sheet, styles and shared strings are streamed from blocks;
    `parts` adds members or replaces them (by name)."""
    members = {
        "[Content_Types].xml": (CONTENT_TYPES,),
        "_rels/.rels": (ROOT_RELS,),
        "xl/workbook.xml": (WORKBOOK,),
        "xl/_rels/workbook.xml.rels": (WORKBOOK_RELS,),
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": strings,
        "xl/worksheets/sheet1.xml": sheet,
        **(parts or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
        for name, blocks in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for block in blocks:
                    member.write(block)
    return buffer.getvalue()


def sheet_xml(data: str, after: str = "") -> bytes:
    """A worksheet whose <sheetData> holds `data` (rows, as XML text), then `after`."""
    return (
        HEAD
        + f'<worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData>{after}</worksheet>'.encode()
    )


def strings_xml(*items: str) -> bytes:
    """A shared-string table of `items`, each the XML inside one <si>."""
    return (
        HEAD + f'<sst xmlns="{MAIN}">{"".join(f"<si>{item}</si>" for item in items)}</sst>'.encode()
    )


def styles_xml(cell_formats: str, number_formats: str = "") -> bytes:
    """A stylesheet of `number_formats` (<numFmt>s) and `cell_formats` (<xf>s of <cellXfs>)."""
    return (
        HEAD
        + f'<styleSheet xmlns="{MAIN}"><numFmts>{number_formats}</numFmts>'
        f"<cellXfs>{cell_formats}</cellXfs></styleSheet>".encode()
    )


def one_wide_row(cells: int = 5_000_000) -> bytes:
    """One row of `cells` one-digit numbers (cells without coordinates, as the format allows):
    a 75 MB sheet in a ~4 MB file."""
    sheet = (
        HEAD + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode(),
        *_items(cells, "<c><v>", "</v></c>"),
        b"</row></sheetData></worksheet>",
    )
    return workbook(sheet=sheet)


def many_shared_strings(count: int = 3_700_000) -> bytes:
    """A sharedStrings.xml of `count` short texts (~85 MB) behind a two-cell sheet."""
    strings = (
        HEAD + f'<sst xmlns="{MAIN}"><si><t>社区</t></si><si><t>粤海</t></si>'.encode(),
        *_items(count - 2, "<si><t>文本", "</t></si>"),
        b"</sst>",
    )
    return workbook(strings=strings)


def many_styles(count: int = 3_000_000) -> bytes:
    """A styles.xml of `count` cell formats (`<xf/>`, ~54 MB) behind a two-cell sheet."""
    styles = (
        HEAD + f'<styleSheet xmlns="{MAIN}"><cellXfs count="{count}">'.encode(),
        *_items(count, '<xf numFmtId="', '"/>'),
        b"</cellXfs></styleSheet>",
    )
    return workbook(styles=styles)


HOSTILE = {
    "one_wide_row": one_wide_row,
    "many_shared_strings": many_shared_strings,
    "many_styles": many_styles,
}
