"""The demo street's consultations (协商议事): every two to five weeks per community, a topic
its kind of housing is likely to raise, and whether what was agreed got done."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from demo.draws import Row, is_spring_festival_week, weighted
from demo.street_communities import (
    CAMPUS_TECH,
    COMMODITY,
    OLD_ESTATE,
    URBAN_VILLAGE,
    Profile,
    StreetState,
)

CONSULTATION_FORMS = {
    "estate_meeting": 40,
    "residents_council": 25,
    "joint_meeting": 15,
    "online": 12,
    "hearing": 8,
}
PARTICIPANTS_BY_FORM = {
    "estate_meeting": (8, 40),
    "residents_council": (15, 50),
    "joint_meeting": (8, 25),
    "online": (20, 60),
    "hearing": (20, 60),
}
TOPICS = {
    "elevator": ("加装电梯方案表决", "加装电梯费用分摊协商", "加装电梯施工期间出行安排"),
    "parking": ("停车位划分", "电动自行车充电棚建设", "小区停车收费标准调整", "夜间临时停车管理"),
    "property_mgmt": ("物业费调整", "物业服务合同续签", "选聘新物业服务企业", "维修资金使用",
                      "业主委员会筹备"),
    "environment": ("垃圾分类点位调整", "楼道杂物清理", "绿化带改造", "餐饮油烟扰民整治"),
    "safety": ("消防通道占用整治", "高空抛物防范", "电动车进楼入户治理", "老旧燃气管道改造"),
    "livelihood": ("长者饭堂选址", "民生微实事项目选定", "四点半课堂开设", "口袋公园建设",
                   "健身器材更新"),
    "other": ("社区公约修订", "邻里节活动筹备", "文明养宠公约"),
}  # fmt: skip
TOPIC_MIX = {
    OLD_ESTATE: {"elevator": 25, "parking": 15, "property_mgmt": 20, "environment": 15,
                 "safety": 12, "livelihood": 10, "other": 3},
    COMMODITY: {"elevator": 2, "parking": 25, "property_mgmt": 35, "environment": 15,
                "safety": 8, "livelihood": 10, "other": 5},
    URBAN_VILLAGE: {"elevator": 3, "parking": 15, "property_mgmt": 10, "environment": 25,
                    "safety": 27, "livelihood": 15, "other": 5},
    CAMPUS_TECH: {"elevator": 10, "parking": 25, "property_mgmt": 15, "environment": 15,
                  "safety": 10, "livelihood": 20, "other": 5},
}  # fmt: skip


class ConsultationDraws(StreetState):
    """Draws the consultations of a community."""

    def add_consultations(self, profile: Profile) -> None:
        day = self.start + timedelta(days=self.rng.randint(0, 20))
        while day <= self.end:
            while is_spring_festival_week(day):
                day += timedelta(days=7)
            if day <= self.end:
                self.consultations.append(self.consultation(profile, day))
            day += timedelta(days=self.rng.randint(14, 35))

    def consultation(self, profile: Profile, day: date, **overrides: Any) -> Row:
        rng = self.rng
        form = weighted(rng, CONSULTATION_FORMS)
        topic_category = weighted(rng, TOPIC_MIX[profile.kind])
        consensus = rng.random() < (0.5 if topic_category == "elevator" else 0.68)
        row = {
            "ref": "",
            "community": profile.code,
            "estate": None if form == "residents_council" else rng.choice(profile.estates),
            "held_on": day,
            "form": form,
            "topic": rng.choice(TOPICS[topic_category]),
            "topic_category": topic_category,
            "participants": rng.randint(*PARTICIPANTS_BY_FORM[form]),
            "consensus": consensus,
            "problems_solved": 0,
            "implementation": "na",
            "implemented_on": None,
        }
        if consensus:
            slow = topic_category == "elevator"
            implemented_on = day + timedelta(days=rng.randint(25 if slow else 7, 50))
            row["problems_solved"] = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
            if implemented_on <= self.end:
                row |= {"implementation": "done", "implemented_on": implemented_on}
            else:
                recent = self.age(day) < 14
                row["implementation"] = "not_started" if recent else "in_progress"
        elif rng.random() < 0.1:
            row["problems_solved"] = 1
        return row | overrides
