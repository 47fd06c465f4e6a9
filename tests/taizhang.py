"""Six 台账 layouts as communities keep them, built at test time: their own header words,
column order, a title row, a two-row header, a 合计 row and their own words for choices.

Each layout holds records in our codes and renders them twice: as the community's file and as
the import template would hold the same records (our zh headers and labels)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import openpyxl

from data_access.tables import TABLES
from i18n import enum_label


@dataclass
class Layout:
    """A file layout: (file header, our column or None) in file order and per column the
    community's word for each code; `title`/`total`/`two_rows` add what real forms add."""

    name: str
    table: str
    columns: list[tuple[str, str | None]]
    words: dict[str, dict[str, str]]
    records: list[dict[str, Any]]
    title: str | None = None
    total: bool = False
    groups: dict[int, tuple[str, int]] = field(default_factory=dict)  # first index → (label, span)
    as_csv: bool = False
    date_form: str = "{y}-{m:02d}-{d:02d}"

    def cell(self, column: str | None, record: dict[str, Any], number: int) -> Any:
        if column is None:
            return number
        value = record.get(column)
        if column in self.words and value is not None:
            return self.words[column][value]
        if hasattr(value, "year"):
            return self.date_form.format(y=value.year, m=value.month, d=value.day)
        if isinstance(value, bool):
            return "是" if value else "否"
        return value

    def header_rows(self) -> list[list[Any]]:
        headers = [header for header, _ in self.columns]
        if not self.groups:
            return [headers]
        top: list[Any] = list(headers)
        below: list[Any] = [None] * len(headers)
        for first, (label, span) in self.groups.items():
            for index in range(first, first + span):
                below[index], top[index] = headers[index], None
            top[first] = label
        return [top, below]

    def rows(self) -> list[list[Any]]:
        rows: list[list[Any]] = [[self.title]] if self.title else []
        rows += self.header_rows()
        for number, record in enumerate(self.records, start=1):
            rows.append([self.cell(column, record, number) for _, column in self.columns])
        if self.total:
            rows.append(["合计", None, f"{len(self.records)}件"])
            rows.append(["填表人：张三", None, "审核人：李四"])
        return rows

    def file(self) -> tuple[str, bytes]:
        """The community's file (name, bytes)."""
        if self.as_csv:
            return f"{self.name}.csv", _csv(self.rows(), "gb18030")
        return f"{self.name}.xlsx", _xlsx(self.rows(), self._merges())

    def _merges(self) -> list[str]:
        width = len(self.columns)
        merges = [f"A1:{_letter(width)}1"] if self.title else []
        if self.groups:
            top = 2 if self.title else 1
            for index in range(width):
                group = next(
                    (g for g in self.groups.items() if g[0] <= index < g[0] + g[1][1]), None
                )
                if group is None:
                    merges.append(f"{_letter(index + 1)}{top}:{_letter(index + 1)}{top + 1}")
                elif group[0] == index:
                    last = _letter(index + group[1][1])
                    merges.append(f"{_letter(index + 1)}{top}:{last}{top}")
        return merges

    def targets(self) -> dict[str, str]:
        return {header: column for header, column in self.columns if column}

    def template(self) -> bytes:
        """The same records as the import template holds them: our headers and zh labels."""
        spec = TABLES[self.table]
        names = [column for _, column in self.columns if column]
        rows: list[list[Any]] = [[spec.header(name, "zh") for name in names]]
        for record in self.records:
            row = []
            for name in names:
                value, column = record.get(name), spec.column(name)
                if column.enum and value is not None:
                    value = enum_label(column.enum, value, "zh")
                elif isinstance(value, bool):
                    value = "是" if value else "否"
                elif hasattr(value, "isoformat"):
                    value = value.isoformat()
                row.append(value)
            rows.append(row)
        return _csv(rows, "utf-8-sig")


def _letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index)


def _csv(rows: list[list[Any]], encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [["" if value is None else value for value in row] for row in rows]
    )
    return buffer.getvalue().encode(encoding)


def _xlsx(rows: list[list[Any]], merges: list[str]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for reference in merges:
        sheet.merge_cells(reference)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _d(month: int, day: int) -> Any:
    from datetime import date

    return date(2026, month, day)


DISPUTES = [
    {
        "case_no": "YH01-2026-031",
        "community": "YH01",
        "reported_on": _d(9, 1),
        "category": "property",
        "source": "resident_visit",
        "status": "resolved",
        "level": "community",
        "closed_on": _d(9, 8),
        "is_major": False,
        "parties": 2,
        "summary": "物业费争议，经调解双方达成协议",
    },
    {
        "case_no": "YH01-2026-032",
        "community": "YH01",
        "reported_on": _d(9, 2),
        "category": "neighbor",
        "source": "grid_patrol",
        "status": "unresolved",
        "level": "street",
        "closed_on": _d(9, 15),
        "is_major": True,
        "parties": 5,
        "summary": "楼上漏水，引导诉讼",
    },
    {
        "case_no": "YH01-2026-033",
        "community": "YH02",
        "reported_on": _d(9, 4),
        "category": "family",
        "source": "hotline",
        "status": "open",
        "level": "community",
        "closed_on": None,
        "is_major": False,
        "parties": 3,
        "summary": "赡养费",
    },
]
CONSULTATIONS = [
    {
        "ref": "YS-2026-07",
        "community": "YH01",
        "estate": "海月花园",
        "held_on": _d(9, 5),
        "form": "estate_meeting",
        "topic": "加装电梯费用分摊",
        "topic_category": "elevator",
        "participants": 23,
        "consensus": True,
        "problems_solved": 1,
        "implementation": "done",
        "implemented_on": _d(9, 20),
    },
    {
        "ref": "YS-2026-08",
        "community": "YH02",
        "estate": "大冲新城",
        "held_on": _d(9, 9),
        "form": "joint_meeting",
        "topic": "地下车库停车收费",
        "topic_category": "parking",
        "participants": 12,
        "consensus": False,
        "problems_solved": 0,
        "implementation": "na",
        "implemented_on": None,
    },
]
BURDEN = [
    {
        "ref": "JF-2026-101",
        "community": "YH01",
        "department": "区民政局",
        "title": "养老服务统计表",
        "kind": "report",
        "list_status": "assist",
        "approved": True,
        "funded": False,
        "assigned_on": _d(9, 1),
        "due_on": _d(9, 10),
        "hours": 6.5,
        "outcome": "completed",
        "outcome_on": _d(9, 9),
    },
    {
        "ref": "JF-2026-102",
        "community": "YH01",
        "department": "区文明办",
        "title": "文明创建挂牌",
        "kind": "signboard",
        "list_status": "negative",
        "approved": False,
        "funded": False,
        "assigned_on": _d(9, 3),
        "due_on": None,
        "hours": 2.0,
        "outcome": "returned",
        "outcome_on": _d(9, 4),
    },
]
_COMMUNITY = {"YH01": "粤海门社区", "YH02": "大冲"}


def _named(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [record | {"community": _COMMUNITY[record["community"]]} for record in records]


LAYOUTS = [
    Layout(
        "yuehaimen_disputes",
        "disputes",
        [
            ("序号", None),
            ("纠纷编号", "case_no"),
            ("所属社区", "community"),
            ("受理时间", "reported_on"),
            ("纠纷类别", "category"),
            ("纠纷来源", "source"),
            ("调解结果", "status"),
            ("调处层级", "level"),
            ("办结时间", "closed_on"),
            ("涉及人数", "parties"),
            ("调处情况", "summary"),
        ],
        {
            "category": {"property": "物业管理纠纷", "neighbor": "邻里矛盾", "family": "婚姻家庭"},
            "source": {"resident_visit": "来访", "grid_patrol": "排查发现", "hotline": "12345"},
            "status": {"resolved": "调解成功", "unresolved": "调解不成", "open": "正在调解"},
            "level": {"community": "社区调委会", "street": "街道调委会"},
        },
        _named(DISPUTES),
        title="粤海门社区矛盾纠纷排查化解台账（2026年）",
        total=True,
        date_form="{y}年{m}月{d}日",
    ),
    Layout(
        "dachong_mediation",
        "disputes",
        [
            ("收案日期", "reported_on"),
            ("登记编号", "case_no"),
            ("矛盾类型", "category"),
            ("案件来源", "source"),
            ("办理状态", "status"),
            ("化解主体", "level"),
            ("结案日期", "closed_on"),
            ("是否重大", "is_major"),
            ("所在社区", "community"),
            ("简要案情", "summary"),
        ],
        {
            "category": {"property": "物业纠纷", "neighbor": "邻里纠纷", "family": "家庭纠纷"},
            "source": {"resident_visit": "群众来访", "grid_patrol": "网格上报", "hotline": "热线"},
            "status": {"resolved": "已办结", "unresolved": "调解失败", "open": "办理中"},
            "level": {"community": "社区", "street": "街道"},
        },
        DISPUTES,
        as_csv=True,
        date_form="{y}/{m}/{d}",
    ),
    Layout(
        "grid_two_row_header",
        "disputes",
        [
            ("序号", None),
            ("案号", "case_no"),
            ("社区", "community"),
            ("受理日期", "reported_on"),
            ("来源渠道", "source"),
            ("纠纷类型", "category"),
            ("调处结果", "status"),
            ("调处层级", "level"),
            ("办结日期", "closed_on"),
        ],
        {
            "category": {"property": "物业服务纠纷", "neighbor": "邻里关系", "family": "婚姻纠纷"},
            "source": {
                "resident_visit": "当事人申请",
                "grid_patrol": "主动排查",
                "hotline": "市民热线",
            },
            "status": {"resolved": "化解成功", "unresolved": "未调成", "open": "调解中"},
            "level": {"community": "社区调解", "street": "街道调解"},
        },
        _named(DISPUTES),
        title="矛盾纠纷排查化解台账",
        total=True,
        groups={3: ("受理情况", 2), 6: ("调处情况", 3)},
    ),
    Layout(
        "estate_consultations",
        "consultations",
        [
            ("序号", None),
            ("会议编号", "ref"),
            ("所在社区", "community"),
            ("小区名称", "estate"),
            ("会议时间", "held_on"),
            ("协商形式", "form"),
            ("议事主题", "topic"),
            ("事项类别", "topic_category"),
            ("参会人数", "participants"),
            ("是否形成共识", "consensus"),
            ("解决问题数", "problems_solved"),
            ("执行情况", "implementation"),
            ("完成时间", "implemented_on"),
        ],
        {
            "form": {"estate_meeting": "小区议事会", "joint_meeting": "四方联席会议"},
            "topic_category": {"elevator": "电梯加装", "parking": "停车难"},
            "implementation": {"done": "已完成", "na": "无需落实"},
        },
        _named(CONSULTATIONS),
        title="粤海街道协商议事台账（2026年9月）",
        total=True,
    ),
    Layout(
        "council_minutes",
        "consultations",
        [
            ("议事编号", "ref"),
            ("议事日期", "held_on"),
            ("社区名称", "community"),
            ("议事方式", "form"),
            ("议事内容", "topic"),
            ("问题类型", "topic_category"),
            ("达成共识", "consensus"),
            ("决议落实情况", "implementation"),
            ("落实时间", "implemented_on"),
        ],
        {
            "form": {"estate_meeting": "小区协商", "joint_meeting": "联席会"},
            "topic_category": {"elevator": "加装电梯", "parking": "停车"},
            "implementation": {"done": "落实完成", "na": "不适用"},
        },
        CONSULTATIONS,
        as_csv=True,
        date_form="{y}.{m}.{d}",
    ),
    Layout(
        "burden_returns",
        "burden_items",
        [
            ("序号", None),
            ("清单编号", "ref"),
            ("承接社区", "community"),
            ("交办部门", "department"),
            ("任务名称", "title"),
            ("事项类别", "kind"),
            ("清单类别", "list_status"),
            ("是否准入", "approved"),
            ("经费保障", "funded"),
            ("交办日期", "assigned_on"),
            ("办理时限", "due_on"),
            ("工时", "hours"),
            ("处理情况", "outcome"),
            ("处置日期", "outcome_on"),
        ],
        {
            "kind": {"report": "报表", "signboard": "挂牌子"},
            "list_status": {"assist": "协助", "negative": "负面清单"},
            "outcome": {"completed": "已办结", "returned": "已退回"},
        },
        _named(BURDEN),
        title="粤海门社区减负事项登记台账",
        total=True,
    ),
]
