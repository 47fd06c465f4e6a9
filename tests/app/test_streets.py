"""A database of several streets: the sidebar offers a choice of streets, the community choice
follows it, a community account still sees only its own, and per-community charts stay readable."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine
from data_access.migrate import migrate
from demo.district import DistrictShape
from demo.district_load import load_district
from i18n import t
from tests.app.conftest import APP, sign_in_as
from tests.app.views_shown import charts, open_page
from ui.filters import today_local
from ui.views import CHART_COMMUNITIES, distinct_names, top_communities

# Three streets of eight communities: more communities than a per-community chart shows.
SHAPE = DistrictShape(streets=3, communities_per_street=8, weeks=12)


@pytest.fixture(scope="module")
def streets_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('streets') / 'streets.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_district(engine, shape=SHAPE, today=today_local())
    engine.dispose()
    return url


@pytest.fixture
def streets_app(streets_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("STREETDASH_DATABASE_URL", streets_url)
    return AppTest.from_file(str(APP), default_timeout=60)


def filters(app: AppTest) -> object:
    return app.session_state["streetdash_filters"]


def keys(app: AppTest) -> list[str]:
    return [str(widget.key) for widget in app.multiselect]


def test_the_street_choice_narrows_the_communities_offered_and_the_scope(
    streets_app: AppTest,
) -> None:
    app = open_page(streets_app, "overview")
    streets = app.multiselect(key="streets")
    assert len(streets.options) == SHAPE.streets
    every = filters(app).scope
    assert len(every) == SHAPE.streets * SHAPE.communities_per_street
    second = sorted({code[:2] for code in every})[1]
    streets.select(second).run()
    chosen = filters(app).scope
    assert chosen == tuple(code for code in every if code.startswith(second))
    assert len(app.multiselect(key="communities").options) == SHAPE.communities_per_street
    assert not filters(app).is_whole_street
    assert "8" in app.caption[0].value  # the caption names the street and its 8 communities


def test_a_community_chosen_outside_the_newly_chosen_street_is_dropped(
    streets_app: AppTest,
) -> None:
    app = open_page(streets_app, "overview")
    every = filters(app).scope
    first, second = sorted({code[:2] for code in every})[:2]
    picked = next(code for code in every if code.startswith(first))
    app.multiselect(key="communities").select(picked).run()
    assert filters(app).scope == (picked,)
    app.multiselect(key="streets").select(second).run()
    assert not app.exception
    assert app.multiselect(key="communities").value == []
    assert all(code.startswith(second) for code in filters(app).scope)


def test_a_community_account_sees_only_its_community_and_no_street_choice(
    streets_app: AppTest,
) -> None:
    app = open_page(sign_in_as(streets_app, "yuehaimen"), "overview")
    assert filters(app).scope == ("YH01",)
    assert "streets" not in keys(app)


def test_one_street_offers_no_street_choice(demo_app: AppTest) -> None:
    app = open_page(demo_app, "overview")
    assert "streets" not in keys(app)


def test_a_per_community_chart_shows_the_top_communities_and_the_table_all(
    streets_app: AppTest,
) -> None:
    app = open_page(streets_app, "disputes")
    title = t("chart_dispute_per_community", "zh")
    charted = {name for table in charts(app)[title] for name in table.get("name", [])}
    assert len(charted) == CHART_COMMUNITIES
    notes = [caption.value for caption in app.caption]
    assert any(str(CHART_COMMUNITIES) in note and "24" in note for note in notes)
    shown = [frame.value for frame in app.dataframe]
    assert any(len(table) == SHAPE.streets * SHAPE.communities_per_street for table in shown)


def test_top_communities_keeps_the_highest_ties_by_code_and_every_row_when_few() -> None:
    codes = [f"C{number:02d}" for number in range(25)]
    rows = pd.DataFrame({"community": codes, "name": codes, "new": [1] * 20 + [5] * 5})
    kept = top_communities(rows, "new", "新增", "zh")
    assert list(kept["community"]) == [*(f"C{n:02d}" for n in range(15)), *(
        f"C{n:02d}" for n in range(20, 25))]  # fmt: skip
    assert len(top_communities(rows.head(20), "new", "新增", "zh")) == 20


def test_communities_of_different_streets_sharing_a_name_are_told_apart_by_code() -> None:
    rows = pd.DataFrame(
        {"community": ["NS14", "SH17", "YH01"], "name": ["东城社区", "东城社区", "粤海社区"]}
    )
    named = distinct_names(rows)
    assert list(named["name"]) == ["东城社区 NS14", "东城社区 SH17", "粤海社区"]
