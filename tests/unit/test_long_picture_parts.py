"""Parts of the long picture (周报长图): how its text wraps, how changes are coloured, the
chart's axis and labels, alerts summed up by rule, and hand-made blocks drawn at phone width.
The demo street's picture against the summary JSON: tests/integration/test_long_picture.py.
"""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

from PIL import Image, ImageChops, ImageStat

from metrics.headline import change_tone
from metrics.summary_model import AlertItem
from reports.long_picture import png_bytes
from reports.long_picture_blocks import (
    ALERTS_LISTED,
    AlertLine,
    AlertList,
    BarChart,
    Change,
    Footer,
    Header,
    KpiCell,
    KpiGrid,
    KpiGroup,
    Paragraphs,
    alert_list,
    tick,
)
from reports.long_picture_canvas import WIDTH, font, px, wrap
from reports.long_picture_draw import LEFT, draw_picture, nice_ceiling


def test_chinese_wraps_between_any_characters_and_fills_each_line() -> None:
    text = "本周新增矛盾纠纷24件，比上周增加4件；召开协商议事3场，比上周减少2场。"
    lines = wrap(text, 14.5, px(120))
    assert "".join(lines) == text
    assert len(lines) > 2
    assert all(font(14.5).getlength(line) <= px(120) for line in lines[:-1] if line[-1] != "，")
    # each full line leaves no room for the next line's first character
    for line, after in zip(lines, lines[1:], strict=False):
        assert font(14.5).getlength(line + after[0]) > px(120)


def test_latin_wraps_between_words_and_a_word_longer_than_a_line_is_cut() -> None:
    lines = wrap("24 new disputes, 4 more than last week; Supercalifragilistic", 12, px(90))
    assert " ".join(lines[:-2]) == "24 new disputes, 4 more than last week;"
    assert all(" " not in line or line.split(" ")[-1] for line in lines)
    assert "".join(lines[-2:]) == "Supercalifragilistic"
    assert all(font(12).getlength(line) <= px(90) for line in lines)


def test_closing_punctuation_never_opens_a_line() -> None:
    for width in range(px(60), px(200), px(3)):
        for line in wrap(
            "南油社区有1件纠纷在办超过30天。大冲社区（含重大纠纷）需关注：", 13, width
        ):
            assert line[0] not in "，。、；：）"


def test_a_change_is_good_or_bad_news_by_which_way_the_figure_should_go() -> None:
    assert change_tone("new", "+4") == "bad"  # more new disputes
    assert change_tone("new", "-3") == "good"
    assert change_tone("resolved", "+23") == "good"
    assert change_tone("success_rate", "-6.8 个百分点") == "bad"
    assert change_tone("open_at_end", "-33.3%") == "good"
    assert change_tone("local_rate", "+4.9 pp") == "neutral"  # information, never a target
    assert change_tone("new", "±0") == "neutral"
    assert change_tone("new", None) == "neutral"


def test_the_axis_top_is_four_round_steps_at_or_above_the_highest_bar() -> None:
    assert [nice_ceiling(value) for value in (0, 3, 24, 30, 105, 777, 12_345)] == [
        4,
        4,
        24,
        32,
        120,
        800,
        16_000,
    ]


def test_bars_are_labelled_by_the_weeks_monday_or_the_month() -> None:
    assert tick(date(2026, 11, 23), False, "zh") == "11/23"
    assert tick(date(2026, 11, 23), False, "en") == "23/11"
    assert tick(date(2026, 7, 1), True, "zh") == "7月"
    assert tick(date(2026, 7, 1), True, "en") == "Jul"


def alert(rule: str, community: str, severity: str) -> AlertItem:
    return AlertItem(rule, community, severity, f"{community} {rule}", (f"{community}-1",))


def test_a_district_weeks_alerts_are_summed_up_by_rule_without_the_low_ones() -> None:
    codes = [f"C{number:02d}" for number in range(ALERTS_LISTED + 2)]
    alerts = [alert("overdue_dispute", code, "high") for code in codes]
    alerts += [alert("no_report", "C01", "medium"), alert("inactive_org", "C02", "low")]
    report = SimpleNamespace(
        summary=SimpleNamespace(alerts=alerts), names={code: f"{code}社区" for code in codes}
    )
    listed = alert_list(report, "zh")  # type: ignore[arg-type]
    assert [line.severity for line in listed.lines] == ["high", "medium"]
    named = "、".join(f"{code}社区" for code in codes[:6])
    assert listed.lines[0].text == f"纠纷超期：12 个社区（{named}及另外 6 个社区）"
    assert listed.lines[1].text == "本期无上报：1 个社区（C01社区）"
    assert listed.note == "共 13 条高、中风险预警，按规则汇总；逐条见看板“周报”页。"
    few = SimpleNamespace(summary=SimpleNamespace(alerts=alerts[-3:]), names={})
    assert [line.text for line in alert_list(few, "zh").lines] == [  # type: ignore[arg-type]
        "C11 overdue_dispute",
        "C01 no_report",
    ]


def blocks() -> list:
    cells = tuple(
        KpiCell(
            "disputes",
            key,
            label,
            value,
            shown,
            Change("比上周", change, change_tone(key, change)),
            None,
        )
        for key, label, value, shown, change in [
            ("new", "新增纠纷", 24, "24", "+4"),
            ("success_rate", "化解成功率", 0.333, "33.3%", "-46.7 个百分点"),
            ("open_at_end", "Disputes open at the end of the window", 39, "39", "±0"),
            ("hours", "工时负担", 121_345.5, "121,345.5", "+24.0"),
        ]
    )
    return [
        Header(
            "粤海街道社区治理周报", "2026年第48周（2026年11月23日–29日）", "范围：全部", "生成于"
        ),
        Paragraphs(
            "综述", ("总体看，本周新增矛盾纠纷24件。" * 6, "需关注：大冲社区新增纠纷激增。")
        ),
        KpiGrid("主要指标", ("本期尚未结束。",), (KpiGroup("矛盾纠纷", cells),)),
        AlertList(
            "高、中风险预警",
            (
                AlertLine(
                    "high", "高风险", "大冲社区本期登记重大纠纷 1 件。", "编号：YH02-2026-0070"
                ),
            ),
            "",
        ),
        BarChart(
            "每周新增与化解纠纷", ("新增纠纷", "化解"), ("11/16", "11/23"), (20, 24), (18, 15)
        ),
        Footer("本图不含个人信息。", "街道社区治理看板"),
    ]


def test_blocks_are_drawn_1080_pixels_wide_every_line_inside_the_margins() -> None:
    image, lines = draw_picture(blocks())
    assert image.width == WIDTH == 1080
    assert lines[-1].box[3] < image.height
    for line in lines:
        left, top, right, bottom = line.box
        assert left >= 0 and right <= WIDTH - LEFT + px(2), line.text  # hanging punctuation
        assert 0 <= top < bottom <= image.height
    drawn = {line.text for line in lines}
    assert {"24", "33.3%", "121,345.5", "39", "大冲社区本期登记重大纠纷 1 件。"} <= drawn
    assert "-46.7 个百分点" in drawn  # a change is never cut, whatever its tile's width
    assert {"24", "15", "11/23"} <= drawn  # the current bars' counts and label


def test_the_png_keeps_the_picture_at_256_colours() -> None:
    image, _ = draw_picture(blocks())
    png = png_bytes(image)
    again = Image.open(io.BytesIO(png))
    assert again.mode == "P" and again.size == image.size
    difference = ImageStat.Stat(ImageChops.difference(again.convert("RGB"), image))
    assert max(difference.mean) < 0.5  # per channel, of 255
