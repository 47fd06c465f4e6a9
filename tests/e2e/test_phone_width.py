"""Every page at phone width (390 × 844, a phone's user agent) in Chromium, as a street leader and
as a community account: nothing scrolls sideways, no exception, the sidebar closes after a page
is picked and the window and community choice stay reachable; on 总览 and 周报 the written summary
and the first high alert come within the first one and a half screens, and 总览's KPI cards sit
two or three to a row. At 1440 × 900 the phone style block changes nothing.

The screenshots go to SHOTS (one per page and account, and 总览 at 1440 × 900 with and without
the phone style); docs/phone.png is SHOTS/leader-00.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import open_signed_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/streetdash-e2e-phone")
WIDTH, HEIGHT = 390, 844
# A phone's browser: Streamlit closes its sidebar after a page pick when the user agent is a
# phone's, which a desktop Chromium narrowed to 390 px is not.
IPHONE = {
    "viewport": {"width": WIDTH, "height": HEIGHT},
    "device_scale_factor": 2,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    ),
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
# What a leader reads first must start within this many pixels of the page's top.
FIRST_SCREENS = 1.5 * HEIGHT
# How many of ui/phone.py's style blocks the page holds (found by a word of it), removing
# them when asked.
PHONE_STYLES = """(remove) => {
  const found = [...document.querySelectorAll('style')]
    .filter((style) => style.textContent.includes('first_on_phone'));
  if (remove) found.forEach((style) => style.remove());
  return found.length;
}"""

# The page's own scroller is stMain (the document does not scroll in Streamlit): both must be
# no wider than the screen. Wide tables and faceted charts scroll inside their own boxes.
SIDEWAYS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {document: document.documentElement.scrollWidth, screen: window.innerWidth,
          main: main.scrollWidth, mainBox: main.clientWidth};
}"""
# Top of an element from the top of the page (stMain scrolled to its start).
TOP = """(element) => element.getBoundingClientRect().top
  + document.querySelector('[data-testid="stMain"]').scrollTop"""
# The first alert under the 高风险 heading: the highest expander below that heading (null when
# the page lists no high alert).
FIRST_HIGH_ALERT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const top = (element) => element.getBoundingClientRect().top + main.scrollTop;
  const heading = [...main.querySelectorAll('[data-testid="stMarkdownContainer"] strong')]
    .find((strong) => strong.textContent.startsWith('高风险（'));
  if (!heading) return null;
  const below = [...main.querySelectorAll('[data-testid="stExpander"]')]
    .map(top).filter((at) => at > top(heading));
  return Math.min(...below);
}"""
SIDEBAR_OPEN = """() => {
  const box = document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect();
  return box.width > 0 && box.right > 0;
}"""
# The page has stopped changing: the script is done and the height holds still a moment.
SETTLED = """() => new Promise((done) => {
  let last = -1, still = 0;
  const look = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const height = document.querySelector('[data-testid="stMain"]').scrollHeight;
    const idle = app.getAttribute('data-test-script-state') === 'notRunning';
    still = idle && height === last ? still + 1 : 0;
    last = height;
    if (still >= 4) done(true); else setTimeout(look, 250);
  };
  look();
})"""


def settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(300)  # a click's rerun has begun
    page.wait_for_function(SETTLED, timeout=60_000)


def open_page(page, index: int) -> str:  # type: ignore[no-untyped-def]
    """Open the sidebar, pick its `index`-th page, and return that page's title."""
    page.get_by_test_id("stExpandSidebarButton").click()
    link = page.get_by_test_id("stSidebarNavLink").nth(index)
    link.wait_for(timeout=60_000)
    title = link.inner_text().split("\n")[-1].strip()
    link.click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
    settle(page)
    return title


def phone_problems(page, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What is wrong with the page open at phone width: sideways scroll, an exception, the
    sidebar still over it; on 总览 and 周报 the summary or the first high alert too far down."""
    problems = []
    widths = page.evaluate(SIDEWAYS)
    if widths["document"] > widths["screen"] or widths["main"] > widths["mainBox"]:
        problems.append(f"{title}: scrolls sideways {widths}")
    if page.get_by_test_id("stException").count():
        problems.append(f"{title}: exception")
    if page.evaluate(SIDEBAR_OPEN):
        problems.append(f"{title}: the sidebar stayed open after the pick")
    if title in ("总览", "周报"):
        summary = page.locator(".st-key-narrative").evaluate(TOP)
        # An account whose communities raise no high alert: the alerts' heading (预警) instead.
        alert = page.evaluate(FIRST_HIGH_ALERT) or page.get_by_role(
            "heading", name="预警", exact=True
        ).evaluate(TOP)
        for name, top in (("summary", summary), ("first high alert", alert)):
            if top >= FIRST_SCREENS:
                problems.append(f"{title}: the {name} starts at {top:.0f} px")
    return problems


@pytest.mark.parametrize("username", ["leader", "yuehaimen"])
def test_every_page_reads_at_phone_width(demo_server: str, browser, username: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**IPHONE)
    page = context.new_page()
    try:
        open_signed_in(page, demo_server, username)
        settle(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        count = page.get_by_test_id("stSidebarNavLink").count()
        assert count >= 9  # the views; a community account also imports and enters records
        page.get_by_test_id("stSidebarCollapseButton").click()
        problems = []
        for index in range(count):
            title = open_page(page, index)
            problems += phone_problems(page, title)
            page.screenshot(path=str(SHOTS / f"{username}-{index:02d}.png"))
        assert problems == []
        # The window and community choice stay one tap away.
        page.get_by_test_id("stExpandSidebarButton").click()
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_test_id("stSelectbox").filter(has_text="周次").wait_for(timeout=10_000)
        assert sidebar.get_by_test_id("stMultiSelect").filter(has_text="社区").is_visible()
    finally:
        context.close()


def test_the_overview_puts_three_kpi_cards_to_a_row_on_a_phone(demo_server: str, browser) -> None:
    context = browser.new_context(**IPHONE)
    page = context.new_page()
    try:
        open_signed_in(page, demo_server, "leader")
        settle(page)
        cards = page.get_by_test_id("stMetric")
        tops = [round(cards.nth(index).evaluate(TOP)) for index in range(6)]  # 矛盾纠纷's six
        assert tops[0] == tops[1] == tops[2] < tops[3] == tops[4] == tops[5]
    finally:
        context.close()


def test_the_phone_style_leaves_the_desktop_overview_as_it_was(demo_server: str, browser) -> None:
    """At 1440 × 900 the page is the same, pixel for pixel, with and without the phone style."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    try:
        open_signed_in(page, demo_server, "leader")
        settle(page)
        assert page.evaluate(PHONE_STYLES, False) == 1
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1440, "height": height})
        settle(page)
        with_style = page.screenshot(path=str(SHOTS / "desktop-with-phone-style.png"))
        page.evaluate(PHONE_STYLES, True)
        page.wait_for_timeout(500)
        assert page.evaluate(PHONE_STYLES, False) == 0
        without = page.screenshot(path=str(SHOTS / "desktop-without-phone-style.png"))
        assert with_style == without
    finally:
        page.close()


PERIOD_WORD = {"月": "本月", "季度": "本季度"}  # how the 综述 names the period


@pytest.mark.parametrize("mode", ["月", "季度"])
def test_a_month_s_or_a_quarter_s_longer_summary_still_leaves_the_first_alert_on_screen(
    demo_server: str, browser, mode: str
) -> None:
    """A month's or a quarter's 综述 adds 同比 to every sentence and names more communities: on a
    phone it is set a little smaller, so that the first high alert still comes within 1.5
    screens on 总览 and 周报."""
    context = browser.new_context(**IPHONE)
    page = context.new_page()
    try:
        open_signed_in(page, demo_server, "leader")
        settle(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_test_id("stSidebar").get_by_text(mode, exact=True).first.click()
        settle(page)
        page.get_by_test_id("stSidebarCollapseButton").click()
        problems = []
        for index in (0, 1):  # 总览, 周报
            title = open_page(page, index)
            assert PERIOD_WORD[mode] in page.locator(".st-key-narrative").inner_text()
            problems += phone_problems(page, title)
            page.screenshot(path=str(SHOTS / f"leader-{mode}-{index:02d}.png"))
        assert problems == []
    finally:
        context.close()
