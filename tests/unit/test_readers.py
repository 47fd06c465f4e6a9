"""Reading uploads safely: encodings, text kept as text, formulas, merged cells, zip bombs,
bounds on size and rows, and the sheet a workbook holds its table in; the streaming XLSX
reader gives openpyxl's values and refuses what lies past its limits (security issue 3)."""

from __future__ import annotations

import io
import time
import warnings
import zipfile
from datetime import datetime

import openpyxl
import pytest

from importing import readers, xlsx_limits
from importing.readers import FileError, Formula, read_upload
from tests import hostile_xlsx

HEADER = "社区编码,社区名称,所属街道,常住人口\n"
ROWS = "YH01,粤海门社区,YH,21500\nYH02,䶮字社区,YH,00123\n"


def workbook_bytes(
    rows: list[list[object]], title: str = "Sheet", **extra: list[list[object]]
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, other in extra.items():
        more = workbook.create_sheet(name)
        for row in other:
            more.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_in_gb18030_reads_the_same(encoding: str) -> None:
    sheet = read_upload("c.csv", (HEADER + ROWS).encode(encoding))

    assert sheet.headers == ["社区编码", "社区名称", "所属街道", "常住人口"]
    assert sheet.rows == [
        (2, ["YH01", "粤海门社区", "YH", "21500"]),
        (3, ["YH02", "䶮字社区", "YH", "00123"]),  # a rare character, leading zeros kept
    ]


def test_utf8_text_is_never_taken_for_gbk() -> None:
    # 社区 in UTF-8 also decodes as GBK, as 绀惧尯: UTF-8 must be tried first.
    assert read_upload("c.csv", "社区\n粤海社区\n".encode()).rows == [(2, ["粤海社区"])]


def test_a_file_in_neither_utf8_nor_gb18030_is_refused_by_name() -> None:
    with pytest.raises(FileError) as refused:
        read_upload("c.csv", (HEADER + ROWS).encode("utf-16"))
    assert refused.value.reason == "err_encoding"


def test_blank_lines_are_skipped_but_rows_keep_the_numbers_a_person_sees() -> None:
    sheet = read_upload("c.csv", ("\n" + HEADER + "\n,,,\n" + ROWS).encode())
    assert [number for number, _ in sheet.rows] == [5, 6]


def test_a_quoted_line_break_stays_inside_its_row() -> None:
    sheet = read_upload("c.csv", 'a,b\n1,"第一行\n第二行"\n2,x\n'.encode())
    assert sheet.rows == [(2, ["1", "第一行\n第二行"]), (3, ["2", "x"])]


def test_xlsx_cells_keep_their_types_and_formulas_are_kept_as_formulas() -> None:
    data = workbook_bytes(
        [["编号", "日期", "人数", "链接"], ["A1", datetime(2026, 9, 3), 12, '=HYPERLINK("x")']]
    )
    sheet = read_upload("w.xlsx", data)
    assert sheet.rows == [(2, ["A1", datetime(2026, 9, 3), 12, Formula('=HYPERLINK("x")')])]


def test_merged_cells_are_refused_naming_their_range() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["编号", "社区"])
    sheet.append(["A1", "粤海"])
    sheet.append(["A2", None])
    sheet.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(FileError) as refused:
        read_upload("w.xlsx", buffer.getvalue())
    assert refused.value.reason == "err_merged_cells"
    assert refused.value.params == {"ranges": "B2:B3"}


def test_the_sheet_named_after_the_table_is_read_before_the_first() -> None:
    data = workbook_bytes([["说明"], ["请看第二页"]], title="说明", 矛盾纠纷=[["案件编号"], ["D1"]])
    assert read_upload("w.xlsx", data, sheet_names=("矛盾纠纷",)).rows == [(2, ["D1"])]
    assert read_upload("w.xlsx", data).rows == [(2, ["请看第二页"])]


def zip_bomb() -> bytes:
    """A valid workbook plus one member that inflates 1,000-fold (zeros)."""
    data = io.BytesIO(workbook_bytes([["a"], ["b"]]))
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    return data.getvalue()


def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_it_is_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def must_not_open(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the workbook of a zip bomb was opened")

    monkeypatch.setattr(readers, "Workbook", must_not_open)
    data = zip_bomb()
    assert len(data) < 100_000
    with pytest.raises(FileError) as refused:
        read_upload("bomb.xlsx", data)
    assert refused.value.reason == "err_xlsx_bomb"


def test_too_much_uncompressed_data_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED_BYTES", 1_000)
    with pytest.raises(FileError, match="err_xlsx_bomb"):
        read_upload("w.xlsx", workbook_bytes([["a"], ["b"]]))


def test_a_file_over_the_upload_limit_is_refused_with_both_sizes() -> None:
    with pytest.raises(FileError) as refused:
        read_upload("big.csv", b"a\n" + b"x" * readers.MAX_UPLOAD_BYTES)
    assert refused.value.reason == "err_file_too_large"
    assert refused.value.params["limit"] == "20.0 MB"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_rows_beyond_the_bound_are_refused(monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    rows = [["编号"], *[[f"A{index}"] for index in range(4)]]
    data = "\n".join(row[0] for row in rows).encode() if suffix == "csv" else workbook_bytes(rows)
    with pytest.raises(FileError) as refused:
        read_upload(f"w.{suffix}", data)
    assert refused.value.reason == "err_too_many_rows"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "err_file_type"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "err_xlsx_broken"),
        ("empty.csv", b"  \n\n", "err_file_empty"),
        ("picture.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "err_file_type"),
    ],
)
def test_what_is_not_a_csv_or_xlsx_file_is_refused(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(FileError) as refused:
        read_upload(name, data)
    assert refused.value.reason == reason


def test_a_workbook_that_is_a_zip_but_no_workbook_is_refused_as_broken() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(FileError, match="err_xlsx_broken"):
        read_upload("w.xlsx", data.getvalue())


@pytest.mark.parametrize(
    "part",
    [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    ],
)
def test_an_xml_entity_expansion_bomb_in_any_part_is_refused_not_expanded(part: str) -> None:
    data = io.BytesIO(hostile_xlsx.workbook())  # one with every part the reader reads
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        assert part in source.namelist()
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == part:
                doctype = (
                    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                )
                content = doctype + content.split(b"?>", 1)[-1]
            target.writestr(item, content)
    with pytest.raises(FileError, match="err_xlsx_broken") as refused:
        read_upload("w.xlsx", out.getvalue())
    causes = []
    cause: BaseException | None = refused.value
    while cause is not None:
        causes.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    # No DTD is read at all (defusedxml's refusal), so no entity can be declared or expanded.
    assert "DTDForbidden" in causes


# --- The streaming reader (security issue 3): openpyxl's values, memory bounded by the limits


def openpyxl_sheet(data: bytes) -> readers.Sheet:
    """What the reader gave before issue 3, when openpyxl read the workbook: the reference."""
    with warnings.catch_warnings():  # "no default style", "a date out of range" …
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
        sheet = workbook.worksheets[0]
        cells = sheet.iter_rows(max_row=readers.SHEET_ROW_LIMIT, max_col=readers.MAX_COLUMNS + 1)
        rows = [
            (
                number,
                [
                    Formula(str(getattr(c.value, "text", c.value)))
                    if c.data_type == "f"
                    else c.value
                    for c in row
                ],
            )
            for number, row in enumerate(cells, start=1)
        ]
        workbook.close()
    return readers._sheet_from_rows(rows, sheet.title)


EVERY_KIND = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="inlineStr"><is><t xml:space="preserve"> 日期 </t></is></c>'
    '<c r="D1" t="str"><v>数</v></c><c r="E1" t="s"><v>2</v></c><c r="F1" t="s"><v>3</v></c>'
    '<c r="G1" t="s"><v>4</v></c><c r="H1" t="s"><v>0</v></c></row>'
    '<row r="2"><c r="A2"><v>12</v></c><c r="B2"><v>2.5E3</v></c><c r="C2" s="1"><v>46268</v></c>'
    '<c r="D2" s="2"><v>46268.5</v></c><c r="E2" s="3"><v>1.25</v></c><c r="F2" t="b"><v>1</v></c>'
    '<c r="G2" t="e"><v>#N/A</v></c><c r="H2" s="1"><v>1e308</v></c></row>'
    '<row r="4"><c r="A4" t="d"><v>2026-09-03T00:00:00</v></c><c r="C4" s="4"><v>0.5</v></c>'
    '<c r="D4"><v></v></c><c r="E4" t="inlineStr"><is><r><t>粤</t></r><r><rPr><b/></rPr>'
    '<t>海</t></r><rPh sb="0" eb="1"><t>yue</t></rPh></is></c><c r="F4" s="1"><v>59</v></c></row>'
    '<row r="3"><c r="A3"><v>9</v></c></row>'
    '<row><c><v>7</v></c><c><v>8</v></c><c r="E5"><v>5</v></c><c r="E5"><v>6</v></c></row>'
    '<row r="8"><c r="A8"><f>SUM(A2:A5)</f><v>12</v></c>'
    '<c r="B8"><f t="shared" ref="B8:B9" si="0">A8*2</f><v>24</v></c>'
    '<c r="C8" t="str"><f t="array" ref="C8">"x"&amp;A1</f><v>x</v></c></row>'
    '<row r="9"><c r="A9" t="inlineStr"><is><t></t></is></c><c r="b9"><f t="shared" si="0"/>'
    '<v>0</v></c><c r="D9 " t="b"><v>0</v></c><c r="E9" s="3"><v>-1</v></c></row>'
)
EVERY_STRING = hostile_xlsx.strings_xml(
    "<t>社区</t>",
    "<r><t>社</t></r><r><rPr><sz val='11'/></rPr><t>区</t></r><rPh sb='0' eb='1'><t>she</t></rPh>",
    "<t>a_x005F_x000D_b</t>",
    "<t/>",
    "<t>链接</t>",
)
DATE_STYLES = hostile_xlsx.styles_xml(
    '<xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/><xf numFmtId="46"/>'
    '<xf numFmtId="20"/>',
    '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>',
)


@pytest.mark.parametrize("calendar", ["1900", "1904"])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(calendar: str) -> None:
    workbook_xml = hostile_xlsx.WORKBOOK
    if calendar == "1904":
        workbook_xml = workbook_xml.replace(b"<sheets>", b'<workbookPr date1904="1"/><sheets>')
    data = hostile_xlsx.workbook(
        sheet=(hostile_xlsx.sheet_xml(EVERY_KIND),),
        strings=(EVERY_STRING,),
        styles=(DATE_STYLES,),
        parts={"xl/workbook.xml": (workbook_xml,)},
    )
    expected = openpyxl_sheet(data)
    assert [number for number, _ in expected.rows] == [2, 4, 8, 9]  # 3 and 4 again: skipped

    sheet = read_upload("w.xlsx", data)

    assert sheet == expected
    assert [type(value).__name__ for value in sheet.rows[0][1][:6]] == [
        "int",
        "float",
        "datetime",
        "datetime",
        "timedelta",
        "bool",
    ]


def test_a_shared_formula_shows_its_own_cells_in_each_cell() -> None:
    data = hostile_xlsx.workbook(
        sheet=(hostile_xlsx.sheet_xml(EVERY_KIND),), strings=(EVERY_STRING,)
    )
    formulas = [
        value
        for _, values in read_upload("w.xlsx", data).rows
        for value in values
        if isinstance(value, Formula)
    ]
    assert [formula.text for formula in formulas] == ["=SUM(A2:A5)", "=A8*2", '="x"&A1', "=A9*2"]


def cells_in_a_row(count: int, *, value: str = "1", then: str = "") -> bytes:
    """A header row of `count` numeric cells (without references) and `then`, as a workbook."""
    row = f'<row r="1">{f"<c><v>{value}</v></c>" * count}{then}</row>'
    return hostile_xlsx.workbook(
        sheet=(hostile_xlsx.sheet_xml(row + '<row r="2"><c><v>2</v></c></row>'),)
    )


def refusal(data: bytes) -> FileError:
    with pytest.raises(FileError) as refused:
        read_upload("w.xlsx", data)
    return refused.value


def test_a_value_past_the_column_limit_is_refused_where_it_is_met() -> None:
    # openpyxl was asked for 101 columns: a value in column 150 alone was silently dropped
    far = '<c r="ET1"><v>9</v></c>'
    row = f'<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c>{far}</row>'
    data = hostile_xlsx.workbook(sheet=(hostile_xlsx.sheet_xml(row),))
    assert refusal(data).reason == "err_too_many_columns"
    assert refusal(cells_in_a_row(readers.MAX_COLUMNS + 1)).params == {"limit": readers.MAX_COLUMNS}


def test_empty_or_blank_cells_past_the_column_limit_are_ignored_as_before() -> None:
    blank = (
        '<c r="CZ1" s="1"/><c r="DA1" t="inlineStr"><is><t> </t></is></c>'
        '<c r="XFD1" t="str"><v></v></c>'
    )
    sheet = read_upload("w.xlsx", cells_in_a_row(readers.MAX_COLUMNS, then=blank))
    assert len(sheet.headers) == readers.MAX_COLUMNS
    assert sheet.rows == [(2, [2])]


def test_more_cells_than_a_sheet_may_hold_are_refused_as_they_are_met(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx_limits, "MAX_CELLS", 10)
    empty_formatted = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(3, 13))
    data = hostile_xlsx.workbook(
        sheet=(hostile_xlsx.sheet_xml('<row r="1"><c><v>1</v></c></row>' + empty_formatted),)
    )
    assert (refusal(data).reason, refusal(data).params) == ("err_too_many_cells", {"limit": "10"})
    monkeypatch.setattr(xlsx_limits, "MAX_CELLS", 11)  # the header's cell and 10 empty ones
    assert read_upload("w.xlsx", data).rows == []


def test_more_shared_strings_than_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_limits, "MAX_SHARED_STRINGS", 2)
    data = hostile_xlsx.workbook(
        strings=(hostile_xlsx.strings_xml("<t>社区</t>", "<t>粤海</t>", "<t>x</t>"),)
    )
    assert refusal(data).reason == "err_xlsx_strings"
    assert read_upload("w.xlsx", hostile_xlsx.workbook()).rows == [(2, ["粤海"])]  # two: read


def test_more_cell_formats_than_excel_allows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_limits, "MAX_CELL_FORMATS", 3)
    three = hostile_xlsx.styles_xml('<xf numFmtId="0"/>' * 3)
    assert read_upload("w.xlsx", hostile_xlsx.workbook(styles=(three,))).rows == [(2, ["粤海"])]
    four = hostile_xlsx.styles_xml('<xf numFmtId="0"/>' * 4)
    assert refusal(hostile_xlsx.workbook(styles=(four,))).reason == "err_xlsx_styles"


def test_a_number_format_longer_than_excel_allows_is_refused_as_broken() -> None:
    # openpyxl's date test on such a format is quadratic: "[" * 100_000 took minutes
    code = "[" * (xlsx_limits.MAX_FORMAT_CODE + 1)
    styles = hostile_xlsx.styles_xml(
        '<xf numFmtId="164"/>', f'<numFmt numFmtId="164" formatCode="{code}"/>'
    )
    assert refusal(hostile_xlsx.workbook(styles=(styles,))).reason == "err_xlsx_broken"


@pytest.mark.parametrize("place", ["shared", "inline"])
def test_a_text_longer_than_excel_allows_is_refused(place: str) -> None:
    text = "长" * (xlsx_limits.MAX_TEXT + 1)
    if place == "shared":
        data = hostile_xlsx.workbook(
            strings=(hostile_xlsx.strings_xml(f"<t>{text}</t>", "<t>x</t>"),)
        )
    else:
        runs = f"<r><t>{text[:10]}</t></r><r><t>{text[10:]}</t></r>"
        cell = f'<c r="A2" t="inlineStr"><is>{runs}</is></c>'
        data = hostile_xlsx.workbook(
            sheet=(
                hostile_xlsx.sheet_xml(f'<row r="1"><c><v>1</v></c></row><row r="2">{cell}</row>'),
            )
        )
    assert refusal(data).params == {"limit": "32,767"}
    assert refusal(data).reason == "err_cell_too_long"


def test_more_xml_elements_than_a_workbook_has_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_limits, "MAX_XML_ELEMENTS", 100)
    padding = hostile_xlsx.sheet_xml(
        '<row r="1"><c><v>1</v></c></row>', "<extLst>" + "<x/>" * 100 + "</extLst>"
    )
    assert refusal(hostile_xlsx.workbook(sheet=(padding,))).reason == "err_xlsx_markup"
    assert read_upload("w.xlsx", hostile_xlsx.workbook()).rows == [(2, ["粤海"])]


@pytest.mark.parametrize(
    "token",
    [
        "<!--"
        + "".join(f"<{n}>" for n in range(200_000))
        + "-->",  # expat keeps a token whole and rescans it per chunk:
        "<extLst " + " ".join(f'a{n}="1"' for n in range(200_000)) + "/>",  # minutes, gigabytes
    ],
)
def test_one_xml_token_longer_than_any_a_workbook_has_is_refused_early(token: str) -> None:
    data = hostile_xlsx.workbook(
        sheet=(hostile_xlsx.sheet_xml('<row r="1"><c><v>1</v></c></row>', token),)
    )
    began = time.perf_counter()
    assert refusal(data).reason == "err_xlsx_markup"
    assert time.perf_counter() - began < 2


def test_rows_past_the_last_row_of_a_sheet_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "SHEET_ROW_LIMIT", 3)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 6))
    data = hostile_xlsx.workbook(sheet=(hostile_xlsx.sheet_xml(rows),))
    assert read_upload("w.xlsx", data).rows == [(2, [2]), (3, [3])]


def test_many_merged_ranges_show_the_first_five_and_an_ellipsis() -> None:
    ranges = [f"B{2 * n}:B{2 * n + 1}" for n in range(1, 8)]
    cells = "".join(f'<mergeCell ref="{merged}"/>' for merged in ranges)
    merged = f'<mergeCells count="7">{cells}</mergeCells>'
    data = hostile_xlsx.workbook(
        sheet=(hostile_xlsx.sheet_xml('<row r="1"><c><v>1</v></c></row>', merged),)
    )
    assert refusal(data).params == {"ranges": "、".join(ranges[:5]) + " …"}


def test_a_chartsheet_is_passed_over_for_the_first_worksheet_and_refused_when_named() -> None:
    chart = hostile_xlsx.REL + "/chartsheet"
    workbook_xml = hostile_xlsx.WORKBOOK.replace(
        b"<sheets>", b'<sheets><sheet name="Chart1" sheetId="2" r:id="rId9"/>'
    )
    relations = hostile_xlsx.WORKBOOK_RELS.replace(
        b"</Relationships>",
        f'<Relationship Id="rId9" Type="{chart}" Target="chartsheets/sheet1.xml"/>'
        "</Relationships>".encode(),
    )
    data = hostile_xlsx.workbook(
        parts={
            "xl/workbook.xml": (workbook_xml,),
            "xl/_rels/workbook.xml.rels": (relations,),
            "xl/chartsheets/sheet1.xml": (
                f'<chartsheet xmlns="{hostile_xlsx.MAIN}"><sheetViews>'
                '<sheetView workbookViewId="0"/></sheetViews></chartsheet>'.encode(),
            ),
            "xl/chartsheets/_rels/sheet1.xml.rels": (
                f'<Relationships xmlns="{hostile_xlsx.PACKAGE_REL}"/>'.encode(),
            ),
        }
    )
    assert read_upload("w.xlsx", data) == openpyxl_sheet(data)
    assert read_upload("w.xlsx", data).sheet_name == "Sheet1"
    with pytest.raises(FileError, match="err_xlsx_broken"):
        read_upload("w.xlsx", data, sheet_names=("Chart1",))
