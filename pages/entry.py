"""数据录入: add or edit one record, close a dispute, move an organisation on, record an
activity or a burden item's outcome — with the import's checks, problems beside the fields."""

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from data_access.queries import street_names
from data_access.records import (
    RecordError,
    add_record,
    advance_organization,
    close_dispute,
    delete_record,
    edit_record,
    next_stages,
    record,
    record_choices,
    record_outcome,
)
from data_access.tables import COMMUNITY, ORG, STREET, TABLES, writable_tables
from i18n import enum_labels, t
from ui.auth import current_principal
from ui.cached import clear_caches, current_engine
from ui.filters import current_filters, today_local
from ui.forms import (
    entered,
    field,
    flash,
    forget_problems,
    problem_under,
    remember_problems,
    show_flash,
)

VERSION_KEY = ""  # set once a record is chosen
EXTRA_ACTIONS = {"disputes": ["close"], "organizations": ["advance"], "burden_items": ["outcome"]}
ACTION_LABELS = {
    "new": "entry_new",
    "edit": "entry_edit",
    "close": "entry_close_dispute",
    "advance": "entry_advance_org",
    "outcome": "entry_burden_outcome",
}

filters = current_filters()
lang = filters.lang
engine = current_engine()
principal = current_principal()
# Every write names the communities this account may change; data_access refuses the rest.
write_scope = principal.write_scope()
st.title(t("page_entry", lang))
st.caption(t("entry_caption", lang))
show_flash()

kind = st.selectbox(
    t("entry_kind", lang),
    options=writable_tables(write_scope),  # master data only for admins (data_access refuses it)
    format_func=lambda table: t(f"table_{table}", lang),
    key="entry_kind",
)
spec = TABLES[kind]
action = st.segmented_control(
    t("entry_action", lang),
    options=["new", "edit", *EXTRA_ACTIONS.get(kind, [])],
    format_func=lambda option: t(ACTION_LABELS[option], lang),
    default="new",
    required=True,
    key=f"entry_action_{kind}",
)
kinds = {column.kind for column in spec.columns}
if COMMUNITY in kinds and not filters.names:
    st.info(t("entry_no_communities", lang))
    st.stop()
choices = {
    STREET: street_names(engine) if STREET in kinds else {},
    COMMUNITY: filters.names,
    ORG: record_choices(engine, "organizations", scope=list(filters.scope)) if ORG in kinds else {},
}


def save(form_key: str, write: Callable[[], dict[str, Any] | None], key: str, done: str) -> None:
    """Run a write; on success clear the caches and say so, else keep the problems for the form."""
    try:
        write()
    except RecordError as refused:
        remember_problems(form_key, refused.problems)
        st.rerun()
    forget_problems()
    if VERSION_KEY:
        st.session_state.pop(VERSION_KEY, None)
    clear_caches()
    flash(t(done, lang, record=key))
    st.rerun()


def record_form(form_key: str, current: dict[str, Any] | None) -> dict[str, Any] | None:
    """Every column of the kind as a field; the entered values once submitted."""
    with st.form(form_key):
        problem_under(form_key, None, lang, spec)
        values = {}
        columns = st.columns(2)
        for index, column in enumerate(spec.columns):
            with columns[index % 2]:
                values[column.name] = field(
                    spec,
                    column,
                    (current or {}).get(column.name, column.default),
                    lang=lang,
                    form_key=form_key,
                    choices=choices,
                    is_new=current is None,
                )
        submitted = st.form_submit_button(t("entry_save", lang), type="primary")
    return entered(values) if submitted else None


if action == "new":
    form_key = f"new_{kind}"
    values = record_form(form_key, None)
    if values is not None:
        save(
            form_key,
            partial(add_record, engine, kind, values, actor=principal.actor, scope=write_scope),
            str(values.get(spec.key, "")),
            "entry_saved",
        )
    st.stop()

options = record_choices(engine, kind, scope=list(filters.scope))
if not options:
    st.info(t("entry_none", lang))
    st.stop()
chosen = st.selectbox(
    t("entry_pick", lang),
    options=list(options),
    format_func=lambda key: options.get(key, key),
    index=None,
    placeholder=t("entry_pick_placeholder", lang),
    key=f"entry_pick_{kind}",
)
if chosen is None:
    st.stop()
current = record(engine, kind, chosen, scope=write_scope)
if current is None:
    st.warning(t("err_not_found", lang))
    st.stop()
# The version this person started from: kept until they save or reload, so that a save after
# someone else's is refused ("已被他人修改") instead of silently overwriting it.
VERSION_KEY = f"entry_version_{kind}_{chosen}"
st.session_state.setdefault(VERSION_KEY, current["version"])
version: int = st.session_state[VERSION_KEY]
form_key = f"{action}_{kind}_{chosen}_{version}"
st.caption(t("entry_version", lang, version=version))
if version != current["version"]:
    st.warning(t("err_stale", lang))
    if st.button(t("entry_reload", lang), key=f"reload_{form_key}"):
        st.session_state.pop(VERSION_KEY, None)
        forget_problems()
        st.rerun()

if action == "edit":
    values = record_form(form_key, current)
    if values is not None:
        save(
            form_key,
            partial(
                edit_record,
                engine,
                kind,
                chosen,
                values,
                version=version,
                actor=principal.actor,
                scope=write_scope,
            ),
            chosen,
            "entry_saved",
        )
    with st.expander(t("entry_delete", lang)):
        confirmed = st.checkbox(t("entry_delete_confirm", lang), key=f"confirm_{form_key}")
        if st.button(t("entry_delete", lang), disabled=not confirmed, key=f"delete_{form_key}"):
            save(
                form_key,
                partial(
                    delete_record,
                    engine,
                    kind,
                    chosen,
                    version=version,
                    actor=principal.actor,
                    scope=write_scope,
                ),
                chosen,
                "entry_deleted",
            )
elif action == "close":
    with st.form(form_key):
        problem_under(form_key, None, lang, spec)
        statuses = {
            code: label for code, label in enum_labels("status", lang).items() if code != "open"
        }
        status = st.radio(
            spec.header("status", lang),
            list(statuses),
            format_func=statuses.__getitem__,
            horizontal=True,
        )
        problem_under(form_key, "status", lang, spec)
        closed_on = st.date_input(
            spec.header("closed_on", lang), value=today_local(), format="YYYY-MM-DD"
        )
        problem_under(form_key, "closed_on", lang, spec)
        levels = enum_labels("level", lang)
        level = st.selectbox(
            spec.header("level", lang),
            list(levels),
            index=list(levels).index(current["level"]),
            format_func=levels.__getitem__,
        )
        if st.form_submit_button(t("entry_save", lang), type="primary"):
            save(
                form_key,
                partial(
                    close_dispute,
                    engine,
                    chosen,
                    status=status,
                    closed_on=closed_on,
                    level=level,
                    version=version,
                    actor=principal.actor,
                    scope=write_scope,
                ),
                chosen,
                "entry_saved",
            )
elif action == "advance":
    stages = next_stages(current["stage"])
    if not stages:
        st.info(t("entry_final_stage", lang))
        st.stop()
    labels = enum_labels("stage", lang)
    with st.form(form_key):
        problem_under(form_key, None, lang, spec)
        stage = st.radio(
            t("entry_next_stage", lang), list(stages), format_func=labels.get, horizontal=True
        )
        problem_under(form_key, "stage", lang, spec)
        on = st.date_input(t("entry_stage_date", lang), value=today_local(), format="YYYY-MM-DD")
        for column in ("filed_on", "registered_on", "ended_on"):
            problem_under(form_key, column, lang, spec)
        if st.form_submit_button(t("entry_save", lang), type="primary"):
            save(
                form_key,
                partial(
                    advance_organization,
                    engine,
                    chosen,
                    stage=stage,
                    on=on,
                    version=version,
                    actor=principal.actor,
                    scope=write_scope,
                ),
                chosen,
                "entry_saved",
            )
elif action == "outcome":
    outcomes = enum_labels("outcome", lang)
    with st.form(form_key):
        problem_under(form_key, None, lang, spec)
        outcome = st.radio(
            spec.header("outcome", lang),
            list(outcomes),
            index=list(outcomes).index(current["outcome"]),
            format_func=outcomes.get,
            horizontal=True,
        )
        outcome_on = st.date_input(
            spec.header("outcome_on", lang), value=current["outcome_on"], format="YYYY-MM-DD"
        )
        problem_under(form_key, "outcome_on", lang, spec)
        if st.form_submit_button(t("entry_save", lang), type="primary"):
            save(
                form_key,
                partial(
                    record_outcome,
                    engine,
                    chosen,
                    outcome=outcome,
                    outcome_on=outcome_on,
                    version=version,
                    actor=principal.actor,
                    scope=write_scope,
                ),
                chosen,
                "entry_saved",
            )
