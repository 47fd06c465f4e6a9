"""Reading uploads safely: encodings, text kept as text, formulas, merged cells, zip bombs,
bounds on size and rows, and the sheet a workbook holds its table in."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from data_access.importing import readers
from data_access.importing.readers import FileError, Formula, read_upload

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
    # 社区 in UTF-8 also decodes as GBK, as 绀惧尯 (PITFALLS.md): UTF-8 must be tried first.
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
        raise AssertionError("openpyxl opened a zip bomb")

    monkeypatch.setattr(readers.openpyxl, "load_workbook", must_not_open)
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


def test_openpyxl_parses_xml_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_an_xml_entity_expansion_bomb_in_a_workbook_is_refused_not_expanded() -> None:
    data = io.BytesIO(workbook_bytes([["a"], ["b"]]))
    sheet_path = "xl/worksheets/sheet1.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == sheet_path:
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
    assert "EntitiesForbidden" in causes  # defusedxml refused it; nothing was expanded
