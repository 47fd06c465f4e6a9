"""The glossary (page and docs/metrics.md) defines every figure, rule and setting, both languages,
with the defaults and threshold settings the code really uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_access.settings import SETTINGS, load_settings
from i18n import metric_labels
from metrics.alerts import RULES
from metrics.thresholds import Thresholds
from reports.glossary import (
    DOMAINS,
    by_community_rows,
    figure_rows,
    rule_rows,
    setting_rows,
    settings_shown,
    threshold_rows,
    threshold_settings,
)
from reports.metrics_doc import render

LANGS = ("zh", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_rule_and_setting_has_a_definition_in_each_language(lang: str) -> None:
    for domain in DOMAINS:
        rows = figure_rows(domain, lang, Thresholds())
        assert [row.key for row in rows] == list(metric_labels(domain, lang))
        assert all(row.definition for row in rows)
    assert [row.key for row in by_community_rows(lang)] == list(metric_labels("by_community", lang))
    assert [row.key for row in rule_rows(lang, Thresholds())] == list(RULES)
    assert [row.name for row in setting_rows(lang)] == list(SETTINGS)


def test_the_document_names_every_figure_rule_and_setting_once_per_language() -> None:
    document = render()
    chinese, english = document.split("\n## English\n")
    for part in (chinese, english):
        for domain in DOMAINS:
            assert f"· `{domain}`" in part
            for key in metric_labels(domain, "zh"):
                assert f"| `{key}` |" in part, key
        for rule in RULES:
            assert f"| `{rule}` |" in part, rule
        for name in SETTINGS:
            assert f"| `{name}` |" in part, name


def test_the_document_does_not_depend_on_where_the_project_lives() -> None:
    assert str(Path(__file__).resolve().parents[2]) not in render()
    assert "`sqlite:///<project>/data/streetdash.db`" in render()


def test_definitions_show_the_thresholds_given_not_the_defaults() -> None:
    overdue = next(
        r
        for r in figure_rows("disputes", "zh", Thresholds(overdue_days=45))
        if r.key == "overdue_at_end"
    )
    assert "45 天" in overdue.definition
    assert overdue.settings == ("STREETDASH_OVERDUE_DAYS",)


def test_a_rule_lists_the_settings_its_definition_shows() -> None:
    assert settings_shown("{surge_min_new} … {surge_factor} × {surge_windows}") == (
        "STREETDASH_SURGE_MIN_NEW",
        "STREETDASH_SURGE_FACTOR",
    )
    surge = next(r for r in rule_rows("en", Thresholds()) if r.key == "dispute_surge")
    assert surge.settings == ("STREETDASH_SURGE_MIN_NEW", "STREETDASH_SURGE_FACTOR")
    assert surge.severity == "High"


@pytest.mark.parametrize("name", sorted(threshold_settings()))
def test_each_threshold_setting_changes_the_threshold_the_glossary_names(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for other in SETTINGS:
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(name, "7")
    thresholds = load_settings(tmp_path / "absent.toml").thresholds
    assert getattr(thresholds, threshold_settings()[name]) == 7


def test_documented_defaults_are_the_thresholds_in_force_when_nothing_is_set() -> None:
    defaults = Thresholds()
    for name, field in threshold_settings().items():
        assert float(SETTINGS[name].default) == getattr(defaults, field), name


def test_the_page_shows_threshold_values_as_the_definitions_write_them() -> None:
    rows = {row.name: row for row in threshold_rows("zh", Thresholds(surge_factor=2.5))}
    assert rows["STREETDASH_SURGE_FACTOR"].value == "2.5"
    assert rows["STREETDASH_SURGE_FACTOR"].default == "2"
    assert rows["STREETDASH_OVERDUE_DAYS"].value == "30"
    assert set(rows) == set(threshold_settings())
