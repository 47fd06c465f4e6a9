"""Both languages say everything: no string, label or message exists in one language only."""

from __future__ import annotations

import string

import pytest

from i18n import AREAS, TEXT, en, enum_label, metric_label, t, zh
from metrics import codes


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_ui_string_exists_in_both_languages_with_the_same_placeholders() -> None:
    assert TEXT["zh"].keys() == TEXT["en"].keys()
    for key in TEXT["zh"]:
        assert placeholders(TEXT["zh"][key]) == placeholders(TEXT["en"][key]), key


def test_every_area_module_speaks_both_languages() -> None:
    for area in AREAS:
        assert area.TEXT["zh"].keys() == area.TEXT["en"].keys(), area.__name__


@pytest.mark.parametrize("catalogue", ["ENUMS", "METRICS"])
def test_every_label_exists_in_both_languages(catalogue: str) -> None:
    chinese, english = getattr(zh, catalogue), getattr(en, catalogue)
    assert chinese.keys() == english.keys()
    for group in chinese:
        assert chinese[group].keys() == english[group].keys(), group


def test_alert_messages_have_the_same_placeholders_in_both_languages() -> None:
    assert zh.ALERT_MESSAGES.keys() == en.ALERT_MESSAGES.keys()
    for rule, text in zh.ALERT_MESSAGES.items():
        assert placeholders(text) == placeholders(en.ALERT_MESSAGES[rule]), rule


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        ("category", codes.DISPUTE_CATEGORIES),
        ("source", codes.DISPUTE_SOURCES),
        ("status", codes.DISPUTE_STATUSES),
        ("level", codes.DISPUTE_LEVELS),
        ("form", codes.CONSULTATION_FORMS),
        ("topic_category", codes.TOPIC_CATEGORIES),
        ("implementation", codes.IMPLEMENTATIONS),
        ("org_category", codes.ORG_CATEGORIES),
        ("stage", codes.ORG_STAGES),
        ("incubator", codes.INCUBATORS),
        ("kind", codes.BURDEN_KINDS),
        ("list_status", codes.LIST_STATUSES),
        ("outcome", codes.OUTCOMES),
        ("severity", codes.SEVERITIES),
    ],
)
def test_every_enumeration_code_has_a_label_in_both_languages(
    enum: str, values: tuple[str, ...]
) -> None:
    for lang in ("zh", "en"):
        assert tuple(zh.ENUMS[enum]) == values
        assert all(enum_label(enum, code, lang) != code for code in values)


def test_lookups_fill_placeholders_and_fall_back_to_chinese() -> None:
    assert t("scope_all", "zh", count=16) == "全部 16 个社区"
    assert t("scope_all", "en", count=16) == "all 16 communities"
    assert t("page_overview", "fr") == "总览"
    assert metric_label("disputes", "local_rate", "zh") == "就地化解率"
