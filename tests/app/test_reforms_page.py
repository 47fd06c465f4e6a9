"""The 成效评估 page for each role: the demo's two reforms with their latest reading, one
reform's reading in words with the caution, recording a reform (leaders and admins only), a
community account's own reforms without the comparison's names, the quick evaluation that
saves nothing, and the message when the data are too few to judge.

The expected readings are computed here through reports.reform on the same database, never
written down: the page must show what the evaluation says."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import engine_for, make_engine
from data_access.migrate import migrate
from data_access.principal import Principal
from data_access.queries import communities
from data_access.reforms import ReformRecord, reforms_for, save_reform
from data_access.settings import get_settings
from demo.street import load_demo
from demo.street_reforms import CONSULTATION_REFORM, PROPERTY_REFORM
from i18n import t
from metrics.reform import Evaluation
from metrics.window import Window
from reports.reform import (
    ReformQuestion,
    caution,
    evaluate_reform,
    figure_words,
    reform_sentence,
)
from tests.app.conftest import APP, sent_bytes, sign_in_as
from tests.app.views_shown import chart_data
from ui.filters import today_local
from ui.plain_text import as_text
from ui.reforms import latest_reading

LEADER = Principal("leader", "leader")
OWN = "YH01"  # the demo community account's one community


@pytest.fixture(scope="module")
def full_demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo street over its full two years: both reforms have weeks before their start."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reforms') / 'demo.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_demo(engine, seed=42, today=today_local())
    engine.dispose()
    return url


@pytest.fixture
def reforms_app(full_demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on a copy of the full demo that the test may change."""
    copy = tmp_path / "demo.db"
    copy.write_bytes(Path(full_demo_url.removeprefix("sqlite:///")).read_bytes())
    monkeypatch.setenv("STREETDASH_DATABASE_URL", f"sqlite:///{copy}")
    get_settings.cache_clear()
    return AppTest.from_file(str(APP), default_timeout=60)


def open_reforms(app: AppTest, username: str) -> AppTest:
    sign_in_as(app, username).run()
    app.switch_page("pages/reforms.py").run()
    assert not app.exception, [element.value for element in app.exception]
    return app


def names() -> dict[str, str]:
    known = communities(engine_for(get_settings().database_url))
    return {str(code): str(name) for code, name in zip(known["code"], known["name"], strict=True)}


def evaluation(reform: ReformRecord | ReformQuestion, weeks: int = 26) -> Evaluation:
    engine = engine_for(get_settings().database_url)
    return evaluate_reform(engine, reform, today_local(), weeks=weeks)


def saved(principal: Principal = LEADER) -> dict[str, ReformRecord]:
    engine = engine_for(get_settings().database_url)
    return {record.name: record for record in reforms_for(engine, principal)}


def reform_list(app: AppTest) -> pd.DataFrame:
    return app.dataframe[0].value


def messages(app: AppTest) -> list[str]:
    return [element.value for kind in ("success", "warning", "info") for element in app.get(kind)]


def submit(app: AppTest, form: str, label_key: str) -> AppTest:
    """Click form `form`'s submit button labelled `label_key` (zh) and run."""
    buttons = [
        button
        for button in app.get("form_submit_button")
        if button.form_id == form and button.label == t(label_key, "zh")  # type: ignore[attr-defined]
    ]
    assert len(buttons) == 1
    buttons[0].click()
    app.run()
    assert not app.exception, [element.value for element in app.exception]
    return app


@pytest.mark.parametrize("username", ["leader", "admin", "viewer"])
def test_every_street_wide_role_sees_both_demo_reforms_with_their_latest_reading(
    reforms_app: AppTest, username: str
) -> None:
    app = open_reforms(reforms_app, username)
    assert app.title[0].value == t("page_reforms", "zh")
    shown = reform_list(app)
    records = saved()
    assert set(shown[t("reform_column_name", "zh")]) == {PROPERTY_REFORM, CONSULTATION_REFORM}
    expected = [
        latest_reading(evaluation(records[name]), "zh")
        for name in shown[t("reform_column_name", "zh")]
    ]
    assert list(shown[t("reform_column_latest", "zh")]) == expected
    # The demo's two examples: one that fell and one that is unclear.
    assert sorted(expected) == sorted(
        [t("reform_reading_fell", "zh"), t("reform_reading_unclear", "zh")]
    )
    forms = {t("reform_form_new", "zh"), t("reform_form_edit", "zh")}
    labels = {expander.label for expander in app.expander}
    if username == "viewer":
        assert not forms & labels
    else:
        assert forms <= labels


def test_a_reform_reads_in_words_with_the_caution_and_its_before_after_tables(
    reforms_app: AppTest,
) -> None:
    app = open_reforms(reforms_app, "leader")
    app.selectbox(key="reform_choice").set_value(PROPERTY_REFORM).run()
    expected = evaluation(saved()[PROPERTY_REFORM])
    sentence = reform_sentence(expected, names(), "zh")
    assert as_text(sentence) in messages(app)
    assert caution("zh") in sentence
    groups = app.dataframe[1].value
    assert list(groups[t("reform_before", "zh")]) == [
        expected.treated.before,
        expected.comparison.before,
    ]
    assert list(groups[t("reform_after", "zh")]) == [
        expected.treated.after,
        expected.comparison.after,
    ]
    by_community = app.dataframe[2].value
    assert list(by_community[t("reform_column_community", "zh")]) == [
        names()[row.community] for row in expected.by_community
    ]
    assert list(by_community[t("reform_after", "zh")]) == [
        row.after for row in expected.by_community
    ]
    figure = figure_words(expected.figure, expected.categories, "zh")
    weekly = chart_data(
        app, t("reform_chart_title", "zh", figure=figure), ["treated", "comparison"]
    )
    assert len(weekly) == 2 * expected.weeks
    assert weekly["treated"].sum() == expected.treated.before + expected.treated.after
    assert weekly["comparison"].sum() == expected.comparison.before + expected.comparison.after


def test_a_leader_records_a_reform_and_reads_it_at_once(reforms_app: AppTest) -> None:
    app = open_reforms(reforms_app, "leader")
    start = Window.last_complete_week(today_local()).start - timedelta(weeks=12)
    app.text_input(key="reform_form_new_name").input("网格员夜间走访")
    app.date_input(key="reform_form_new_start").set_value(start)
    app.multiselect(key="reform_form_new_treated").set_value(["YH02", "YH03"])
    submit(app, "reform_form_new", "reform_save")
    record = saved()["网格员夜间走访"]
    assert (record.start_on, record.treated, record.comparison) == (start, ("YH02", "YH03"), ())
    assert app.selectbox(key="reform_choice").value == "网格员夜间走访"
    assert as_text(reform_sentence(evaluation(record), names(), "zh")) in messages(app)


def test_a_community_account_sees_only_its_own_reforms_and_no_comparison_name(
    reforms_app: AppTest,
) -> None:
    open_reforms(reforms_app, "leader")  # points the settings at the copy
    engine = engine_for(get_settings().database_url)
    comparison = ("YH02", "YH03", "YH05")
    start = Window.last_complete_week(today_local()).start - timedelta(weeks=20)
    save_reform(
        engine,
        LEADER,
        name="粤海门调解室",
        start_on=start,
        figure="disputes_new",
        categories=(),
        treated=(OWN,),
        comparison=comparison,
        note="",
    )
    community = Principal("yuehaimen", "community", communities=(OWN,))
    app = open_reforms(reforms_app, "yuehaimen")
    assert list(reform_list(app)[t("reform_column_name", "zh")]) == ["粤海门调解室"]
    expected = evaluation(saved(community)["粤海门调解室"])
    assert expected.comparison.communities == ()
    assert expected.comparison.before > 0  # its totals are shown, its names are not
    assert as_text(reform_sentence(expected, names(), "zh")) in messages(app)
    assert t("reform_comparison_hidden", "zh") in list(app.dataframe[1].value.iloc[:, 0])
    sent = sent_bytes(app)
    others = {code: name for code, name in names().items() if code != OWN}
    leaked = [
        text for code, name in others.items() for text in (code, name) if text.encode() in sent
    ]
    assert leaked == []
    labels = {expander.label for expander in app.expander}
    assert t("reform_form_new", "zh") not in labels and t("reform_form_edit", "zh") not in labels


def test_the_quick_evaluation_reads_without_saving(reforms_app: AppTest) -> None:
    app = open_reforms(reforms_app, "viewer")
    start = Window.last_complete_week(today_local()).start - timedelta(weeks=26)
    app.date_input(key="reform_adhoc_start").set_value(start)
    app.multiselect(key="reform_adhoc_categories").set_value(["property"])
    app.multiselect(key="reform_adhoc_treated").set_value(["YH01", "YH04"])
    before = set(saved())
    submit(app, "reform_adhoc", "reform_adhoc_run")
    question = ReformQuestion(start, ("YH01", "YH04"), "disputes_new", ("property",))
    assert as_text(reform_sentence(evaluation(question), names(), "zh")) in messages(app)
    assert set(saved()) == before


def test_too_few_data_say_that_they_are_too_few_to_judge(reforms_app: AppTest) -> None:
    app = open_reforms(reforms_app, "leader")
    start = Window.last_complete_week(today_local()).start - timedelta(weeks=2)
    app.date_input(key="reform_adhoc_start").set_value(start)
    app.selectbox(key="reform_adhoc_figure").set_value("organizations_entered")
    app.multiselect(key="reform_adhoc_treated").set_value([OWN])
    app.number_input(key="reform_adhoc_weeks").set_value(2)
    submit(app, "reform_adhoc", "reform_adhoc_run")
    expected = evaluation(ReformQuestion(start, (OWN,), "organizations_entered"), weeks=2)
    assert expected.too_few
    sentence = as_text(reform_sentence(expected, names(), "zh"))
    assert sentence in [element.value for element in app.warning]
