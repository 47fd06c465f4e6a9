"""Dispute record lists with the summary text for the accounts that may read it.

Admins, and community staff for their own communities, see each case's 简要情况 masked
(138****5678, 张*) in the list; one case at a time they may show the full text, after stating
why, and that reading is written to the audit log before the text is sent. Leaders and viewers
get no summary column at all: the text is never read for them (a hidden column still
reaches the browser). Downloads never carry the column, masked or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from data_access.principal import SUMMARY_ROLES
from data_access.privacy import SummaryRefused, masked_summaries, unmask_summary
from i18n import t
from ui.auth import current_principal
from ui.cached import current_engine
from ui.plain_text import as_text
from ui.records import labelled, record_list


def dispute_records(
    records: pd.DataFrame,
    columns: Mapping[str, str],
    lang: str,
    names: Mapping[str, str],
    **list_options: Any,
) -> pd.DataFrame:
    """`record_list` of dispute `records` (with `case_no`), plus the masked summary and the
    "show full text" panel for an account allowed to read them. Returns the rows shown."""
    shown = labelled(records, columns, lang, names)
    principal = current_principal()
    if principal.role not in SUMMARY_ROLES or records.empty:
        return record_list(shown, lang=lang, **list_options)
    case_nos = [str(case_no) for case_no in records["case_no"]]
    masked = masked_summaries(current_engine(), principal, case_nos)
    header = t("column_summary_masked", lang)
    shown[header] = [masked.get(case_no, "") for case_no in case_nos]
    listed = record_list(shown, lang=lang, private_columns=[header], **list_options)
    readable = [case_no for case_no in case_nos if case_no in masked]
    if readable and not listed.empty:
        listed_cases = set(listed[columns["case_no"]].astype(str))
        _full_text_panel(
            [case_no for case_no in readable if case_no in listed_cases],
            key=str(list_options["key"]),
            lang=lang,
        )
    return listed


def _full_text_panel(case_nos: list[str], *, key: str, lang: str) -> None:
    """Pick one case, say why, see its full summary once; the reading is audited."""
    if not case_nos:
        return
    with st.expander(t("summary_full_title", lang), icon=":material/visibility:"):
        st.caption(t("summary_full_caption", lang))
        with st.form(f"{key}_unmask", clear_on_submit=True):
            case_no = st.selectbox(t("summary_case", lang), options=case_nos, key=f"{key}_case")
            reason = st.text_input(
                t("summary_reason", lang),
                max_chars=200,
                placeholder=t("summary_reason_hint", lang),
                key=f"{key}_reason",
            )
            submitted = st.form_submit_button(t("summary_show", lang))
        if not submitted or case_no is None:
            return
        try:
            text = unmask_summary(current_engine(), current_principal(), case_no, reason)
        except SummaryRefused as refusal:
            st.error(t(refusal.reason, lang))
            return
        st.markdown(f"**{as_text(case_no)}**")
        # st.text shows the text as it is: no Markdown or HTML from what a user typed.
        st.text(text or t("summary_empty", lang))
        st.caption(t("summary_logged", lang))
