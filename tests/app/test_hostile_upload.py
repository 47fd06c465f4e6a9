"""Security issue 3 on the import page: a small workbook that asked the old reader for
gigabytes (3 million cell formats) is refused at once, in the UI language, and nothing is
written."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from importing.xlsx_limits import MAX_CELL_FORMATS
from tests import hostile_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def many_styles() -> bytes:
    return hostile_xlsx.many_styles()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_page_refuses_a_workbook_of_three_million_formats_in_the_ui_language(
    empty_app: AppTest, many_styles: bytes, lang: str
) -> None:
    at = empty_app
    at.run()
    at.switch_page("pages/import_data.py").run()
    if lang == "en":
        at.sidebar.get("button_group")[0].set_value("en").run()

    at.file_uploader[0].set_value(("styles.xlsx", many_styles, XLSX))
    at.run()

    assert not at.exception
    assert at.error[0].value == t("import_errors", lang, count=1)
    report = at.dataframe[0].value
    reason = t("err_xlsx_styles", lang, limit=f"{MAX_CELL_FORMATS:,}")
    assert report[t("report_reason", lang)].tolist() == [reason]
