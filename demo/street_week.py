"""The demo street's latest complete week: healthy everywhere by default, then the planted
scenarios of PLANTED_ALERTS (one per alert rule), then a record from every reporting community."""

from __future__ import annotations

import math
from datetime import date, timedelta

from demo.draws import between, half_hours, is_spring_festival_week
from demo.street_burden import IRREGULAR_TEMPLATES, BurdenDraws
from demo.street_communities import NO_REPORT, PLANTED_ALERTS, PROFILES, Profile
from demo.street_consultations import ConsultationDraws
from demo.street_disputes import DisputeDraws
from demo.street_organizations import ACTIVITY_TITLES, OrganizationDraws
from metrics.window import Window


class LatestWeek(DisputeDraws, ConsultationDraws, OrganizationDraws, BurdenDraws):
    """Shapes the latest complete week once every record kind has been drawn."""

    def keep_healthy(self) -> None:
        """Make the latest week raise no alert anywhere, before planting the scenarios."""
        rng = self.rng
        for row in self.disputes:
            if row["status"] == "open" and self.age(row["reported_on"]) > 25:
                closed_on = self.end - timedelta(days=rng.randint(0, 6))
                row |= {"status": "resolved", "closed_on": closed_on}
            if self.in_week(row["reported_on"]):
                row["is_major"] = False
        for profile in PROFILES:
            self.cap_new_disputes(profile.code)
        for row in self.consultations:
            stalled = row["consensus"] and row["implementation"] != "done"
            if stalled and self.age(row["held_on"]) > 55:
                implemented_on = self.end - timedelta(days=rng.randint(0, 10))
                row |= {"implementation": "done", "implemented_on": implemented_on}
        for profile in PROFILES:
            skip_week = NO_REPORT in PLANTED_ALERTS.get(profile.code, ())
            self.ensure_recent_consultation(profile, skip_week)

    def cap_new_disputes(self, code: str) -> None:
        """Drop new disputes of the latest week until they no longer count as a surge."""
        baseline = Window(self.week.start - timedelta(days=56), self.week.start - timedelta(1))
        before = sum(
            1
            for row in self.disputes
            if row["community"] == code and baseline.start <= row["reported_on"] <= baseline.end
        )
        new = [
            row
            for row in self.disputes
            if row["community"] == code and self.in_week(row["reported_on"])
        ]
        allowed = max(2, math.ceil(2 * before / 8) - 1)
        dropped = {id(row) for row in self.rng.sample(new, max(0, len(new) - allowed))}
        self.disputes = [row for row in self.disputes if id(row) not in dropped]

    def ensure_recent_consultation(self, profile: Profile, skip_week: bool) -> None:
        first = max(self.start, self.end - timedelta(days=27))
        last = self.week.start - timedelta(days=1) if skip_week else self.end
        held = [
            row
            for row in self.consultations
            if row["community"] == profile.code and first <= row["held_on"] <= last
        ]
        if held or last < first:
            return
        days = [
            first + timedelta(days=offset)
            for offset in range((last - first).days + 1)
            if not is_spring_festival_week(first + timedelta(days=offset))
        ]
        if days:
            self.consultations.append(self.consultation(profile, self.rng.choice(days)))

    def plant(self) -> None:
        for code, rules in PLANTED_ALERTS.items():
            for rule in rules:
                getattr(self, f"plant_{rule}")(self.profile(code))

    def plant_dispute_surge(self, profile: Profile) -> None:
        """A handover quarrel at one estate: many property disputes in one week."""
        baseline = Window(self.week.start - timedelta(days=56), self.week.start - timedelta(1))
        before = sum(
            1
            for row in self.disputes
            if row["community"] == profile.code
            and baseline.start <= row["reported_on"] <= baseline.end
        )
        new = sum(
            1
            for row in self.disputes
            if row["community"] == profile.code and self.in_week(row["reported_on"])
        )
        wanted = max(3, math.ceil(2 * before / 8) + 2)
        for _ in range(max(0, wanted - new)):
            day = between(self.rng, self.week.start, self.end)
            summary = f"{profile.estates[0]}业主因物业交接及停车收费问题投诉物业公司"
            self.disputes.append(
                self.dispute(
                    profile, "property", day, level="community", is_major=False, summary=summary
                )
            )

    def plant_major_dispute(self, profile: Profile) -> None:
        """A group dispute: owners of one estate against the property company, at street level."""
        day = self.week.start + timedelta(days=2)
        summary = f"{profile.estates[0]}多名业主就物业交接遗留问题集体投诉，已上报街道协调"
        self.disputes.append(
            self.dispute(
                profile, "property", day, level="street", status="open", closed_on=None,
                is_major=True, parties=8, source="resident_visit", summary=summary,
            )
        )  # fmt: skip

    def plant_overdue_dispute(self, profile: Profile) -> None:
        """A repair-fund quarrel escalated to the street and still open after 30 days."""
        if self.age(self.start) <= 31:
            return
        day = between(
            self.rng, max(self.start, self.end - timedelta(days=48)), self.end - timedelta(days=38)
        )
        summary = "小区维修资金使用分歧，业主与物业公司协商未果，已提交街道调处"
        self.disputes.append(
            self.dispute(
                profile, "property", day, level="street", status="open", closed_on=None,
                parties=4, source="referral", summary=summary,
            )
        )  # fmt: skip

    def plant_consensus_stalled(self, profile: Profile) -> None:
        """An elevator agreed on months ago whose installation has not been finished."""
        if self.age(self.start) <= 61:
            return
        first = max(self.start, self.end - timedelta(days=95))
        day = between(
            self.rng, first, self.end - timedelta(days=65 if self.age(first) > 65 else 61)
        )
        self.consultations.append(
            self.consultation(
                profile, day, estate=profile.estates[0], form="estate_meeting",
                topic="加装电梯方案表决", topic_category="elevator", consensus=True,
                problems_solved=1, implementation="in_progress", implemented_on=None,
            )
        )  # fmt: skip

    def plant_no_consultation(self, profile: Profile) -> None:
        """Nothing discussed for over four weeks."""
        recent = self.end - timedelta(days=27)
        self.consultations = [
            row
            for row in self.consultations
            if not (row["community"] == profile.code and row["held_on"] >= recent)
        ]

    def plant_inactive_org(self, profile: Profile) -> None:
        """The oldest active organisation stopped holding activities months ago."""
        candidates = [
            row
            for row in self.organizations
            if row["community"] == profile.code
            and row["ended_on"] is None
            and self.age(row["entered_on"]) >= 90
        ]
        if not candidates:
            return
        org_no = candidates[0]["org_no"]
        silent_from = self.end - timedelta(days=self.rng.randint(100, 130))
        self.activities = [
            row
            for row in self.activities
            if not (row["org_no"] == org_no and row["held_on"] >= silent_from)
        ]

    def plant_unapproved_burden(self, profile: Profile) -> None:
        """Law enforcement and an off-list report pushed down without the entry approval."""
        for department, (title, kind, list_status) in (
            ("区城管局", IRREGULAR_TEMPLATES["区城管局"][0]),
            ("区统计局", IRREGULAR_TEMPLATES["区统计局"][0]),
        ):
            day = self.week.start + timedelta(days=1)
            is_negative = list_status == "negative"
            row = self.burden_item(profile.code, day, 0.0)
            row |= {
                "department": department, "title": title, "kind": kind,
                "list_status": list_status, "approved": False, "funded": False,
                "outcome": "returned" if is_negative else "accepted",
                "outcome_on": day + timedelta(days=1) if is_negative else None,
            }  # fmt: skip
            self.burden.append(row)

    def plant_repeat_assessment(self, profile: Profile) -> None:
        """区卫健局 assesses the community twice in one year."""
        department = "区卫健局"
        year_start = max(self.start, date(self.end.year, 1, 1))
        self.burden = [
            row
            for row in self.burden
            if not (
                row["community"] == profile.code
                and row["department"] == department
                and row["kind"] == "assessment"
                and row["assigned_on"] >= year_start
            )
        ]
        first = between(self.rng, year_start, self.end)
        for title, day in (
            ("爱国卫生运动检查", first),
            ("健康社区创建考核评比", between(self.rng, first, self.end)),
        ):
            if day.weekday() >= 5 and day - timedelta(days=day.weekday() - 4) >= year_start:
                day -= timedelta(days=day.weekday() - 4)  # departments assign on weekdays
            row = self.burden_item(profile.code, day, 0.0)
            row |= {
                "department": department, "title": title, "kind": "assessment",
                "list_status": "assist", "approved": True, "hours": half_hours(self.rng, 6, 16),
            }  # fmt: skip
            self.burden.append(row)

    def plant_no_report(self, profile: Profile) -> None:
        """A small community that sent nothing in for the latest week."""
        code = profile.code
        org_nos = {row["org_no"] for row in self.organizations if row["community"] == code}
        self.disputes = [
            row
            for row in self.disputes
            if not (row["community"] == code and self.in_week(row["reported_on"]))
        ]
        self.consultations = [
            row
            for row in self.consultations
            if not (row["community"] == code and self.in_week(row["held_on"]))
        ]
        self.activities = [
            row
            for row in self.activities
            if not (row["org_no"] in org_nos and self.in_week(row["held_on"]))
        ]
        self.burden = [
            row
            for row in self.burden
            if not (row["community"] == code and self.in_week(row["assigned_on"]))
        ]

    def finish(self) -> None:
        """Give every reporting community a record in the latest week and one on its last day."""
        silent = {code for code, rules in PLANTED_ALERTS.items() if NO_REPORT in rules}
        reporting = {row["community"] for row in self.disputes if self.in_week(row["reported_on"])}
        reporting |= {
            row["community"] for row in self.consultations if self.in_week(row["held_on"])
        }
        reporting |= {row["community"] for row in self.burden if self.in_week(row["assigned_on"])}
        community_of = {row["org_no"]: row["community"] for row in self.organizations}
        reporting |= {
            community_of[row["org_no"]] for row in self.activities if self.in_week(row["held_on"])
        }
        for profile in PROFILES:
            if profile.code not in silent and profile.code not in reporting:
                row = self.burden_item(profile.code, self.week.start, 0.0)
                row |= {"department": "街道党政办", "title": "周工作动态报送", "kind": "report",
                        "list_status": "statutory", "approved": True}  # fmt: skip
                self.burden.append(row)
        if not any(row["held_on"] == self.end for row in self.activities):
            organization = next(
                row
                for row in self.organizations
                if row["community"] not in PLANTED_ALERTS and row["ended_on"] is None
            )
            self.activities.append(
                {
                    "ref": "", "org_no": organization["org_no"], "held_on": self.end,
                    "title": self.rng.choice(ACTIVITY_TITLES[organization["category"]]),
                    "participants": round(self.rng.triangular(5, 120, 25)),
                }
            )  # fmt: skip
