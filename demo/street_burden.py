"""The demo street's burden list (减负): what each department pushes down to a community, lawful
or not, approved and funded or not, and how the backlog eases over the two years (减负 working)."""

from __future__ import annotations

from datetime import date, timedelta

from demo.draws import Row, between, half_hours, poisson, weighted
from demo.street_communities import Profile, StreetState

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


class BurdenDraws(StreetState):
    """Draws the burden items of a community, week by week."""

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
