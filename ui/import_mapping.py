"""The import page's mapping step (issue 19): a community's own 台账, or many files at once.

A file not in the template's layout gets the proposed mapping (importing.service.suggest_file),
or the mapping saved for its headers when there is one (shown, editable): a selectbox per file
column with the suggestion's confidence, a selectbox per choice word (a word matched only by
similarity is offered, never chosen for the person), and the first rows as they would be
imported. Every file of the upload is then checked in one rolled-back batch under one progress
bar, with one report (file, row, column, reason), and written on confirmation in one
transaction: all files or none (ui/import_batch.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access.characters import echo
from data_access.import_mappings import (
    NAME_LENGTH,
    SavedMapping,
    mapping_for_signature,
)
from data_access.principal import Principal
from data_access.tables import ENUM, TABLES, TableSpec
from i18n import enum_label, enum_labels, t
from importing.mapping import (
    Mapping,
    MappingError,
    Suggestion,
    ValueGuess,
    apply_mapping,
    suggest,
    value_guesses,
)
from importing.readers import Sheet
from importing.remembered import saved_mapping
from importing.service import (
    community_words,
    read_file,
    skipped_line,
    suggest_file,
)
from importing.validate import map_headers
from ui.plain_text import as_text

PREVIEW_ROWS = 5
PROPOSALS_KEY = "import_mapping_proposals"


@dataclass(frozen=True)
class Upload:
    """One uploaded file; `digest` tells two uploads apart in widget keys and the check."""

    name: str
    data: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:12]


@dataclass
class Proposal:
    """A file's mapping step: its rows as written, the suggestion, and the saved mapping for
    its headers (with the version it was loaded at, for an update)."""

    sheet: Sheet
    suggestion: Suggestion
    saved: SavedMapping | None
    remembered: Mapping | None


@dataclass
class Prepared:
    """A file ready for the check: its mapping (None: read as a template file)."""

    upload: Upload
    mapping: Mapping | None
    save_as: str = ""
    saved: SavedMapping | None = None


def needs_mapping(upload: Upload, table: str | None) -> bool:
    """A readable file whose headers name no table, or lack a required template header, is
    mapped; any other (a template file, an unreadable one) goes the single-file way of today."""
    result = read_file(upload.name, upload.data, table)
    if result.sheet is None:
        return False
    if result.spec is None:
        return True
    positions, _, _ = map_headers(result.spec, result.sheet.headers)
    return any(column.name not in positions for column in result.spec.required)


def proposal_for(
    engine: Engine, principal: Principal, upload: Upload, table: str | None
) -> Proposal | None:
    """The file's suggestion and saved mapping, kept for the session (a rerun does not
    suggest again); None when no table fits it."""
    cache: dict[tuple[str, str, str | None], Proposal | None]
    cache = st.session_state.setdefault(PROPOSALS_KEY, {})
    key = (upload.digest, upload.name, table)
    if key not in cache:
        scope = principal.write_scope()
        read, suggestion = suggest_file(engine, upload.name, upload.data, table, scope=scope)
        if suggestion is None or read.sheet is None:
            cache[key] = None
            return None
        saved = mapping_for_signature(engine, principal, suggestion.signature, table)
        try:
            remembered = saved_mapping(saved) if saved is not None else None
        except MappingError:  # saved before a table changed: not offered
            saved = remembered = None
        if remembered is not None and remembered.table != suggestion.spec.name:
            spec = TABLES[remembered.table]
            suggestion = suggest(spec, read.sheet, community_words(engine, scope))
        cache[key] = Proposal(read.sheet, suggestion, saved, remembered)
    return cache[key]


def column_choices(proposal: Proposal, lang: str, key: str) -> dict[str, str]:
    """A selectbox per file column (the saved mapping's target, else the proposed one) with
    the suggestion's confidence; file header → chosen column."""
    spec, remembered = proposal.suggestion.spec, proposal.remembered
    options: list[str | None] = [None, *(column.name for column in spec.columns)]
    widths = [3, 4, 2]
    head = st.columns(widths)
    labels = ("mapping_file_column", "mapping_target", "mapping_confidence")
    for cell, label in zip(head, labels, strict=True):
        cell.caption(t(label, lang))
    chosen: dict[str, str] = {}
    for guess in proposal.suggestion.columns:
        if not guess.header:
            continue
        initial = remembered.columns.get(guess.header) if remembered else guess.target
        row = st.columns(widths, vertical_alignment="center")
        row[0].markdown(as_text(guess.header))
        target = row[1].selectbox(
            t("mapping_target", lang),
            options,
            index=options.index(initial) if initial in options else 0,
            format_func=lambda name: (
                t("mapping_ignore", lang) if name is None else spec.header(name, lang)
            ),
            key=f"{key}_column_{guess.position}",
            label_visibility="collapsed",
        )
        shown = f"{guess.confidence:.0%}" if guess.target and target == guess.target else "—"
        row[2].caption(shown)
        if target is not None:
            chosen[guess.header] = target
    return chosen


def value_choices(
    proposal: Proposal, columns: dict[str, str], lang: str, key: str
) -> tuple[dict[str, dict[str, str]], int]:
    """A selectbox per distinct word of every choice column mapped: the saved code, else the
    code of an exact label or listed synonym; a similar word's code is only offered. The
    words → codes chosen and how many words still wait for a person."""
    spec, sheet, remembered = proposal.suggestion.spec, proposal.sheet, proposal.remembered
    values: dict[str, dict[str, str]] = {}
    open_words = 0
    mapped = {target: sheet.headers.index(header) for header, target in columns.items()}
    for target, position in mapped.items():
        column = spec.column(target)
        if column.kind != ENUM:
            continue
        guesses = value_guesses(spec, target, sheet, position)
        saved = remembered.values.get(target, {}) if remembered else {}  # noqa: PD011 (not pandas)
        labels = enum_labels(column.enum or target, lang)
        initials = [saved.get(g.value) or (g.code if g.confirmed else None) for g in guesses]
        title = t("mapping_values", lang, column=spec.header(target, lang))
        with st.expander(as_text(title), expanded=None in initials):
            for guess, initial in zip(guesses, initials, strict=True):
                first = [guess.code] if guess.code and not guess.confirmed else []
                options: list[str | None] = [None, *first, *(c for c in labels if c not in first)]
                word_key = hashlib.sha256(guess.value.encode()).hexdigest()[:10]
                row = st.columns([3, 4, 2], vertical_alignment="center")
                row[0].markdown(as_text(guess.value))
                code = row[1].selectbox(
                    t("mapping_value_word", lang),
                    options,
                    index=options.index(initial) if initial in options else 0,
                    format_func=_code_label(labels, guess, lang),
                    key=f"{key}_value_{target}_{word_key}",
                    label_visibility="collapsed",
                )
                row[2].caption(f"{t('mapping_value_rows', lang)} {guess.rows}")
                if code is None:
                    open_words += 1
                else:
                    values.setdefault(target, {})[guess.value] = code
    return values, open_words


def _code_label(
    labels: dict[str, str], guess: ValueGuess, lang: str
) -> Callable[[str | None], str]:
    """Options by label; a similar word's proposed code marked as a proposal, with its
    confidence."""

    def label(code: str | None) -> str:
        if code is None:
            return t("mapping_choose", lang)
        if code == guess.code and not guess.confirmed:
            confidence = f"{guess.confidence:.0%}"
            return t("mapping_proposed", lang, label=labels[code], confidence=confidence)
        return labels[code]

    return label


def preview(sheet: Sheet, mapping: Mapping, spec: TableSpec, lang: str) -> None:
    """The first rows as the import would read them: our headers, choice words as labels."""
    first = apply_mapping(dataclasses.replace(sheet, rows=sheet.rows[:PREVIEW_ROWS]), mapping)

    def shown(column: str, value: object) -> object:
        enum = spec.column(column).enum or column
        if spec.column(column).kind == ENUM and isinstance(value, str):
            return enum_label(enum, value, lang)
        return echo(value)

    frame = pd.DataFrame(
        [
            [number, *(shown(c, v) for c, v in zip(first.headers, values, strict=True))]
            for number, values in first.rows
        ],
        columns=[t("report_row", lang), *(spec.header(c, lang) for c in first.headers)],
    )
    st.caption(t("mapping_preview", lang, count=len(frame)))
    st.dataframe(frame, hide_index=True, width="stretch")


def mapping_step(
    engine: Engine, principal: Principal, upload: Upload, table: str | None, lang: str, key: str
) -> Prepared | None:
    """One file's step in an expander; its prepared mapping, or None while it cannot be used
    (two columns onto one)."""
    if not needs_mapping(upload, table):
        result = read_file(upload.name, upload.data, table)
        if result.spec is not None:
            shown = t("mapping_template_file", lang, table=result.spec.title(lang))
            st.caption(f"{as_text(upload.name)} — {shown}")
        return Prepared(upload, None)
    proposal = proposal_for(engine, principal, upload, table)
    if proposal is None:
        return Prepared(upload, None)  # reported by the check: no table fits
    spec = proposal.suggestion.spec
    with st.expander(as_text(f"{upload.name} → {spec.title(lang)}"), expanded=True):
        if proposal.remembered is not None:
            st.info(as_text(t("mapping_remembered", lang, name=proposal.remembered.name)))
        else:
            st.caption(t("mapping_caption", lang))
        if proposal.sheet.skipped:
            st.caption(skipped_line(proposal.sheet.skipped, lang))
        columns = column_choices(proposal, lang, key)
        missing = [c.name for c in spec.required if c.name not in columns.values()]
        if missing:
            names = t("list_separator", lang).join(spec.header(name, lang) for name in missing)
            st.warning(t("mapping_missing", lang, columns=names))
        values, open_words = value_choices(proposal, columns, lang, key)
        if open_words:
            st.warning(t("mapping_unconfirmed", lang, count=open_words))
        signature = proposal.suggestion.signature
        mapping = Mapping(spec.name, columns, values, signature=signature)
        try:
            mapping.check()
        except MappingError as error:
            st.error(t(error.reason, lang, **error.params))
            return None
        preview(proposal.sheet, mapping, spec, lang)
        save_as = st.text_input(
            t("mapping_name", lang),
            value=proposal.remembered.name if proposal.remembered else "",
            max_chars=NAME_LENGTH,
            key=f"{key}_name",
        )
    return Prepared(upload, mapping, save_as.strip(), proposal.saved)
