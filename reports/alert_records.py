"""The records an alert names, as its expander lists them: numbers, dates and labels in the
reader's language (never a summary or a personal detail: only the columns listed here)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from i18n import enum_label, t
from metrics.frames import WindowFrames

# rule -> (frame of WindowFrames, key column, columns shown)
_DISPUTE = (
    "disputes",
    "case_no",
    ["case_no", "reported_on", "category", "status", "level", "is_major"],
)
_BURDEN = (
    "burden_items",
    "ref",
    ["ref", "assigned_on", "department", "title", "kind", "list_status", "approved"],
)
RECORDS_BEHIND = {
    "dispute_surge": _DISPUTE,
    "overdue_dispute": _DISPUTE,
    "major_dispute": _DISPUTE,
    "consensus_stalled": ("consultations", "ref", ["ref", "held_on", "topic", "implementation"]),
    "inactive_org": ("organizations", "org_no", ["org_no", "name", "stage", "entered_on"]),
    "unapproved_burden": _BURDEN,
    "repeat_assessment": _BURDEN,
}
# column -> (header text key, enumeration whose label replaces the code, or None)
COLUMNS = {
    "case_no": ("column_ref", None),
    "ref": ("column_ref", None),
    "org_no": ("column_ref", None),
    "reported_on": ("column_date", None),
    "held_on": ("column_date", None),
    "assigned_on": ("column_date", None),
    "entered_on": ("column_date", None),
    "category": ("column_category", "category"),
    "status": ("column_status", "status"),
    "level": ("column_level", "level"),
    "is_major": ("column_is_major", None),
    "topic": ("column_topic", None),
    "implementation": ("column_implementation", "implementation"),
    "name": ("column_title", None),
    "stage": ("column_stage", "stage"),
    "department": ("column_department", None),
    "title": ("column_title", None),
    "kind": ("column_kind", "kind"),
    "list_status": ("column_list_status", "list_status"),
    "approved": ("column_approved", None),
}


def records_behind(rule: str, refs: Sequence[str], frames: WindowFrames, lang: str) -> pd.DataFrame:
    """The records an alert names, with headers and enumeration labels in `lang`."""
    if rule not in RECORDS_BEHIND or not refs:
        return pd.DataFrame()
    frame_name, key, columns = RECORDS_BEHIND[rule]
    records = getattr(frames, frame_name)
    shown = records.loc[records[key].isin(refs), columns].sort_values(key)
    for column in columns:
        header, enum = COLUMNS[column]
        if enum:
            shown[column] = [enum_label(enum, code, lang) for code in shown[column]]
        elif pd.api.types.is_bool_dtype(shown[column]):
            shown[column] = [t("yes" if flag else "no", lang) for flag in shown[column]]
        elif pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    return shown.rename(columns={column: t(COLUMNS[column][0], lang) for column in columns})
