"""The parts of the 成效评估 page: the list of reforms with their latest reading, one reform's
view (its reading in words with the caution, the chart, the before/after tables), the form
leaders and admins record a reform with, and the quick evaluation that saves nothing.

A community account reads only the reforms of its own communities (data_access.reforms) and
never the names of the comparison communities: where a record says `comparison_hidden`, the
page shows the comparison group's totals under a neutral label, never a list of names. Its
quick evaluation takes only its own communities, and the default comparison, unnamed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from charts.reform import reform_chart
from data_access.accounts import AccountError
from data_access.principal import Principal
from data_access.records import StaleRecord
from data_access.reforms import EDIT_ROLES, ReformRecord, delete_reform, save_reform
from i18n import enum_label, t
from i18n.formatting import join_names
from metrics.codes import DISPUTE_CATEGORIES
from metrics.reform import DEFAULT_WEEKS, FIGURES, Evaluation, ReformTooRecent, check_figure
from reports.reform import (
    ReformQuestion,
    description_lines,
    evaluate_reform,
    figure_words,
    periods_text,
    reform_sentence,
    too_recent_text,
)
from ui.cached import chart_spec, clear_caches
from ui.phone import chart_width
from ui.plain_text import as_text

__all__ = ["EDIT_ROLES"]

# A reform's reading today: its evaluation, or why it cannot have one yet.
Reading = Evaluation | ReformTooRecent
CHOSEN_KEY = "reform_chosen"  # the reform just saved: the page shows it next
CHOICE_KEY = "reform_choice"  # the reform the page shows


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def latest_reading(reading: Reading, lang: str) -> str:
    """The list's short reading: fell / rose / unclear, too few to judge, or not yet."""
    if isinstance(reading, ReformTooRecent):
        return t("reform_latest_too_recent", lang)
    if reading.too_few:
        return t("reform_too_few_short", lang)
    return t(f"reform_reading_{reading.reading}", lang)


def evaluation_of(
    engine: Engine, reform: ReformRecord | ReformQuestion, today: date, weeks: int = DEFAULT_WEEKS
) -> Reading:
    """The reform's evaluation today, or the refusal when not one complete week has passed."""
    try:
        return evaluate_reform(engine, reform, today, weeks=weeks)
    except ReformTooRecent as error:
        return error


def _names(codes: Sequence[str], names: Mapping[str, str], lang: str) -> str:
    return join_names((names.get(code, code) for code in codes), lang)


def reform_list(
    records: Sequence[ReformRecord],
    readings: Mapping[int, Reading],
    names: Mapping[str, str],
    lang: str,
) -> None:
    """Every reform the reader may see, the latest start first, with its latest reading."""
    st.subheader(t("reform_list_title", lang))
    rows = pd.DataFrame(
        {
            t("reform_column_name", lang): [record.name for record in records],
            t("reform_column_start", lang): [record.start_on.isoformat() for record in records],
            t("reform_column_figure", lang): [
                figure_words(record.figure, record.categories, lang) for record in records
            ],
            t("reform_treated", lang): [_names(record.treated, names, lang) for record in records],
            t("reform_column_latest", lang): [
                latest_reading(readings[record.id], lang) for record in records
            ],
        }
    )
    st.dataframe(rows, hide_index=True, width="stretch")


def describe(record: ReformRecord, reading: Reading, names: Mapping[str, str], lang: str) -> None:
    """The reform as recorded (reports.reform.description_lines), drawn as text."""
    resolved = () if isinstance(reading, ReformTooRecent) else reading.comparison.communities
    st.markdown(as_text("\n".join(description_lines(record, resolved, names, lang))))


def _chart(evaluation: Evaluation, figure: str, lang: str, hidden: bool) -> alt.LayerChart:
    """reform_chart with `hidden` positional, as chart_spec passes its arguments."""
    return reform_chart(evaluation, figure, lang, hidden=hidden)


def reading_view(reading: Reading, names: Mapping[str, str], lang: str, *, hidden: bool) -> None:
    """The reading in words (with the caution, or that the data are too few to judge), the
    periods, the chart and the before/after tables per group and per treated community."""
    if isinstance(reading, ReformTooRecent):
        st.info(as_text(too_recent_text(reading, lang)))
        return
    sentence = as_text(reform_sentence(reading, names, lang))
    if reading.too_few:
        st.warning(sentence)
    else:
        st.success(sentence)
    st.caption(as_text(periods_text(reading, lang)))
    figure = figure_words(reading.figure, reading.categories, lang)
    spec = chart_spec(_chart, reading, figure, lang, hidden)
    st.vega_lite_chart(spec, theme=None, width=chart_width(spec))
    st.markdown(f"**{t('reform_groups_title', lang)}**")
    st.dataframe(group_table(reading, lang, hidden=hidden), hide_index=True, width="stretch")
    st.markdown(f"**{t('reform_communities_title', lang)}**")
    st.dataframe(community_table(reading, names, lang), hide_index=True, width="stretch")


def group_table(evaluation: Evaluation, lang: str, *, hidden: bool) -> pd.DataFrame:
    """Before, after and change of both groups."""
    comparison = t("reform_comparison_hidden" if hidden else "reform_comparison", lang)
    groups = ((t("reform_treated", lang), evaluation.treated), (comparison, evaluation.comparison))
    return pd.DataFrame(
        {
            t("reform_column_group", lang): [label for label, _ in groups],
            t("reform_before", lang): [group.before for _, group in groups],
            t("reform_after", lang): [group.after for _, group in groups],
            t("reform_change", lang): [percent(group.change) for _, group in groups],
        }
    )


def community_table(evaluation: Evaluation, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Before, after and change of each treated community."""
    rows = evaluation.by_community
    return pd.DataFrame(
        {
            t("reform_column_community", lang): [names.get(r.community, r.community) for r in rows],
            t("reform_before", lang): [row.before for row in rows],
            t("reform_after", lang): [row.after for row in rows],
            t("reform_change", lang): [percent(row.change) for row in rows],
        }
    )


def reform_fields(
    record: ReformRecord | None,
    names: Mapping[str, str],
    lang: str,
    key: str,
    *,
    today: date,
    may_compare: bool = True,
) -> dict[str, Any]:
    """The fields of a reform (filled in from `record`), as save_reform takes them; without
    `may_compare` no comparison is asked (a community account's quick evaluation)."""
    codes = list(names)
    figures = list(FIGURES)
    values: dict[str, Any] = {
        "start_on": st.date_input(
            t("reform_field_start", lang), value=record.start_on if record else today,
            key=f"{key}_start",
        ),
        "figure": st.selectbox(
            t("reform_field_figure", lang), options=figures,
            index=figures.index(record.figure) if record else 0,
            format_func=lambda code: t(f"reform_figure_{code}", lang), key=f"{key}_figure",
        ),
        "categories": st.multiselect(
            t("reform_field_categories", lang), options=list(DISPUTE_CATEGORIES),
            default=list(record.categories) if record else [],
            format_func=lambda code: enum_label("category", code, lang), key=f"{key}_categories",
        ),
        "treated": st.multiselect(
            t("reform_field_treated", lang), options=codes,
            default=[c for c in record.treated if c in names] if record else [],
            format_func=lambda code: names.get(code, code), key=f"{key}_treated",
        ),
    }  # fmt: skip
    values["comparison"] = (
        st.multiselect(
            t("reform_field_comparison", lang),
            options=codes,
            default=[c for c in record.comparison if c in names] if record else [],
            format_func=lambda code: names.get(code, code),
            key=f"{key}_comparison",
        )
        if may_compare
        else []
    )
    if values["figure"] != "disputes_new":
        values["categories"] = []
    return values


def _refusal(error: AccountError, lang: str) -> str:
    return as_text(t(error.reason, lang, **error.params))


def reform_form(
    engine: Engine,
    principal: Principal,
    record: ReformRecord | None,
    names: Mapping[str, str],
    lang: str,
    today: date,
) -> None:
    """Record a new reform, or change or delete `record` (leaders and admins only: the page
    shows the form to them alone, and data_access.reforms refuses anyone else)."""
    key = f"reform_form_{record.id if record else 'new'}"
    with st.form(key):
        name = st.text_input(
            t("reform_field_name", lang),
            value=record.name if record else "",
            max_chars=100,
            key=f"{key}_name",
        )
        values = reform_fields(record, names, lang, key, today=today)
        note = st.text_area(
            t("reform_field_note", lang),
            value=record.note if record else "",
            max_chars=2000,
            key=f"{key}_note",
        )
        submitted = st.form_submit_button(t("reform_save", lang))
    if submitted:
        try:
            saved = save_reform(
                engine,
                principal,
                id=record.id if record else None,
                version=record.version if record else None,
                name=name,
                note=note,
                **values,
            )
        except AccountError as error:
            st.error(_refusal(error, lang))
        except StaleRecord:
            st.error(t("reform_stale", lang))
        else:
            clear_caches()
            st.session_state[CHOSEN_KEY] = saved.name
            st.rerun()
    if record is not None and st.button(t("reform_delete", lang), key=f"{key}_delete"):
        try:
            delete_reform(engine, principal, record.id, record.version)
        except AccountError as error:
            st.error(_refusal(error, lang))
        except StaleRecord:
            st.error(t("reform_stale", lang))
        else:
            clear_caches()
            st.session_state.pop(CHOSEN_KEY, None)
            st.rerun()


def question_refusal(question: ReformQuestion) -> AccountError | None:
    """Why the quick evaluation cannot run (the checks save_reform makes), or None."""
    if not question.treated:
        return AccountError("err_reform_no_treated")
    both = sorted(set(question.treated) & set(question.comparison))
    if both:
        return AccountError("err_reform_overlap", codes=", ".join(both))
    try:
        check_figure(question.figure, question.categories)
    except ValueError:
        return AccountError("err_reform_figure")
    return None


def adhoc_evaluation(
    engine: Engine, principal: Principal, names: Mapping[str, str], today: date, lang: str
) -> None:
    """Evaluate a start, communities and a figure at once, saving nothing. A community account
    asks about its own communities only, against the default comparison, unnamed."""
    may_compare = principal.reads_all
    st.write(t("reform_adhoc_intro", lang))
    with st.form("reform_adhoc"):
        values = reform_fields(
            None, names, lang, "reform_adhoc", today=today, may_compare=may_compare
        )
        weeks = st.number_input(
            t("reform_field_weeks", lang),
            min_value=1,
            max_value=104,
            value=DEFAULT_WEEKS,
            step=1,
            key="reform_adhoc_weeks",
        )
        submitted = st.form_submit_button(t("reform_adhoc_run", lang))
    if not submitted:
        return
    treated = [code for code in values["treated"] if may_compare or code in principal.communities]
    question = ReformQuestion(
        start_on=values["start_on"],
        treated=tuple(sorted(treated)),
        figure=values["figure"],
        categories=tuple(sorted(values["categories"])),
        comparison=tuple(sorted(values["comparison"])),
    )
    refusal = question_refusal(question)
    if refusal is not None:
        st.error(_refusal(refusal, lang))
        return
    reading = evaluation_of(engine, question, today, int(weeks))
    if not may_compare and isinstance(reading, Evaluation):
        reading = replace(reading, comparison=replace(reading.comparison, communities=()))
    reading_view(reading, names, lang, hidden=not may_compare)
