from datetime import timedelta

from metrics.frames import EIGHT_ITEMS, WindowFrames
from metrics.organizations import (
    active_at,
    active_by_stage,
    held_activities,
    inactive_at,
    newly_entered,
    newly_filed,
    organization_figures,
    per_community,
    stage_at,
    standard_rate,
)
from metrics.summary_model import OrganizationFigures
from metrics.thresholds import Thresholds
from tests.builders import (
    END,
    START,
    WEEK,
    communities_frame,
    community,
    org_activities_frame,
    org_activity,
    organization,
    organizations_frame,
)

DAY = timedelta(days=1)


def org_nos(organizations):
    return sorted(organizations["org_no"])


def test_an_organisation_is_active_from_entry_until_the_day_it_ends():
    organizations = organizations_frame(
        organization(org_no="entered-on-end", entered_on=END),
        organization(org_no="entered-after", entered_on=END + DAY),
        organization(org_no="ended-on-end", ended_on=END),
        organization(org_no="ends-after", ended_on=END + DAY),
    )
    assert org_nos(active_at(organizations, END)) == ["ends-after", "entered-on-end"]


def test_stage_comes_from_the_dates_as_of_the_day_not_the_stage_column():
    organizations = organizations_frame(
        organization(org_no="R", stage="incubating", filed_on=START, registered_on=END),
        organization(org_no="F", stage="registered", filed_on=END, registered_on=END + DAY),
        organization(org_no="I", stage="filed", filed_on=END + DAY),
    )
    assert list(stage_at(organizations, END)) == ["registered", "filed", "incubating"]
    assert active_by_stage(organizations, END) == {"incubating": 1, "filed": 1, "registered": 1}


def test_newly_entered_and_newly_filed_are_by_their_dates_in_the_window():
    organizations = organizations_frame(
        organization(org_no="new", entered_on=START, filed_on=END),
        organization(org_no="old", entered_on=START - DAY, filed_on=END + DAY),
    )
    assert org_nos(newly_entered(organizations, WEEK)) == ["new"]
    assert org_nos(newly_filed(organizations, WEEK)) == ["new"]


def test_per_community_is_none_without_communities():
    assert per_community(25, 2) == 12.5
    assert per_community(0, 0) is None


def test_standard_rate_needs_all_eight_items():
    active = organizations_frame(
        organization(),
        organization(has_venue=False),
        organization(**dict.fromkeys(EIGHT_ITEMS, False)),
        organization(),
    )
    # 2 of 4 have all eight
    assert standard_rate(active) == 0.5
    assert standard_rate(active.iloc[0:0]) is None


def test_activity_ninety_days_before_end_does_not_keep_an_organisation_active():
    organizations = organizations_frame(
        organization(org_no="recent", entered_on=END - 200 * DAY),
        organization(org_no="stale", entered_on=END - 200 * DAY),
        organization(org_no="never", entered_on=END - 200 * DAY),
    )
    activities = org_activities_frame(
        org_activity(org_no="recent", held_on=END - 89 * DAY),
        org_activity(org_no="stale", held_on=END - 90 * DAY),
        org_activity(org_no="stale", held_on=END + DAY),
    )
    # the 90 days ending at END run from END − 89; END − 90 and after END do not count
    assert org_nos(inactive_at(organizations, activities, END, 90)) == ["never", "stale"]


def test_an_organisation_entered_exactly_ninety_days_before_end_can_be_inactive():
    organizations = organizations_frame(
        organization(org_no="90", entered_on=END - 90 * DAY),
        organization(org_no="89", entered_on=END - 89 * DAY),
        organization(org_no="ended", entered_on=END - 200 * DAY, ended_on=END),
    )
    # entered_on <= END − 90 is eligible; one that ended is not active, so not inactive
    assert org_nos(inactive_at(organizations, org_activities_frame(), END, 90)) == ["90"]


def test_held_activities_are_those_held_in_the_window():
    activities = org_activities_frame(
        org_activity(ref="before", held_on=START - DAY),
        org_activity(ref="first", held_on=START),
        org_activity(ref="last", held_on=END),
        org_activity(ref="after", held_on=END + DAY),
    )
    assert sorted(held_activities(activities, WEEK)["ref"]) == ["first", "last"]


def test_organization_figures_of_a_small_week():
    organizations = organizations_frame(
        organization(org_no="O1", entered_on=START, has_charter=False),
        organization(org_no="O2", entered_on=END - 100 * DAY, filed_on=START),
        organization(org_no="O3", entered_on=END - 300 * DAY, registered_on=END - 100 * DAY),
        organization(org_no="O4", entered_on=END - 300 * DAY, ended_on=START),
    )
    activities = org_activities_frame(
        org_activity(org_no="O1", held_on=START, participants=15),
        org_activity(org_no="O2", held_on=END, participants=25),
        org_activity(org_no="O3", held_on=END - 95 * DAY, participants=40),
    )
    communities = communities_frame(community(code="YH01"), community(code="YH02"))
    figures = organization_figures(organizations, activities, communities, WEEK, Thresholds())
    assert figures == OrganizationFigures(
        active=3,  # O4 ended in the week
        by_stage={"incubating": 1, "filed": 1, "registered": 1},
        newly_entered=1,  # O1
        newly_filed=1,  # O2
        per_community=1.5,  # 3 / 2
        standard_rate=2 / 3,  # O1 lacks a charter
        activities=2,
        activity_participants=40,  # 15 + 25
        inactive=1,  # O3: entered long ago, last activity END − 95; O1 too new
    )


def test_empty_frames_give_zero_counts_and_no_rates():
    expected = OrganizationFigures(
        active=0,
        by_stage={"incubating": 0, "filed": 0, "registered": 0},
        newly_entered=0,
        newly_filed=0,
        per_community=None,
        standard_rate=None,
        activities=0,
        activity_participants=0,
        inactive=0,
    )
    empty = WindowFrames()
    figures = organization_figures(
        empty.organizations, empty.org_activities, empty.communities, WEEK, Thresholds()
    )
    assert figures == expected
    typed = organization_figures(
        organizations_frame(), org_activities_frame(), communities_frame(), WEEK, Thresholds()
    )
    assert typed == expected
