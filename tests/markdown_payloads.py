"""Records whose every free-text field holds Markdown and HTML, for the tests that check the
pages show them as text (tests/app/test_markdown_escaping.py, tests/e2e/
test_markdown_in_browser.py).

Each payload would, drawn as Markdown, fetch an image from 127.0.0.1:9 (nothing listens on
the discard port), make a link to it, set bold and italics, show HTML and colour a word. The
community lives in a street of its own; one department assigns it two assessments in the
chosen week's year, so the 多次考核评比 (repeat_assessment) alert names that department.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine

from data_access.accounts import change_account
from data_access.follow_ups import create_follow_up, set_follow_up_status
from data_access.records import add_record
from metrics.window import Window

# What Markdown would turn into an image, a link, bold, italics and coloured text, and HTML.
MARKUP = "![t](http://127.0.0.1:9/x.png)[p](http://127.0.0.1:9/)**b**_i_<img src=x>:red[x]"
# Numbers (case numbers, refs) are at most 64 characters.
SHORT_MARKUP = "![t](http://127.0.0.1:9/k.png)**b**<img src=x>"
BAD_HOST = ("127.0.0.1", 9)

STREET = "MDS"
COMMUNITY = "MD01"
ADMIN = "admin"


def payload(label: str, markup: str = MARKUP) -> str:
    return f"{label}{markup}"


NAMES = {
    "street": payload("街道"),
    "community": payload("社区"),
    "case_no": payload("案", SHORT_MARKUP),
    "summary": payload("居民张三反映") + "\n# 标题\n- 列表",
    "consultation": payload("议", SHORT_MARKUP),
    "estate": payload("小区"),
    "topic": payload("议题"),
    "org_no": payload("组", SHORT_MARKUP),
    "org_name": payload("组织"),
    "activity": payload("活", SHORT_MARKUP),
    "activity_title": payload("活动"),
    "burden_refs": (payload("减1", SHORT_MARKUP), payload("减2", SHORT_MARKUP)),
    "department": payload("部门"),
    "burden_title": payload("事项"),
    "follow_up": payload("督办"),
    "owner": payload("责任人"),
    "note": payload("备注"),
    "display_name": payload("管理员"),
}


def plant(engine: Engine, week: Window) -> dict[str, object]:
    """Add the payload street, community and its records of `week` (the app's default
    week: the last complete one) through the checks of data entry; the NAMES."""
    day = week.end
    # The alert counts the assessments of the year up to the week's end.
    earlier = max(day - timedelta(days=1), date(day.year, 1, 1))
    actor = "test:markdown"
    add_record(engine, "streets", {"code": STREET, "name": NAMES["street"]}, actor=actor)
    add_record(
        engine,
        "communities",
        {
            "code": COMMUNITY,
            "name": NAMES["community"],
            "street_code": STREET,
            "population": 5000,
        },
        actor=actor,
    )
    add_record(
        engine,
        "disputes",
        {
            "case_no": NAMES["case_no"],
            "community": COMMUNITY,
            "reported_on": day,
            "category": "neighbor",
            "source": "hotline",
            "status": "open",
            "level": "grid",
            "summary": NAMES["summary"],
        },
        actor=actor,
    )
    add_record(
        engine,
        "consultations",
        {
            "ref": NAMES["consultation"],
            "community": COMMUNITY,
            "estate": NAMES["estate"],
            "held_on": day,
            "form": "residents_council",
            "topic": NAMES["topic"],
            "topic_category": "parking",
            "participants": 12,
            "consensus": True,
            "implementation": "not_started",
        },
        actor=actor,
    )
    add_record(
        engine,
        "organizations",
        {
            "org_no": NAMES["org_no"],
            "name": NAMES["org_name"],
            "community": COMMUNITY,
            "category": "elderly",
            "stage": "incubating",
            "incubator": "street",
            "entered_on": day - timedelta(days=200),
        },
        actor=actor,
    )
    add_record(
        engine,
        "org_activities",
        {
            "ref": NAMES["activity"],
            "org_no": NAMES["org_no"],
            "held_on": day,
            "title": NAMES["activity_title"],
            "participants": 20,
        },
        actor=actor,
    )
    for ref, assigned_on in zip(NAMES["burden_refs"], (earlier, day), strict=True):
        add_record(
            engine,
            "burden_items",
            {
                "ref": ref,
                "community": COMMUNITY,
                "department": NAMES["department"],
                "title": NAMES["burden_title"],
                "kind": "assessment",
                "list_status": "off_list",
                "assigned_on": assigned_on,
                "outcome": "returned",
                "outcome_on": day,
                "hours": 2,
            },
            actor=actor,
        )
    action = create_follow_up(
        engine,
        community=COMMUNITY,
        title=NAMES["follow_up"],
        owner=NAMES["owner"],
        due_on=day + timedelta(days=7),
        raised_on=day,
        actor=actor,
        alert_rule="repeat_assessment",
    )
    set_follow_up_status(
        engine,
        int(action["id"]),
        status="open",
        version=int(action["version"]),
        on=day,
        actor=actor,
        note=NAMES["note"],
    )
    change_account(engine, ADMIN, role="admin", display_name=NAMES["display_name"], actor=actor)
    return NAMES
