"""Suggesting how a community's own 台账 maps onto a table (issue 19): six layouts built as real
forms are kept — other header words and order, a title row, a two-row header, a 合计 row and
their own words for choices — and each is mapped right, column by column and word by word."""

from __future__ import annotations

import pytest

from data_access.tables import TABLES
from importing.mapping import (
    Mapping,
    MappingError,
    apply_mapping,
    best_table,
    header_signature,
    suggest,
)
from importing.readers import Sheet, read_upload
from tests.taizhang import LAYOUTS, Layout

COMMUNITIES = ["YH01", "粤海门社区", "YH02", "大冲社区"]


def sheet_of(layout: Layout) -> Sheet:
    return read_upload(*layout.file())


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_column_of_each_layout_is_suggested_as_the_column_it_is(layout: Layout) -> None:
    proposal = suggest(TABLES[layout.table], sheet_of(layout), COMMUNITIES)
    assert {g.header: g.target for g in proposal.columns if g.target} == layout.targets()
    assert proposal.missing == []
    assert all(g.target is None for g in proposal.columns if g.header == "序号")


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_choice_word_of_each_layout_is_matched_to_its_code(layout: Layout) -> None:
    proposal = suggest(TABLES[layout.table], sheet_of(layout), COMMUNITIES)
    expected = {
        (column, word): code
        for column, words in layout.words.items()
        for code, word in words.items()
    }
    found = {(g.column, g.value): g.code for g in proposal.values}
    assert found == {key: code for key, code in expected.items() if key in found}
    assert {column for column, _ in found} == set(layout.words)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_the_table_of_an_unknown_file_is_found_from_its_headers_and_values(layout: Layout) -> None:
    found = best_table(sheet_of(layout), COMMUNITIES)
    assert found is not None and found.name == layout.table


def test_title_second_header_and_total_rows_are_skipped_and_named() -> None:
    layout = next(layout for layout in LAYOUTS if layout.groups)
    sheet = sheet_of(layout)
    assert sheet.headers == [header for header, _ in layout.columns]
    assert sheet.skipped == [(1, "title"), (3, "header"), (7, "total"), (8, "total")]
    assert [number for number, _ in sheet.rows] == [4, 5, 6]


def test_a_word_only_similar_to_a_label_is_proposed_but_not_applied_unconfirmed() -> None:
    sheet = Sheet(
        ["案件编号", "纠纷类别"], [(2, ["D1", "物业管理方面的矛盾"]), (3, ["D2", "邻里矛盾"])]
    )
    proposal = suggest(TABLES["disputes"], sheet)
    guesses = {guess.value: guess for guess in proposal.values}
    assert guesses["物业管理方面的矛盾"].code == "property"
    assert not guesses["物业管理方面的矛盾"].confirmed
    assert guesses["邻里矛盾"].confirmed
    unconfirmed = apply_mapping(sheet, proposal.mapping())
    assert [row for _, row in unconfirmed.rows] == [
        ["D1", "物业管理方面的矛盾"],
        ["D2", "neighbor"],
    ]
    accepted = apply_mapping(sheet, proposal.mapping(accept_similar=True))
    assert [row[1] for _, row in accepted.rows] == ["property", "neighbor"]


def test_columns_matching_nothing_are_ignored_and_unmatched_required_columns_named() -> None:
    sheet = Sheet(
        ["序号", "受理时间", "联系电话", "纠纷类别"], [(2, ["1", "2026-09-01", "138", "物业纠纷"])]
    )
    proposal = suggest(TABLES["disputes"], sheet)
    assert [guess.target for guess in proposal.columns] == [None, "reported_on", None, "category"]
    assert proposal.missing == ["case_no", "community", "source", "status", "level"]


def test_the_header_signature_ignores_order_width_and_spaces() -> None:
    assert header_signature(["受理时间", "纠纷类别"]) == header_signature(["纠纷 类别", "受理时间"])
    assert header_signature(["受理时间"]) != header_signature(["受理日期"])


def test_a_mapping_naming_a_column_or_code_that_does_not_exist_is_refused() -> None:
    with pytest.raises(MappingError):
        Mapping("disputes", {"受理时间": "received"}).check()
    with pytest.raises(MappingError):
        Mapping("disputes", {"类别": "category"}, {"category": {"物业": "estate"}}).check()
    with pytest.raises(MappingError):
        Mapping.from_json("{not json")
    kept = Mapping("disputes", {"受理时间": "reported_on"}, constants={"level": "社区"}, name="x")
    assert Mapping.from_json(kept.to_json()) == kept
