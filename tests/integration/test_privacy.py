"""Dispute summaries: who reads them masked, who may read one in full, and the audit entry that
every full reading leaves — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine

from data_access.audit import audit_entries
from data_access.principal import Principal
from data_access.privacy import (
    UNMASK_ACTION,
    SummaryRefused,
    masked_summaries,
    unmask_summary,
)
from data_access.records import add_record

ACTOR = "test"
TEXT = {
    "D-YH01": "居民张建国与邻居李秀英因漏水发生纠纷，电话13812345678",
    "D-YH02": "业主王小明反映噪音，身份证44030519800101123X",
}
MASKED = {
    "D-YH01": "居民张*与邻居李*因漏水发生纠纷，电话138****5678",
    "D-YH02": "业主王*反映噪音，身份证440305********123X",
}
ADMIN = Principal("a", "admin")
OWN = Principal("c", "community", ("YH01",))
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def street(engine: Engine) -> Engine:
    """Two communities with one dispute each, both with personal data in the summary."""
    add_record(engine, "streets", {"code": "YH", "name": "粤海街道"}, actor=ACTOR)
    for code, name in (("YH01", "粤海门社区"), ("YH02", "科技园社区")):
        add_record(
            engine, "communities", {"code": code, "name": name, "street_code": "YH"}, actor=ACTOR
        )
        case_no = f"D-{code}"
        add_record(
            engine,
            "disputes",
            {
                "case_no": case_no,
                "community": code,
                "reported_on": date(2026, 11, 2),
                "category": "neighbor",
                "source": "grid_patrol",
                "status": "open",
                "level": "grid",
                "parties": 2,
                "summary": TEXT[case_no],
            },
            actor=ACTOR,
        )
    return engine


def unmasked_entries(engine: Engine) -> list[tuple[str, str, object]]:
    entries = audit_entries(engine, table="dispute")
    chosen = entries[entries["action"] == UNMASK_ACTION]
    return list(zip(chosen["actor"], chosen["record_key"], chosen["detail"], strict=True))


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (ADMIN, MASKED),  # the admin reads every community's, masked
        (OWN, {"D-YH01": MASKED["D-YH01"]}),  # community staff their own only
        (Principal("l", "leader"), {}),  # leaders and viewers none at all
        (Principal("v", "viewer"), {}),
    ],
)
def test_masked_summaries_are_given_only_to_the_roles_that_may_read_them(
    street: Engine, principal: Principal, expected: dict[str, str]
) -> None:
    assert dict(masked_summaries(street, principal, ["D-YH01", "D-YH02", "D-none"])) == expected


def test_the_full_text_is_given_with_a_reason_and_the_reading_is_audited(street: Engine) -> None:
    assert unmask_summary(street, OWN, "D-YH01", "  回访当事人 ", now=NOW) == TEXT["D-YH01"]
    assert unmask_summary(street, ADMIN, "D-YH02", "核实调解情况", now=NOW) == TEXT["D-YH02"]
    assert sorted(unmasked_entries(street)) == [
        ("user:a", "D-YH02", {"reason": "核实调解情况"}),
        ("user:c", "D-YH01", {"reason": "回访当事人"}),
    ]


@pytest.mark.parametrize(
    ("principal", "case_no", "reason", "refusal"),
    [
        (OWN, "D-YH01", "   ", "summary_reason_needed"),  # no reason, no text
        (OWN, "D-YH02", "回访", "summary_refused"),  # another community's case
        (OWN, "D-none", "回访", "summary_refused"),  # the same answer for no such case
        (Principal("l", "leader"), "D-YH01", "回访", "summary_refused"),
        (Principal("v", "viewer"), "D-YH01", "回访", "summary_refused"),
    ],
)
def test_a_full_reading_not_allowed_is_refused_and_leaves_no_entry(
    street: Engine, principal: Principal, case_no: str, reason: str, refusal: str
) -> None:
    with pytest.raises(SummaryRefused) as refused:
        unmask_summary(street, principal, case_no, reason, now=NOW)
    assert refused.value.reason == refusal
    assert unmasked_entries(street) == []
