"""The import page's check of a batch (commit_batch with dry_run): the same plans as the write,
an activity naming an organisation that another file of the batch adds included, and nothing
written — not a record, not an audit entry — on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine

from importing.service import commit_batch, read_file
from tests.integration.test_import import csv_bytes, snapshot, street  # noqa: F401

ORGANISATION = [
    ["组织编号", "组织名称", "社区", "组织类别", "发展阶段", "孵化平台", "入孵日期"],
    ["O-2", "大冲读书会", "YH02", "文体健身类", "培育孵化中", "街道级孵化中心", "2026-03-01"],
]
ACTIVITY = [
    ["活动编号", "组织编号", "活动日期", "活动名称", "参与人数"],
    ["A-1", "O-2", "2026-03-15", "读书分享会", "18"],
]


def batch() -> list[tuple[str, object]]:
    # The activity first: the batch orders the files by table, as the write does.
    return [
        (name, read_file(name, csv_bytes(rows), None))
        for name, rows in (("activity.csv", ACTIVITY), ("organisation.csv", ORGANISATION))
    ]


def test_a_dry_run_checks_a_batch_as_a_whole_and_writes_nothing(
    street: Engine,  # noqa: F811
) -> None:
    before = snapshot(street)
    files = batch()

    checked = commit_batch(street, files, actor="test", dry_run=True)  # type: ignore[arg-type]

    assert [result.problems for result in checked] == [[], []]
    assert [result.counts()["added"] for result in checked] == [1, 1]
    assert not any(result.committed for result in checked)
    assert snapshot(street) == before
    written = commit_batch(street, batch(), actor="test")  # type: ignore[arg-type]
    assert all(result.committed for result in written)
    assert snapshot(street) != before
