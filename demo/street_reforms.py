"""The demo street's reforms (改革举措): one that worked and one that did not.

物业纠纷联调机制 starts in four communities 56 weeks before the data's end (about a year before
the latest week): their property disputes fall by about 60 % within four weeks and stay down,
while the other communities' do not move — the 成效评估 page reads it as a fall. 楼栋议事会
starts in four urban villages 30 weeks before the end and changes nothing: their consultations go
on as before, a visible null the page reads as unclear. A newcomer sees both readings.

How the fall is drawn: the street draws every record from one seeded Random, so changing the
mean of one draw would change every later draw, that is every other record of the demo. The main
draw therefore keeps the curve it always had (`drawn_property_curve`), and
`ReformEffects.apply_reforms`, the builder's last use of the Random, reshapes the property
disputes into the reform's effect: it thins the treated communities' disputes where the reform's
fall is ahead of the curve, and adds the missing disputes elsewhere (a Poisson count of the
difference of the two means; a thinned Poisson count stays Poisson). Every other record stays as
it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine

from data_access.principal import Principal
from data_access.reforms import save_reform
from demo.draws import Row, poisson
from demo.street_communities import NO_REPORT, PLANTED_ALERTS, PROFILES, SURGE, Profile
from demo.street_disputes import drawn_property_curve
from demo.street_week import LatestWeek
from metrics.window import Window

HOT_SPOT = 1.6
"""The street chose the four communities where property disputes ran highest: 1.6 times the
street's mix of their kind of housing, before the reform as after."""
REFORM_FALL = 0.68
REFORM_WEEKS = 4
"""The treated communities' property disputes fall by REFORM_FALL, fully REFORM_WEEKS after the
start: about 60 % over the first 26 weeks."""


@dataclass(frozen=True)
class DemoReform:
    """A reform as the demo saves it through data_access.reforms (comparison: the default)."""

    name: str
    start_on: date
    figure: str
    categories: tuple[str, ...]
    treated: tuple[str, ...]
    note: str


PROPERTY_REFORM = "物业纠纷联调机制"
PROPERTY_TREATED = ("YH01", "YH04", "YH09", "YH11")
CONSULTATION_REFORM = "楼栋议事会推广"
CONSULTATION_TREATED = ("YH08", "YH12", "YH13", "YH14")


def property_reform_start(end: date) -> date:
    """The Monday 56 weeks before the week ending `end` begins, about a year before it: where
    the main draw's curve (drawn_property_curve) starts."""
    return end - timedelta(weeks=56) + timedelta(days=1)


def demo_reforms(end: date) -> tuple[DemoReform, ...]:
    """The demo's two reforms for data ending on `end` (the latest complete week's Sunday)."""
    return (
        DemoReform(
            PROPERTY_REFORM,
            property_reform_start(end),
            "disputes_new",
            ("property",),
            PROPERTY_TREATED,
            "街道司法所、物业公司与社区调委会每周联合接访，物业纠纷在小区内就地联调。",
        ),
        DemoReform(
            CONSULTATION_REFORM,
            end - timedelta(weeks=30) + timedelta(days=1),
            "consultations_held",
            (),
            CONSULTATION_TREATED,
            "四个城中村社区按楼栋成立议事会，期望居民议事次数增加。",
        ),
    )


def reform_property_factor(end: date, code: str, monday: date) -> float:
    """The factor a week's property disputes in community `code` get against the street's mix:
    the treated communities are where they ran highest (HOT_SPOT), and fall after the start."""
    if code not in PROPERTY_TREATED:
        return 1.0
    weeks_in = (monday - property_reform_start(end)).days // 7 + 1
    return HOT_SPOT * (1 - REFORM_FALL * min(1.0, max(0.0, weeks_in / REFORM_WEEKS)))


def save_demo_reforms(engine: Engine, today: date) -> int:
    """Record the demo's reforms for data loaded on `today` through data_access.reforms
    (audited as the demo loader's, comparison the default); how many were saved."""
    end = Window.last_complete_week(today).end
    loader = Principal("demo", "admin", display_name="demo")
    for reform in demo_reforms(end):
        save_reform(
            engine,
            loader,
            name=reform.name,
            start_on=reform.start_on,
            figure=reform.figure,
            categories=reform.categories,
            treated=reform.treated,
            comparison=(),
            note=reform.note,
        )
    return len(demo_reforms(end))


class ReformEffects(LatestWeek):
    """Reshapes the drawn property disputes into the property reform's effect."""

    def apply_reforms(self) -> None:
        """Thin or add property disputes week by week, then shape the latest week again."""
        added: set[str] = set()
        for profile in PROFILES:
            for monday in self.mondays:
                if self.reshape_week(profile, monday):
                    added.add(profile.code)
        silent = {code for code, rules in PLANTED_ALERTS.items() if NO_REPORT in rules}
        for code in sorted(added - silent):
            if SURGE in PLANTED_ALERTS.get(code, ()):
                self.plant_dispute_surge(self.profile(code))
            else:
                self.cap_new_disputes(code)

    def reshape_week(self, profile: Profile, monday: date) -> bool:
        """One community's property disputes of one week; True when disputes were added."""
        drawn = self.dispute_mean(profile, "property", monday, self.dispute_rates[profile.code])
        wanted = (
            drawn
            / drawn_property_curve(self.end, monday)
            * reform_property_factor(self.end, profile.code, monday)
        )
        week = [
            row
            for row in self.disputes
            if row["community"] == profile.code
            and row["category"] == "property"
            and monday <= row["reported_on"] < monday + timedelta(weeks=1)
        ]
        if wanted < drawn:
            dropped = {id(row) for row in week if self.rng.random() >= wanted / drawn}
            self.disputes = [row for row in self.disputes if id(row) not in dropped]
            return False
        silent = NO_REPORT in PLANTED_ALERTS.get(profile.code, ()) and self.in_week(monday)
        extra = 0 if silent else poisson(self.rng, wanted - drawn)
        for _ in range(extra):
            day = monday + timedelta(
                days=self.rng.choices(range(7), weights=(6, 6, 6, 6, 6, 3, 3))[0]
            )
            self.disputes.append(self.settled(self.dispute(profile, "property", day)))
        return extra > 0

    def settled(self, row: Row) -> Row:
        """An added dispute kept as healthy as `keep_healthy` keeps the drawn ones."""
        if row["status"] == "open" and self.age(row["reported_on"]) > 25:
            closed_on = self.end - timedelta(days=self.rng.randint(0, 6))
            row |= {"status": "resolved", "closed_on": closed_on}
        if self.in_week(row["reported_on"]):
            row["is_major"] = False
        return row
