"""The glossary states every figure, alert rule and threshold setting in the UI language."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.settings import get_settings
from i18n import enum_label, metric_labels, t
from metrics.alerts import RULES
from reports.glossary import threshold_settings
from tests.app.views_shown import open_page
from ui.kpis import definition


def glossary_text(app: AppTest) -> str:
    cells = [table.value.reset_index().to_numpy().ravel() for table in app.table]
    return " ".join(str(cell) for row in cells for cell in row)


def test_every_figure_and_rule_is_defined_in_chinese(demo_app: AppTest) -> None:
    app = open_page(demo_app, "glossary")
    assert app.title[0].value == "指标说明"
    text = glossary_text(app)
    for domain in ("disputes", "consultations", "organizations", "burden"):
        for key in metric_labels(domain, "zh"):
            assert definition(domain, key, "zh") in text
    for rule in RULES:
        assert enum_label("rule", rule, "zh") in text
    assert "30 天" in text, "thresholds are filled in"


def test_the_glossary_speaks_english_when_asked(empty_app: AppTest) -> None:
    app = open_page(empty_app, "glossary")
    app.segmented_control(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == t("page_glossary", "en")
    assert definition("disputes", "local_rate", "en") in glossary_text(app)


def test_the_glossary_shows_each_threshold_setting_with_the_value_in_force(
    empty_app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STREETDASH_OVERDUE_DAYS", "45")
    get_settings.cache_clear()
    app = open_page(empty_app, "glossary")
    text = glossary_text(app)
    for name in threshold_settings():
        assert name in text
    assert "STREETDASH_OVERDUE_DAYS 45 30" in text, "name, value in force, default"
    assert "超过 45 天" in text, "the definitions use the same value"
    assert t("glossary_scope", "zh") in [paragraph.value for paragraph in app.markdown]
