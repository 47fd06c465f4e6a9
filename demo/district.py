"""The demo district: many streets' worth of records, generated with numpy and bulk-loaded.

At its full size (10 streets, 200 communities, five years) it holds about a million disputes,
so it is generated column by column with one seeded numpy Generator (and bulk-loaded by
`demo.district_load`). A smaller shape of the same generator gives the tests a district of a
few thousand rows. Deterministic for a seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from demo.draws import is_spring_festival_week, shanghai_today
from demo.street_burden import BURDEN_TEMPLATES, IRREGULAR_TEMPLATES
from demo.street_communities import CAMPUS_TECH, COMMODITY, OLD_ESTATE, URBAN_VILLAGE
from demo.street_consultations import CONSULTATION_FORMS, TOPIC_MIX, TOPICS
from demo.street_disputes import DISPUTE_MIX
from demo.street_organizations import ACTIVITY_TITLES, INCUBATORS, ORG_KINDS
from metrics.frames import EIGHT_ITEMS
from metrics.window import Window

Columns = dict[str, Any]

STREETS = (
    ("YH", "粤海街道"),
    ("NT", "南头街道"),
    ("NS", "南山街道"),
    ("SH", "沙河街道"),
    ("SK", "蛇口街道"),
    ("ZS", "招商街道"),
    ("TY", "桃源街道"),
    ("XL", "西丽街道"),
    ("QH", "前海街道"),
    ("KC", "科创街道"),
)
NAME_HEADS = "荔桂海松竹枫华安康宁和兴福文东西南北新湾"
NAME_TAILS = ("园", "湾", "苑", "林", "山", "湖", "城", "岭", "港", "村")
KINDS = (OLD_ESTATE, COMMODITY, URBAN_VILLAGE, CAMPUS_TECH)

# Rates per community and week at the mean population, tuned to the district
# (200 communities, 260 weeks: ~1M disputes, ~100k consultations, ~400k burden items).
DISPUTES_PER_WEEK = 19.2
CONSULTATIONS_PER_WEEK = 1.92
BURDEN_PER_WEEK = 7.7
ORGANIZATIONS_PER_COMMUNITY = 30
ACTIVITIES_PER_ACTIVE_DAY = 0.05
MEAN_POPULATION = 21_500

SOURCES = {"resident_visit": 30, "grid_patrol": 35, "hotline": 25, "referral": 5, "other": 5}
LEVELS = {"grid": 45, "community": 35, "street": 15, "district": 5}
LIST_STATUS_SHARE = {"statutory": 55, "assist": 35, "negative": 4, "off_list": 6}
KIND_SHARE = {
    "task": 30,
    "report": 30,
    "assessment": 2,
    "certificate": 12,
    "meeting": 14,
    "signboard": 4,
    "app_group": 8,
}
HOURS_BY_KIND = {
    "task": 8.0,
    "report": 2.0,
    "assessment": 10.0,
    "certificate": 1.0,
    "meeting": 2.5,
    "signboard": 3.0,
    "app_group": 1.5,
}


@dataclass(frozen=True)
class DistrictShape:
    """How big a generated district is."""

    streets: int = 10
    communities_per_street: int = 20
    weeks: int = 260


FULL = DistrictShape()
SMALL = DistrictShape(streets=2, communities_per_street=4, weeks=60)


@dataclass
class District:
    """The generated rows, one dict of equally long columns per table (model field names)."""

    tables: dict[str, Columns]

    def counts(self) -> dict[str, int]:
        return {name: len(next(iter(columns.values()))) for name, columns in self.tables.items()}


def _pick(rng: np.random.Generator, weights: Mapping[str, float], size: int) -> np.ndarray:
    """`size` keys of `weights` drawn with those weights."""
    keys = np.array(list(weights), dtype=object)
    shares = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=shares / shares.sum())]


def _iso(first: date, days: np.ndarray, present: np.ndarray | None = None) -> list[str | None]:
    """Day offsets from `first` as ISO dates; None where `present` is False."""
    values = (np.datetime64(first, "D") + days.astype("timedelta64[D]")).astype(str).tolist()
    if present is None:
        return values
    return [value if keep else None for value, keep in zip(values, present.tolist(), strict=True)]


def _numbered(prefix: Sequence[str], groups: np.ndarray, width: int) -> list[str]:
    """`prefix[group]-NNN`, numbered from 1 within each group (rows sorted by group)."""
    starts = np.searchsorted(groups, groups, side="left")
    serial = (np.arange(len(groups)) - starts + 1).tolist()
    return [
        f"{prefix[group]}-{number:0{width}d}"
        for group, number in zip(groups.tolist(), serial, strict=True)
    ]


class _Generator:
    def __init__(self, seed: int, shape: DistrictShape, today: date) -> None:
        self.rng = np.random.default_rng(seed)
        self.shape = shape
        last = Window.last_complete_week(today)
        self.first = last.start - timedelta(weeks=shape.weeks - 1)
        self.last_day = (last.end - self.first).days
        mondays = [self.first + timedelta(weeks=week) for week in range(shape.weeks)]
        season = 1 + 0.12 * np.sin(np.arange(shape.weeks) * 2 * np.pi / 52.18)
        festive = np.array([is_spring_festival_week(monday) for monday in mondays])
        self.season = np.where(festive, 0.55, season)

    def communities(self) -> tuple[Columns, Columns]:
        rng, shape = self.rng, self.shape
        streets = STREETS[: shape.streets]
        names = [head + tail for head in NAME_HEADS for tail in NAME_TAILS]
        codes, community_names, street_codes = [], [], []
        for street_code, _name in streets:
            chosen = rng.choice(len(names), size=shape.communities_per_street, replace=False)
            for number, index in enumerate(sorted(chosen.tolist()), start=1):
                codes.append(f"{street_code}{number:02d}")
                community_names.append(f"{names[index]}社区")
                street_codes.append(street_code)
        count = len(codes)
        population = rng.integers(3_000, 40_001, size=count)
        self.codes = codes
        self.population = population
        self.kinds = rng.choice(len(KINDS), size=count)
        street_table = {
            "version": [1] * len(streets),
            "code": [code for code, _ in streets],
            "name": [name for _, name in streets],
        }
        community_table = {
            "version": [1] * count,
            "code": codes,
            "name": community_names,
            "street_code": street_codes,
            "population": population.tolist(),
            "households": (population // rng.uniform(2.2, 3.0, size=count)).astype(int).tolist(),
            "grids": np.maximum(1, population // 1_500).tolist(),
        }
        return street_table, community_table

    def _weekly(self, per_week: float) -> tuple[np.ndarray, np.ndarray]:
        """Community index and day offset of each record of a weekly Poisson process."""
        rng = self.rng
        scale = self.population / MEAN_POPULATION
        means = per_week * scale[:, None] * self.season[None, :]
        counts = rng.poisson(means)
        cells = np.repeat(np.arange(counts.size), counts.ravel())
        community, week = cells // self.shape.weeks, cells % self.shape.weeks
        day = week * 7 + rng.integers(0, 7, size=len(cells))
        return community, day

    def _by_kind(
        self, community: np.ndarray, mixes: Mapping[str, Mapping[str, float]]
    ) -> np.ndarray:
        """A category per row drawn from the mix of its community's kind of housing."""
        chosen = np.empty(len(community), dtype=object)
        for index, kind in enumerate(KINDS):
            rows = self.kinds[community] == index
            chosen[rows] = _pick(self.rng, mixes[kind], int(rows.sum()))
        return chosen

    def disputes(self) -> Columns:
        rng = self.rng
        community, reported = self._weekly(DISPUTES_PER_WEEK)
        count = len(community)
        days = rng.exponential(8.0, size=count).astype(int)
        is_long = rng.random(count) < 0.004
        days = np.where(is_long, rng.integers(31, 150, size=count), days)
        closed = reported + days
        is_open = closed > self.last_day
        status = np.where(rng.random(count) < 0.92, "resolved", "unresolved").astype(object)
        status[is_open] = "open"
        return {
            "version": [1] * count,
            "case_no": _numbered(self.codes, community, 6),
            "community": [self.codes[index] for index in community.tolist()],
            "reported_on": _iso(self.first, reported),
            "category": self._by_kind(community, DISPUTE_MIX).tolist(),
            "source": _pick(rng, SOURCES, count).tolist(),
            "status": status.tolist(),
            "level": _pick(rng, LEVELS, count).tolist(),
            "closed_on": _iso(self.first, closed, ~is_open),
            "is_major": (rng.random(count) < 0.008).tolist(),
            "parties": (1 + rng.poisson(1.2, size=count)).tolist(),
        }

    def consultations(self) -> Columns:
        rng = self.rng
        community, held = self._weekly(CONSULTATIONS_PER_WEEK)
        count = len(community)
        category = self._by_kind(community, TOPIC_MIX)
        topic = [TOPICS[key][int(pick * len(TOPICS[key]))] for key, pick in
                 zip(category.tolist(), rng.random(count).tolist(), strict=True)]  # fmt: skip
        consensus = rng.random(count) < 0.8
        lag = rng.exponential(25.0, size=count).astype(int) + 1
        is_stuck = rng.random(count) < 0.03
        implemented = held + lag
        is_done = consensus & ~is_stuck & (implemented <= self.last_day)
        implementation = np.where(consensus, "in_progress", "na").astype(object)
        implementation[consensus & (lag > 40)] = "not_started"
        implementation[is_done] = "done"
        return {
            "version": [1] * count,
            "ref": _numbered(self.codes, community, 5),
            "community": [self.codes[index] for index in community.tolist()],
            "estate": [None] * count,
            "held_on": _iso(self.first, held),
            "form": _pick(rng, CONSULTATION_FORMS, count).tolist(),
            "topic": topic,
            "topic_category": category.tolist(),
            "participants": (5 + rng.poisson(22, size=count)).tolist(),
            "consensus": consensus.tolist(),
            "problems_solved": np.where(consensus, rng.poisson(1.2, size=count), 0).tolist(),
            "implementation": implementation.tolist(),
            "implemented_on": _iso(self.first, implemented, is_done),
        }

    def organizations(self) -> tuple[Columns, Columns]:
        rng = self.rng
        per = ORGANIZATIONS_PER_COMMUNITY
        community = np.repeat(np.arange(len(self.codes)), per)
        count = len(community)
        entered = rng.integers(-400, self.last_day + 1, size=count)
        filed = entered + rng.exponential(150, size=count).astype(int) + 14
        has_filed = (rng.random(count) < 0.75) & (filed <= self.last_day)
        registered = filed + rng.exponential(250, size=count).astype(int) + 30
        has_registered = has_filed & (rng.random(count) < 0.3) & (registered <= self.last_day)
        ended = entered + rng.integers(120, 1500, size=count)
        has_ended = (rng.random(count) < 0.12) & (ended <= self.last_day)
        stage = np.where(has_registered, "registered", np.where(has_filed, "filed", "incubating"))
        stage = np.where(
            has_ended, np.where(rng.random(count) < 0.5, "dormant", "dissolved"), stage
        )
        category = _pick(rng, {key: weight for key, (weight, _) in ORG_KINDS.items()}, count)
        names = [
            f"{self.codes[index]}{ORG_KINDS[key][1][int(pick * len(ORG_KINDS[key][1]))]}"
            for index, key, pick in zip(
                community.tolist(), category.tolist(), rng.random(count).tolist(), strict=True
            )
        ]
        org_no = _numbered([f"{code}-ORG" for code in self.codes], community, 3)
        table: Columns = {
            "version": [1] * count,
            "org_no": org_no,
            "name": names,
            "community": [self.codes[index] for index in community.tolist()],
            "category": category.tolist(),
            "stage": stage.tolist(),
            "incubator": _pick(rng, INCUBATORS, count).tolist(),
            "entered_on": _iso(self.first, entered),
            "filed_on": _iso(self.first, filed, has_filed),
            "registered_on": _iso(self.first, registered, has_registered),
            "ended_on": _iso(self.first, ended, has_ended),
            "members": (3 + rng.poisson(20, size=count)).tolist(),
        }
        for item in EIGHT_ITEMS:
            table[item] = (rng.random(count) < 0.9).tolist()
        return table, self._activities(org_no, category, entered, ended, has_ended)

    def _activities(
        self,
        org_no: list[str],
        category: np.ndarray,
        entered: np.ndarray,
        ended: np.ndarray,
        has_ended: np.ndarray,
    ) -> Columns:
        rng = self.rng
        first = np.maximum(entered, 0)
        # Some organisations fall quiet months before the data ends (the inactive rule).
        quiet = rng.random(len(org_no)) < 0.06
        last = np.where(has_ended, ended, self.last_day - np.where(quiet, 120, 0))
        span = np.maximum(last - first, 0)
        counts = rng.poisson(span * ACTIVITIES_PER_ACTIVE_DAY)
        owner = np.repeat(np.arange(len(org_no)), counts)
        held = first[owner] + (rng.random(len(owner)) * (span[owner] + 1)).astype(int)
        held = np.minimum(held, self.last_day)
        order = np.lexsort((held, owner))
        owner, held = owner[order], held[order]
        picks = rng.random(len(owner)).tolist()
        titles = [
            ACTIVITY_TITLES[key][int(pick * len(ACTIVITY_TITLES[key]))]
            for key, pick in zip(category[owner].tolist(), picks, strict=True)
        ]
        count = len(owner)
        return {
            "version": [1] * count,
            "ref": _numbered([f"{number}-A" for number in org_no], owner, 4),
            "org_no": [org_no[index] for index in owner.tolist()],
            "held_on": _iso(self.first, held),
            "title": titles,
            "participants": (5 + rng.poisson(18, size=count)).tolist(),
        }

    def burden_items(self) -> Columns:
        rng = self.rng
        community, assigned = self._weekly(BURDEN_PER_WEEK)
        count = len(community)
        kind = _pick(rng, KIND_SHARE, count)
        list_status = _pick(rng, LIST_STATUS_SHARE, count)
        templates = [*BURDEN_TEMPLATES, *IRREGULAR_TEMPLATES]
        department = np.array(templates, dtype=object)[rng.integers(0, len(templates), count)]
        is_outcome = rng.random(count)
        outcome = np.where(is_outcome < 0.05, "returned", "accepted").astype(object)
        outcome[is_outcome > 0.6] = "completed"
        outcome_on = assigned + rng.integers(1, 30, size=count)
        has_outcome = (outcome != "accepted") & (outcome_on <= self.last_day)
        outcome[(outcome != "accepted") & ~has_outcome] = "accepted"
        hours = np.array([HOURS_BY_KIND[key] for key in kind.tolist()])
        hours = np.round(hours * rng.uniform(0.5, 1.5, size=count) * 2) / 2
        return {
            "version": [1] * count,
            "ref": _numbered([f"{code}-B" for code in self.codes], community, 6),
            "community": [self.codes[index] for index in community.tolist()],
            "department": department.tolist(),
            "title": [f"{name}下派事项" for name in department.tolist()],
            "kind": kind.tolist(),
            "list_status": list_status.tolist(),
            "approved": (rng.random(count) < 0.93).tolist(),
            "funded": (rng.random(count) < 0.7).tolist(),
            "assigned_on": _iso(self.first, assigned),
            "due_on": _iso(self.first, assigned + rng.integers(7, 31, size=count)),
            "hours": hours.tolist(),
            "outcome": outcome.tolist(),
            "outcome_on": _iso(self.first, outcome_on, has_outcome),
        }

    def build(self) -> District:
        streets, communities = self.communities()
        disputes = self.disputes()
        consultations = self.consultations()
        organizations, activities = self.organizations()
        return District(
            {
                "street": streets,
                "community": communities,
                "dispute": disputes,
                "consultation": consultations,
                "organization": organizations,
                "org_activity": activities,
                "burden_item": self.burden_items(),
            }
        )


def generate_district(
    *, seed: int = 42, shape: DistrictShape = FULL, today: date | None = None
) -> District:
    """The district's rows up to the end of the last complete week before `today`."""
    return _Generator(seed, shape, today or shanghai_today()).build()
