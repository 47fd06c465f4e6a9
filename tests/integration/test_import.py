"""Importing files: every class of bad input refused with its message and the database left
exactly as it was; the forms a careful person would accept; idempotent upserts with counts;
and the round trip export → import that changes nothing. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, inspect, select, text

import cli
from data_access.audit import audit_entries
from data_access.db import get_engine
from data_access.models import Dispute
from data_access.queries import record_counts
from data_access.tables import TABLES
from demo.street import load_demo
from importing import readers
from importing.service import (
    ImportResult,
    check_file,
    import_file,
    problem_lines,
    problems_frame,
)
from importing.templates import table_frame, template_bytes
from reports.exports import xlsx_bytes

ACTOR = "test:importer"
DISPUTE_HEADERS = [
    "案件编号",
    "社区",
    "登记日期",
    "纠纷类型",
    "来源",
    "状态",
    "化解层级",
    "办结日期",
    "是否重大",
    "涉及人数",
    "简要情况",
]
GOOD_DISPUTE = {
    "案件编号": "D-0101",
    "社区": "粤海门社区",
    "登记日期": "2026-09-03",
    "纠纷类型": "邻里纠纷",
    "来源": "网格排查",
    "状态": "已化解",
    "化解层级": "社区",
    "办结日期": "2026-09-10",
    "是否重大": "否",
    "涉及人数": "2",
    "简要情况": "噪音",
}


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows: list[list[Any]], merge: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def disputes(*changes: dict[str, Any], headers: list[str] = DISPUTE_HEADERS) -> list[list[Any]]:
    """A header row and one row per change applied to GOOD_DISPUTE (numbered D-0101, D-0102 …)."""
    rows: list[list[Any]] = [headers]
    for index, change in enumerate(changes):
        values = GOOD_DISPUTE | {"案件编号": f"D-{101 + index:04d}"} | change
        rows.append([values.get(header, "") for header in headers])
    return rows


def run(engine: Engine, table: str | None, name: str, data: bytes) -> ImportResult:
    return import_file(engine, name, data, table, actor=ACTOR)


def committed(result: ImportResult) -> dict[str, int]:
    assert result.committed, problem_lines(result, "zh")
    return result.counts()


@pytest.fixture
def street(engine: Engine) -> Engine:
    """Street YH with 粤海门社区 (YH01) and 大冲社区 (YH02), organisation O-1, dispute D-0001."""
    committed(
        run(engine, "streets", "s.csv", csv_bytes([["街道编码", "街道名称"], ["YH", "粤海街道"]]))
    )
    communities = [
        ["社区编码", "社区名称", "所属街道", "常住人口"],
        ["YH01", "粤海门社区", "粤海街道", "21500"],
        ["YH02", "大冲社区", "YH", "38600"],
    ]
    committed(run(engine, "communities", "c.csv", csv_bytes(communities)))
    organization = [
        ["组织编号", "组织名称", "社区", "组织类别", "发展阶段", "孵化平台", "入孵日期"],
        [
            "O-1",
            "粤海长者互助会",
            "YH01",
            "养老服务类",
            "培育孵化中",
            "街道级孵化中心",
            "2026-01-05",
        ],
    ]
    committed(run(engine, "organizations", "o.csv", csv_bytes(organization)))
    committed(run(engine, "disputes", "d.csv", csv_bytes(disputes({"案件编号": "D-0001"}))))
    return engine


def snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of every table (the audit log included), to prove nothing changed."""
    tables = sorted(name for name in inspect(engine).get_table_names() if name != "alembic_version")
    state = {}
    with engine.connect() as connection:
        for table in tables:
            rows = connection.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            state[table] = (len(rows), digest)
    return state


def merged_xlsx() -> bytes:
    return xlsx_file(disputes({}, {"社区": None}), merge="B2:B3")


def formula_xlsx() -> bytes:
    rows = disputes({})
    rows[1][DISPUTE_HEADERS.index("涉及人数")] = "=1+1"
    return xlsx_file(rows)


def zip_bomb() -> bytes:
    data = io.BytesIO(xlsx_file(disputes({})))
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    return data.getvalue()


def nul_after_4_kb() -> bytes:
    """The reader sniffs the first 4 KB for binary content; a NUL after them reaches the cells."""
    rows = disputes(*({"简要情况": "长" * 700} for _ in range(3)), {"案件编号": "T5-NUL\x003"})
    data = csv_bytes(rows)
    assert data.index(b"\0") > 4096
    return data


def xlsx_with(header: str, value: str) -> Callable[[], bytes]:
    """An XLSX file whose one cell holds `value` (openpyxl writes C1 controls and format
    characters; a cell cannot hold C0 controls other than tab and line breaks in XML)."""
    return lambda: xlsx_file(disputes({header: value}))


BadCase = tuple[str, str, Callable[[], bytes], int | None, str | None, str]

BAD_INPUTS: list[Any] = [
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"社区": "蛇口社区"})),
        2,
        "社区",
        "找不到这个社区",
        id="an_unknown_community",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"社区": "粤海"})),
        2,
        "社区",
        "找不到这个社区",
        id="a_community_name_that_is_only_similar",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"登记日期": "2026-02-30"})),
        2,
        "登记日期",
        "不是可识别的日期",
        id="an_impossible_date",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"登记日期": "9/3/2026"})),
        2,
        "登记日期",
        "不是可识别的日期",
        id="a_date_in_an_unaccepted_order",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"是否重大": "也许"})),
        2,
        "是否重大",
        "应填 是/否",
        id="a_boolean_that_is_neither",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"涉及人数": "两人"})),
        2,
        "涉及人数",
        "应为整数",
        id="a_count_that_is_not_a_number",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"涉及人数": "0"})),
        2,
        "涉及人数",
        "不能小于 1",
        id="a_count_below_its_minimum",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"纠纷类型": "吵架"})),
        2,
        "纠纷类型",
        "不是可选值之一：婚姻家庭纠纷",
        id="an_unknown_enumeration_label",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"案件编号": ""})),
        2,
        "案件编号",
        "必填",
        id="an_empty_required_cell",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"简要情况": "字" * 2001})),
        2,
        "简要情况",
        "内容过长（最多 2000 个字）",
        id="text_longer_than_its_column",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"办结日期": ""})),
        2,
        "办结日期",
        "状态为“已化解”时必须填写办结日期",
        id="closed_without_a_closing_date",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"办结日期": "2026/9/1"})),
        2,
        "办结日期",
        "办结日期早于登记日期（2026-09-03）",
        id="closed_before_reported",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"状态": "调处中", "办结日期": "2026-09-10"})),
        2,
        "办结日期",
        "状态为“调处中”时办结日期应为空",
        id="open_with_a_closing_date",
    ),
    pytest.param(
        "consultations",
        "c.csv",
        lambda: csv_bytes(
            [
                [
                    "议事编号",
                    "社区",
                    "议事日期",
                    "议事形式",
                    "议题",
                    "议题类别",
                    "是否达成共识",
                    "落实情况",
                ],
                ["C-1", "YH01", "2026-09-01", "居民议事会", "加装电梯", "加装电梯", "是", "已落实"],
            ]
        ),
        2,
        "落实日期",
        "落实情况为“已落实”时必须填写落实日期",
        id="implemented_without_a_date",
    ),
    pytest.param(
        "consultations",
        "c.csv",
        lambda: csv_bytes(
            [
                [
                    "议事编号",
                    "社区",
                    "议事日期",
                    "议事形式",
                    "议题",
                    "议题类别",
                    "是否达成共识",
                    "落实情况",
                ],
                ["C-1", "YH01", "2026-09-01", "居民议事会", "加装电梯", "加装电梯", "否", "落实中"],
            ]
        ),
        2,
        "落实情况",
        "未达成共识时落实情况应为“不适用”",
        id="implementation_without_consensus",
    ),
    pytest.param(
        "organizations",
        "o.csv",
        lambda: csv_bytes(
            [
                ["组织编号", "组织名称", "社区", "组织类别", "发展阶段", "孵化平台", "入孵日期"],
                ["O-2", "舞蹈队", "大冲", "文体健身类", "已注销", "无", "2025-01-01"],
            ]
        ),
        2,
        "停止/注销日期",
        "发展阶段为“已注销”时必须填写停止/注销日期",
        id="dissolved_without_an_end",
    ),
    pytest.param(
        "burden_items",
        "b.csv",
        lambda: csv_bytes(
            [
                [
                    "事项编号",
                    "社区",
                    "下派部门",
                    "事项名称",
                    "事项类型",
                    "清单属性",
                    "下派日期",
                    "处理结果",
                ],
                [
                    "B-1",
                    "YH01",
                    "区民政局",
                    "季度报表",
                    "报表台账",
                    "协助事项",
                    "2026-09-01",
                    "退回",
                ],
            ]
        ),
        2,
        "处理日期",
        "处理结果为“退回”时必须填写处理日期",
        id="returned_without_an_outcome_date",
    ),
    pytest.param(
        "org_activities",
        "a.csv",
        lambda: csv_bytes(
            [["活动编号", "组织编号", "活动日期", "活动名称"], ["A-1", "O-9", "2026-09-01", "义诊"]]
        ),
        2,
        "组织编号",
        "找不到这个组织编号",
        id="an_activity_of_an_unknown_organisation",
    ),
    pytest.param(
        "communities",
        "c.csv",
        lambda: csv_bytes(
            [
                ["社区编码", "社区名称", "所属街道", "常住人口"],
                ["NS01", "南山社区", "南山街道", "100"],
            ]
        ),
        2,
        "所属街道",
        "找不到这个街道",
        id="a_community_of_an_unknown_street",
    ),
    pytest.param(
        "communities",
        "c.csv",
        lambda: csv_bytes(
            [["社区编码", "社区名称", "所属街道", "常住人口"], ["YH09", "大冲社区", "YH", "100"]]
        ),
        2,
        "社区名称",
        "同一街道内已有社区（YH02）使用这个名称",
        id="a_community_name_taken",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({}, {"案件编号": "D-0101"})),
        3,
        "案件编号",
        "编号与第 2 行重复",
        id="a_duplicate_key_in_the_file",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({}) + [["D-0199"] + [""] * 10 + ["多余"]]),
        3,
        None,
        "第 12 列有内容但没有表头",
        id="a_value_without_a_header",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(
            disputes({}, headers=[h for h in DISPUTE_HEADERS if h not in ("登记日期", "状态")])
        ),
        None,
        None,
        "缺少必填列：登记日期、状态",
        id="required_columns_missing",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({}), encoding="utf-16"),
        None,
        None,
        "无法识别文件编码",
        id="an_encoding_neither_utf8_nor_gb18030",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: b"a\n" + b"x" * (20 * 1024 * 1024),
        None,
        None,
        "文件太大（20.0 MB），上限为 20.0 MB",
        id="a_file_over_the_upload_limit",
    ),
    pytest.param(
        "disputes",
        "d.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        None,
        None,
        "请上传 CSV 或 XLSX 文件",
        id="an_old_xls_file",
    ),
    pytest.param(
        "disputes",
        "d.xlsx",
        lambda: b"PK\x03\x04 broken",
        None,
        None,
        "XLSX 文件已损坏",
        id="a_damaged_xlsx",
    ),
    pytest.param(
        "disputes",
        "d.xlsx",
        formula_xlsx,
        2,
        "涉及人数",
        "单元格是公式（=1+1）",
        id="a_formula_cell",
    ),
    pytest.param(
        "disputes", "d.xlsx", merged_xlsx, None, None, "合并单元格（B2:B3）", id="merged_cells"
    ),
    pytest.param(
        "disputes", "d.xlsx", zip_bomb, None, None, "XLSX 文件解压后过大", id="a_zip_bomb"
    ),
    pytest.param(
        None,
        "x.csv",
        lambda: csv_bytes([["姓名", "电话"], ["张三", "13800000000"]]),
        None,
        None,
        "无法根据表头判断",
        id="headers_of_no_known_table",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes([DISPUTE_HEADERS]),
        None,
        None,
        "没有数据行",
        id="headers_only",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        nul_after_4_kb,
        5,
        "案件编号",
        "含有不可见的控制字符 U+0000（第 7 个字符）",
        id="a_nul_byte_after_the_first_4_kb",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"案件编号": "D-01\t01"})),
        2,
        "案件编号",
        "含有不可见的控制字符 U+0009（第 5 个字符）",
        id="a_tab_inside_a_case_number",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"社区": "粤海门\x1b[2J社区"})),
        2,
        "社区",
        "含有不可见的控制字符 U+001B（第 4 个字符）",
        id="an_escape_sequence_in_a_community",
    ),
    pytest.param(
        "disputes",
        "d.xlsx",
        xlsx_with("案件编号", "D-0\x7f101"),
        2,
        "案件编号",
        "含有不可见的控制字符 U+007F（第 4 个字符）",
        id="a_delete_character_in_an_xlsx_case_number",
    ),
    pytest.param(
        "disputes",
        "d.xlsx",
        xlsx_with("社区", "粤海门社区\x9b"),
        2,
        "社区",
        "含有不可见的控制字符 U+009B（第 6 个字符）",
        id="a_c1_control_in_an_xlsx_community",
    ),
    pytest.param(
        "disputes",
        "d.xlsx",
        xlsx_with("简要情况", "噪音\u202e音噪"),
        2,
        "简要情况",
        "含有不可见的控制字符 U+202E（第 3 个字符）",
        id="a_bidi_override_in_xlsx_free_text",
    ),
    pytest.param(
        "disputes",
        "d.xlsx",
        xlsx_with("简要情况", "楼上\u2028噪音"),
        2,
        "简要情况",
        "含有不可见的控制字符 U+2028（第 3 个字符）",
        id="a_line_separator_in_xlsx_free_text",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(
            disputes({}, headers=[*DISPUTE_HEADERS[:-1], DISPUTE_HEADERS[-1] + "\x1b"])
        ),
        None,
        None,
        "第 11 列的表头含有不可见的控制字符 U+001B（第 5 个字符）",
        id="a_control_character_in_a_header",
    ),
    pytest.param(
        "disputes",
        "d.csv",
        lambda: csv_bytes(disputes({"备注": "a\x08b"}, headers=[*DISPUTE_HEADERS, "备注"])),
        2,
        None,
        "“备注”列含有不可见的控制字符 U+0008（第 2 个字符）",
        id="a_control_character_in_a_column_that_is_ignored",
    ),
    pytest.param(
        "communities",
        "c.csv",
        lambda: csv_bytes(
            [["社区编码", "社区名称", "所属街道", "常住人口"], ["YH01", "大冲", "YH", "21500"]]
        ),
        2,
        "社区名称",
        "同一街道内已有社区（YH02）使用这个名称",
        id="a_rename_to_another_communitys_name_without_社区",
    ),
]


@pytest.mark.parametrize(("table", "name", "build", "row", "header", "message"), BAD_INPUTS)
def test_bad_input_is_refused_with_its_message_and_the_database_unchanged(
    street: Engine,
    table: str | None,
    name: str,
    build: Callable[[], bytes],
    row: int | None,
    header: str | None,
    message: str,
) -> None:
    before = snapshot(street)

    result = run(street, table, name, build())

    assert not result.committed
    report = problems_frame(result, "zh")
    matching = report[report["原因"].str.contains(message, regex=False)]
    assert not matching.empty, report.to_dict("records")
    expected_row = str(row) if row is not None else "（整个文件）"
    assert matching.iloc[0]["行号"] == expected_row
    assert matching.iloc[0]["列"] == (header or "")
    assert snapshot(street) == before


def test_too_many_rows_are_refused_and_nothing_is_written(
    street: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_ROWS", 2)
    before = snapshot(street)
    result = run(street, "disputes", "d.csv", csv_bytes(disputes({}, {}, {})))
    assert [problem.reason for problem in result.problems] == ["err_too_many_rows"]
    assert snapshot(street) == before


def test_one_bad_row_among_good_ones_writes_nothing_and_reports_every_bad_row(
    street: Engine,
) -> None:
    before = snapshot(street)
    rows = disputes({}, {"社区": "无名社区"}, {}, {"涉及人数": "-1"}, {})

    result = run(street, "disputes", "d.csv", csv_bytes(rows))

    assert [(problem.row, problem.column) for problem in result.problems] == [
        (3, "community"),
        (5, "parties"),
    ]
    assert snapshot(street) == before


def test_the_report_speaks_the_ui_language(street: Engine) -> None:
    result = run(street, "disputes", "d.csv", csv_bytes(disputes({"纠纷类型": "吵架"})))
    english = problems_frame(result, "en").to_dict("records")
    assert english == [
        {
            "Row": "2",
            "Column": "Category",
            "Value": "吵架",
            "Reason": "Not one of the choices: Marriage & family, Neighbours, Housing & plots, "
            "Contracts, Business operations, Damages, Land & forest, Expropriation & demolition, "
            "Pollution, Labour, Consumer, Medical, Road traffic, Property management, Other",
        }
    ]


def stored_dispute(engine: Engine, case_no: str) -> dict[str, Any]:
    names = [
        "community",
        "reported_on",
        "category",
        "source",
        "status",
        "level",
        "closed_on",
        "is_major",
        "parties",
        "summary",
    ]
    statement = select(*[getattr(Dispute, name) for name in names]).where(
        Dispute.case_no == case_no
    )
    with engine.connect() as connection:
        return dict(zip(names, connection.execute(statement).one(), strict=True))


def test_what_a_careful_person_writes_is_taken_from_a_gb18030_csv(street: Engine) -> None:
    rows = disputes(
        {
            "社区": "\u3000大冲\u200b",
            "登记日期": "2026年9月3日",
            "办结日期": "２０２６/9/10",
            "是否重大": "Y",
            "涉及人数": "１２",
            "简要情况": "䶮姓居民 =报修",
        },
        {
            "社区": "YH02",
            "登记日期": "2026/9/3",
            "状态": "调处中",
            "办结日期": "",
            "化解层级": "grid",
            "是否重大": "0",
            "来源": "hotline",
            "纠纷类型": "Neighbours",
        },
    )

    counts = committed(run(street, "disputes", "d.csv", csv_bytes(rows, encoding="gb18030")))

    assert counts == {"added": 2, "updated": 0, "unchanged": 0}
    assert stored_dispute(street, "D-0101") == {
        "community": "YH02",
        "reported_on": date(2026, 9, 3),
        "category": "neighbor",
        "source": "grid_patrol",
        "status": "resolved",
        "level": "community",
        "closed_on": date(2026, 9, 10),
        "is_major": True,
        "parties": 12,
        "summary": "䶮姓居民 =报修",
    }
    second = stored_dispute(street, "D-0102")
    assert (second["status"], second["closed_on"], second["level"], second["is_major"]) == (
        "open",
        None,
        "grid",
        False,
    )


def test_excel_date_cells_and_serials_and_numeric_cells_are_taken_from_xlsx(street: Engine) -> None:
    rows = disputes(
        {"登记日期": datetime(2026, 9, 3), "办结日期": 46275, "涉及人数": 3, "是否重大": True},
    )
    counts = committed(run(street, None, "d.xlsx", xlsx_file(rows)))
    assert counts == {"added": 1, "updated": 0, "unchanged": 0}
    stored = stored_dispute(street, "D-0101")
    assert (stored["reported_on"], stored["closed_on"], stored["parties"], stored["is_major"]) == (
        date(2026, 9, 3),
        date(2026, 9, 10),
        3,
        True,
    )


def test_english_headers_and_codes_are_taken_too(street: Engine) -> None:
    rows = [
        ["case_no", "Community", "Reported on", "category", "source", "status", "level"],
        ["D-0300", "YH01", "2026-09-03", "family", "hotline", "open", "grid"],
    ]
    assert committed(run(street, None, "d.csv", csv_bytes(rows)))["added"] == 1


def test_re_importing_changes_nothing_and_a_changed_row_updates_by_key(street: Engine) -> None:
    data = csv_bytes(disputes({}, {}))
    assert committed(run(street, "disputes", "d.csv", data)) == {
        "added": 2,
        "updated": 0,
        "unchanged": 0,
    }
    after_first = snapshot(street)

    assert committed(run(street, "disputes", "d.csv", data)) == {
        "added": 0,
        "updated": 0,
        "unchanged": 2,
    }
    assert snapshot(street) == after_first  # not even an audit entry

    changed = csv_bytes(disputes({}, {"涉及人数": "5"}))
    assert committed(run(street, "disputes", "d.csv", changed)) == {
        "added": 0,
        "updated": 1,
        "unchanged": 1,
    }
    assert stored_dispute(street, "D-0102")["parties"] == 5


def test_a_column_left_out_of_the_file_keeps_its_stored_values(street: Engine) -> None:
    committed(run(street, "disputes", "d.csv", csv_bytes(disputes({"简要情况": "保留"}))))
    without_summary = [header for header in DISPUTE_HEADERS if header != "简要情况"]
    rows = disputes({"涉及人数": "4"}, headers=without_summary)
    assert committed(run(street, "disputes", "d.csv", csv_bytes(rows)))["updated"] == 1
    assert stored_dispute(street, "D-0101")["summary"] == "保留"


def test_every_import_is_audited_with_who_what_before_and_after(street: Engine) -> None:
    committed(run(street, "disputes", "d.csv", csv_bytes(disputes({}))))
    committed(run(street, "disputes", "d2.csv", csv_bytes(disputes({"涉及人数": "7"}))))

    log = audit_entries(street, table="disputes")
    latest = log.iloc[:2][["actor", "action", "record_key", "before", "after"]].to_dict("records")
    assert latest == [
        {
            "actor": ACTOR,
            "action": "import_update",
            "record_key": "D-0101",
            "before": {"parties": 2},
            "after": {"parties": 7},
        },
        {"actor": ACTOR, "action": "import", "record_key": None, "before": None, "after": None},
    ]
    assert log.iloc[1]["detail"] == {
        "file": "d2.csv",
        "sheet": None,
        "rows": 1,
        "added": 0,
        "updated": 1,
        "unchanged": 0,
    }


def test_the_check_alone_counts_without_writing(street: Engine) -> None:
    before = snapshot(street)
    result = check_file(street, "d.csv", csv_bytes(disputes({}, {"案件编号": "D-0001"})), None)
    assert result.spec is TABLES["disputes"]
    assert result.counts() == {"added": 1, "updated": 0, "unchanged": 1}
    assert snapshot(street) == before


def test_an_empty_template_filled_in_imports(street: Engine) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes("disputes")))
    sheet = workbook["矛盾纠纷"]
    sheet.append([GOOD_DISPUTE[header] for header in DISPUTE_HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert committed(run(street, None, "filled.xlsx", buffer.getvalue()))["added"] == 1


def test_a_table_exported_to_xlsx_and_imported_back_changes_nothing(engine: Engine) -> None:
    load_demo(engine, seed=7, weeks=6, today=date(2026, 11, 18))
    before = snapshot(engine)
    counts = record_counts(engine)

    for table in TABLES:
        exported = xlsx_bytes({TABLES[table].title("zh"): table_frame(engine, table, "zh")})
        result = run(engine, table, f"{table}.xlsx", exported)
        assert result.counts() == {"added": 0, "updated": 0, "unchanged": counts[table]}, (
            table,
            problem_lines(result, "zh")[:5],
        )

    assert snapshot(engine) == before


def test_the_cli_imports_prints_counts_and_exits_0_1_or_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    streets = tmp_path / "streets.csv"
    streets.write_bytes(
        csv_bytes([["街道编码", "街道名称"], ["YH", "粤海街道"]], encoding="gb18030")
    )
    bad = tmp_path / "communities.xlsx"
    bad.write_bytes(
        xlsx_file(
            [["社区编码", "社区名称", "所属街道", "常住人口"], ["YH01", "粤海门社区", "南山", "x"]]
        )
    )

    assert cli.main(["import", "streets", str(streets)]) == 0
    assert "新增 1，更新 0，不变 0" in capsys.readouterr().out
    assert cli.main(["import", "streets", str(streets)]) == 0
    assert "新增 0，更新 0，不变 1" in capsys.readouterr().out

    assert cli.main(["import", "communities", str(bad), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "2 errors found; nothing was imported" in err
    assert "2 · Street 「南山」: No such street" in err
    assert "2 · Population 「x」: Should be a whole number" in err

    assert cli.main(["import", "communities", str(tmp_path / "missing.csv")]) == 2
    with pytest.raises(SystemExit) as usage:
        cli.main(["import", "people", str(streets)])
    assert usage.value.code == 2
    log = audit_entries(get_engine())
    assert set(log["actor"]) == {cli.cli_actor()}
    assert cli.cli_actor().startswith("cli:")


def test_free_text_keeps_its_tabs_and_line_breaks_where_a_code_may_not_hold_them(
    street: Engine,
) -> None:
    text = "楼上噪音\r\n第二次调解：\t已达成谅解"
    in_a_code = run(street, "disputes", "d.csv", csv_bytes(disputes({"化解层级": text})))
    in_free_text = run(street, "disputes", "d.csv", csv_bytes(disputes({"简要情况": text})))

    assert [(p.row, p.column, p.reason) for p in in_a_code.problems] == [
        (2, "level", "err_control_character")
    ]
    assert committed(in_free_text)["added"] == 1
    assert stored_dispute(street, "D-0101")["summary"] == text


def test_an_echoed_value_is_cut_at_50_characters_in_the_report_and_the_cli(
    street: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_number, long_header = "A" * 10_000, "B" * 10_000
    rows = disputes({"案件编号": long_number}, headers=[*DISPUTE_HEADERS, long_header])
    data = csv_bytes(rows)

    result = run(street, "disputes", "d.csv", data)

    [problem] = result.problems
    assert problem.reason == "err_text_too_long"
    assert problem.value == "A" * 50 + "…"
    assert result.plan is not None and result.plan.ignored_headers == ["B" * 50 + "…"]
    assert max(len(line) for line in problem_lines(result, "zh")) < 100
    assert set(problems_frame(result, "zh")["值"]) == {"A" * 50 + "…"}
    path = tmp_path / "d.csv"
    path.write_bytes(data)
    assert cli.main(["import", "disputes", str(path)]) == 1
    printed = capsys.readouterr()
    assert max(len(line) for line in (printed.out + printed.err).splitlines()) < 100


def test_the_error_report_of_a_value_with_control_characters_can_be_downloaded(
    street: Engine,
) -> None:
    """openpyxl refuses C0 controls in a cell: the echo shows them as code points instead."""
    rows = disputes({"案件编号": "D-01\x1b[2J"}, {"案件编号": "A" * 70 + "\x1b"})
    result = run(street, "disputes", "d.csv", csv_bytes(rows))
    report = problems_frame(result, "zh")

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"错误报告": report})))

    sheet = workbook.active
    assert sheet is not None
    assert [sheet.cell(row=row, column=3).value for row in (2, 3)] == [
        "D-01[U+001B][2J",
        "A" * 50 + "…",
    ]


def test_the_audit_log_keeps_an_uploaded_file_name_as_it_can_show_it(street: Engine) -> None:
    """The name comes from the browser: no NUL, no bidi override, no 5,000 characters."""
    for name in ("a\x00b\u202egnp.csv", "F" * 5_000 + ".csv"):
        committed(run(street, "disputes", name, csv_bytes(disputes({"涉及人数": str(len(name))}))))

    log = audit_entries(street, table="disputes")
    files = [entry["file"] for entry in log[log["action"] == "import"]["detail"]]

    assert files[:2] == ["F" * 255 + "…", "a[U+0000]b[U+202E]gnp.csv"]
