from datetime import timedelta

from metrics.by_community import by_community
from metrics.frames import WindowFrames, split_by_community
from metrics.summary_model import CommunityRow
from metrics.thresholds import Thresholds
from tests.builders import (
    END,
    START,
    WEEK,
    burden_item,
    community,
    consultation,
    dispute,
    organization,
    window_frames,
)

DAY = timedelta(days=1)


def test_split_by_community_gives_each_community_in_scope_its_own_rows():
    frames = window_frames(
        communities=[community(code="YH02"), community(code="YH01"), community(code="YH03")],
        disputes=[dispute(case_no="1", community="YH01"), dispute(case_no="2", community="YH02")],
    )
    split = split_by_community(frames)
    # ordered by code; YH03 has no dispute and gets an empty frame with the same columns
    assert list(split) == ["YH01", "YH02", "YH03"]
    assert list(split["YH02"].disputes["case_no"]) == ["2"]
    assert list(split["YH02"].communities["code"]) == ["YH02"]
    assert split["YH03"].disputes.empty
    assert list(split["YH03"].disputes.columns) == list(frames.disputes.columns)


def test_by_community_gives_each_community_its_own_figures_ordered_by_code():
    frames = window_frames(
        communities=[
            community(code="YH02", name="桃源社区", population=0),
            community(code="YH01", name="粤海社区", population=20_000),
        ],
        disputes=[
            dispute(community="YH01", reported_on=START),
            dispute(community="YH01", reported_on=END),
            dispute(community="YH01", reported_on=END - 31 * DAY),
            dispute(community="YH02", reported_on=END),
        ],
        consultations=[consultation(community="YH02", held_on=END)],
        organizations=[
            organization(community="YH01"),
            organization(community="YH02"),
            organization(community="YH02", entered_on=END + DAY),
        ],
        burden_items=[
            burden_item(community="YH01", approved=False),
            burden_item(community="YH01"),
            burden_item(community="YH02", assigned_on=START - DAY),
        ],
    )
    assert by_community(frames, WEEK, Thresholds()) == (
        CommunityRow(
            community="YH01",
            name="粤海社区",
            disputes_new=2,
            disputes_open_at_end=3,
            disputes_overdue_at_end=1,  # 31 days
            disputes_per_10k=1.0,  # 2 / 20,000 × 10,000
            consultations_held=0,
            organizations_active=1,
            burden_assigned=2,
            burden_unapproved=1,
        ),
        CommunityRow(
            community="YH02",
            name="桃源社区",
            disputes_new=1,
            disputes_open_at_end=1,
            disputes_overdue_at_end=0,
            disputes_per_10k=None,  # population 0
            consultations_held=1,
            organizations_active=1,  # the other enters after the window
            burden_assigned=0,  # assigned the day before the window
            burden_unapproved=0,
        ),
    )


def test_a_community_without_records_gets_zeros():
    frames = window_frames(communities=[community(code="YH01", population=5_000)])
    [row] = by_community(frames, WEEK, Thresholds())
    assert row == CommunityRow(
        community="YH01",
        name="粤海社区",
        disputes_new=0,
        disputes_open_at_end=0,
        disputes_overdue_at_end=0,
        disputes_per_10k=0.0,
        consultations_held=0,
        organizations_active=0,
        burden_assigned=0,
        burden_unapproved=0,
    )


def test_no_communities_give_no_rows():
    assert by_community(WindowFrames(), WEEK, Thresholds()) == ()
