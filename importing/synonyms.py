"""Words real 台账 use for our columns and choices, beyond the template's own headers and labels.

Compiled from the forms communities keep (矛盾纠纷排查化解台账, 人民调解案件登记表, 协商议事记录,
社区减负事项清单): the header words they print over each column, and the words they write for
each choice. A suggestion from here is a guess shown to a person, never applied unseen for a
choice (importing.mapping): only exact labels and these listed words are applied as they stand.
"""

from __future__ import annotations

HEADER_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "disputes": {
        "case_no": ("编号", "案件编号", "纠纷编号", "登记编号", "受理编号", "案号", "调解案号"),
        "community": ("所属社区", "社区名称", "社区（村）", "所在社区", "责任社区"),
        "reported_on": (
            "受理时间",
            "受理日期",
            "登记时间",
            "收案日期",
            "发生时间",
            "排查时间",
            "接报时间",
            "立案日期",
            "登记日期",
        ),
        "category": (
            "纠纷类别",
            "纠纷类型",
            "矛盾类型",
            "矛盾纠纷类型",
            "案件类型",
            "类别",
            "纠纷种类",
        ),
        "source": ("纠纷来源", "案件来源", "来源渠道", "受理方式", "线索来源", "发现渠道"),
        "status": (
            "调解结果",
            "办理状态",
            "化解情况",
            "调处结果",
            "化解结果",
            "办理结果",
            "是否化解",
        ),
        "level": ("化解层级", "调处层级", "调解层级", "化解主体", "调处单位层级", "层级"),
        "closed_on": ("办结时间", "办结日期", "结案日期", "化解日期", "调结时间", "结案时间"),
        "is_major": ("是否重大", "重大纠纷", "是否重大矛盾", "重大", "是否重大疑难"),
        "parties": ("涉及人数", "当事人数", "涉及人员数", "涉及人员", "当事人人数"),
        "summary": (
            "简要情况",
            "纠纷简要情况",
            "基本情况",
            "简要案情",
            "调处情况",
            "纠纷内容",
            "主要诉求",
            "事由",
            "备注",
        ),
    },
    "consultations": {
        "ref": ("编号", "议事编号", "会议编号", "记录编号", "协商编号"),
        "community": ("所属社区", "社区名称", "所在社区"),
        "estate": ("小区", "小区名称", "所在小区", "涉及小区", "楼栋"),
        "held_on": ("议事日期", "议事时间", "会议时间", "协商日期", "开会日期", "召开时间"),
        "form": ("议事形式", "协商形式", "会议形式", "形式", "议事方式"),
        "topic": ("议题", "议事主题", "协商事项", "议事内容", "会议主题", "议题名称"),
        "topic_category": ("议题类别", "议题类型", "事项类别", "问题类型", "协商类别"),
        "participants": ("参与人数", "参会人数", "出席人数", "参加人数", "到会人数"),
        "consensus": ("是否达成共识", "达成共识", "是否形成共识", "形成决议", "是否形成决议"),
        "problems_solved": ("解决问题数", "解决问题", "解决问题个数", "办结问题数"),
        "implementation": ("落实情况", "落实状态", "执行情况", "决议落实情况", "办理情况"),
        "implemented_on": ("落实日期", "落实时间", "完成时间", "办结时间", "完成日期"),
    },
    "burden_items": {
        "ref": ("编号", "事项编号", "清单编号", "登记编号"),
        "community": ("所属社区", "社区名称", "承接社区", "所在社区"),
        "department": ("下派部门", "责任部门", "派出单位", "交办部门", "下派单位", "牵头部门"),
        "title": ("事项名称", "工作事项", "事项内容", "任务名称", "事项"),
        "kind": ("事项类型", "事项类别", "类型", "类别"),
        "list_status": ("清单属性", "清单类别", "是否清单内", "清单类型", "事项属性"),
        "approved": ("是否经准入审批", "是否准入", "准入审批", "是否审批", "经准入"),
        "funded": ("是否配套经费", "配套经费", "是否有经费", "经费保障", "是否费随事转"),
        "assigned_on": ("下派日期", "下派时间", "交办日期", "交办时间", "派发日期"),
        "due_on": ("截止日期", "完成时限", "办理时限", "截止时间"),
        "hours": ("预计工时", "工时", "耗用工时", "工时（小时）", "所需工时"),
        "outcome": ("处理结果", "处理情况", "承接情况", "办理结果", "处置结果"),
        "outcome_on": ("处理日期", "处理时间", "办结日期", "处置日期"),
    },
}
"""Table → column → header words (compared folded, as importing.headers does)."""

IGNORED_HEADERS = ("序号", "编号序号", "no", "no.", "序")
"""A running number is no column of ours: never suggested for anything."""

VALUE_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "category": {
        "family": ("婚姻家庭", "家庭纠纷", "婚姻纠纷", "赡养纠纷", "继承纠纷"),
        "neighbor": ("邻里矛盾", "邻里关系", "邻里", "邻里纠纷"),
        "housing_land": ("房屋纠纷", "宅基地纠纷", "房屋租赁纠纷", "租赁纠纷"),
        "contract": ("合同", "借贷纠纷", "民间借贷"),
        "business": ("经营纠纷", "生产经营"),
        "damages": ("人身损害赔偿纠纷", "财产损害纠纷", "损害赔偿"),
        "demolition": ("拆迁纠纷", "征地纠纷", "城市更新纠纷"),
        "environment": ("环境纠纷", "噪音扰民", "噪声污染纠纷"),
        "labor": ("劳资纠纷", "劳动纠纷", "欠薪纠纷", "劳动争议"),
        "consumer": ("消费者纠纷", "消费维权"),
        "medical": ("医患纠纷", "医疗"),
        "traffic": ("交通事故纠纷", "交通纠纷"),
        "property": ("物业管理纠纷", "物业服务纠纷", "物业"),
        "other": ("其他", "其它", "其它纠纷"),
    },
    "source": {
        "resident_visit": ("来访", "群众来访", "当事人申请", "主动申请", "来电来访"),
        "grid_patrol": ("网格员排查", "排查发现", "主动排查", "网格上报"),
        "hotline": ("12345", "热线", "市民热线", "12345转办"),
        "referral": ("上级交办", "转办", "派出所移交", "法院委派", "委托移交"),
        "other": ("其它",),
    },
    "status": {
        "open": ("正在调解", "调解中", "在办", "办理中", "化解中", "未办结", "跟进中"),
        "resolved": ("调解成功", "已调解", "化解成功", "已办结", "成功", "已解决"),
        "unresolved": ("调解不成", "调解失败", "未调成", "不成功", "终止调解", "引导诉讼"),
    },
    "level": {
        "grid": ("网格化解", "网格员"),
        "community": ("社区调委会", "社区化解", "社区调解"),
        "street": ("街道调委会", "街道化解", "街道调解"),
        "district": ("区级", "区", "区及以上", "市级"),
    },
    "form": {
        "residents_council": ("居民议事", "居民议事会议", "议事会"),
        "estate_meeting": ("小区议事会", "小区协商", "楼栋议事"),
        "joint_meeting": ("联席会", "党群联席会议", "四方联席会议"),
        "online": ("线上", "网上议事", "微信群议事", "线上会议"),
        "hearing": ("听证", "民主听证会"),
    },
    "topic_category": {
        "property_mgmt": ("物业", "物业服务", "物业问题"),
        "parking": ("停车", "停车难", "车位"),
        "elevator": ("电梯加装", "老旧小区加装电梯", "电梯"),
        "environment": ("环境卫生", "人居环境", "卫生整治"),
        "safety": ("安全", "消防安全", "安全隐患整治"),
        "livelihood": ("民生实事", "微实事", "民生项目"),
        "other": ("其它",),
    },
    "implementation": {
        "not_started": ("未开始", "尚未落实", "待落实"),
        "in_progress": ("正在落实", "推进中", "实施中"),
        "done": ("已完成", "落实完成", "已办结"),
        "na": ("无需落实", "/", "—"),
    },
    "kind": {
        "task": ("任务", "工作任务事项"),
        "report": ("报表", "台账", "填报材料"),
        "assessment": ("考核", "评比", "检查考核"),
        "certificate": ("证明", "盖章", "出具证明"),
        "meeting": ("会议", "活动"),
        "signboard": ("挂牌子", "牌子"),
        "app_group": ("政务APP", "工作群", "APP", "微信工作群"),
    },
    "list_status": {
        "statutory": ("依法履职", "履职事项", "清单内"),
        "assist": ("协助", "协助事项清单"),
        "negative": ("负面清单",),
        "off_list": ("清单外",),
    },
    "outcome": {
        "accepted": ("承接", "已承接", "办理中"),
        "returned": ("已退回", "退回部门"),
        "completed": ("完成", "已办结", "办结"),
    },
}
"""Enumeration → code → words communities write for it (exact, after folding)."""
