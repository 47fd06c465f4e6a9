"""The headline figures of each domain and which way each figure's change is good news.

The KPI cards of the pages (ui/kpis.py) and the long picture (reports/long_picture*.py) show
the same figures coloured the same way; both read them here, below the layers that draw them.
"""

from __future__ import annotations

from typing import Literal

# Figures whose rise is bad news (shown red when they go up).
RISE_IS_BAD = {
    "new",
    "unresolved_closed",
    "open_at_end",
    "overdue_at_end",
    "mean_days_to_resolve",
    "major_new",
    "per_10k",
    "pending_implementation",
    "inactive",
    "assigned",
    "unapproved",
    "negative_list",
    "off_list",
    "reports",
    "hours",
    "unfunded_assist",
}
# Shown as information only, never as good or bad (docs/metrics.md: 就地化解率 is not a target).
NEUTRAL = {"local_rate", "returned"}

HEADLINE = {
    "disputes": ["new", "resolved", "open_at_end", "overdue_at_end", "success_rate", "local_rate"],
    "consultations": [
        "held",
        "participants",
        "consensus_rate",
        "implemented",
        "pending_implementation",
    ],
    "organizations": ["active", "newly_entered", "standard_rate", "activities", "inactive"],
    "burden": ["assigned", "unapproved", "negative_list", "off_list", "hours", "compliance_rate"],
}

Tone = Literal["good", "bad", "neutral"]


def change_tone(key: str, change: str | None) -> Tone:
    """Whether a worded change of figure `key` (+3, -1.2 个百分点, +12.5%, ±0) is good or bad
    news, as the cards colour it: neutral when unchanged, missing or never a target."""
    if change is None or key in NEUTRAL or not change.startswith(("+", "-")):
        return "neutral"
    rises = change.startswith("+")
    return "bad" if rises == (key in RISE_IS_BAD) else "good"
