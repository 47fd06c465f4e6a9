"""Importing one file, as the CLI and the import page do it: read, detect, check, commit."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from data_access.characters import echo
from data_access.db import DatabaseUnavailable, read_connection, run_write, unavailable_reason
from data_access.record_checks import Lookups, Problem
from data_access.tables import TABLES, TableSpec
from i18n import t
from importing.commit import apply_plan
from importing.headers import detect_table
from importing.mapping import Mapping, MappingError, Suggestion, apply_mapping, best_table, suggest
from importing.readers import FileError, Sheet, read_upload
from importing.validate import Plan, Progress, plan_import

FILE_NAME_LIMIT = 255  # the longest file name most file systems allow


@dataclass
class ImportResult:
    """What became of a file: its table, its rows, and the plan (counts or problems)."""

    spec: TableSpec | None
    sheet: Sheet | None = None
    plan: Plan | None = None
    file_problems: list[Problem] = field(default_factory=list)
    committed: bool = False

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + (self.plan.problems if self.plan else [])

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return self.plan.counts() if self.plan else {"added": 0, "updated": 0, "unchanged": 0}


class ImportRejected(Exception):
    """Raised inside the write transaction so that it rolls back; carries the problems."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(f"{len(plan.problems)} problems")
        self.plan = plan


def read_file(
    name: str, data: bytes, table: str | None, mapping: Mapping | None = None
) -> ImportResult:
    """The file's rows and its table (given, or detected from the headers); with a confirmed
    `mapping`, the rows as the template would hold them (importing.mapping.apply_mapping)."""
    table = mapping.table if mapping is not None else table
    spec = TABLES[table] if table else None
    try:
        sheet = read_upload(name, data, sheet_names=spec.sheet_names() if spec else ())
        if mapping is not None:
            sheet = apply_mapping(sheet, mapping)
    except (FileError, MappingError) as error:
        return ImportResult(
            spec, file_problems=[Problem(None, None, "", error.reason, dict(error.params))]
        )
    if spec is None:
        spec = detect_table(sheet.headers)
        if spec is None:
            return ImportResult(
                None, sheet, file_problems=[Problem(None, None, "", "err_unknown_table")]
            )
    return ImportResult(spec, sheet)


def community_words(engine: Engine, scope: Collection[str] | None = None) -> list[str]:
    """The codes and names of the communities a file may name (values are sniffed for them)."""
    with read_connection(engine) as connection:
        lookups = Lookups.load(connection, scope)
    return [*lookups.community_codes, *lookups.communities]


def suggest_file(
    engine: Engine,
    name: str,
    data: bytes,
    table: str | None,
    *,
    scope: Collection[str] | None = None,
) -> tuple[ImportResult, Suggestion | None]:
    """Read a file and propose its mapping (its table detected from headers and values when
    not given); the result carries the file's problems when it cannot be read."""
    result = read_file(name, data, table)
    if result.sheet is None:
        return result, None
    words = community_words(engine, scope)
    spec = result.spec or best_table(result.sheet, words)
    if spec is None:
        return result, None
    result.spec, result.file_problems = spec, []
    return result, suggest(spec, result.sheet, words)


def check_file(
    engine: Engine,
    name: str,
    data: bytes,
    table: str | None,
    progress: Progress | None = None,
    *,
    scope: Collection[str] | None = None,
    mapping: Mapping | None = None,
) -> ImportResult:
    """Read and check a file without writing anything: the preview and its counts.

    `scope`: the communities the importer may change (None: all, master data included); a
    row outside it is refused (`plan_import`).
    """
    result = read_file(name, data, table, mapping)
    if result.spec is None or result.sheet is None or result.file_problems:
        return result
    with read_connection(engine) as connection:
        result.plan = plan_import(connection, result.spec, result.sheet, progress, scope=scope)
    return result


def commit_file(
    engine: Engine,
    result: ImportResult,
    *,
    actor: str,
    file_name: str,
    progress: Progress | None = None,
    scope: Collection[str] | None = None,
) -> ImportResult:
    """Check `result`'s rows again inside one write transaction and write them, or nothing."""
    if result.spec is None or result.sheet is None or result.file_problems:
        return result
    spec, sheet = result.spec, result.sheet

    def write(session: Session) -> Plan:
        plan = plan_import(session.connection(), spec, sheet, progress, scope=scope)
        if not plan.is_valid:
            raise ImportRejected(plan)
        # The name comes from the browser: kept as the log can show it (code points, 255 chars).
        shown_name = echo(file_name, limit=FILE_NAME_LIMIT)
        detail = {"file": shown_name, "sheet": sheet.sheet_name, "rows": plan.total} | plan.counts()
        if plan.adds or plan.updates:
            apply_plan(session, plan, actor=actor, detail=detail)
        return plan

    try:
        plan = run_write(engine, write)  # planned again after a race: counts stay true
    except ImportRejected as rejected:
        result.plan = rejected.plan
        return result
    except DatabaseUnavailable as error:
        result.plan = Plan(spec=spec, problems=[Problem(None, None, "", error.reason)])
        return result
    except (IntegrityError, StaleDataError, DBAPIError) as error:
        reason = unavailable_reason(error)
        if reason is not None:
            result.plan = Plan(spec=spec, problems=[Problem(None, None, "", reason)])
            return result
        detail_text = str(getattr(error, "orig", error) or error).splitlines()[0][:200]
        result.plan = plan_import_failed(spec, detail_text)
        return result
    result.plan = plan
    result.committed = True
    return result


def plan_import_failed(spec: TableSpec, detail: str) -> Plan:
    return Plan(spec=spec, problems=[Problem(None, None, "", "err_database", {"detail": detail})])


def import_file(
    engine: Engine,
    name: str,
    data: bytes,
    table: str | None,
    *,
    actor: str,
    progress: Progress | None = None,
    scope: Collection[str] | None = None,
    mapping: Mapping | None = None,
) -> ImportResult:
    """Read, check and write a file in one go (the CLI's path; `scope` as for `check_file`)."""
    result = read_file(name, data, table, mapping)
    return commit_file(engine, result, actor=actor, file_name=name, progress=progress, scope=scope)


def problem_rows(result: ImportResult, lang: str) -> list[dict[str, object]]:
    """The error report: row as counted, column header, value, reason — all in `lang`."""
    spec = result.spec
    return [
        {
            t("report_row", lang): problem.row
            if problem.row is not None
            else t("report_file", lang),
            t("report_column", lang): problem.column_header(lang, spec),
            t("report_value", lang): problem.value,
            t("report_reason", lang): problem.message(lang, spec),
        }
        for problem in result.problems
    ]


def problems_frame(result: ImportResult, lang: str) -> pd.DataFrame:
    columns = [
        t(key, lang) for key in ("report_row", "report_column", "report_value", "report_reason")
    ]
    frame = pd.DataFrame(problem_rows(result, lang), columns=columns)
    frame[columns[0]] = frame[columns[0]].astype(str)
    return frame


def skipped_line(skipped: list[tuple[int, str]], lang: str) -> str:
    """Which rows were skipped as title, second header or total rows, for the report."""
    separator = t("list_separator", lang)
    rows = separator.join(str(number) for number, _ in skipped)
    kinds = separator.join(dict.fromkeys(t(f"skip_{kind}", lang) for _, kind in skipped))
    return t("import_skipped_rows", lang, rows=rows, kinds=kinds)


def problem_lines(result: ImportResult, lang: str) -> list[str]:
    """The error report as text lines, for the command line."""
    lines = []
    for row in problem_rows(result, lang):
        number, column, value, reason = row.values()
        place = " · ".join(str(part) for part in (number, column) if part not in ("", None))
        shown = f" 「{value}」" if value else ""
        lines.append(f"{place}{shown}: {reason}")
    return lines


class BatchRejected(Exception):
    """Raised inside the batch's write transaction so that it rolls back; carries the plans."""

    def __init__(self, plans: dict[int, Plan]) -> None:
        super().__init__("a file of the batch is invalid")
        self.plans = plans


def commit_batch(
    engine: Engine,
    files: list[tuple[str, ImportResult]],
    *,
    actor: str,
    progress: Progress | None = None,
    scope: Collection[str] | None = None,
    dry_run: bool = False,
) -> list[ImportResult]:
    """A week's returns at once: every file checked again and written in ONE transaction, in
    the tables' import order (a file may reference what an earlier one adds) — all files or
    none. Each result gets its plan; `committed` is set on all of them or on none.
    `dry_run`: the same checks and counts, the transaction always rolled back (the import
    page's check before its confirmation: an activity may name an organisation another file
    of the batch adds, which a check file by file would refuse)."""
    results = [result for _, result in files]
    if any(r.spec is None or r.sheet is None or r.file_problems for r in results):
        return results
    order = sorted(range(len(files)), key=lambda i: list(TABLES).index(results[i].spec.name))  # type: ignore[union-attr]
    rows = sum(len(r.sheet.rows) for r in results if r.sheet) or 1
    done_before = [0]

    def step(done: int, _total: int) -> None:
        if progress:
            progress(min(done_before[0] + done, rows), rows)

    def write(session: Session) -> dict[int, Plan]:
        plans: dict[int, Plan] = {}
        done_before[0] = 0
        for index in order:
            name, result = files[index]
            assert result.spec is not None and result.sheet is not None
            plan = plan_import(session.connection(), result.spec, result.sheet, step, scope=scope)
            done_before[0] += len(result.sheet.rows)
            plans[index] = plan
            if plan.is_valid and (plan.adds or plan.updates):
                detail = {"file": echo(name, limit=FILE_NAME_LIMIT), "rows": plan.total}
                apply_plan(session, plan, actor=actor, detail=detail | plan.counts())
        if dry_run or any(not plan.is_valid for plan in plans.values()):
            raise BatchRejected(plans)
        return plans

    try:
        plans = run_write(engine, write)
    except BatchRejected as rejected:
        plans = rejected.plans
    except DatabaseUnavailable as error:
        for result in results:
            result.plan = Plan(spec=result.spec, problems=[Problem(None, None, "", error.reason)])  # type: ignore[arg-type]
        return results
    for index, result in enumerate(results):
        result.plan = plans[index]
        result.committed = not dry_run and all(plan.is_valid for plan in plans.values())
    return results
