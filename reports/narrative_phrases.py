"""The pieces the written summary (综述) is made of: a count or a rate with its change, a list of
names, the window's words (本周 / 上月 / 去年同期).

Every number goes through i18n.formatting as the pages write it: a figure with format_figure,
a difference with format_change (the KPI cards' delta, its sign turned into 增加 / 减少), and a
percentage change with one decimal, as rates are shown. So each number of the text is a figure
of the summary JSON, a difference of two, or the percentage change between two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from i18n import TEXT, t
from i18n.formatting import format_change, format_figure

# Windows compared with the same period a year earlier too: a year's previous window already
# is the year before, a week's and a range's are compared with the window before only.
YEAR_AGO_PERIODS = ("month", "quarter")
# Windows that may stop before their period ends (本月以来, compared with 上月同期).
CALENDAR_PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its part (overall, a domain, attention), its text, and the community
    codes and alert rules it names (for the page's links)."""

    part: str
    text: str
    communities: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()


def counted(key: str, n: int, lang: str, **values: object) -> str:
    """The string `key` for a count `n`: `key_none` for 0 when there is one, `key_one` for 1."""
    known = TEXT.get(lang, TEXT["zh"])
    if n == 0 and f"{key}_none" in known:
        return t(f"{key}_none", lang, **values)
    chosen = f"{key}_one" if n == 1 and f"{key}_one" in known else key
    return t(chosen, lang, n=format_figure("count", n, lang), **values)


def names_text(names: Sequence[str], lang: str, *, more: bool = False) -> str:
    """Names as a list is written: 大冲社区、南油社区 / A, B and C; with `more` (others not
    named) 大冲社区、南油社区等 / A, B, C and others."""
    if lang == "zh":
        return "、".join(names) + ("等" if more else "")
    if more:
        return f"{', '.join(names)} and others"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def rate_text(key: str, value: float | None, lang: str) -> str:
    """A rate as the pages show it (76.5%)."""
    return format_figure(key, value, lang)


def signed_difference(key: str, value: float, before: float, lang: str) -> tuple[int, str]:
    """The change as the KPI cards round it: its sign (0 when it rounds to nothing) and its
    magnitude without sign or unit (5, 12.5, 8.5 for 8.5 个百分点)."""
    shown = format_change(key, value, before, lang)
    if shown is None or shown == "±0":
        return 0, "0"
    magnitude = shown[1:].split(" ")[0]
    if float(magnitude.replace(",", "")) == 0:
        return 0, magnitude
    return (1 if shown[0] == "+" else -1), magnitude


def percent_change(value: float, before: float) -> str:
    """value / before − 1, as a rate is shown (one decimal), without sign."""
    return f"{abs(value / before - 1):.1%}"


@dataclass(frozen=True)
class Against:
    """What a change is against, as said: `than` names it (上周, 去年同期: 与上周持平, 上周为零)
    and `vs` leads a change (比上周 / 环比 / 同比 in Chinese: 环比增加5件; last month in
    English: 5 more than last month)."""

    than: str
    vs: str


def count_change(
    key: str, value: int, before: int, against: Against, unit: str, lang: str, *, with_percent: bool
) -> str:
    """A count's change against `before`, said as a leader says it: 环比增加5件、增长26.3%
    (the percentage `with_percent`); 与上周持平; 上周为零 (no "+100%" against nothing); 上周4件
    when there is none now."""
    than = against.than
    if value == 0:
        if before == 0:
            return t("narr_both_zero", lang, than=than)
        return t("narr_was", lang, than=than, n=format_figure(key, before, lang), unit=unit)
    if before == 0:
        return t("narr_from_zero", lang, than=than)
    sign, diff = signed_difference(key, value, before, lang)
    if sign == 0:
        return t("narr_same", lang, than=than)
    said = t("narr_more" if sign > 0 else "narr_fewer", lang, vs=against.vs, diff=diff, unit=unit)
    pct = percent_change(value, before)
    if not with_percent or pct == "0.0%":
        return said
    return said + t("narr_rise_pct" if sign > 0 else "narr_fall_pct", lang, pct=pct)


def rate_change(
    key: str, value: float | None, before: float | None, against: Against, lang: str
) -> str:
    """A rate's change in percentage points (比上周下降8.5个百分点); "" when either is null."""
    if value is None or before is None:
        return ""
    sign, diff = signed_difference(key, value, before, lang)
    if sign == 0:
        return t("narr_same", lang, than=against.than)
    return t("narr_rate_up" if sign > 0 else "narr_rate_down", lang, vs=against.vs, diff=diff)


def clauses(parts: Sequence[str], lang: str) -> str:
    """Clauses of one sentence: 化解13件；在办38件 / 13 resolved; 38 open."""
    return ("；" if lang == "zh" else "; ").join(part for part in parts if part)


def joined(parts: Sequence[str], lang: str) -> str:
    """Parts of one clause: 化解13件，化解成功率76.5% / 13 resolved, success rate 76.5%."""
    return ("，" if lang == "zh" else ", ").join(part for part in parts if part)
