"""Strings for dispute summaries: the masked column, showing the full text, and its audit entry."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "column_summary_masked": "简要情况（已脱敏）",
        "summary_full_title": "查看简要情况原文",
        "summary_full_caption": (
            "原文可能含当事人姓名、电话、身份证号等个人信息。请仅在工作需要时查看，并写明事由；"
            "每次查看都会记入审计日志。原文不进入任何下载或 PDF。"
        ),
        "summary_case": "案件编号",
        "summary_reason": "查看事由",
        "summary_reason_hint": "例如：回访当事人、核实调解情况",
        "summary_show": "显示原文",
        "summary_reason_needed": "请写明查看事由。",
        "summary_refused": "无权查看该案件的简要情况，或该案件不存在。",
        "summary_empty": "（该案件未填写简要情况）",
        "summary_logged": "本次查看已记入审计日志。离开或刷新本页后原文不再显示。",
        "entry_summary_current": "当前内容（已脱敏）：{text}",
        "action_summary_unmask": "查看简要情况原文",
    },
    "en": {
        "column_summary_masked": "Summary (masked)",
        "summary_full_title": "Show a summary in full",
        "summary_full_caption": (
            "The full text may hold the parties' names, phone and ID numbers. Read it only when "
            "your work needs it and say why; every reading is written to the audit log. The full "
            "text never goes into a download or a PDF."
        ),
        "summary_case": "Case number",
        "summary_reason": "Reason",
        "summary_reason_hint": "e.g. follow-up call to the parties, checking the mediation",
        "summary_show": "Show full text",
        "summary_reason_needed": "Please say why you need the full text.",
        "summary_refused": "You may not read this case's summary, or the case does not exist.",
        "summary_empty": "(no summary was entered for this case)",
        "summary_logged": (
            "This reading was written to the audit log. The text is gone once you leave or "
            "refresh the page."
        ),
        "entry_summary_current": "Now (masked): {text}",
        "action_summary_unmask": "summary shown in full",
    },
}
