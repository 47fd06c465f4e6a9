"""reports/reform.reform_sentence: the reading in words — a conclusion only when the interval is
narrow enough, 'too few to judge' otherwise, a change from zero, and always the caution."""

from __future__ import annotations

from datetime import date

from metrics.reform import evaluate_counts, reform_periods
from reports.metrics_doc import render
from reports.reform import caution, reform_sentence

START = date(2026, 3, 2)
BEFORE, AFTER, _ = reform_periods(START, 1, date(2026, 3, 8))
NAMES = {"T1": "粤海门社区", "C1": "大冲社区"}


def sentence(treated: tuple[int, int], comparison: tuple[int, int], lang: str = "zh") -> str:
    counts = {
        ("T1", BEFORE.start): treated[0],
        ("T1", AFTER.start): treated[1],
        ("C1", BEFORE.start): comparison[0],
        ("C1", AFTER.start): comparison[1],
    }
    evaluation = evaluate_counts(
        counts,
        figure="disputes_new",
        categories=("property", "neighbor"),
        treated=["T1"],
        comparison=["C1"],
        before=BEFORE,
        after=AFTER,
    )
    return reform_sentence(evaluation, NAMES, lang)


def test_a_narrow_interval_gives_the_net_change_its_interval_and_the_reading() -> None:
    # 100 -> 40 against 100 -> 90: ratio 0.444 (about −56 %), ci 0.279 .. 0.707 (−72 % .. −29 %)
    text = sentence((100, 40), (100, 90))
    assert text.startswith(
        "改革社区（粤海门社区）物业纠纷、邻里纠纷下降60.0%，对照社区同期下降10.0%；"
        "扣除对照变化后约下降56%（95%区间：−72%至−29%），结论：下降。"
    )
    assert text.endswith(caution("zh"))


def test_too_few_data_give_no_conclusion() -> None:
    # 6 -> 3 against 5 -> 5: the interval is 41 times wide
    text = sentence((6, 3), (5, 5))
    assert "数据太少" in text and "结论：" not in text
    assert "不作结论" in text
    english = sentence((6, 3), (5, 5), "en")
    assert "too few to judge" in english and "Reading:" not in english


def test_a_group_with_nothing_before_is_said_to_go_from_zero() -> None:
    text = sentence((0, 4), (5, 5))
    assert "下降" not in text.split("；")[0]
    assert "由0变为4" in text and "数据太少" in text


def test_an_unchanged_comparison_is_said_to_stay_the_same_in_english() -> None:
    text = sentence((100, 40), (100, 100), "en")
    assert "property management, neighbours disputes fell by 60.0%" in text
    assert "over the same weeks they stayed the same" in text
    assert "net of the comparison's change they fell by about 60%" in text
    assert "Reading: fell." in text


def test_the_glossary_document_defines_ratio_interval_and_reading_in_both_languages() -> None:
    document = render()
    for key in ("`ratio`", "`ci_low`, `ci_high`", "`reading`", "· `evaluate`"):
        assert document.count(key) == 2, key
    assert "too few to judge" in document and "数据太少" in document
