"""Strings of the long picture (周报长图): the picture of a period's report shared in WeChat
work groups, its download button on 周报 and its line on the command line."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "lp_button": "下载长图",
        "lp_generated": "生成于 {at}",
        "lp_kpi_title": "主要指标",
        "lp_vs_previous_week": "比上周",
        "lp_vs_previous_range": "比上期",
        "lp_vs_previous": "环比",
        "lp_year_on_year": "同比",
        "lp_alerts_title": "高、中风险预警",
        "lp_alerts_none": "本期没有高、中风险预警。",
        "lp_alerts_more": "另有 {count} 条，逐条见看板“周报”页。",
        "lp_alerts_by_rule": "共 {count} 条高、中风险预警，按规则汇总；逐条见看板“周报”页。",
        "lp_rule_communities": "{count} 个社区（{names}）",
        "lp_refs": "编号：{refs}",
        "lp_footer": "本图不含个人信息，案件仅以编号指代。",
        "lp_product": "街道社区治理看板",
        "picture_written": "已生成 {path}（{width}×{height} 像素，{size} KB，用时 {seconds:.1f} 秒）",
    },
    "en": {
        "lp_button": "Download the picture",
        "lp_generated": "Made {at}",
        "lp_kpi_title": "Key figures",
        "lp_vs_previous_week": "vs last week",
        "lp_vs_previous_range": "vs previous",
        "lp_vs_previous": "vs prev.",
        "lp_year_on_year": "YoY",
        "lp_alerts_title": "High and medium alerts",
        "lp_alerts_none": "No high or medium alerts in this period.",
        "lp_alerts_more": "{count} more: see 周报 in the dashboard for each.",
        "lp_alerts_by_rule": "{count} high and medium alerts, by rule; see 周报 in the "
        "dashboard for each.",
        "lp_rule_communities": "{count} communities ({names})",
        "lp_refs": "Records: {refs}",
        "lp_footer": "No personal details: records are named by their numbers only.",
        "lp_product": "Street community governance dashboard",
        "picture_written": "wrote {path} ({width}×{height} px, {size} KB, {seconds:.1f} s)",
    },
}
