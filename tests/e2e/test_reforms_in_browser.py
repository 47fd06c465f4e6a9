"""成效评估 in Chromium: a leader records a reform on a fresh copy of the demo and reads its
reading at once — the sentence reports.reform words for it on the same database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from data_access.db import make_engine
from data_access.principal import Principal
from data_access.queries import communities
from data_access.reforms import reform_named
from metrics.window import Window
from reports.reform import evaluate_reform, reform_sentence
from tests.e2e.conftest import load_demo_street, open_signed_in, serve
from ui.filters import today_local

pytestmark = pytest.mark.browser

NAME = "网格员夜间走访"
TREATED = "YH02"


@pytest.fixture(scope="module")
def fresh_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server on a demo database of its own (this module writes to it): URL, database URL."""
    folder = tmp_path_factory.mktemp("e2e-reforms")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url, weeks=30)
    with serve(database_url, folder / "streamlit.log") as url:
        yield url, database_url


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def choose(page: Page, multiselect: Locator, label: str, attempts: int = 3) -> None:
    """Choose `label` in a Streamlit multiselect by typing it, and check that it is chosen.

    The multiselect's list closes, dropping what was typed, whenever the page scrolls while
    it is open (Streamlit 1.67's multiselect is a react-aria combobox): focusing a field half
    below the window scrolls it into view, and the page's own layout can still be settling.
    So the field is clicked first (Playwright scrolls it into view and waits until it is
    still) and, should the list close before Enter reached it, the choice is made again; what
    counts is the chosen value's tag, checked before and after the list is closed.
    """
    field = multiselect.locator("input")
    option = page.get_by_role("option", name=label, exact=True)
    tags = multiselect.locator("[data-tag]")
    for _ in range(attempts):
        field.click()
        field.fill(label)
        try:
            option.wait_for(timeout=5_000)
            page.keyboard.press("Enter")
            expect(tags).to_have_text([label], timeout=5_000)
        except (PlaywrightTimeoutError, AssertionError):
            continue
        break
    page.keyboard.press("Escape")
    expect(tags).to_have_text([label])


def test_a_leader_records_a_reform_and_sees_its_reading(
    fresh_demo: tuple[str, str], browser: object, tmp_path: Path
) -> None:
    url, database_url = fresh_demo
    engine = make_engine(database_url)
    known = communities(engine)
    names = {str(c): str(n) for c, n in zip(known["code"], known["name"], strict=True)}
    start = Window.last_complete_week(today_local()).start - timedelta(weeks=12)

    page = browser.new_page()  # type: ignore[attr-defined]
    open_signed_in(page, url, "leader")
    page.get_by_role("link", name="成效评估").click()
    page.get_by_role("heading", name="成效评估").first.wait_for(timeout=60_000)
    page.get_by_text("登记改革举措").click()
    form = page.locator('[data-testid="stExpander"]').filter(has_text="登记改革举措")
    form.get_by_label("名称").fill(NAME)
    for part, value in (("year", start.year), ("month", start.month), ("day", start.day)):
        form.get_by_role("spinbutton", name=f"{part}, 开始日期").click()
        page.keyboard.type(f"{value:02d}")
    treated = form.locator('[data-testid="stMultiSelect"]').filter(has_text="实施改革的社区")
    choose(page, treated, names[TREATED])
    form.get_by_role("button", name="保存").click()
    page.get_by_text("结论：").first.wait_for(timeout=60_000)

    record = reform_named(engine, Principal("test", "leader"), NAME)
    assert record is not None
    assert (record.start_on, record.treated) == (start, (TREATED,))
    expected = reform_sentence(evaluate_reform(engine, record, today_local()), names, "zh")
    assert squeezed(expected) in squeezed(page.locator("body").inner_text())
    page.close()
    engine.dispose()
