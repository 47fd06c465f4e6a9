"""The written summary (综述): what a street leader says opening the weekly meeting, made from the
summary (and the meeting's follow-up actions) alone — no other data, no language model, the
same text for the same data (README, "The written summary").

总体 first (each domain's headline count and its change against the previous window, and for a
month or a quarter against the same period a year earlier; the number of alerts), then a
sentence per domain, then 需关注: every high-severity alert by rule with its communities, and
the overdue follow-up actions. A category or community with at least a third of the new
disputes is named. 就地化解率 is stated as information only: never with its change, never
against another community (docs/metrics.md: a case rightly passed up is not a failure).

Each sentence carries the communities and alert rules it names, so that the pages can link it
to the records or the profile behind it; the PDF and the CLI take `Narrative.text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from i18n import t
from metrics.alerts import RULES
from metrics.meeting import follow_up_statuses
from metrics.summary_model import DOMAINS, Summary, WindowFigures, has_year_ago_data
from reports.alerts import distinct_names
from reports.narrative_phrases import (
    CALENDAR_PERIODS,
    YEAR_AGO_PERIODS,
    Against,
    Sentence,
    clauses,
    count_change,
    counted,
    joined,
    names_text,
)
from reports.narrative_sections import domain_sentences

__all__ = [
    "Narrative",
    "OverdueFollowUps",
    "Sentence",
    "names_of",
    "overdue_follow_ups",
    "written_summary",
]

# Each domain's headline count: the figure the 总体 sentence gives with its changes.
HEADLINE = {
    "disputes": "new",
    "consultations": "held",
    "organizations": "activities",
    "burden": "assigned",
}
# The high-severity rules, in docs/metrics.md's order: each has a sentence of its own.
HIGH_RULES = tuple(rule for rule, severity in RULES.items() if severity == "high")
# Communities named per rule: all of a street's (16 in the demo); a district's first ones, then
# 等 / "and others" (a count there would be a number the summary JSON does not hold).
NAMED_UP_TO = 20


@dataclass(frozen=True)
class Narrative:
    """The written summary in one language: its sentences in order."""

    lang: str
    sentences: tuple[Sentence, ...]

    def parts(self) -> list[tuple[str, list[Sentence]]]:
        """The sentences grouped by part, in order: one paragraph each."""
        grouped: dict[str, list[Sentence]] = {}
        for sentence in self.sentences:
            grouped.setdefault(sentence.part, []).append(sentence)
        return list(grouped.items())

    def paragraphs(self) -> list[str]:
        """Each part's sentences as one paragraph."""
        gap = "" if self.lang == "zh" else " "
        return [gap.join(each.text for each in sentences) for _, sentences in self.parts()]

    @property
    def text(self) -> str:
        """The whole text, a paragraph a line (the CLI prints it, the PDF lays it out)."""
        return "\n".join(self.paragraphs())


@dataclass(frozen=True)
class OverdueFollowUps:
    """The meeting's follow-up actions (督办事项) overdue on the day: how many, and the
    communities they concern (codes, each once, in the order the actions are listed)."""

    count: int
    communities: tuple[str, ...]


def overdue_follow_ups(actions: pd.DataFrame | None, day: date) -> OverdueFollowUps:
    """The overdue ones among `actions` (columns community, status, due_on) as of `day`."""
    if actions is None or actions.empty:
        return OverdueFollowUps(0, ())
    overdue = actions[follow_up_statuses(actions, day).eq("overdue").to_numpy()]
    codes = tuple(dict.fromkeys(str(code) for code in overdue["community"]))
    return OverdueFollowUps(len(overdue), codes)


@dataclass(frozen=True)
class Comparison:
    """A window the figures are compared with, and how it is called (上周, 去年同期)."""

    against: Against
    figures: WindowFigures


def window_words(summary: Summary, lang: str) -> tuple[str, Against]:
    """How the window is called (本周, 本月, 本月以来 for a month that has not ended) and the
    previous one (上周 / 比上周; 上月 / 环比; 上月同期 / 环比, being as partial)."""
    period = summary.window.period
    partial = "_partial" if period in CALENDAR_PERIODS and summary.window.is_partial else ""
    previous = Against(
        t(f"narr_prev_{period}{partial}", lang), t(f"narr_vs_{period}{partial}", lang)
    )
    return t(f"narr_this_{period}{partial}", lang), previous


def comparisons(summary: Summary, lang: str) -> list[Comparison]:
    """The previous window, and for a month or a quarter the same period a year earlier when
    the street had records then (else `no_year_ago_data` says so)."""
    compared = [Comparison(window_words(summary, lang)[1], summary.previous)]
    if summary.window.period in YEAR_AGO_PERIODS and has_year_ago_data(summary):
        year_ago = Against(t("narr_year_ago", lang), t("narr_vs_year_ago", lang))
        compared.append(Comparison(year_ago, summary.year_ago))
    return compared


def no_year_ago_data(summary: Summary) -> bool:
    """A month or quarter whose same period a year earlier holds no record (去年同期无数据)."""
    return summary.window.period in YEAR_AGO_PERIODS and not has_year_ago_data(summary)


def names_of(summary: Summary) -> dict[str, str]:
    """Code → name of the communities in the summary's `by_community`."""
    return {row.community: row.name for row in summary.by_community}


def written_summary(
    summary: Summary,
    names: Mapping[str, str],
    lang: str,
    *,
    follow_ups: OverdueFollowUps | None = None,
) -> Narrative:
    """The written summary of `summary` in `lang` (zh or en); `names` names the communities
    (code → name); `follow_ups` are the meeting's overdue actions (None: no sentence on them,
    as on 总览 and in `summary --format text`)."""
    codes = {row.community for row in summary.by_community} | {a.community for a in summary.alerts}
    if follow_ups is not None:
        codes |= set(follow_ups.communities)
    shown = distinct_names(sorted(codes), names)
    this = window_words(summary, lang)[0]
    compared = comparisons(summary, lang)
    sentences = [
        _overall(summary, this, compared, lang),
        *([Sentence("overall", t("narr_no_year_ago", lang))] if no_year_ago_data(summary) else []),
        _alert_count(summary, lang),
        *domain_sentences(summary, shown, compared[0].against, lang),
        *_attention(summary, shown, this, follow_ups, lang),
    ]
    return Narrative(lang, tuple(sentences))


def _overall(summary: Summary, this: str, compared: Sequence[Comparison], lang: str) -> Sentence:
    """Each domain's headline count with its changes. A week's counts are small and swing from
    week to week: it says the difference only (比上周增加5件); longer windows add the
    percentage (环比增长26.3%, 同比下降4.0%)."""
    with_percent = summary.window.period != "week"
    said = []
    for domain in DOMAINS:
        key = HEADLINE[domain]
        value = _count(summary.current, domain, key)
        unit = t(f"narr_unit_{domain}", lang)
        changes = [
            count_change(
                key,
                value,
                _count(other.figures, domain, key),
                other.against,
                unit,
                lang,
                with_percent=with_percent,
            )
            for other in compared
        ]
        said.append(joined([counted(f"narr_head_{domain}", value, lang), *changes], lang))
    return Sentence("overall", t("narr_overall", lang, this=this, clauses=clauses(said, lang)))


def _count(figures: WindowFigures, domain: str, key: str) -> int:
    value = figures.domain(domain).scalars()[key]
    return int(value or 0)


def _alert_count(summary: Summary, lang: str) -> Sentence:
    return Sentence("overall", counted("narr_alerts", len(summary.alerts), lang))


def _attention(
    summary: Summary,
    shown: Mapping[str, str],
    this: str,
    follow_ups: OverdueFollowUps | None,
    lang: str,
) -> list[Sentence]:
    """需关注: a sentence per high-severity rule naming its communities, then the overdue
    follow-up actions; the first sentence opens with 需关注."""
    fired: dict[str, list[str]] = {}
    for alert in summary.alerts:
        if alert.rule in HIGH_RULES:
            fired.setdefault(alert.rule, []).append(alert.community)
    sentences = []
    for rule in (rule for rule in HIGH_RULES if rule in fired):
        communities = tuple(sorted(set(fired[rule])))
        named = communities[:NAMED_UP_TO]
        names = names_text(
            [shown.get(code, code) for code in named], lang, more=len(communities) > len(named)
        )
        text = t(f"narr_rule_{rule}", lang, names=names)
        sentences.append(Sentence("attention", text, named, (rule,)))
    if not sentences:
        sentences.append(Sentence("attention", t("narr_no_high", lang, this=this)))
    if follow_ups is not None:
        sentences.append(_follow_up_sentence(follow_ups, shown, lang))
    first = sentences[0]
    opened = t("narr_attention", lang, text=first.text)
    sentences[0] = Sentence(first.part, opened, first.communities, first.rules)
    return sentences


def _follow_up_sentence(
    follow_ups: OverdueFollowUps, shown: Mapping[str, str], lang: str
) -> Sentence:
    if follow_ups.count == 0:
        return Sentence("attention", t("narr_no_overdue_follow_ups", lang))
    named = follow_ups.communities[:NAMED_UP_TO]
    names = names_text(
        [shown.get(code, code) for code in named],
        lang,
        more=len(follow_ups.communities) > len(named),
    )
    text = counted("narr_overdue_follow_ups", follow_ups.count, lang, names=names)
    return Sentence("attention", text, named)
