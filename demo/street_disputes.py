"""The demo street's disputes: how many each kind of housing sees, of which category, how far
they escalate and how long they take."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from demo.draws import Row, days_from_spring_festival, poisson, weighted
from demo.street_communities import (
    CAMPUS_TECH,
    COMMODITY,
    OLD_ESTATE,
    URBAN_VILLAGE,
    Profile,
    StreetState,
)
from metrics import codes

DISPUTE_MIX = {
    OLD_ESTATE: {
        "neighbor": 30, "property": 25, "family": 14, "housing_land": 5, "damages": 6,
        "consumer": 4, "environment": 5, "contract": 3, "labor": 3, "traffic": 2, "other": 3,
    },
    COMMODITY: {
        "property": 35, "neighbor": 18, "family": 10, "consumer": 8, "contract": 6, "damages": 5,
        "environment": 5, "traffic": 4, "labor": 3, "business": 2, "other": 4,
    },
    URBAN_VILLAGE: {
        "housing_land": 18, "labor": 18, "neighbor": 16, "family": 10, "contract": 8,
        "business": 6, "damages": 8, "property": 5, "environment": 4, "traffic": 4,
        "demolition": 3, "other": 3,
    },
    CAMPUS_TECH: {
        "labor": 15, "consumer": 15, "contract": 12, "neighbor": 12, "property": 12, "family": 8,
        "traffic": 8, "business": 8, "damages": 5, "medical": 2, "other": 3,
    },
}  # fmt: skip
DISPUTE_RATES = {
    OLD_ESTATE: (0.55, 0.8),
    COMMODITY: (0.4, 0.7),
    URBAN_VILLAGE: (0.55, 0.8),
    CAMPUS_TECH: (0.35, 0.6),
}
DISPUTE_SUMMARIES = {
    "family": ("夫妻因家庭琐事发生争执，社区调解员上门调解", "子女赡养老人问题引发家庭矛盾",
               "兄弟姐妹因房产继承产生分歧，已组织家庭协商"),
    "neighbor": ("楼上漏水引发邻里纠纷，已组织双方调解", "邻居装修噪音扰民，网格员上门协调",
                 "楼道堆放杂物引发邻里矛盾", "宠物饲养扰民引发纠纷",
                 "空调外机噪音及滴水问题引发邻里纠纷"),
    "housing_land": ("出租屋押金退还纠纷，已约双方协商", "房屋租赁合同到期腾退纠纷",
                     "加建房屋影响采光引发相邻纠纷", "房屋漏水维修责任纠纷"),
    "contract": ("装修工程款结算纠纷", "家政服务合同履行纠纷", "二手物品买卖合同争议"),
    "business": ("临街商铺经营噪音扰民纠纷", "商户占道经营引发纠纷", "合伙经营分红争议"),
    "damages": ("高空坠物致车辆受损赔偿纠纷", "宠物伤人赔偿纠纷", "漏水致楼下财物受损赔偿纠纷"),
    "land_forest": ("绿地使用权属争议",),
    "demolition": ("城市更新项目搬迁补偿协商纠纷", "旧改项目租户搬迁纠纷"),
    "environment": ("餐饮油烟扰民纠纷", "夜间施工噪音扰民纠纷", "垃圾收集点异味引发投诉"),
    "labor": ("务工人员工资拖欠纠纷，已协调用工方支付", "员工离职补偿金争议",
              "工伤赔偿协商纠纷", "装修工人劳务费结算纠纷"),
    "consumer": ("预付卡退费纠纷", "培训机构退费纠纷", "网购商品退换货纠纷"),
    "medical": ("诊所诊疗费用争议", "药店售药质量争议"),
    "traffic": ("小区内车辆剐蹭赔偿纠纷", "电动自行车碰撞行人赔偿纠纷"),
    "property": ("业主对物业服务不满拒交物业费", "小区停车收费标准引发业主与物业纠纷",
                 "电梯维修不及时引发业主投诉", "公共区域维修责任划分不清引发纠纷",
                 "物业费调价引发业主质疑，已组织三方协调"),
    "other": ("共享单车乱停放引发争执", "快递丢失赔偿纠纷", "其他民间纠纷，已调解"),
}  # fmt: skip
ESCALATING_CATEGORIES = ("labor", "housing_land", "demolition", "medical", "contract")


def drawn_property_curve(end: date, monday: date) -> float:
    """The factor the street's draw gives a week's property disputes: -62 % everywhere, reached
    12 weeks after the Monday 56 weeks before `end`. Kept as it always was, so that every later
    draw of the one Random stays the same; demo.street_reforms reshapes it into the property
    reform's effect (four communities down, the others level) once everything else is drawn."""
    progress = min(1.0, max(0.0, (monday - (end - timedelta(weeks=56))).days / 84))
    return 1 - 0.62 * progress


class DisputeDraws(StreetState):
    """Draws the disputes of a community, week by week."""

    def dispute_mean(self, profile: Profile, category: str, monday: date, rate: float) -> float:
        """Expected new disputes of one category in the week starting `monday`."""
        mix = DISPUTE_MIX[profile.kind]
        mean = rate * profile.population / 10_000 * mix.get(category, 0) / sum(mix.values())
        offset = days_from_spring_festival(monday + timedelta(days=3))
        if category in ("neighbor", "family") and -21 <= offset <= 14:
            mean *= 1.7
        if category == "property":
            if monday.month in (1, 2):
                mean *= 1.4  # property fees are collected at the year's start
            # drawn street-wide; demo.street_reforms reshapes it into the reform's effect
            mean *= drawn_property_curve(self.end, monday)
        if 0 <= offset <= 6:
            mean *= 0.5  # the holiday week: few cases are registered
        return mean

    def add_disputes(self, profile: Profile) -> None:
        rate = self.rng.uniform(*DISPUTE_RATES[profile.kind])
        self.dispute_rates[profile.code] = rate
        for monday in self.mondays:
            for category in codes.DISPUTE_CATEGORIES:
                for _ in range(
                    poisson(self.rng, self.dispute_mean(profile, category, monday, rate))
                ):
                    day = monday + timedelta(
                        days=self.rng.choices(range(7), weights=(6, 6, 6, 6, 6, 3, 3))[0]
                    )
                    self.disputes.append(self.dispute(profile, category, day))

    def dispute(self, profile: Profile, category: str, day: date, **overrides: Any) -> Row:
        rng = self.rng
        parties = rng.choices((1, 2, 3, 4, 5, 6, 7, 8), weights=(5, 68, 12, 6, 3, 2, 2, 2))[0]
        is_major = parties >= 5 and rng.random() < 0.12
        if is_major:
            level = rng.choice(("street", "district"))
        elif category in ESCALATING_CATEGORIES:
            level = weighted(rng, {"grid": 20, "community": 42, "street": 29, "district": 9})
        else:
            level = weighted(rng, {"grid": 42, "community": 42, "street": 12, "district": 4})
        low, high, mode = {
            "grid": (1, 12, 4),
            "community": (3, 25, 9),
            "street": (7, 40, 18),
            "district": (15, 70, 30),
        }[level]
        closed_on = day + timedelta(days=round(rng.triangular(low, high, mode)))
        failure = {"grid": 0.05, "community": 0.1, "street": 0.2, "district": 0.25}[level]
        status = "unresolved" if rng.random() < failure else "resolved"
        source_weights = {"resident_visit": 35, "grid_patrol": 28, "hotline": 27, "referral": 5}
        if profile.kind == URBAN_VILLAGE:
            source_weights["grid_patrol"] = 40
        row: Row = {
            "case_no": "",
            "community": profile.code,
            "reported_on": day,
            "category": category,
            "source": weighted(rng, source_weights | {"other": 5}),
            "status": status,
            "level": level,
            "closed_on": closed_on,
            "is_major": is_major,
            "parties": parties,
            "summary": rng.choice(DISPUTE_SUMMARIES[category]),
        } | overrides
        if row["closed_on"] is not None and row["closed_on"] > self.end:
            row |= {"status": "open", "closed_on": None}
        return row
