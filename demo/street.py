"""The demo street: two years of believable records for 粤海街道, generated from a seed.

`generate_demo` is pure and deterministic for a seed; `load_demo` writes its result into an
empty database in one transaction. The latest complete week is shaped on purpose: every alert
rule of METRICS.md fires for at least one community (see PLANTED_ALERTS) and the other
communities have no alert at all.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, insert, select, true
from sqlalchemy.orm import Session

from data_access import audit
from data_access.accounts import create_user, has_accounts
from data_access.db import read_connection, write_session
from data_access.models import (
    RECORD_TABLES,
    BurdenItem,
    Community,
    Consultation,
    Dispute,
    OrgActivity,
    Organization,
    Street,
)
from metrics import codes
from metrics.frames import EIGHT_ITEMS
from metrics.window import Window

Row = dict[str, Any]

STREET_CODE = "YH"
STREET_NAME = "粤海街道"
TIMEZONE = "Asia/Shanghai"
CHUNK_ROWS = 2_000

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

# Spring Festival (正月初一); other years fall back to 5 February.
SPRING_FESTIVALS = {
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
    2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
    2029: date(2029, 2, 13), 2030: date(2030, 2, 3), 2031: date(2031, 1, 23),
    2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}  # fmt: skip

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

DEPARTMENTS = {
    "街道党政办": 18,
    "街道综治办": 14,
    "区民政局": 14,
    "区卫健局": 10,
    "区住建局": 10,
    "区城管局": 10,
    "区应急管理局": 10,
    "区教育局": 7,
    "区统计局": 7,
}
# department -> (title, kind, list_status) of the items it may lawfully push down
BURDEN_TEMPLATES = {
    "区民政局": (
        ("低保对象入户核查", "task", "statutory"),
        ("社区社会组织统计报表", "report", "assist"),
        ("养老服务需求摸底登记", "report", "assist"),
        ("困难群众走访慰问", "task", "statutory"),
        ("困难群众救助申请审核盖章", "certificate", "statutory"),
        ("和谐社区建设考核", "assessment", "statutory"),
    ),
    "区卫健局": (
        ("疫苗接种情况统计表", "report", "assist"),
        ("健康社区创建材料报送", "report", "assist"),
        ("家庭医生签约宣传", "task", "assist"),
        ("爱国卫生运动检查", "assessment", "assist"),
    ),
    "区住建局": (
        ("老旧小区改造意见征集", "task", "assist"),
        ("燃气安全排查台账", "report", "assist"),
        ("既有住宅加装电梯情况统计", "report", "assist"),
        ("物业服务质量评价", "assessment", "assist"),
    ),
    "区城管局": (
        ("垃圾分类督导台账", "report", "assist"),
        ("占道经营劝导", "task", "assist"),
        ("市容环境卫生检查评比", "assessment", "assist"),
    ),
    "区教育局": (
        ("适龄儿童入学摸底", "report", "assist"),
        ("校外培训机构排查", "task", "assist"),
        ("家长学校工作会议", "meeting", "assist"),
    ),
    "区统计局": (
        ("统计数据月报", "report", "assist"),
        ("人口抽样调查入户", "task", "assist"),
        ("统计工作考核", "assessment", "assist"),
    ),
    "区应急管理局": (
        ("三小场所消防安全排查", "task", "assist"),
        ("安全生产检查台账", "report", "assist"),
        ("防汛防台应急演练", "meeting", "assist"),
        ("应急管理工作考核", "assessment", "assist"),
    ),
    "街道党政办": (
        ("周工作动态报送", "report", "statutory"),
        ("社区工作例会", "meeting", "statutory"),
        ("党建工作考评", "assessment", "statutory"),
        ("政务服务APP日常打卡", "app_group", "assist"),
    ),
    "街道综治办": (
        ("矛盾纠纷排查月报", "report", "statutory"),
        ("网格巡查工作群日报", "app_group", "assist"),
        ("平安建设考核", "assessment", "statutory"),
        ("综治中心规范化挂牌", "signboard", "assist"),
    ),
}
# department -> items that should never have reached a community (负面清单 / 清单外)
IRREGULAR_TEMPLATES = {
    "区民政局": (("居民婚姻状况证明开具", "certificate", "negative"),),
    "区卫健局": (("健康知识答题排名", "app_group", "off_list"),),
    "区住建局": (("工地扬尘临时巡查", "task", "off_list"),),
    "区城管局": (
        ("违法建设巡查拆除配合", "task", "negative"),
        ("城市管理执法协助", "task", "negative"),
    ),
    "区教育局": (("学位申请居住证明开具", "certificate", "negative"),),
    "区统计局": (("经济普查补充台账", "report", "off_list"),),
    "区应急管理局": (("安全宣传挂牌", "signboard", "off_list"),),
    "街道党政办": (
        ("创文迎检台账补充", "report", "off_list"),
        ("招商引资任务分解", "task", "negative"),
        ("工作群打卡截图报送", "app_group", "off_list"),
    ),
    "街道综治办": (("平安创建展板制作", "signboard", "off_list"),),
}
HOURS_BY_KIND = {
    "report": (0.5, 4),
    "task": (2, 16),
    "assessment": (4, 16),
    "certificate": (0.5, 2),
    "meeting": (1, 4),
    "signboard": (1, 6),
    "app_group": (0.5, 3),
}


@dataclass
class DemoStreet:
    """The demo's rows, one list of plain dicts per table (keys: the model fields but `id`)."""

    streets: list[Row]
    communities: list[Row]
    disputes: list[Row]
    consultations: list[Row]
    organizations: list[Row]
    org_activities: list[Row]
    burden_items: list[Row]

    def counts(self) -> dict[str, int]:
        """Rows per table, in loading order."""
        return {table.name: len(getattr(self, table.name)) for table in fields(self)}


TABLE_MODELS = {
    "streets": Street,
    "communities": Community,
    "disputes": Dispute,
    "consultations": Consultation,
    "organizations": Organization,
    "org_activities": OrgActivity,
    "burden_items": BurdenItem,
}


def shanghai_today() -> date:
    """Today's date in Asia/Shanghai."""
    return datetime.now(ZoneInfo(TIMEZONE)).date()


def spring_festival(year: int) -> date:
    """正月初一 of `year` (5 February for years outside the table)."""
    return SPRING_FESTIVALS.get(year, date(year, 2, 5))


def is_spring_festival_week(day: date) -> bool:
    """True in the public holiday: New Year's Eve to the sixth day of the first month."""
    offset = (day - spring_festival(day.year)).days
    return -1 <= offset <= 6


def days_from_spring_festival(day: date) -> int:
    """Signed days from the nearest Spring Festival."""
    offsets = [
        (day - spring_festival(year)).days for year in (day.year - 1, day.year, day.year + 1)
    ]
    return min(offsets, key=abs)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    """One key of `weights`, drawn with those weights (iterated in insertion order)."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def between(rng: random.Random, first: date, last: date) -> date:
    """A uniform day in [first, last]."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def half_hours(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high) * 2) / 2


class _Builder:
    """Generates the demo street step by step; every draw comes from one seeded Random."""

    def __init__(self, seed: int, weeks: int, today: date) -> None:
        if weeks < 1:
            raise ValueError(f"weeks must be at least 1, not {weeks}")
        self.rng = random.Random(seed)
        self.week = Window.last_complete_week(today)
        self.end = self.week.end
        self.start = self.week.start - timedelta(weeks=weeks - 1)
        self.mondays = [self.start + timedelta(weeks=index) for index in range(weeks)]
        self.disputes: list[Row] = []
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

    def build(self) -> DemoStreet:
        streets = [{"code": STREET_CODE, "name": STREET_NAME}]
        communities = [self.community_row(profile) for profile in PROFILES]
        for profile in PROFILES:
            self.add_organizations(profile)
            self.add_disputes(profile)
            self.add_consultations(profile)
            self.add_burden(profile)
        for organization in self.organizations:
            self.add_activities(organization)
        self.keep_healthy()
        self.plant()
        self.finish()
        return DemoStreet(
            streets,
            communities,
            self.number(self.disputes, "case_no", "reported_on", "{c}-{y}-{n:04d}"),
            self.number(self.consultations, "ref", "held_on", "{c}-CON-{y}-{n:03d}"),
            self.organizations,
            self.number_activities(),
            self.number(self.burden, "ref", "assigned_on", "{c}-BRD-{y}-{n:04d}"),
        )

    def community_row(self, profile: Profile) -> Row:
        return {
            "code": profile.code,
            "name": profile.name,
            "street_code": STREET_CODE,
            "population": profile.population,
            "households": round(profile.population / self.rng.uniform(2.4, 2.8)),
            "grids": max(2, round(profile.population / 1500)),
        }

    # Disputes

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
            # the property-management reform takes hold a year before the end: -60 % or so
            reform_start = self.end - timedelta(weeks=56)
            progress = min(1.0, max(0.0, (monday - reform_start).days / 84))
            mean *= 1 - 0.62 * progress
        if 0 <= offset <= 6:
            mean *= 0.5  # the holiday week: few cases are registered
        return mean

    def add_disputes(self, profile: Profile) -> None:
        rate = self.rng.uniform(*DISPUTE_RATES[profile.kind])
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

    # Consultations

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

    # Organisations and their activities

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

    # Burden items

    def add_burden(self, profile: Profile) -> None:
        base = 1.6 + 2.0 * profile.population / 40_000
        for monday in self.mondays:
            backlog = min(1.0, self.age(monday) / 728)  # 1 two years before the end, 0 at it
            count = min(5, max(1, poisson(self.rng, base * (0.65 + 0.35 * backlog))))
            for _ in range(count):
                day = monday + timedelta(days=self.rng.randint(0, 4))
                self.burden.append(self.burden_item(profile.code, day, backlog))

    def burden_item(self, code: str, day: date, backlog: float) -> Row:
        rng = self.rng
        department = weighted(rng, DEPARTMENTS)
        is_irregular = not self.in_week(day) and rng.random() < 0.03 + 0.11 * backlog
        if is_irregular:
            title, kind, list_status = rng.choice(IRREGULAR_TEMPLATES[department])
        else:
            title, kind, list_status = self.lawful_template(code, department, day, backlog)
        if list_status == "negative":
            approved = False
        elif list_status == "off_list":
            approved = rng.random() < 0.3
        else:
            approved = self.in_week(day) or rng.random() > 0.02 * backlog
        funded = rng.random() < (0.8 if list_status == "statutory" else 0.55 + 0.3 * (1 - backlog))
        due_on = day + timedelta(days=rng.randint(7, 30))
        return_rate = {"negative": 0.7, "off_list": 0.4}.get(list_status, 0.01)
        outcome, outcome_on = "accepted", None
        if rng.random() < return_rate:
            outcome, outcome_on = "returned", day + timedelta(days=rng.randint(1, 5))
        elif rng.random() < 0.97:
            outcome, outcome_on = "completed", between(rng, day + timedelta(days=1), due_on)
        if outcome_on is not None and outcome_on > self.end:
            outcome, outcome_on = "accepted", None
        return {
            "ref": "",
            "community": code,
            "department": department,
            "title": title,
            "kind": kind,
            "list_status": list_status,
            "approved": approved,
            "funded": funded,
            "assigned_on": day,
            "due_on": due_on,
            "hours": half_hours(rng, *HOURS_BY_KIND[kind]),
            "outcome": outcome,
            "outcome_on": outcome_on,
        }

    def lawful_template(
        self, code: str, department: str, day: date, backlog: float
    ) -> tuple[str, str, str]:
        """A lawful item; reports thin out as 减负 progresses, one assessment a year at most."""
        templates = [
            template
            for template in BURDEN_TEMPLATES[department]
            if template[1] != "assessment" or (code, department, day.year) not in self.assessments
        ]
        weights = [
            {"report": 0.55 + 0.45 * backlog, "assessment": 0.3}.get(kind, 1.0)
            for _, kind, _ in templates
        ]
        template = self.rng.choices(templates, weights=weights)[0]
        if template[1] == "assessment":
            self.assessments.add((code, department, day.year))
        return template

    # The latest week: healthy by default, then the planted scenarios

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

    def profile(self, code: str) -> Profile:
        return next(profile for profile in PROFILES if profile.code == code)

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

    def number(self, rows: list[Row], key: str, day_key: str, pattern: str) -> list[Row]:
        """Sort by community and date, and number each community's rows per calendar year."""
        ordered = sorted(rows, key=lambda row: (row["community"], row[day_key]))
        serials: dict[tuple[str, int], int] = {}
        for row in ordered:
            counter = (row["community"], row[day_key].year)
            serials[counter] = serials.get(counter, 0) + 1
            row[key] = pattern.format(c=row["community"], y=row[day_key].year, n=serials[counter])
        return ordered

    def number_activities(self) -> list[Row]:
        ordered = sorted(
            self.activities, key=lambda row: (row["org_no"][:4], row["held_on"], row["org_no"])
        )
        serials: dict[str, int] = {}
        for row in ordered:
            code = row["org_no"][:4]
            serials[code] = serials.get(code, 0) + 1
            row["ref"] = f"{code}-ACT-{serials[code]:05d}"
        return ordered


def generate_demo(*, seed: int = 42, weeks: int = 104, today: date) -> DemoStreet:
    """The demo street's rows up to the end of the last complete week before `today`.

    With 13 weeks or more the latest week raises exactly PLANTED_ALERTS. Shorter runs lack
    the history some rules look back on: the overdue dispute needs 5 weeks, the stalled
    consensus 10, and organisations with no activity on record in the last 90 days count as
    inactive.
    """
    return _Builder(seed, weeks, today).build()


def _holds_records(executor: Connection | Session) -> bool:
    """True when any table of the data model holds a row."""
    return any(
        executor.execute(select(true()).select_from(model).limit(1)).first() is not None
        for model in RECORD_TABLES
    )


def database_is_empty(engine: Engine) -> bool:
    """True when no table of the data model holds a row."""
    with read_connection(engine) as connection:
        return not _holds_records(connection)


def load_demo(
    engine: Engine,
    *,
    seed: int = 42,
    weeks: int = 104,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the demo street into an empty database in one transaction; rows per table."""
    report = progress or (lambda _message: None)
    demo = generate_demo(seed=seed, weeks=weeks, today=today or shanghai_today())
    with write_session(engine) as session:
        if _holds_records(session):
            raise ValueError(
                "the database already holds records; the demo street is only loaded into an "
                "empty database, so that demo rows never mix with real ones"
            )
        for table, model in TABLE_MODELS.items():
            rows = getattr(demo, table)
            for chunk in _chunks(rows, CHUNK_ROWS):
                session.execute(insert(model), chunk)
            report(f"{table}: {len(rows)}")
        audit.write_entries(session, [demo_loaded_entry(demo.counts())])
    create_demo_accounts(engine)
    return demo.counts()


def demo_loaded_entry(counts: Mapping[str, int]) -> dict[str, Any]:
    """The audit entry of a demo load: the records it wrote, and a new data version for every
    app process's caches (audit.data_version)."""
    return audit.entry(actor="demo", action="demo_load", table="database", detail=dict(counts))


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    communities: tuple[str, ...] = ()


# DEMO ONLY: these passwords are printed in the README. They exist only in a database the
# demo street was loaded into (never in a real one), one account per role.
DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin", "demo-admin-2026"),
    DemoAccount("leader", "leader", "demo-leader-2026"),
    DemoAccount("viewer", "viewer", "demo-viewer-2026"),
    DemoAccount("yuehaimen", "community", "demo-community-2026", ("YH01",)),
)


def create_demo_accounts(engine: Engine) -> None:
    """One account per role with the README's demo-only passwords (skipped if any exists)."""
    if has_accounts(engine):
        return
    for account in DEMO_ACCOUNTS:
        create_user(
            engine,
            username=account.username,
            role=account.role,
            password=account.password,
            communities=account.communities,
            display_name=f"{account.username} (demo)",
            actor="demo",
        )


def _chunks(rows: list[Row], size: int) -> Iterable[list[Row]]:
    for first in range(0, len(rows), size):
        yield rows[first : first + size]
