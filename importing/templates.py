"""XLSX import templates (one per table) and the export of a table in the import's own format.

The data sheet holds only the headers, so nothing is imported by mistake; the example row sits
on the instructions sheet with the rules of every column. Enumerations and booleans get
drop-down lists (from a hidden sheet of choices), date columns a date format.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from data_access.db import read_connection
from data_access.tables import (
    BOOL,
    COMMUNITY,
    DATE,
    ENUM,
    INT,
    KEY,
    NUMBER,
    ORG,
    STREET,
    TABLES,
    ColumnSpec,
    TableSpec,
)
from i18n import enum_label, enum_labels, t

TEMPLATE_ROWS = 5_000
REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")
OPTIONAL_FILL = PatternFill("solid", fgColor="EEEEEE")
CHOICES_SHEET = "choices"

EXAMPLES: dict[str, dict[str, Any]] = {
    "streets": {"code": "YH", "name": "粤海街道"},
    "communities": {
        "code": "YH01",
        "name": "粤海门社区",
        "street_code": "YH",
        "population": 21500,
        "households": 8200,
        "grids": 12,
    },
    "disputes": {
        "case_no": "YH01-2026-0001",
        "community": "粤海门社区",
        "reported_on": date(2026, 9, 3),
        "category": "neighbor",
        "source": "grid_patrol",
        "status": "resolved",
        "level": "community",
        "closed_on": date(2026, 9, 10),
        "is_major": False,
        "parties": 2,
        "summary": "楼上噪音扰民，经社区调解达成谅解",
    },
    "consultations": {
        "ref": "YH01-YS-2026-001",
        "community": "粤海门社区",
        "estate": "后海花园",
        "held_on": date(2026, 9, 5),
        "form": "estate_meeting",
        "topic": "小区加装电梯费用分摊",
        "topic_category": "elevator",
        "participants": 36,
        "consensus": True,
        "problems_solved": 1,
        "implementation": "in_progress",
        "implemented_on": None,
    },
    "organizations": {
        "org_no": "YH01-ZZ-001",
        "name": "粤海长者互助会",
        "community": "粤海门社区",
        "category": "elderly",
        "stage": "filed",
        "incubator": "street",
        "entered_on": date(2026, 3, 1),
        "filed_on": date(2026, 6, 1),
        "registered_on": None,
        "ended_on": None,
        "members": 25,
        "has_charter": True,
        "has_filing_form": True,
        "has_leader": True,
        "has_venue": False,
        "has_annual_plan": True,
        "has_annual_summary": False,
        "has_activity_log": True,
        "has_major_event_report": False,
    },
    "org_activities": {
        "ref": "YH01-HD-2026-001",
        "org_no": "YH01-ZZ-001",
        "held_on": date(2026, 9, 12),
        "title": "重阳节长者联谊会",
        "participants": 48,
    },
    "burden_items": {
        "ref": "YH01-JF-2026-001",
        "community": "粤海门社区",
        "department": "区民政局",
        "title": "养老服务季度统计报表",
        "kind": "report",
        "list_status": "assist",
        "approved": True,
        "funded": False,
        "assigned_on": date(2026, 9, 1),
        "due_on": date(2026, 9, 15),
        "hours": 4.5,
        "outcome": "accepted",
        "outcome_on": None,
    },
}


def cell_text(column: ColumnSpec, value: Any, lang: str) -> Any:
    """A stored value as a person types it in `lang`: labels for codes, 是/否 for booleans."""
    if value is None:
        return None
    if column.kind == ENUM:
        return enum_label(column.enum or column.name, value, lang)
    if column.kind == BOOL:
        return t("yes" if value else "no", lang)
    return value


def _rule(spec: TableSpec, column: ColumnSpec, lang: str) -> str:
    if column.kind == KEY:
        return t("template_rule_key", lang)
    if column.kind == INT:
        return t("template_rule_int", lang, minimum=int(column.minimum or 0))
    if column.kind == NUMBER:
        return t("template_rule_number", lang, minimum=f"{column.minimum or 0:g}")
    if column.kind == ENUM:
        choices = t("list_separator", lang).join(enum_labels(column.enum or "", lang).values())
        return t("template_rule_enum", lang, choices=choices)
    simple = {DATE: "date", BOOL: "bool", STREET: "street", COMMUNITY: "community", ORG: "org"}
    return t(f"template_rule_{simple.get(column.kind, 'text')}", lang)


def template_bytes(table: str, lang: str = "zh") -> bytes:
    """The XLSX template of `table`: headers, drop-downs, date formats and instructions."""
    spec = TABLES[table]
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = spec.title(lang)
    choices = workbook.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    bool_list = f'"{t("yes", lang)},{t("no", lang)}"'
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        header = data.cell(row=1, column=index, value=spec.header(column.name, lang))
        header.font = Font(bold=True)
        header.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        data.column_dimensions[letter].width = max(12, len(header.value or "") * 2.2)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
        validation = None
        if column.kind == ENUM:
            labels = list(enum_labels(column.enum or "", lang).values())
            choices.cell(row=1, column=index, value=column.name)
            for row, label in enumerate(labels, start=2):
                choices.cell(row=row, column=index, value=label)
            source = f"{CHOICES_SHEET}!${letter}$2:${letter}${len(labels) + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
        elif column.kind == BOOL:
            validation = DataValidation(type="list", formula1=bool_list, allow_blank=True)
        elif column.kind == DATE:
            for row in range(2, 202):
                data.cell(row=row, column=index).number_format = "yyyy-mm-dd"
            validation = DataValidation(type="date", operator="greaterThan", formula1="1")
        if validation is not None:
            validation.error = _rule(spec, column, lang)
            validation.showErrorMessage = True
            data.add_data_validation(validation)
            validation.add(cells)
    data.freeze_panes = "A2"
    _instructions(workbook, spec, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions(workbook: Workbook, spec: TableSpec, lang: str) -> None:
    sheet = workbook.create_sheet(t("template_instructions", lang), 1)
    sheet.append([t("template_intro", lang, sheet=spec.title(lang))])
    sheet.append([])
    sheet.append(
        [
            t(key, lang)
            for key in ("template_col_header", "template_col_required", "template_col_rule")
        ]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        required = t("template_required" if column.required else "template_optional", lang)
        sheet.append([spec.header(column.name, lang), required, _rule(spec, column, lang)])
    sheet.append([])
    sheet.append([t("template_rules_cross", lang), t(f"cross_{spec.name}", lang)])
    sheet.append([t("import_order_hint", lang)])
    sheet.append([])
    example = EXAMPLES[spec.name]
    start = sheet.max_row + 1
    sheet.append([spec.header(column.name, lang) for column in spec.columns])
    sheet.append([cell_text(column, example.get(column.name), lang) for column in spec.columns])
    for cell in sheet[start]:
        cell.font = Font(bold=True)
    for cell in sheet[start + 1]:
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 80


def table_frame(engine: Engine, table: str, lang: str = "zh") -> pd.DataFrame:
    """Every record of `table` as an import file holds it: headers and labels in `lang`."""
    spec = TABLES[table]
    model: Any = spec.model
    columns = [getattr(model, column.name) for column in spec.columns]
    with read_connection(engine) as connection:
        rows = connection.execute(select(*columns).order_by(model.id)).all()
    records = [
        [cell_text(column, value, lang) for column, value in zip(spec.columns, row, strict=True)]
        for row in rows
    ]
    headers = [spec.header(column.name, lang) for column in spec.columns]
    frame = pd.DataFrame(records, columns=headers, dtype=object)
    return frame
