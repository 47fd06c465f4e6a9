"""The import page's batch (issue 19): every file of an upload, each read with its mapping
(ui/import_mapping), checked in one rolled-back batch under one progress bar, one report (file,
row, column, reason), and written on confirmation in ONE transaction: all files or none. A
mapping given a name is saved (audited, scoped like the account) before the write."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access.accounts import AccountError
from data_access.characters import echo
from data_access.import_mappings import save_mapping, scope_text
from data_access.principal import Principal
from data_access.records import StaleRecord
from i18n import t
from importing.service import ImportResult, commit_batch, problem_rows, read_file
from ui.cached import clear_caches
from ui.forms import flash
from ui.import_mapping import PROPOSALS_KEY, Prepared, Upload, mapping_step

CHECKED_KEY = "import_mapping_checked"


def check_batch(
    engine: Engine, principal: Principal, files: list[Prepared], table: str | None, lang: str
) -> list[tuple[str, ImportResult]]:
    """Every file read with its mapping and checked in one rolled-back batch (one bar)."""
    read = [
        (f.upload.name, read_file(f.upload.name, f.upload.data, table, f.mapping)) for f in files
    ]
    bar = st.progress(0.0, text=t("import_checking", lang, done=0, total="…"))
    commit_batch(
        engine,
        read,
        actor=principal.actor,
        scope=principal.write_scope(),
        dry_run=True,
        progress=lambda done, total: bar.progress(
            done / max(total, 1), text=t("import_checking", lang, done=done, total=total)
        ),
    )
    bar.empty()
    return read


def batch_report(files: list[tuple[str, ImportResult]], lang: str) -> pd.DataFrame:
    """One report for the batch: file, row, column, value, reason."""
    rows = [
        {t("report_file_name", lang): echo(name)} | row
        for name, result in files
        for row in problem_rows(result, lang)
    ]
    frame = pd.DataFrame(rows)
    frame[t("report_row", lang)] = frame[t("report_row", lang)].astype(str)
    return frame


def counts_of(files: list[tuple[str, ImportResult]]) -> dict[str, int]:
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for _, result in files:
        for name, count in result.counts().items():
            counts[name] += count
    return counts


def save_named(
    engine: Engine, principal: Principal, files: list[Prepared], lang: str
) -> list[str] | None:
    """Save every mapping given a name (an applied one updated at the version it was loaded
    at, one applied unchanged left as it is); the names saved, or None, with the reason shown,
    when one is refused."""
    done: list[str] = []
    for file in files:
        if file.mapping is None or not file.save_as or file.save_as in done:
            continue
        saved = file.saved if file.saved and file.saved.name == file.save_as else None
        mapping = dataclasses.replace(file.mapping, name=file.save_as)
        if saved is not None and saved.mapping_json == mapping.to_json():
            continue  # applied unchanged: nothing to save
        if saved is not None and ",".join(saved.communities) != scope_text(principal):
            saved = None  # an admin's mapping changed by a community account: saved as its own
        try:
            save_mapping(
                engine,
                principal,
                name=file.save_as,
                table=mapping.table,
                signature=mapping.signature,
                mapping_json=mapping.to_json(),
                version=saved.version if saved is not None else None,
            )
        except AccountError as error:
            st.error(t(error.reason, lang, **error.params))
            return None
        except StaleRecord:
            st.error(t("err_stale", lang))
            return None
        done.append(file.save_as)
    return done


def batch_step(
    engine: Engine,
    principal: Principal,
    uploads: list[Upload],
    table: str | None,
    lang: str,
    *,
    key_prefix: str,
    next_round: Callable[[], None],
) -> None:
    """The mapping step for every file of the upload, then one check, one report, one write."""
    st.subheader(t("mapping_step", lang))
    st.caption(t("batch_files", lang, count=len(uploads)))
    prepared = [
        mapping_step(engine, principal, u, table, lang, f"{key_prefix}_{i}_{u.digest}")
        for i, u in enumerate(uploads)
    ]
    cache = st.session_state.get(PROPOSALS_KEY, {})
    for stale in [key for key in cache if key[0] not in {u.digest for u in uploads}]:
        del cache[stale]  # files no longer in the upload
    ready = [file for file in prepared if file is not None]
    if len(ready) < len(prepared):
        return
    token = hashlib.sha256(
        repr(
            [(key_prefix, table, f.upload.digest, f.mapping and f.mapping.to_json()) for f in ready]
        ).encode()
    ).hexdigest()
    if st.button(t("mapping_confirm", lang), type="primary", key="import_mapping_check"):
        st.session_state[CHECKED_KEY] = (token, check_batch(engine, principal, ready, table, lang))
    checked = st.session_state.get(CHECKED_KEY)
    if checked is None or checked[0] != token:
        return
    files: list[tuple[str, ImportResult]] = checked[1]
    if any(result.problems for _, result in files):
        invalid = sum(1 for _, result in files if result.problems)
        st.error(t("batch_invalid", lang, count=invalid))
        st.dataframe(batch_report(files, lang), hide_index=True, width="stretch")
        return
    counts = counts_of(files)
    total = sum(result.plan.total for _, result in files if result.plan)
    st.success(t("import_valid", lang, total=total, **counts))
    if not counts["added"] and not counts["updated"]:
        st.info(t("import_nothing_new", lang))
        return
    if not st.button(t("import_commit", lang), type="primary", key="import_batch_commit"):
        return
    saved = save_named(engine, principal, ready, lang)
    if saved is None:
        return
    writing = st.progress(0.0, text=t("import_writing", lang))
    results = commit_batch(
        engine,
        files,
        actor=principal.actor,
        scope=principal.write_scope(),
        progress=lambda done, total: writing.progress(
            done / max(total, 1), text=t("import_writing", lang)
        ),
    )
    writing.empty()
    if not all(result.committed for result in results):
        st.session_state.pop(CHECKED_KEY, None)
        st.error(t("batch_invalid", lang, count=sum(1 for r in results if r.problems)))
        st.dataframe(batch_report(files, lang), hide_index=True, width="stretch")
        return
    clear_caches()
    words = [t("mapping_saved", lang, name=name) for name in saved]
    flash(" ".join([t("import_done", lang, **counts_of(files)), *words]))
    for state in (CHECKED_KEY, PROPOSALS_KEY):
        st.session_state.pop(state, None)
    next_round()
    st.rerun()
