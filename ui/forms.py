"""Form fields drawn from the import's column specs, with each field's problem beside it.

Problems found on submit are kept in session state and shown under their field on the rerun
that follows, so a form reads like the error report of an import, one field at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st

from data_access.privacy import mask_personal
from data_access.record_checks import Problem
from data_access.tables import (
    BOOL,
    COMMUNITY,
    DATE,
    ENUM,
    INT,
    KEY,
    NUMBER,
    ORG,
    STREET,
    ColumnSpec,
    TableSpec,
)
from i18n import enum_labels, t
from ui.plain_text import as_text

PROBLEMS_KEY = "streetdash_form_problems"
FLASH_KEY = "streetdash_flash"
HIDDEN_WHEN_EDITING = {"summary"}  # personal data: written through the form, never shown back


def field(
    spec: TableSpec,
    column: ColumnSpec,
    value: Any,
    *,
    lang: str,
    form_key: str,
    choices: Mapping[str, Mapping[str, str]],
    is_new: bool,
) -> Any:
    """One field's widget, its current value filled in; returns what the user entered."""
    label = spec.header(column.name, lang) + (" *" if column.required else "")
    key = f"{form_key}_{column.name}"
    kind = column.kind
    if kind == KEY:
        result: Any = st.text_input(label, value=value or "", key=key, disabled=not is_new)
    elif kind == INT:
        start = int(column.minimum or 0)
        result = st.number_input(
            label,
            min_value=start,
            value=int(value if value is not None else start),
            step=1,
            key=key,
        )
    elif kind == NUMBER:
        result = st.number_input(
            label,
            min_value=float(column.minimum or 0),
            value=float(value or 0.0),
            step=0.5,
            key=key,
        )
    elif kind == DATE:
        result = st.date_input(
            label,
            value=value,
            key=key,
            min_value=date(1900, 1, 1),
            max_value=date(2100, 12, 31),
            format="YYYY-MM-DD",
        )
    elif kind == BOOL:
        result = st.checkbox(label, value=bool(value), key=key)
    elif kind in (ENUM, STREET, COMMUNITY, ORG):
        options = (
            enum_labels(column.enum or "", lang) if kind == ENUM else dict(choices.get(kind, {}))
        )
        result = st.selectbox(
            label,
            options=list(options),
            index=list(options).index(value) if value in options else None,
            format_func=lambda code: options.get(code, code),
            placeholder=t("entry_choose", lang),
            key=key,
        )
    elif column.name in HIDDEN_WHEN_EDITING:
        result = st.text_area(
            label,
            value="" if not is_new else (value or ""),
            key=key,
            help=None if is_new else t("entry_summary_hidden", lang),
        )
        if not is_new and value:
            # The stored text, masked: enough to recognise the case, no personal data shown.
            st.caption(t("entry_summary_current", lang, text=as_text(mask_personal(value))))
        if not is_new and not result:
            result = _KEEP
    else:
        result = st.text_input(label, value=value or "", key=key)
    problem_under(form_key, column.name, lang, spec)
    return result


class _Keep:
    """A field left empty that keeps its stored (hidden) value."""


_KEEP = _Keep()


def entered(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values to save: fields left to keep their stored value are dropped."""
    return {name: value for name, value in values.items() if value is not _KEEP}


def problem_under(form_key: str, column: str | None, lang: str, spec: TableSpec | None) -> None:
    """The problem(s) the last submit of `form_key` found for `column`, in red, under it."""
    held_key, problems = st.session_state.get(PROBLEMS_KEY, ("", []))
    if held_key != form_key:
        return
    for problem in problems:
        if problem.column == column:
            # The message quotes what was entered (a number, a header): text, not Markdown.
            st.error(as_text(problem.message(lang, spec)), icon=":material/error:")


def remember_problems(form_key: str, problems: list[Problem]) -> None:
    st.session_state[PROBLEMS_KEY] = (form_key, problems)


def forget_problems() -> None:
    st.session_state.pop(PROBLEMS_KEY, None)


def flash(message: str) -> None:
    """A success message shown once, after the rerun that follows a write; plain text (it
    names the record or account written), shown as text."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(as_text(message), icon=":material/check_circle:")
