"""Remembered import mappings in the database (issue 19): saved under a name with the file's
header signature, found again by it, audited, version-checked, and scoped like the account that
saved them — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from data_access.accounts import AccountError
from data_access.audit import audit_entries
from data_access.import_mappings import (
    mapping_for_signature,
    mapping_named,
    mappings_for,
    save_mapping,
)
from data_access.principal import Principal
from data_access.records import StaleRecord

ADMIN = Principal("root", "admin")
LEADER = Principal("zhang", "leader")
VIEWER = Principal("li", "viewer")
YH01 = Principal("yh01", "community", ("YH01",))
YH02 = Principal("yh02", "community", ("YH02",))
BOTH = Principal("yh12", "community", ("YH01", "YH02"))
JSON = '{"table": "disputes", "columns": {"编号": "ref"}}'


def save(engine: Engine, principal: Principal, **overrides: object):  # type: ignore[no-untyped-def]
    values: dict = {
        "name": "粤海门社区 纠纷台账",
        "table": "disputes",
        "signature": "abc123",
        "mapping_json": JSON,
    } | overrides
    return save_mapping(engine, principal, **values)


def test_a_saved_mapping_is_found_by_its_header_signature_and_audited(engine: Engine) -> None:
    saved = save(engine, YH01, name="  粤海门社区 纠纷台账 ")
    assert (saved.name, saved.communities, saved.version) == ("粤海门社区 纠纷台账", ("YH01",), 1)
    found = mapping_for_signature(engine, YH01, "abc123")
    assert found is not None and found.mapping_json == JSON and found.table == "disputes"
    assert mapping_for_signature(engine, YH01, "abc123", "consultations") is None
    assert mapping_for_signature(engine, YH01, "other") is None
    entries = audit_entries(engine, table="import_mappings")
    assert list(zip(entries["action"], entries["actor"], strict=True)) == [("add", "user:yh01")]
    assert entries["after"].iloc[0]["communities"] == "YH01"


def test_a_community_account_sees_only_mappings_made_for_its_communities(engine: Engine) -> None:
    save(engine, YH01)
    save(engine, BOTH, name="两社区")
    save(engine, ADMIN, name="街道通用", signature="street")
    assert mapping_for_signature(engine, YH02, "abc123") is None
    assert mapping_named(engine, YH02, "粤海门社区 纠纷台账") is None
    assert [m.name for m in mappings_for(engine, YH02)] == ["街道通用"]
    assert [m.name for m in mappings_for(engine, YH01)] == ["粤海门社区 纠纷台账", "街道通用"]
    assert [m.name for m in mappings_for(engine, BOTH)] == [
        "两社区",
        "粤海门社区 纠纷台账",
        "街道通用",
    ]
    assert len(mappings_for(engine, ADMIN)) == 3
    assert mapping_for_signature(engine, YH02, "street") is not None
    assert mappings_for(engine, LEADER) == [] and mappings_for(engine, VIEWER) == []


def test_the_accounts_own_mapping_wins_over_one_for_every_community(engine: Engine) -> None:
    save(engine, ADMIN, name="街道通用")
    save(engine, YH01, name="自己的")
    assert mapping_for_signature(engine, YH01, "abc123").name == "自己的"  # type: ignore[union-attr]
    assert mapping_for_signature(engine, YH02, "abc123").name == "街道通用"  # type: ignore[union-attr]


def test_a_taken_name_is_refused_and_an_update_needs_the_version_it_loaded(
    engine: Engine,
) -> None:
    first = save(engine, YH01)
    with pytest.raises(AccountError) as taken:
        save(engine, YH01)
    assert taken.value.reason == "err_mapping_name_taken"
    assert save(engine, YH02).communities == ("YH02",)  # the same name in another scope
    changed = save(engine, YH01, signature="def456", version=first.version)
    assert (changed.id, changed.version, changed.signature) == (first.id, 2, "def456")
    with pytest.raises(StaleRecord):
        save(engine, YH01, signature="ghi789", version=first.version)
    entries = audit_entries(engine, table="import_mappings")
    edits = entries[entries["action"] == "edit"]
    assert list(edits["after"]) == [{"signature": "def456"}]


@pytest.mark.parametrize("principal", [LEADER, VIEWER], ids=["leader", "viewer"])
def test_accounts_that_import_nothing_cannot_save_a_mapping(
    engine: Engine, principal: Principal
) -> None:
    with pytest.raises(AccountError) as refused:
        save(engine, principal)
    assert refused.value.reason == "err_mapping_role"


def test_an_empty_name_is_refused(engine: Engine) -> None:
    with pytest.raises(AccountError) as refused:
        save(engine, ADMIN, name="   ")
    assert refused.value.reason == "err_mapping_name_required"
