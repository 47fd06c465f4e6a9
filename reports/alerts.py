"""Alerts grouped by rule, and community names told apart: shared by the PDF and the pages.

A street's week has a handful of alerts that a meeting reads one by one; a district's has
hundreds. Above ALERTS_LISTED_UP_TO both the PDF and the alert list of 总览/周报 summarise them
by rule (how many communities each rule fired in, which), and the page lets one rule's alerts
be opened at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from i18n import t
from metrics.alerts import RULES
from metrics.summary_model import AlertItem

# A street's week has about 10-30 alerts, which the meeting reads one by one; a district's has
# hundreds (777 in the demo district's latest week): dozens of PDF pages no meeting reads (two
# thirds of the PDF's layout time), and a page of 777 expanders that took seconds to draw.
ALERTS_LISTED_UP_TO = 40
# Community names shown per rule in that summary, then how many more.
COMMUNITIES_NAMED = 12


@dataclass(frozen=True)
class RuleRow:
    """One alert rule that fired: its severity and the communities it fired in, by name."""

    rule: str
    severity: str
    communities: tuple[str, ...]


def distinct_names(codes: Iterable[str], names: Mapping[str, str]) -> dict[str, str]:
    """Each code's name, followed by the code where communities of two streets share a name."""
    named = {code: names.get(code, code) for code in codes}
    counts = Counter(named.values())
    return {code: f"{name} {code}" if counts[name] > 1 else name for code, name in named.items()}


def alerts_by_rule(alerts: Sequence[AlertItem], names: Mapping[str, str]) -> list[RuleRow]:
    """One row per rule that fired, most communities first, ties in RULES' (docs/metrics.md) order;
    each row's communities by code, named as `distinct_names` names them."""
    shown = distinct_names(names.keys() | {alert.community for alert in alerts}, names)
    fired: dict[str, set[str]] = {}
    for alert in alerts:
        fired.setdefault(alert.rule, set()).add(alert.community)
    order = sorted(fired, key=lambda rule: (-len(fired[rule]), list(RULES).index(rule)))
    return [
        RuleRow(rule, RULES[rule], tuple(shown[code] for code in sorted(fired[rule])))
        for rule in order
    ]


def communities_text(names: Sequence[str], lang: str, shown: int = COMMUNITIES_NAMED) -> str:
    """The first `shown` names, then how many more."""
    listed = ("、" if lang == "zh" else ", ").join(names[:shown])
    if len(names) <= shown:
        return listed
    return t("pdf_communities_more", lang, listed=listed, count=len(names) - shown)


# The view each rule belongs to, for a view's PDF (导出本页 PDF); None: every view (no_report
# says a community reported nothing at all this week).
RULE_DOMAINS: dict[str, str | None] = {
    "dispute_surge": "disputes",
    "overdue_dispute": "disputes",
    "major_dispute": "disputes",
    "no_consultation": "consultations",
    "consensus_stalled": "consultations",
    "inactive_org": "organizations",
    "unapproved_burden": "burden",
    "repeat_assessment": "burden",
    "no_report": None,
}


def alerts_of(alerts: Sequence[AlertItem], domains: Sequence[str]) -> list[AlertItem]:
    """The alerts that belong to `domains` (a view's PDF shows its own, the weekly one all)."""
    return [
        alert
        for alert in alerts
        if RULE_DOMAINS[alert.rule] is None or RULE_DOMAINS[alert.rule] in domains
    ]
