"""`streetdash evaluate`: the JSON of docs/metrics.md (exactly its keys, counted by hand on a
small street), the table with the reading in words, a saved reform by name, the default
comparison (the rest of the treated communities' street, not another street), and refusals."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import insert

import cli
from data_access.db import get_engine, write_session
from data_access.models import Community, Dispute, Street
from data_access.principal import Principal
from data_access.reforms import save_reform
from tests import builders

TODAY = date(2026, 11, 18)  # a Wednesday: the last complete week ends on Sunday 2026-11-15
START = date(2026, 9, 7)  # a Monday, 10 complete weeks before that Sunday
BEFORE = START - timedelta(weeks=4)  # with --weeks 4: 2026-08-10 .. 2026-09-06
# (community, category, before, after): property disputes fall 40 -> 10 in YH01 and YH02 and
# 40 -> 36 in the rest of street YH; family disputes and street NS must not count.
COUNTS = [
    ("YH01", "property", 24, 6),
    ("YH02", "property", 16, 4),
    ("YH03", "property", 20, 18),
    ("YH04", "property", 20, 18),
    ("YH01", "family", 0, 30),
    ("NS01", "property", 50, 0),
]
QUESTION = ["evaluate", "--start", "2026-09-07", "--community", "YH01", "YH02",
            "--category", "property", "--weeks", "4"]  # fmt: skip


@pytest.fixture
def street(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)
    assert cli.main(["migrate"]) == 0
    disputes = []
    for community, category, before, after in COUNTS:
        for index in range(before):  # spread over the four weeks before the start
            day = BEFORE + timedelta(days=index % 28)
            disputes.append(
                builders.dispute(community=community, category=category, reported_on=day)
            )
        for index in range(after):
            day = START + timedelta(days=(index * 3) % 28)
            disputes.append(
                builders.dispute(community=community, category=category, reported_on=day)
            )
    with write_session(get_engine()) as session:
        session.execute(insert(Street), [{"code": "YH", "name": "粤海街道"},
                                         {"code": "NS", "name": "南山街道"}])  # fmt: skip
        session.execute(
            insert(Community),
            [
                builders.community(code=code, name=name, street_code=code[:2])
                for code, name in (
                    ("YH01", "粤海门社区"),
                    ("YH02", "大冲社区"),
                    ("YH03", "科技园社区"),
                    ("YH04", "高新社区"),
                    ("NS01", "南山社区"),
                )
            ],  # fmt: skip
        )
        session.execute(insert(Dispute), disputes)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_json_holds_exactly_the_documented_keys_with_the_counts_by_hand(
    street: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*QUESTION, "--format", "json"], capsys)
    assert code == 0
    printed = json.loads(out)
    assert list(printed) == [
        "figure", "categories", "weeks", "before", "after", "treated", "comparison", "ratio",
        "ci_low", "ci_high", "reading", "by_community", "weekly",
    ]  # fmt: skip
    assert (printed["figure"], printed["categories"], printed["weeks"]) == (
        "disputes_new",
        ["property"],
        4,
    )
    assert printed["before"] == {"start": "2026-08-10", "end": "2026-09-06"}
    assert printed["after"] == {"start": "2026-09-07", "end": "2026-10-04"}
    assert printed["treated"] == {"communities": ["YH01", "YH02"], "before": 40, "after": 10,
                                  "change": -0.75}  # fmt: skip
    # the default comparison: the rest of street YH, not NS01 of another street
    assert printed["comparison"]["communities"] == ["YH03", "YH04"]
    assert (printed["comparison"]["before"], printed["comparison"]["after"]) == (40, 36)
    # ratio (10/40) / (36/40) = 0.277778; √(1/10 + 1/40 + 1/36 + 1/40) = 0.421637, × 1.96 =
    # 0.826409: ci 0.121561 .. 0.634749, below 1
    assert printed["ratio"] == pytest.approx(0.277778, rel=1e-5)
    assert printed["ci_low"] == pytest.approx(0.121561, rel=1e-4)
    assert printed["ci_high"] == pytest.approx(0.634749, rel=1e-4)
    assert printed["reading"] == "fell"
    assert printed["by_community"][0] == {"community": "YH01", "before": 24, "after": 6,
                                          "change": -0.75}  # fmt: skip
    assert len(printed["weekly"]) == 16  # 8 weeks, 2 groups
    # the first week before: days 0-6 of YH01's 24 (one a day) and of YH02's 16
    assert printed["weekly"][0] == {"week_start": "2026-08-10", "group": "treated", "count": 14}
    assert sum(point["count"] for point in printed["weekly"]) == 40 + 10 + 40 + 36
    assert all(isinstance(point["count"], int) for point in printed["weekly"])


def test_the_table_says_the_reading_in_words_with_the_caution(
    street: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*QUESTION, "--format", "table", "--lang", "zh"], capsys)
    assert code == 0
    assert "改革前2026-08-10 ~ 2026-09-06，改革后2026-09-07 ~ 2026-10-04，各4周" in out
    assert "结论: 下降" in out
    assert "改革社区（粤海门社区、大冲社区）物业纠纷下降75.0%，对照社区同期下降10.0%" in out
    assert "扣除对照变化后约下降72%（95%区间：−88%至−37%），结论：下降。" in out
    assert "不能证明变化是改革带来的" in out
    code, out, _ = run([*QUESTION, "--format", "table", "--lang", "en"], capsys)
    assert "property management disputes fell by 75.0%" in out
    assert "does not prove that the reform caused the change" in out


def test_a_saved_reform_is_evaluated_by_its_name(
    street: None, capsys: pytest.CaptureFixture[str]
) -> None:
    save_reform(
        get_engine(),
        Principal("zhang", "leader"),
        name="物业纠纷吹哨报到",
        start_on=START,
        figure="disputes_new",
        categories=["property"],
        treated=["YH01", "YH02"],
        comparison=["YH03"],
        note="",
    )
    code, out, _ = run(["evaluate", "--reform", "物业纠纷吹哨报到", "--weeks", "4"], capsys)
    assert code == 0
    printed = json.loads(out)
    assert printed["comparison"]["communities"] == ["YH03"]  # its own comparison, not the default
    assert (printed["comparison"]["before"], printed["comparison"]["after"]) == (20, 18)
    code, out, _ = run(["evaluate", "--reform", "物业纠纷吹哨报到", "--format", "table"], capsys)
    assert out.startswith("物业纠纷吹哨报到\n")
    assert "各10周" in out  # 26 asked, 10 complete weeks since the start


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["evaluate", "--reform", "没有这个"], 2, "no reform named"),
        (["evaluate", "--reform", "x", "--start", "2026-09-07"], 2, "leave out --start"),
        (["evaluate", "--start", "2026-09-07"], 2, "--community"),
        (["evaluate", "--start", "2026-09-07", "--community", "ZZ99"], 2, "ZZ99"),
        (["evaluate", "--start", "2026-09-07", "--community", "YH01", "--compare", "YH01"], 2,
         "at once"),
        (["evaluate", "--start", "2026-09-07", "--community", "YH01", "--figure",
          "consultations_held", "--category", "property"], 2, "--category"),
        (["evaluate", "--start", "2026-11-10", "--community", "YH01"], 1, "还不满一周"),
        (["evaluate", "--start", "2026-09-07", "--community", "YH01", "--weeks", "0"], 2,
         "--weeks"),
    ],
)  # fmt: skip
def test_what_cannot_be_evaluated_is_refused_with_the_reason(
    street: None, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    found, out, err = run([*args, "--lang", "zh"], capsys)
    assert (found, out) == (code, "")
    assert message in err
