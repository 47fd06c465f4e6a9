"""The glossary's tables (指标说明): figures, alert rules and settings, in one place.

The app's 指标说明 page and docs/metrics.md (`make docs`) both take their rows from here, so
the page a user reads and the document a developer reads say the same thing. The texts live in
i18n/glossary.py; this module only decides which rows there are and fills in the thresholds.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from data_access.settings import PROJECT_ROOT, SETTINGS, THRESHOLD_NAMES, setting_problem
from i18n import enum_label, metric_label, metric_labels, t
from i18n.glossary import PLACEHOLDER_FIELDS, definition_values
from metrics.alerts import RULES
from metrics.thresholds import Thresholds

DOMAINS = ("disputes", "consultations", "organizations", "burden")
# The reform evaluation's terms: the keys of `evaluate`'s JSON each defines, and its label.
REFORM_TERMS = (
    (("ratio",), "reform_ratio", "def_reform_ratio"),
    (("ci_low", "ci_high"), "reform_interval", "def_reform_interval"),
    (("reading",), "reform_reading", "def_reform_reading"),
)


@dataclass(frozen=True)
class Row:
    """One line of a glossary table: the stable key, its label and definition in a language,
    the severity label (alert rules only) and the settings whose values the definition shows."""

    key: str
    label: str
    definition: str
    severity: str = ""
    settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SettingRow:
    """One setting as the glossary states it: name, default, what a value must be, meaning."""

    name: str
    default: str
    allowed: str
    meaning: str


def threshold_settings() -> dict[str, str]:
    """Setting name → the Thresholds field it overrides (STREETDASH_OVERDUE_DAYS → overdue_days)."""
    return dict(THRESHOLD_NAMES)


def settings_shown(template: str) -> tuple[str, ...]:
    """The settings whose values the placeholders of `template` show, in the template's order."""
    by_field = {field: name for name, field in threshold_settings().items()}
    shown = []
    for _, placeholder, _, _ in string.Formatter().parse(template):
        name = by_field.get(PLACEHOLDER_FIELDS.get(placeholder or "", ""))
        if name is not None and name not in shown:
            shown.append(name)
    return tuple(shown)


def _defined(key: str, lang: str, thresholds: Thresholds) -> tuple[str, tuple[str, ...]]:
    template = t(key, lang)
    return t(key, lang, **definition_values(thresholds)), settings_shown(template)


def figure_rows(domain: str, lang: str, thresholds: Thresholds) -> list[Row]:
    """Every figure of `domain` (disputes, consultations, organizations, burden) in label order."""
    rows = []
    for key, label in metric_labels(domain, lang).items():
        definition, settings = _defined(f"def_{domain}_{key}", lang, thresholds)
        rows.append(Row(key, label, definition, settings=settings))
    return rows


def by_community_rows(lang: str) -> list[Row]:
    """Every column of `by_community`: its own definition, or the figure it restricts."""
    rows = []
    for key, label in metric_labels("by_community", lang).items():
        domain, _, figure = key.partition("_")
        if domain in DOMAINS:
            definition = t(
                "doc_same_as",
                lang,
                domain=t(f"domain_{domain}", lang),
                label=metric_label(domain, figure, lang),
                ref=f"{domain}.{figure}",
            )
        else:
            definition = t(f"def_by_community_{key}", lang)
        rows.append(Row(key, label, definition))
    return rows


def rule_rows(lang: str, thresholds: Thresholds) -> list[Row]:
    """Every alert rule in RULES order, with its severity."""
    rows = []
    for rule, severity in RULES.items():
        definition, settings = _defined(f"def_rule_{rule}", lang, thresholds)
        rows.append(
            Row(
                rule,
                enum_label("rule", rule, lang),
                definition,
                severity=enum_label("severity", severity, lang),
                settings=settings,
            )
        )
    return rows


def allowed_values(name: str, lang: str) -> str:
    """What every value of setting `name` must be, in `lang` (any text where nothing is checked).

    The empty text is refused by every checked setting, so the problem it raises states the
    check, range included: the one in data_access/settings.py, not a second copy of it.
    """
    problem = setting_problem(name, "")
    if problem is None:
        return t("doc_any_value", lang)
    return t(f"settings_expected_{problem.expected}", lang, **problem.params)


def shown_default(name: str) -> str:
    """A setting's default as a reader can use it: the project's own folder as `<project>`."""
    return SETTINGS[name].default.replace(str(PROJECT_ROOT), "<project>")


def setting_rows(lang: str) -> list[SettingRow]:
    """Every setting in SETTINGS order with its default, allowed values and meaning in `lang`.

    A setting without `def_setting_<NAME>` in i18n/glossary.py raises KeyError: every setting
    is explained in both languages.
    """
    return [
        SettingRow(
            name, shown_default(name), allowed_values(name, lang), t(f"def_setting_{name}", lang)
        )
        for name in SETTINGS
    ]


@dataclass(frozen=True)
class ThresholdRow:
    """A threshold setting as the page shows it: name, value in force, default, meaning."""

    name: str
    value: str
    default: str
    meaning: str


def threshold_rows(lang: str, thresholds: Thresholds) -> list[ThresholdRow]:
    """The threshold settings with their values in force, written as the definitions write
    them (2, not 2.0)."""
    rows = []
    for name, field in threshold_settings().items():
        value = getattr(thresholds, field)
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        rows.append(ThresholdRow(name, shown, shown_default(name), t(f"def_setting_{name}", lang)))
    return rows


def reform_rows(lang: str) -> list[Row]:
    """The terms of the reform evaluation (成效评估): ratio, interval and reading."""
    return [
        Row(", ".join(keys), t(label, lang), t(definition, lang))
        for keys, label, definition in REFORM_TERMS
    ]
