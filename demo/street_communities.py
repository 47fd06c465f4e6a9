"""The demo street's communities and the state every part of its builder draws on.

`StreetState` holds the one seeded Random and the rows drawn so far; the record kinds
(street_disputes, street_consultations, street_organizations, street_burden) and the latest
week (street_week) are mixins over it, put together in `demo.street.StreetBuilder`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from demo.draws import Row
from metrics.window import Window

STREET_CODE = "YH"
STREET_NAME = "粤海街道"

OLD_ESTATE, COMMODITY, URBAN_VILLAGE, CAMPUS_TECH = "old", "commodity", "village", "campus"


@dataclass(frozen=True)
class Profile:
    """One demo community: its size, its kind of housing and the estates consultations name."""

    code: str
    name: str
    population: int
    kind: str
    organizations: int
    estates: tuple[str, ...]


PROFILES = (
    Profile("YH01", "粤海门社区", 21_500, OLD_ESTATE, 12, ("后海花园", "粤海门小区", "海滨广场")),
    Profile(
        "YH02", "大冲社区", 38_600, COMMODITY, 16, ("华润城润府", "大冲新城花园", "华润城润园")
    ),
    Profile("YH03", "南油社区", 29_400, OLD_ESTATE, 13, ("南油小区", "南光花园", "南油工业区宿舍")),
    Profile("YH04", "海珠社区", 26_800, OLD_ESTATE, 14, ("海珠城", "海月花园", "海岸明珠")),
    Profile("YH05", "高新社区", 9_200, CAMPUS_TECH, 8, ("高新公寓", "科苑花园")),
    Profile("YH06", "科技园社区", 14_300, CAMPUS_TECH, 9, ("科技园宿舍区", "软件园公寓")),
    Profile(
        "YH07", "深大社区", 33_500, CAMPUS_TECH, 15, ("深大教工宿舍", "荔园小区", "西南教工楼")
    ),
    Profile("YH08", "铜鼓社区", 18_700, URBAN_VILLAGE, 11, ("铜鼓村", "铜鼓新村", "南光村")),
    Profile("YH09", "海桂社区", 23_100, OLD_ESTATE, 12, ("海桂小区", "海文花园", "桂庙新村")),
    Profile("YH10", "阳光社区", 15_600, COMMODITY, 10, ("阳光带海滨城", "阳光棕榈园", "碧海云天")),
    Profile("YH11", "蔚蓝海岸社区", 27_900, COMMODITY, 13, ("蔚蓝海岸一期", "蔚蓝海岸三期")),
    Profile("YH12", "粤桂社区", 19_800, URBAN_VILLAGE, 9, ("粤桂新村", "桂庙村", "粤桂花园")),
    Profile("YH13", "麻岭社区", 12_400, URBAN_VILLAGE, 8, ("麻岭新村", "麻岭花园")),
    Profile("YH14", "沿山社区", 16_200, URBAN_VILLAGE, 11, ("沿山村", "沿山花园")),
    Profile("YH15", "滨海社区", 3_600, COMMODITY, 6, ("滨海之窗", "滨福苑")),
    Profile("YH16", "粤兴社区", 7_800, CAMPUS_TECH, 7, ("粤兴花园", "粤兴公寓")),
)

SURGE, MAJOR, OVERDUE = "dispute_surge", "major_dispute", "overdue_dispute"
NO_CONSULTATION, STALLED, INACTIVE = "no_consultation", "consensus_stalled", "inactive_org"
UNAPPROVED, REPEAT, NO_REPORT = "unapproved_burden", "repeat_assessment", "no_report"

PLANTED_ALERTS: dict[str, tuple[str, ...]] = {
    "YH02": (SURGE, MAJOR),
    "YH03": (OVERDUE, STALLED),
    "YH07": (NO_CONSULTATION, INACTIVE),
    "YH08": (UNAPPROVED,),
    "YH11": (REPEAT,),
    "YH15": (NO_REPORT,),
}
"""The alerts the latest complete week raises, by community; every other community has none."""


class StreetState:
    """The builder's state: one seeded Random, the span of weeks, and the rows drawn so far."""

    def __init__(self, seed: int, weeks: int, today: date) -> None:
        if weeks < 1:
            raise ValueError(f"weeks must be at least 1, not {weeks}")
        self.rng = random.Random(seed)
        self.week = Window.last_complete_week(today)
        self.end = self.week.end
        self.start = self.week.start - timedelta(weeks=weeks - 1)
        self.mondays = [self.start + timedelta(weeks=index) for index in range(weeks)]
        self.disputes: list[Row] = []
        self.dispute_rates: dict[str, float] = {}
        self.consultations: list[Row] = []
        self.organizations: list[Row] = []
        self.activities: list[Row] = []
        self.burden: list[Row] = []
        self.assessments: set[tuple[str, str, int]] = set()

    def age(self, day: date) -> int:
        """Days from `day` to the data's end."""
        return (self.end - day).days

    def in_week(self, day: date | None) -> bool:
        return day is not None and self.week.start <= day <= self.end

    def profile(self, code: str) -> Profile:
        return next(profile for profile in PROFILES if profile.code == code)

    def community_row(self, profile: Profile) -> Row:
        return {
            "code": profile.code,
            "name": profile.name,
            "street_code": STREET_CODE,
            "population": profile.population,
            "households": round(profile.population / self.rng.uniform(2.4, 2.8)),
            "grids": max(2, round(profile.population / 1500)),
        }
