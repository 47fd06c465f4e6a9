"""成效评估 for people: evaluate a saved reform (or one asked on the command line) from the
database, and say what the reading means in words — or that the data are too few to judge.

The default comparison (every other community of the treated communities' streets) is resolved
here, when the reform is evaluated, so a community added to a street later joins it. For a
community account's record (`comparison_hidden`) the stored comparison is read on the server
and the evaluation comes back with the comparison's totals but not its communities.
Every sentence ends with CAUTION: a comparison of this kind does not prove the reform caused
the change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine

from data_access.queries import communities
from data_access.reforms import ReformRecord, stored_comparison
from figures.reform import reform_weekly_counts
from i18n import enum_label, t
from i18n.formatting import join_names
from metrics.reform import (
    DEFAULT_WEEKS,
    Evaluation,
    GroupCounts,
    ReformTooRecent,
    evaluate_counts,
    reform_periods,
)
from metrics.window import Window

CAUTION = "reform_caution"

__all__ = [
    "CAUTION",
    "Evaluation",
    "ReformQuestion",
    "ReformTooRecent",
    "caution",
    "default_comparison",
    "evaluate_reform",
    "figure_words",
    "reform_sentence",
    "too_recent_text",
]


@dataclass(frozen=True)
class ReformQuestion:
    """A reform asked about without saving it (the CLI's --start/--community …): comparison
    empty means the default."""

    start_on: date
    treated: tuple[str, ...]
    figure: str = "disputes_new"
    categories: tuple[str, ...] = ()
    comparison: tuple[str, ...] = ()


def default_comparison(engine: Engine, treated: Sequence[str]) -> tuple[str, ...]:
    """Every other community of the streets the treated communities belong to, by code."""
    known = communities(engine)
    streets = set(known.loc[known["code"].isin(list(treated)), "street_code"])
    chosen = known["street_code"].isin(list(streets)) & ~known["code"].isin(list(treated))
    return tuple(sorted(str(code) for code in known.loc[chosen, "code"]))


def evaluate_reform(
    engine: Engine,
    reform: ReformRecord | ReformQuestion,
    today: date,
    *,
    weeks: int = DEFAULT_WEEKS,
) -> Evaluation:
    """The reform's evaluation over `weeks` weeks either side of its start (fewer when the last
    complete week before `today` comes sooner). Raises ReformTooRecent when not one complete
    week has passed since the start."""
    hidden = isinstance(reform, ReformRecord) and reform.comparison_hidden
    explicit = (
        stored_comparison(engine, reform.id)
        if isinstance(reform, ReformRecord) and hidden
        else reform.comparison
    )
    comparison = explicit or default_comparison(engine, reform.treated)
    last_complete_end = Window.last_complete_week(today).end
    before, after, _ = reform_periods(reform.start_on, weeks, last_complete_end)
    counts = reform_weekly_counts(
        engine,
        reform.figure,
        reform.categories,
        [*reform.treated, *comparison],
        Window(before.start, after.end),
    )
    evaluation = evaluate_counts(
        counts,
        figure=reform.figure,
        categories=reform.categories,
        treated=reform.treated,
        comparison=comparison,
        before=before,
        after=after,
    )
    if hidden:  # the totals may be shown, the communities' names not
        return replace(evaluation, comparison=replace(evaluation.comparison, communities=()))
    return evaluation


def figure_words(figure: str, categories: Sequence[str], lang: str) -> str:
    """What the reform aims at in words: 物业纠纷 for some categories of new disputes, else the
    figure's name (新增纠纷, 议事场次 …)."""
    if figure == "disputes_new" and categories:
        labels = (enum_label("category", code, lang) for code in categories)
        words = join_names(labels, lang)
        return t(
            "reform_category_disputes", lang, categories=words if lang == "zh" else words.lower()
        )
    return t(f"reform_figure_{figure}", lang)


def periods_text(evaluation: Evaluation, lang: str) -> str:
    """The before and after periods and their length in weeks, as every reader states them."""
    before, after = evaluation.before, evaluation.after
    return t(
        "reform_periods",
        lang,
        before=f"{before.start.isoformat()} ~ {before.end.isoformat()}",
        after=f"{after.start.isoformat()} ~ {after.end.isoformat()}",
        weeks=evaluation.weeks,
    )


def description_lines(
    record: ReformRecord, resolved_comparison: Sequence[str], names: Mapping[str, str], lang: str
) -> list[str]:
    """The reform as recorded, line by line, for the page and the PDF alike: start, figure (and
    categories), the groups, the note. A default comparison is named as the evaluation resolved
    it; a comparison hidden from the reader is never named."""
    figure = t(f"reform_figure_{record.figure}", lang)
    if record.figure == "disputes_new":
        categories = join_names((enum_label("category", c, lang) for c in record.categories), lang)
        figure += " · " + t(
            "reform_categories", lang, categories=categories or t("reform_all_categories", lang)
        )

    def named(codes: Sequence[str]) -> str:
        return join_names((names.get(code, code) for code in codes), lang)

    lines = [
        f"{t('reform_column_start', lang)}：{record.start_on.isoformat()}",
        f"{t('reform_column_figure', lang)}：{figure}",
        f"{t('reform_treated', lang)}：{named(record.treated)}",
    ]
    if record.comparison_hidden:
        lines.append(t("reform_comparison_hidden", lang))
    elif record.comparison:
        lines.append(f"{t('reform_comparison', lang)}：{named(record.comparison)}")
    else:
        default = t("reform_comparison_default", lang)
        shown = f"{default}：{named(resolved_comparison)}" if resolved_comparison else default
        lines.append(f"{t('reform_comparison', lang)}：{shown}")
    if record.note:
        lines.append(f"{t('reform_field_note', lang)}：{record.note}")
    return lines


def _percent(value: float, digits: int) -> str:
    return f"{abs(value) * 100:.{digits}f}%"


def _change_words(change: float | None, after: int, lang: str) -> str:
    """下降63.2% / 上升12.0% / 持平, or 由0变为5 when there was nothing before."""
    if change is None:
        return t("reform_from_zero", lang, after=after)
    shown = _percent(change, 1)
    if shown == _percent(0.0, 1):
        return t("reform_unchanged", lang)
    return t("reform_fell_by" if change < 0 else "reform_rose_by", lang, percent=shown)


def _net_words(ratio: float, lang: str) -> str:
    """The change net of the comparison's, in whole percent: 约下降60%."""
    shown = _percent(ratio - 1, 0)
    if shown == _percent(0.0, 0):
        return t("reform_net_unchanged", lang)
    return t("reform_net_fell" if ratio < 1 else "reform_net_rose", lang, percent=shown)


def _signed(ratio: float) -> str:
    """A ratio as the change it stands for, signed, whole percent: 0.28 → −72%."""
    change = round((ratio - 1) * 100)
    return f"{'+' if change > 0 else '−' if change < 0 else '±'}{abs(change)}%"


def _group(group: GroupCounts, lang: str) -> str:
    return _change_words(group.change, group.after, lang)


def reform_sentence(evaluation: Evaluation, names: Mapping[str, str], lang: str) -> str:
    """The reading in one sentence, then CAUTION: each group's change, the change net of the
    comparison's with its 95 % interval and the reading — or, when the interval cannot be
    formed or is wider than ×/÷ 3, that the data are too few to judge. `names` (code → name)
    name the treated communities."""
    treated = join_names((names.get(code, code) for code in evaluation.treated.communities), lang)
    figure = figure_words(evaluation.figure, evaluation.categories, lang)
    opening = {
        "figure": f"（{treated}）{figure}" if lang == "zh" else f"({treated}) {figure}",
        "treated": _group(evaluation.treated, lang),
        "comparison": _group(evaluation.comparison, lang),
    }
    if evaluation.too_few or evaluation.ratio is None:
        sentence = t("reform_sentence_too_few", lang, **opening)
    else:
        assert evaluation.ci_low is not None and evaluation.ci_high is not None
        sentence = t(
            "reform_sentence",
            lang,
            **opening,
            net=_net_words(evaluation.ratio, lang),
            low=_signed(evaluation.ci_low),
            high=_signed(evaluation.ci_high),
            reading=t(f"reform_reading_{evaluation.reading}", lang),
        )
    return f"{sentence}{'' if lang == 'zh' else ' '}{caution(lang)}"


def caution(lang: str) -> str:
    """A comparison of this kind does not prove that the reform caused the change."""
    return t(CAUTION, lang)


def too_recent_text(error: ReformTooRecent, lang: str) -> str:
    """Why a reform that started less than a complete week ago is not evaluated yet."""
    return t(
        "reform_too_recent",
        lang,
        start=error.start.isoformat(),
        end=error.last_complete_end.isoformat(),
    )
