"""The written summary's sentence per domain: what came after the headline count of 总体.

Each says the domain's state at the window's end and its rates with their change against the
previous window; 就地化解率 is stated without change (information, not a target). Where one
dispute category or one community holds at least a third of the new disputes, a sentence of
its own names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from i18n import enum_label, t
from i18n.formatting import format_figure
from metrics.summary_model import DisputeFigures, Summary
from reports.narrative_phrases import (
    Against,
    Sentence,
    clauses,
    counted,
    joined,
    names_text,
    rate_change,
    rate_text,
)


def domain_sentences(
    summary: Summary, shown: Mapping[str, str], against: Against, lang: str
) -> list[Sentence]:
    """The four domains' sentences, in docs/metrics.md's order (burden only with items)."""
    sentences = [
        _disputes(summary, against, lang),
        *_dispute_shares(summary, shown, lang),
        _consultations(summary, against, lang),
        _organizations(summary, lang),
    ]
    if summary.current.burden.assigned:
        sentences.append(_burden(summary, against, lang))
    return sentences


def _disputes(summary: Summary, against: Against, lang: str) -> Sentence:
    now, before = summary.current.disputes, summary.previous.disputes
    if now.resolved + now.unresolved_closed == 0:
        closed = t("narr_none_closed", lang)
    else:
        rate = rate_text("success_rate", now.success_rate, lang)
        closed = joined(
            [
                counted("narr_resolved", now.resolved, lang, rate=rate),
                rate_change("success_rate", now.success_rate, before.success_rate, against, lang),
            ],
            lang,
        )
    local = ""
    if now.local_rate is not None:
        local = t("narr_local_rate", lang, rate=rate_text("local_rate", now.local_rate, lang))
    said = [closed, local, _backlog(now, lang)]
    return Sentence("disputes", t("narr_disputes", lang, clauses=clauses(said, lang)))


def _backlog(now: DisputeFigures, lang: str) -> str:
    if now.open_at_end == 0:
        return t("narr_no_open", lang)
    count = format_figure("open_at_end", now.open_at_end, lang)
    if now.overdue_at_end == 0:
        return t("narr_open_none_overdue", lang, n=count)
    overdue = format_figure("overdue_at_end", now.overdue_at_end, lang)
    return t("narr_open", lang, n=count, m=overdue)


def _dispute_shares(summary: Summary, shown: Mapping[str, str], lang: str) -> list[Sentence]:
    """A sentence naming the categories, and one naming the communities, that hold at least a
    third of the new disputes (docs/metrics.md)."""
    new = summary.current.disputes.new
    if new == 0:
        return []
    categories = [
        (enum_label("category", code, lang), count)
        for code, count in summary.current.disputes.by_category.items()
        if 3 * count >= new
    ]
    rows = [row for row in summary.by_community if 3 * row.disputes_new >= new]
    sentences = []
    if categories:
        sentences.append(Sentence("disputes", _share_text(categories, new, "category", lang)))
    if rows:
        named = [(shown.get(row.community, row.name), row.disputes_new) for row in rows]
        codes = tuple(row.community for row in rows)
        sentences.append(Sentence("disputes", _share_text(named, new, "community", lang), codes))
    return sentences


def _share_text(named: Sequence[tuple[str, int]], new: int, kind: str, lang: str) -> str:
    if len(named) == 1 and named[0][1] == new:
        return t(f"narr_share_all_{kind}", lang, name=named[0][0])
    items = names_text(
        [
            t("narr_share_item", lang, name=name, n=format_figure("new", count, lang))
            for name, count in named
        ],
        lang,
    )
    if len(named) > 1:
        return t("narr_share_each", lang, items=items)
    return t("narr_share_half" if 2 * named[0][1] > new else "narr_share_third", lang, items=items)


def _consultations(summary: Summary, against: Against, lang: str) -> Sentence:
    now, before = summary.current.consultations, summary.previous.consultations
    said = []
    if now.held:
        rate = t(
            "narr_consensus_rate", lang, rate=rate_text("consensus_rate", now.consensus_rate, lang)
        )
        said += [
            counted("narr_participants", now.participants, lang),
            joined(
                [
                    rate,
                    rate_change(
                        "consensus_rate", now.consensus_rate, before.consensus_rate, against, lang
                    ),
                ],
                lang,
            ),
        ]
    follow_through = [counted("narr_pending", now.pending_implementation, lang)]
    if now.implemented:
        follow_through.insert(0, counted("narr_implemented", now.implemented, lang))
    said.append(joined(follow_through, lang))
    return Sentence("consultations", t("narr_consultations", lang, clauses=clauses(said, lang)))


def _organizations(summary: Summary, lang: str) -> Sentence:
    now = summary.current.organizations
    growth = [counted("narr_active", now.active, lang)]
    if now.newly_entered:
        growth.append(counted("narr_entered", now.newly_entered, lang))
    if now.newly_filed:
        growth.append(counted("narr_filed", now.newly_filed, lang))
    said = [joined(growth, lang)]
    if now.activities:
        said.append(counted("narr_activity_participants", now.activity_participants, lang))
    said.append(counted("narr_inactive", now.inactive, lang))
    return Sentence("organizations", t("narr_organizations", lang, clauses=clauses(said, lang)))


def _burden(summary: Summary, against: Against, lang: str) -> Sentence:
    now, before = summary.current.burden, summary.previous.burden
    problems = [
        counted(f"narr_{key}", count, lang)
        for key, count in (
            ("unapproved", now.unapproved),
            ("negative_list", now.negative_list),
            ("off_list", now.off_list),
        )
        if count
    ]
    if problems:
        entry = t("narr_burden_problems", lang, items=names_text(problems, lang))
    else:
        entry = t("narr_all_compliant", lang)
    compliance = joined(
        [
            t(
                "narr_compliance",
                lang,
                rate=rate_text("compliance_rate", now.compliance_rate, lang),
            ),
            rate_change(
                "compliance_rate", now.compliance_rate, before.compliance_rate, against, lang
            ),
        ],
        lang,
    )
    return Sentence("burden", t("narr_burden", lang, clauses=clauses([entry, compliance], lang)))
