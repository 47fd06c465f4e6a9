"""数据导入: upload a template file (or a community's own 台账, or many files: the mapping step
of ui/import_mapping), see every problem or the counts, then commit."""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from data_access.characters import echo
from data_access.tables import writable_tables
from i18n import t
from importing.readers import MAX_UPLOAD_BYTES, human_size
from importing.service import check_file, commit_file, problems_frame
from importing.templates import template_bytes
from reports.exports import xlsx_bytes
from ui.auth import current_principal
from ui.cached import clear_caches, current_engine
from ui.downloads import Grant, guarded_download
from ui.filters import current_filters
from ui.forms import flash, show_flash
from ui.import_batch import batch_step
from ui.import_mapping import Upload, needs_mapping
from ui.plain_text import as_text

PREVIEW_ROWS = 20
ROUND_KEY = "import_upload_round"

lang = current_filters().lang
principal = current_principal()
# Master data (streets, communities) only for admins: not offered, and refused by the importer.
tables = writable_tables(principal.write_scope())
st.title(t("page_import", lang))
st.caption(t("import_caption", lang))
show_flash()


def template_file(table: str) -> Callable[[Grant], bytes]:
    """`table`'s import template, built on the click rather than on every run of the page."""
    return lambda granted: template_bytes(table, lang)


with st.expander(t("import_templates", lang)):
    st.caption(t("import_order_hint", lang))
    columns = st.columns(4)
    for index, table in enumerate(tables):
        guarded_download(
            t("import_template_button", lang, table=t(f"table_{table}", lang)),
            template_file(table),
            where=columns[index % 4],
            file_name=t("import_template_file", lang, table=t(f"table_{table}", lang)),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"template_{table}",
            icon=":material/download:",
        )

choice = st.selectbox(
    t("import_table", lang),
    options=[None, *tables],
    format_func=lambda table: (
        t("import_detect", lang) if table is None else t(f"table_{table}", lang)
    ),
    key="import_table",
)
round_number = st.session_state.setdefault(ROUND_KEY, 0)
uploads = st.file_uploader(
    t("import_upload", lang, limit=human_size(MAX_UPLOAD_BYTES)),
    type=["csv", "xlsx"],
    accept_multiple_files=True,
    key=f"import_file_{round_number}",
)
if not uploads:
    st.stop()

engine = current_engine()
files = [Upload(uploaded.name, uploaded.getvalue()) for uploaded in uploads]
if len(files) > 1 or needs_mapping(files[0], choice):
    # A community's own layout, or several files: the mapping step, one check, one write.
    batch_step(
        engine,
        principal,
        files,
        choice,
        lang,
        key_prefix=f"import_map_{round_number}",
        next_round=lambda: st.session_state.update({ROUND_KEY: round_number + 1}),
    )
    st.stop()
file_name, data = files[0].name, files[0].data
bar = st.progress(0.0, text=t("import_checking", lang, done=0, total="…"))
result = check_file(
    engine,
    file_name,
    data,
    choice,
    progress=lambda done, total: bar.progress(
        done / max(total, 1), text=t("import_checking", lang, done=done, total=total)
    ),
    scope=principal.write_scope(),
)
bar.empty()

if result.spec is not None and choice is None:
    st.info(t("import_detected", lang, table=result.spec.title(lang)))
if result.plan is not None and result.plan.ignored_headers:
    ignored = t("list_separator", lang).join(result.plan.ignored_headers)
    st.warning(t("warn_ignored_columns", lang, columns=as_text(ignored)))
if result.sheet is not None and result.sheet.rows:
    width = len(result.sheet.headers)
    preview = pd.DataFrame(
        [
            [number] + [echo(v) for v in (values + [None] * width)[:width]]
            for number, values in result.sheet.rows[:PREVIEW_ROWS]
        ],
        columns=[
            t("report_row", lang),
            *[echo(h) or f"#{i + 1}" for i, h in enumerate(result.sheet.headers)],
        ],
    )
    st.caption(t("import_preview", lang, count=len(preview), total=len(result.sheet.rows)))
    st.dataframe(preview, hide_index=True, width="stretch")

if not result.is_valid:
    report = problems_frame(result, lang)
    st.error(t("import_errors", lang, count=len(report)))
    st.dataframe(
        report,
        hide_index=True,
        width="stretch",
        column_config={report.columns[3]: st.column_config.TextColumn(width="large")},
    )
    guarded_download(
        t("import_error_report", lang),
        lambda granted: xlsx_bytes({t("report_sheet", lang): report}),
        file_name=f"{file_name.rsplit('.', 1)[0]}_{t('report_sheet', lang)}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="import_error_report",
        icon=":material/download:",
    )
    st.stop()

counts = result.counts()
st.success(t("import_valid", lang, total=result.plan.total if result.plan else 0, **counts))
if not counts["added"] and not counts["updated"]:
    st.info(t("import_nothing_new", lang))
    st.stop()

if st.button(t("import_commit", lang), type="primary", key="import_commit"):
    writing = st.progress(0.0, text=t("import_writing", lang))
    done = commit_file(
        engine,
        result,
        actor=principal.actor,
        file_name=file_name,
        scope=principal.write_scope(),
        progress=lambda done, total: writing.progress(
            done / max(total, 1), text=t("import_writing", lang)
        ),
    )
    writing.empty()
    if done.committed:
        clear_caches()
        flash(t("import_done", lang, **done.counts()))
        st.session_state[ROUND_KEY] = round_number + 1
        st.rerun()
    st.error(t("import_errors", lang, count=len(done.problems)))
    st.dataframe(problems_frame(done, lang), hide_index=True, width="stretch")
