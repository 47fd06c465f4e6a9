"""UI strings, enumeration labels and metric labels in zh (default) and en; `t()` looks them up.

zh.py and en.py hold the shared vocabulary (enumerations, metric labels, alert messages and
the frame's strings). A feature area with many strings of its own keeps them in a module of
its own, `TEXT = {"zh": {...}, "en": {...}}`, listed in AREAS below.
"""

from __future__ import annotations

from types import ModuleType

from i18n import (
    accounts,
    checks,
    data_entry,
    deploy,
    en,
    glossary,
    long_picture,
    meeting,
    narrative,
    periods,
    privacy,
    reform,
    reliability,
    report,
    views,
    zh,
)

LANGUAGES: dict[str, ModuleType] = {"zh": zh, "en": en}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"
AREAS: tuple[ModuleType, ...] = (
    views,
    glossary,
    data_entry,
    checks,
    meeting,
    narrative,
    periods,
    report,
    accounts,
    privacy,
    reliability,
    deploy,
    reform,
    long_picture,
)


def _merged_text() -> dict[str, dict[str, str]]:
    """Every UI string by language; a key defined twice is a bug caught at import."""
    merged = {lang: dict(module.TEXT) for lang, module in LANGUAGES.items()}
    for area in AREAS:
        for lang in LANGUAGES:
            twice = merged[lang].keys() & area.TEXT[lang].keys()
            if twice:
                raise KeyError(f"{area.__name__} redefines {sorted(twice)}")
            merged[lang].update(area.TEXT[lang])
    return merged


TEXT = _merged_text()


def _catalogue(lang: str) -> ModuleType:
    return LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANGUAGE])


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The UI string `key` in `lang`, with `values` filled in; a missing key is a bug, so it raises."""
    text = TEXT.get(lang, TEXT[DEFAULT_LANGUAGE])[key]
    return text.format(**values) if values else text


def enum_label(enum: str, code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of an enumeration code (the code itself when unknown, so nothing is hidden)."""
    return _catalogue(lang).ENUMS[enum].get(code, code)


def enum_labels(enum: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    return dict(_catalogue(lang).ENUMS[enum])


def metric_label(domain: str, key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of a figure of docs/metrics.md, e.g. ("disputes", "new") → 新增纠纷."""
    return _catalogue(lang).METRICS[domain][key]


def metric_labels(domain: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every label of a domain's figures, key → label."""
    return dict(_catalogue(lang).METRICS[domain])


def alert_message_template(rule: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return _catalogue(lang).ALERT_MESSAGES[rule]
