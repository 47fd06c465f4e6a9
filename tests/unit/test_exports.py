"""Exports never hand a spreadsheet a live formula, and keep text as text."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from reports.exports import csv_bytes, neutralise, xlsx_bytes

DANGEROUS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_a_spreadsheet_would_run_is_prefixed_with_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["粤桂社区", "0755", "", 12, -3, 2.5, None, True])
def test_everything_else_is_left_as_it_is(value: object) -> None:
    assert neutralise(value) == value


def test_csv_starts_with_a_bom_and_holds_no_formula() -> None:
    rows = pd.DataFrame({"编号": ["A1", '=HYPERLINK("x")'], "人数": [-2, 3]})
    data = csv_bytes(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    # the formula is quoted as text; the negative number stays a number
    assert "'=HYPERLINK" in text
    assert "\n-2," not in text and ",-2" in text.replace("\r", "")


def test_xlsx_stores_dangerous_text_as_text_and_dates_as_dates() -> None:
    rows = pd.DataFrame(
        {
            "title": ["=cmd|' /C calc'!A0", "加装电梯"],
            "held_on": pd.to_datetime(["2026-09-03", "2026-09-04"]),
            "participants": [12, 30],
        }
    )
    workbook = load_workbook(io.BytesIO(xlsx_bytes({"议事": rows})))
    sheet = workbook["议事"]
    assert [cell.value for cell in sheet[1]] == ["title", "held_on", "participants"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["B2"].value.date() == date(2026, 9, 3)
    assert sheet["C3"].value == 30


def test_a_leading_zero_code_survives_both_formats() -> None:
    rows = pd.DataFrame({"code": ["0012"]})
    assert "0012" in csv_bytes(rows).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"s": rows})))["s"]
    assert sheet["A2"].value == "0012"
