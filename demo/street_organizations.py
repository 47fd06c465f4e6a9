"""The demo street's social organisations (社区社会组织) and their activities: when each entered
the register, filed, registered or ended, which of the eight items it lacks, how often it meets."""

from __future__ import annotations

from datetime import timedelta

from demo.draws import Row, between, days_from_spring_festival, weighted
from demo.street_communities import Profile, StreetState
from metrics.frames import EIGHT_ITEMS

ORG_KINDS = {
    "public_welfare": (25, ("志愿服务队", "邻里互助队", "环保志愿队", "平安巡逻队", "文明劝导队")),
    "culture_sports": (30, ("太极拳协会", "广场舞队", "合唱团", "书画社", "摄影协会",
                            "羽毛球协会", "粤剧社", "乒乓球俱乐部", "健步走队")),
    "charity": (8, ("爱心帮扶会", "慈善互助会", "微心愿服务队")),
    "domestic_service": (5, ("家政服务社", "便民维修服务队")),
    "elderly": (15, ("银龄志愿服务队", "长者互助会", "老年协会", "助老服务队")),
    "youth": (10, ("青少年成长营", "四点半课堂志愿队", "亲子阅读会", "青年志愿者协会")),
    "other": (7, ("议事协商小组", "业主互助会", "新市民服务站", "读书会")),
}  # fmt: skip
ACTIVITY_TITLES = {
    "public_welfare": ("社区环境清洁日", "文明养犬宣传", "垃圾分类宣传督导", "平安巡逻",
                       "独居老人上门探访", "义务理发"),
    "culture_sports": ("太极拳晨练交流", "广场舞展演", "合唱排练", "书画交流会", "社区运动会",
                       "乒乓球友谊赛", "健步走活动"),
    "charity": ("困难家庭走访慰问", "爱心义卖", "微心愿认领", "助学金发放"),
    "domestic_service": ("便民维修服务日", "家政技能培训", "小家电义务维修"),
    "elderly": ("长者生日会", "义诊进社区", "防诈骗宣传讲座", "智能手机使用教学", "长者健康讲座"),
    "youth": ("四点半课堂", "亲子阅读会", "暑期托管班", "青少年安全教育", "科普手工课"),
    "other": ("邻里节", "社区议事培训", "新市民融入座谈"),
}  # fmt: skip
FESTIVE_TITLES = ("迎春写挥春送祝福", "元宵猜灯谜", "新春邻里百家宴")
INCUBATORS = {"street": 45, "community": 30, "district": 15, "none": 10}
OFTEN_MISSING = {
    "has_annual_summary": 4,
    "has_major_event_report": 4,
    "has_venue": 3,
    "has_annual_plan": 2,
    "has_activity_log": 2,
    "has_filing_form": 1,
}


class OrganizationDraws(StreetState):
    """Draws the organisations of a community and the activities of each."""

    def add_organizations(self, profile: Profile) -> None:
        pool = [(category, name) for category, (_, names) in ORG_KINDS.items() for name in names]
        count = profile.organizations + self.rng.choice((-1, 0, 0, 1))
        rows = []
        for _ in range(max(6, min(16, count))):
            weights = [ORG_KINDS[category][0] for category, _ in pool]
            category, suffix = pool.pop(self.rng.choices(range(len(pool)), weights=weights)[0])
            rows.append(self.organization(profile, category, profile.name + suffix))
        rows.sort(key=lambda row: row["entered_on"])
        for number, row in enumerate(rows, start=1):
            row["org_no"] = f"{profile.code}-ORG-{number:03d}"
        self.organizations.extend(rows)

    def organization(self, profile: Profile, category: str, name: str) -> Row:
        rng = self.rng
        if rng.random() < 0.55:  # already on the register when the data begin
            entered_on = self.start - timedelta(days=rng.randint(30, 1_000))
        else:
            entered_on = between(rng, self.start, self.end - timedelta(days=14))
        filed_on = registered_on = ended_on = None
        if rng.random() < 0.8:
            filed_on = entered_on + timedelta(days=rng.randint(60, 270))
            if rng.random() < 0.18:
                registered_on = filed_on + timedelta(days=rng.randint(180, 540))
        if rng.random() < 0.08 and self.age(entered_on) > 300:
            ended_on = between(rng, entered_on + timedelta(days=200), self.end - timedelta(days=30))
            ended_on = max(ended_on, self.start + timedelta(days=14))
        last = ended_on or self.end
        filed_on = filed_on if filed_on and filed_on <= last else None
        registered_on = (
            registered_on if filed_on and registered_on and registered_on <= last else None
        )
        missing: set[str] = set()
        if rng.random() < 0.22:
            weights = list(OFTEN_MISSING.values())
            missing = set(rng.choices(list(OFTEN_MISSING), weights=weights, k=2))
        if filed_on is None and rng.random() < 0.25:
            missing.add("has_filing_form")
        elif filed_on is not None:
            missing.discard("has_filing_form")
        row = {
            "org_no": "",
            "name": name,
            "community": profile.code,
            "category": category,
            "stage": "",
            "incubator": weighted(rng, INCUBATORS),
            "entered_on": entered_on,
            "filed_on": filed_on,
            "registered_on": registered_on,
            "ended_on": ended_on,
            "members": round(rng.triangular(5, 80, 20)),
            **{item: item not in missing for item in EIGHT_ITEMS},
        }
        row["stage"] = self.stage(row)
        return row

    def stage(self, row: Row) -> str:
        """The stage the dates give at the data's end."""
        if row["ended_on"] is not None and row["ended_on"] <= self.end:
            return "dissolved" if row["filed_on"] is not None else "dormant"
        if row["registered_on"] is not None:
            return "registered"
        return "filed" if row["filed_on"] is not None else "incubating"

    def add_activities(self, organization: Row) -> None:
        rng = self.rng
        first = max(self.start, organization["entered_on"] + timedelta(days=7))
        last = self.end
        if organization["ended_on"] is not None:
            last = min(last, organization["ended_on"] - timedelta(days=1))
        gap = rng.randint(1, 5) * 7
        day = first + timedelta(days=rng.randint(0, gap))
        titles = ACTIVITY_TITLES[organization["category"]]
        while day <= last:
            festive = abs(days_from_spring_festival(day)) <= 14 and rng.random() < 0.5
            self.activities.append(
                {
                    "ref": "",
                    "org_no": organization["org_no"],
                    "held_on": day,
                    "title": rng.choice(FESTIVE_TITLES if festive else titles),
                    "participants": round(rng.triangular(5, 120, 25)),
                }
            )
            day += timedelta(days=max(3, gap + rng.randint(-3, 3)))
