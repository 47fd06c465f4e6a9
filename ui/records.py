"""Record lists: labelled, searchable, filterable, sortable, downloadable as CSV and XLSX.

Only the columns a list names ever reach the browser or a download. The raw dispute summary
is never among them (hidden is not absent); ui/dispute_text.py adds its masked
form for the accounts that may read it, as a private column that no download carries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from i18n import enum_label, t
from reports.exports import csv_bytes, xlsx_bytes
from ui.community_table import open_profile
from ui.downloads import DownloadRefused, Grant, guarded_download
from ui.filters import FILTERS_KEY

# column -> enumeration whose label replaces the code
ENUM_COLUMNS = {
    "category": "category",
    "source": "source",
    "status": "status",
    "level": "level",
    "form": "form",
    "topic_category": "topic_category",
    "implementation": "implementation",
    "org_category": "org_category",
    "stage": "stage",
    "incubator": "incubator",
    "kind": "kind",
    "list_status": "list_status",
    "outcome": "outcome",
}
FORBIDDEN = {"summary"}
COMMUNITY_CODES = "community_codes"
MAX_FILTER_CHOICES = 60


def labelled(
    records: pd.DataFrame,
    columns: Mapping[str, str],
    lang: str,
    names: Mapping[str, str],
    enums: Mapping[str, str] | None = None,
    *,
    marks: bool = False,
) -> pd.DataFrame:
    """`records[columns]` as people read them: names for community codes, labels for codes,
    是/否 for flags (✓ / ✗ with `marks`), dates as YYYY-MM-DD, headers from `columns`."""
    if FORBIDDEN & set(columns):
        raise ValueError("the dispute summary is never shown")
    enums = {**ENUM_COLUMNS, **(enums or {})}
    # Every column is made first and the frame once: inserting them one by one into a frame
    # copied its blocks each time (a quarter of a warm 减负清单 run). Codes are looked up once
    # per distinct code.
    made: dict[str, object] = {}
    for column in columns:
        values = records[column]
        if column == "community":
            made[column] = _each_distinct(values, lambda code: names.get(str(code), str(code)))
        elif column in enums:
            made[column] = _each_distinct(values, partial(_enum_label, enums[column], lang))
        elif pd.api.types.is_bool_dtype(values) and marks:
            made[column] = ["✓" if flag else t("mark_missing", lang) for flag in values]
        elif pd.api.types.is_bool_dtype(values):
            made[column] = [t("yes" if flag else "no", lang) for flag in values]
        elif pd.api.types.is_datetime64_any_dtype(values):
            made[column] = values.dt.strftime("%Y-%m-%d").fillna(t("not_available", lang))
        elif pd.api.types.is_numeric_dtype(values):
            made[column] = values
        else:
            made[column] = values.astype(object).where(values.notna(), t("not_available", lang))
    shown = pd.DataFrame(made, index=records.index, columns=list(columns))
    shown = shown.rename(columns=dict(columns)).reset_index(drop=True)
    if "community" in columns:
        # Row by row, the code behind each community name: a picked row opens its profile.
        shown.attrs[COMMUNITY_CODES] = [str(code) for code in records["community"]]
    return shown


def _enum_label(enum: str, lang: str, code: object) -> str:
    return enum_label(enum, str(code), lang)


def _each_distinct(values: pd.Series, label: Callable[[object], str]) -> list[str]:
    """`label` of every value, computed once per distinct value."""
    labels: dict[object, str] = {}
    return [
        labels[value] if value in labels else labels.setdefault(value, label(value))
        for value in values
    ]


def _searched(rows: pd.DataFrame, text: str) -> pd.DataFrame:
    if not text:
        return rows
    needle = text.strip().lower()
    matches = rows.astype(str).apply(
        lambda column: column.str.lower().str.contains(needle, regex=False)
    )
    return rows[matches.any(axis=1)]


def record_list(
    rows: pd.DataFrame,
    *,
    key: str,
    title: str,
    lang: str,
    filter_columns: Sequence[str] = (),
    sort_by: str | None = None,
    descending: bool = False,
    private_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """A labelled frame (see `labelled`) with search, filters, sort and CSV/XLSX downloads;
    `private_columns` are shown on the screen but left out of both downloads.

    Returns the rows shown, after search and filters.
    """
    st.markdown(f"**{title}**")
    if rows.empty:
        st.info(t("records_none", lang))
        return rows
    search_column, sort_column, order_column = st.columns([2, 1, 1])
    text = search_column.text_input(
        t("records_search", lang), key=f"{key}_search", placeholder=t("records_search_hint", lang)
    )
    headers = list(rows.columns)
    sort_header = sort_column.selectbox(
        t("records_sort", lang),
        options=headers,
        index=headers.index(sort_by) if sort_by in headers else 0,
        key=f"{key}_sort",
    )
    is_descending = order_column.toggle(
        t("records_descending", lang), value=descending, key=f"{key}_descending"
    )
    shown = _searched(rows, text)
    offered = [header for header in filter_columns if header in headers]
    if offered:
        for column, header in zip(st.columns(len(offered)), offered, strict=True):
            choices = sorted(str(value) for value in rows[header].dropna().unique())
            picked = column.multiselect(
                header,
                options=choices[:MAX_FILTER_CHOICES],
                key=f"{key}_filter_{header}",
                placeholder=t("records_all", lang),
            )
            if picked:
                shown = shown[shown[header].astype(str).isin(picked)]
    shown = shown.sort_values(sort_header, ascending=not is_descending, kind="stable")
    st.caption(t("records_count", lang, shown=len(shown), total=len(rows)))
    codes = rows.attrs.get(COMMUNITY_CODES)
    height = min(38 + 35 * max(len(shown), 1), 740)
    if codes is None:
        st.dataframe(shown, hide_index=True, height=height)
    else:
        st.caption(t("profile_hint", lang))
        chosen = st.dataframe(
            shown,
            hide_index=True,
            height=height,
            on_select="rerun",
            selection_mode="single-row",
            key=f"{key}_table",
        )
        selected = chosen.selection.rows if chosen is not None else []
        if selected:
            open_profile(codes[shown.index[selected[0]]])
    exported = shown.drop(columns=[column for column in private_columns if column in headers])
    _download_buttons(exported, codes, key=key, title=title, lang=lang)
    return shown


def _download_buttons(
    exported: pd.DataFrame, codes: Sequence[str] | None, *, key: str, title: str, lang: str
) -> None:
    """CSV and XLSX of `exported`, built on the click for the account as it is then: rows of
    a community it may no longer see are left out, and a list that names no community (built
    from the page's whole scope) is refused once that scope has shrunk (ui/downloads.py)."""
    row_codes = [codes[index] for index in exported.index] if codes is not None else None
    if row_codes is not None:
        scope: tuple[str, ...] = tuple(sorted(set(row_codes)))
    else:
        filters = st.session_state.get(FILTERS_KEY)
        scope = filters.scope if filters is not None else ()

    def rows(granted: Grant) -> pd.DataFrame:
        if not granted.narrowed:
            return exported
        if row_codes is None:
            raise DownloadRefused("scope")
        return exported[[code in granted.scope for code in row_codes]]

    csv_column, xlsx_column, _ = st.columns([1, 1, 4])
    guarded_download(
        t("download_csv", lang),
        lambda granted: csv_bytes(rows(granted)),
        scope=scope,
        where=csv_column,
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    guarded_download(
        t("download_xlsx", lang),
        lambda granted: xlsx_bytes({title: rows(granted)}),
        scope=scope,
        where=xlsx_column,
        file_name=f"{key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
    )
