"""The `by_community` list of docs/metrics.md: the same definitions restricted to each community."""

from __future__ import annotations

from metrics.burden import assigned_items, unapproved_items
from metrics.consultations import held_consultations
from metrics.disputes import new_disputes, open_at, overdue_at, per_10k, population_of
from metrics.frames import WindowFrames, split_by_community
from metrics.organizations import active_at
from metrics.summary_model import CommunityRow
from metrics.thresholds import Thresholds
from metrics.window import Window


def community_figures(
    frames: WindowFrames, code: str, window: Window, thresholds: Thresholds
) -> CommunityRow:
    """One `by_community` object from that community's own frames (see docs/metrics.md)."""
    community = frames.communities
    disputes = frames.disputes
    new = new_disputes(disputes, window)
    assigned = assigned_items(frames.burden_items, window)
    return CommunityRow(
        community=code,
        name=str(community["name"].iloc[0]),
        disputes_new=len(new),
        disputes_open_at_end=len(open_at(disputes, window.end)),
        disputes_overdue_at_end=len(overdue_at(disputes, window.end, thresholds.overdue_days)),
        disputes_per_10k=per_10k(len(new), population_of(community)),
        consultations_held=len(held_consultations(frames.consultations, window)),
        organizations_active=len(active_at(frames.organizations, window.end)),
        burden_assigned=len(assigned),
        burden_unapproved=len(unapproved_items(assigned)),
    )


def by_community(
    frames: WindowFrames, window: Window, thresholds: Thresholds
) -> tuple[CommunityRow, ...]:
    """One row per community of frames.communities, ordered by code (see docs/metrics.md)."""
    return tuple(
        community_figures(own, code, window, thresholds)
        for code, own in split_by_community(frames).items()
    )
