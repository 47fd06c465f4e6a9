"""The alert list of 总览/周报: every alert for a street's week; for a district's hundreds, a
table by rule and one rule's alerts at a time (at most ALERTS_SHOWN), drawn in a blink."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from i18n import t


def alerts_app(count_by_rule: dict[str, int]) -> AppTest:
    """The alert list alone, for hand-made alerts: `count` alerts of each rule, one community
    each (C000, C001, …), no records behind them."""

    def script(count_by_rule: dict[str, int]) -> None:
        from metrics.alerts import RULES
        from metrics.frames import WindowFrames
        from metrics.summary_model import AlertItem
        from reports.alert_records import records_behind
        from ui.alerts import alert_list

        alerts, number = [], 0
        for rule, count in count_by_rule.items():
            for _ in range(count):
                code = f"C{number:03d}"
                alerts.append(AlertItem(rule, code, RULES[rule], f"{rule} in {code}", ()))
                number += 1
        names = {alert.community: f"社区{alert.community}" for alert in alerts}
        frames = WindowFrames()

        def records(alert: AlertItem) -> object:
            return records_behind(alert.rule, alert.refs, frames, "zh")

        alert_list(alerts, records, names, "zh", with_profile_links=False)

    return AppTest.from_function(script, kwargs={"count_by_rule": count_by_rule}).run()


def test_a_streets_handful_of_alerts_is_listed_one_by_one() -> None:
    app = alerts_app({"overdue_dispute": 3, "inactive_org": 2})
    assert len(app.expander) == 5
    assert not app.selectbox and not app.dataframe


def test_a_districts_hundreds_are_summarised_by_rule_and_opened_one_rule_at_a_time() -> None:
    # 120 + 30 + 10 = 160 alerts (> 40): one table row per rule, most communities first.
    app = alerts_app({"inactive_org": 30, "overdue_dispute": 120, "major_dispute": 10})
    table = app.dataframe[0].value
    assert list(table[t("pdf_col_rule_communities", "zh")]) == [120, 30, 10]
    picker = app.selectbox(key="alerts_rule")
    assert picker.value == "overdue_dispute"  # the rule with the most alerts first
    # 120 of that rule: the first 50 are drawn, and the caption says how many there are.
    assert len(app.expander) == 50
    assert t("alerts_first_shown", "zh", shown=50, count=120) in [c.value for c in app.caption]
    picker.set_value("major_dispute").run()
    assert len(app.expander) == 10
    assert all("major_dispute" in e.label or "重大" in e.label for e in app.expander)


def test_communities_sharing_a_name_are_told_apart_by_code() -> None:
    def script() -> None:
        from metrics.frames import WindowFrames
        from metrics.summary_model import AlertItem
        from reports.alert_records import records_behind
        from ui.alerts import alert_list

        alerts = [AlertItem("inactive_org", code, "low", "m", ()) for code in ("KC01", "NT01")]
        names = {"KC01": "荔山社区", "NT01": "荔山社区"}
        frames = WindowFrames()

        def records(alert: AlertItem) -> object:
            return records_behind(alert.rule, alert.refs, frames, "zh")

        alert_list(alerts, records, names, "zh", with_profile_links=False)

    app = AppTest.from_function(script).run()
    labels = sorted(expander.label for expander in app.expander)
    assert [label.split(" · ")[1] for label in labels] == ["荔山社区 KC01", "荔山社区 NT01"]
