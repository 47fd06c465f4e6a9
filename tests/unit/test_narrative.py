"""The written summary (综述) of hand-made summaries: what it says, in which order, and how it
words changes, zeros, shares of the new disputes, high alerts and overdue follow-up actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from metrics.alerts import RULES
from metrics.summary_model import (
    AlertItem,
    BurdenFigures,
    CommunityRow,
    ConsultationFigures,
    DisputeFigures,
    OrganizationFigures,
    Summary,
    SummaryWindow,
    WindowFigures,
)
from reports.narrative import OverdueFollowUps, overdue_follow_ups, written_summary

NAMES = {"A01": "甲社区", "A02": "乙社区", "A03": "丙社区"}
WEEK = SummaryWindow(date(2026, 11, 23), date(2026, 11, 29), "2026-W48", "week", "2026-W48")
MONTH = SummaryWindow(date(2026, 10, 1), date(2026, 10, 31), None, "month", "2026-10")


def disputes(**values: Any) -> DisputeFigures:
    base: dict[str, Any] = {
        "new": 0,
        "resolved": 0,
        "unresolved_closed": 0,
        "open_at_end": 0,
        "overdue_at_end": 0,
        "success_rate": None,
        "local_rate": None,
        "mean_days_to_resolve": None,
        "major_new": 0,
        "per_10k": None,
        "by_category": {},
    }
    return DisputeFigures(**(base | values))


def consultations(**values: Any) -> ConsultationFigures:
    base: dict[str, Any] = {
        "held": 0,
        "participants": 0,
        "consensus_rate": None,
        "problems_solved": 0,
        "implemented": 0,
        "pending_implementation": 0,
        "by_form": {},
    }
    return ConsultationFigures(**(base | values))


def organizations(**values: Any) -> OrganizationFigures:
    base: dict[str, Any] = {
        "active": 0,
        "by_stage": {},
        "newly_entered": 0,
        "newly_filed": 0,
        "per_community": None,
        "standard_rate": None,
        "activities": 0,
        "activity_participants": 0,
        "inactive": 0,
    }
    return OrganizationFigures(**(base | values))


def burden(**values: Any) -> BurdenFigures:
    base: dict[str, Any] = {
        "assigned": 0,
        "unapproved": 0,
        "negative_list": 0,
        "off_list": 0,
        "reports": 0,
        "returned": 0,
        "hours": 0.0,
        "unfunded_assist": 0,
        "compliance_rate": None,
        "by_department": {},
    }
    return BurdenFigures(**(base | values))


def figures(**parts: Any) -> WindowFigures:
    return WindowFigures(
        parts.get("disputes", disputes()),
        parts.get("consultations", consultations()),
        parts.get("organizations", organizations()),
        parts.get("burden", burden()),
    )


def row(code: str, disputes_new: int = 0) -> CommunityRow:
    return CommunityRow(code, NAMES[code], disputes_new, 0, 0, None, 0, 0, 0, 0)


def alert(rule: str, community: str, severity: str = "high") -> AlertItem:
    return AlertItem(rule, community, severity, f"{rule} {community}", ())


def summary(
    current: WindowFigures,
    previous: WindowFigures | None = None,
    *,
    year_ago: WindowFigures | None = None,
    rows: tuple[CommunityRow, ...] = (),
    alerts: tuple[AlertItem, ...] = (),
    window: SummaryWindow = WEEK,
) -> Summary:
    return Summary(
        window=window,
        scope=tuple(NAMES),
        current=current,
        by_community=rows or tuple(row(code) for code in NAMES),
        previous=previous or figures(),
        year_ago=year_ago or figures(),
        alerts=alerts,
    )


def a_week() -> Summary:
    """Six new disputes (four last week), half of them property disputes and four in 甲社区;
    consultations as many as last week; organisations active after a week without activity; no
    task assigned after three; two high rules and one medium."""
    return summary(
        figures(
            disputes=disputes(
                new=6,
                resolved=4,
                unresolved_closed=1,
                open_at_end=9,
                overdue_at_end=2,
                success_rate=0.8,
                local_rate=0.5,
                by_category={"property": 3, "neighbor": 1, "family": 1, "other": 1},
            ),
            consultations=consultations(
                held=2, participants=40, consensus_rate=0.5, implemented=1, pending_implementation=3
            ),
            organizations=organizations(
                active=12, newly_entered=1, activities=5, activity_participants=80
            ),
        ),
        figures(
            disputes=disputes(new=4, resolved=2, success_rate=1.0, local_rate=1.0),
            consultations=consultations(held=2, consensus_rate=0.5),
            burden=burden(assigned=3),
        ),
        rows=(row("A01", 4), row("A02", 1), row("A03", 1)),
        alerts=(
            alert("dispute_surge", "A01"),
            alert("overdue_dispute", "A02"),
            alert("overdue_dispute", "A01"),
            alert("no_consultation", "A03", "medium"),
        ),
    )


def test_a_week_reads_overall_first_then_each_domain_then_what_needs_attention() -> None:
    # 6 - 4 = 2 more disputes; held 2 = 2; activities 5 against 0; nothing assigned against 3.
    # success rate 4 / 5 = 80.0 %, 100 % last week: down 20.0 points; 就地化解率 without change.
    # property 3 of 6 >= 1/3 (not more than half); 甲社区 4 of 6 > 1/2; 乙社区 1 of 6 < 1/3.
    # burden: nothing assigned, so no burden sentence; no_consultation is medium: not said.
    narrative = written_summary(a_week(), NAMES, "zh")
    assert narrative.text.split("\n") == [
        "总体看，本周新增矛盾纠纷6件，比上周增加2件；召开协商议事2场，与上周持平；"
        "社会组织开展活动5场，上周为零；无新下派事项，上周3项。共触发预警4条。",
        "矛盾纠纷：化解4件，化解成功率80.0%，比上周下降20.0个百分点；就地化解率50.0%；"
        "在办9件，其中超期2件。新增纠纷中物业纠纷3件，占三分之一以上。"
        "新增纠纷中甲社区4件，超过一半。",
        "协商议事：参与40人次；共识达成率50.0%，与上周持平；落实共识1项，待落实3项。",
        "社会组织：在册12个，新入孵1个；活动参与80人次；无不活跃组织。",
        "需关注：甲社区新增纠纷激增。甲社区、乙社区有超期在办纠纷。",
    ]


def test_the_english_mirror_says_the_same_in_the_same_order() -> None:
    narrative = written_summary(a_week(), NAMES, "en")
    assert narrative.text.split("\n") == [
        "Overall, this week: 6 new disputes, 2 more than last week; 2 consultations held, the "
        "same as last week; 5 organisation activities, none last week; no task assigned to "
        "communities, 3 last week. 4 alerts in all.",
        "Disputes: 4 resolved, success rate 80.0%, down 20.0 percentage points on last week; "
        "on-the-spot resolution rate 50.0%; 9 open at the end, 2 of them overdue. Property "
        "management (3) accounted for a third or more of the new disputes. 甲社区 (4) accounted "
        "for more than half of the new disputes.",
        "Consultations: 40 participants; consensus rate 50.0%, the same as last week; 1 agreed "
        "item implemented, 3 awaiting implementation.",
        "Organisations: 12 on the register, 1 newly incubated; 80 took part in activities; none "
        "inactive.",
        "Needs attention: Disputes surged in 甲社区. Disputes open past the time limit in 甲社区 "
        "and 乙社区.",
    ]


def test_sentences_carry_the_communities_and_rules_they_name_for_the_pages_links() -> None:
    named = [
        (sentence.part, sentence.communities, sentence.rules)
        for sentence in written_summary(a_week(), NAMES, "zh").sentences
        if sentence.communities or sentence.rules
    ]
    assert named == [
        ("disputes", ("A01",), ()),
        ("attention", ("A01",), ("dispute_surge",)),
        ("attention", ("A01", "A02"), ("overdue_dispute",)),
    ]


def test_a_category_with_exactly_a_third_is_named_and_one_just_under_is_not() -> None:
    # 9 new: neighbour 3 (= 1/3) and family 3 are named together; property 2 (< 1/3) is not.
    current = figures(
        disputes=disputes(
            new=9, by_category={"neighbor": 3, "family": 3, "property": 2, "other": 1}
        )
    )
    text = written_summary(summary(current), NAMES, "zh").text
    assert "新增纠纷中婚姻家庭纠纷3件、邻里纠纷3件，各占三分之一以上。" not in text
    assert "新增纠纷中邻里纠纷3件、婚姻家庭纠纷3件，各占三分之一以上。" in text
    assert "物业纠纷" not in text


def test_new_disputes_all_of_one_kind_and_one_community_are_said_so_without_shares() -> None:
    current = figures(disputes=disputes(new=2, by_category={"property": 2}))
    rows = (row("A01"), row("A02", 2), row("A03"))
    text = written_summary(summary(current, rows=rows), NAMES, "zh").text
    assert "新增纠纷均为物业纠纷。新增纠纷均在乙社区。" in text


def test_no_disputes_now_or_before_reads_naturally_without_a_percentage() -> None:
    # nothing this week and nothing last week; consultations 3 against none last week.
    current = figures(consultations=consultations(held=3, participants=30, consensus_rate=1.0))
    text = written_summary(summary(current), NAMES, "zh").text
    assert text.startswith("总体看，本周无新增矛盾纠纷，上周亦为零；召开协商议事3场，上周为零；")
    assert "矛盾纠纷：无办结纠纷；无在办纠纷。" in text
    assert "需关注：本周无高等级预警。" in text
    assert "%" not in text.split("\n")[0]


def test_a_month_compares_with_last_month_and_a_year_ago_in_counts_and_percentages() -> None:
    # 24 against 19: 环比增加5件、增长26.3% (24 / 19 - 1 = 0.263); against 30 a year ago:
    # 同比减少6件、下降20.0%. Held 4 against 0 last month (上月为零) and 4 a year ago (持平).
    current = figures(disputes=disputes(new=24), consultations=consultations(held=4))
    previous = figures(disputes=disputes(new=19))
    year_ago = figures(disputes=disputes(new=30), consultations=consultations(held=4))
    text = written_summary(summary(current, previous, year_ago=year_ago, window=MONTH), NAMES, "zh")
    assert text.text.startswith(
        "总体看，本月新增矛盾纠纷24件，环比增加5件、增长26.3%，同比减少6件、下降20.0%；"
        "召开协商议事4场，上月为零，与去年同期持平；"
    )


def test_a_month_without_records_a_year_earlier_says_so_instead_of_comparing() -> None:
    current = figures(disputes=disputes(new=24))
    text = written_summary(summary(current, window=MONTH), NAMES, "zh").text
    assert "同比增加" not in text and "同比减少" not in text
    assert text.startswith("总体看，本月新增矛盾纠纷24件，上月为零；")
    assert "去年同期无数据，不作同比。" in text


def test_a_year_is_compared_once_with_the_year_before() -> None:
    window = SummaryWindow(date(2025, 1, 1), date(2025, 12, 31), None, "year", "2025")
    current = figures(disputes=disputes(new=12))
    previous = figures(disputes=disputes(new=10))
    narrative = written_summary(
        summary(current, previous, year_ago=previous, window=window), NAMES, "zh"
    )
    assert narrative.text.startswith("总体看，本年度新增矛盾纠纷12件，比上年度增加2件、增长20.0%；")
    assert "同比" not in narrative.text


def test_a_month_not_yet_over_is_said_so_far_against_the_same_days_before() -> None:
    window = SummaryWindow(date(2026, 11, 1), date(2026, 11, 20), None, "month", "2026-11")
    current = figures(disputes=disputes(new=5))
    previous = figures(disputes=disputes(new=4))
    text = written_summary(summary(current, previous, window=window), NAMES, "en").text
    assert text.startswith(
        "Overall, this month so far: 5 new disputes, 1 more than the same days last month (up "
        "25.0%);"
    )


def test_a_rate_change_that_rounds_to_nothing_reads_as_unchanged() -> None:
    # 80.00 % against 80.04 %: the KPI card shows -0.0 个百分点, the text says 持平.
    current = figures(consultations=consultations(held=5, consensus_rate=0.8))
    previous = figures(consultations=consultations(held=5, consensus_rate=0.8004))
    text = written_summary(summary(current, previous), NAMES, "zh").text
    assert "共识达成率80.0%，与上周持平" in text


def test_a_fall_of_the_local_rate_is_stated_as_information_without_change_or_community() -> None:
    # 90 % last week, 30 % now: the text states 30.0 %, no fall, no community beside it.
    current = figures(disputes=disputes(new=3, resolved=10, success_rate=1.0, local_rate=0.3))
    previous = figures(disputes=disputes(resolved=10, success_rate=1.0, local_rate=0.9))
    for lang, label in (("zh", "就地化解率"), ("en", "on-the-spot resolution rate")):
        text = written_summary(summary(current, previous), NAMES, lang).text
        clause = next(part for part in text.replace("；", ";").split(";") if label in part)
        assert clause.strip() == f"{label}30.0%" if lang == "zh" else f"{label} 30.0%"
        assert not any(name in clause for name in NAMES.values())


def test_burden_problems_are_listed_and_a_clean_week_says_all_were_approved() -> None:
    problems = figures(burden=burden(assigned=5, unapproved=2, off_list=1, compliance_rate=0.6))
    clean = figures(burden=burden(assigned=5, compliance_rate=1.0))
    before = figures(burden=burden(assigned=4, compliance_rate=0.75))
    assert (
        "减负清单：新下派事项中未经准入2项、清单外1项；合规率60.0%，比上周下降15.0个百分点。"
        in (written_summary(summary(problems, before), NAMES, "zh").text)
    )
    assert "减负清单：新下派事项均经准入且在清单内；合规率100.0%，比上周提高25.0个百分点。" in (
        written_summary(summary(clean, before), NAMES, "zh").text
    )


def test_overdue_follow_up_actions_close_what_needs_attention_with_their_communities() -> None:
    actions = pd.DataFrame(
        {
            "community": ["A02", "A01", "A02", "A03"],
            "status": ["open", "open", "open", "done"],
            "due_on": [
                date(2026, 11, 20),
                date(2026, 11, 25),
                date(2026, 12, 9),
                date(2026, 11, 1),
            ],
        }
    )
    # As of 30 November: the first two are open past their due date; the third is not due,
    # the fourth is done.
    overdue = overdue_follow_ups(actions, date(2026, 11, 30))
    assert overdue == OverdueFollowUps(2, ("A02", "A01"))
    narrative = written_summary(a_week(), NAMES, "zh", follow_ups=overdue)
    last = narrative.sentences[-1]
    assert last.text == "督办事项逾期2项，涉及乙社区、甲社区。"
    assert last.communities == ("A02", "A01")
    none_due = written_summary(
        a_week(), NAMES, "zh", follow_ups=overdue_follow_ups(None, date.today())
    )
    assert none_due.sentences[-1].text == "督办事项无逾期。"


def test_communities_of_two_streets_sharing_a_name_are_told_apart_by_code() -> None:
    names = {"A01": "新村社区", "B01": "新村社区"}
    week = replace(
        summary(figures()),
        by_community=(),
        alerts=(alert("major_dispute", "A01"), alert("major_dispute", "B01")),
    )
    text = written_summary(week, names, "zh").text
    assert "需关注：新村社区 A01、新村社区 B01发生重大纠纷。" in text


def test_every_high_severity_rule_has_a_sentence_of_its_own_in_both_languages() -> None:
    high = [rule for rule, severity in RULES.items() if severity == "high"]
    week = summary(figures(), alerts=tuple(alert(rule, "A03") for rule in reversed(high)))
    for lang in ("zh", "en"):
        attention = [
            sentence
            for sentence in written_summary(week, NAMES, lang).sentences
            if sentence.part == "attention"
        ]
        assert [sentence.rules for sentence in attention] == [(rule,) for rule in high]
        assert all(sentence.communities == ("A03",) for sentence in attention)
        assert all("丙社区" in sentence.text for sentence in attention)


def test_a_districts_rule_names_its_first_twenty_communities_and_others_without_a_count() -> None:
    codes = [f"D{number:02d}" for number in range(1, 26)]
    names = {code: f"{code}社区" for code in codes}
    week = replace(
        summary(figures()),
        by_community=(),
        alerts=tuple(alert("overdue_dispute", code) for code in codes),
    )
    [sentence] = [s for s in written_summary(week, names, "zh").sentences if s.rules]
    assert sentence.communities == tuple(codes[:20])
    assert sentence.text.endswith("D19社区、D20社区等有超期在办纠纷。")
    english = [s for s in written_summary(week, names, "en").sentences if s.rules]
    assert english[0].text.endswith("D19社区, D20社区 and others.")
