"""Markdown and HTML typed into records are shown as text on every page, in Chromium.

Every free-text field of a street, a community and its records (tests/markdown_payloads.py)
holds an image and a link to 127.0.0.1:9, bold, italics, an HTML image and coloured text; the
admin's display name too, and one department assigns the community two assessments, so the
多次考核评比 alert names it on 总览, 周报 and 社区画像. Signed in as admin, every page of the
navigation is opened: no image, link, bold, italics or colour may come from a payload, and the
browser may ask 127.0.0.1:9 for nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from data_access.db import make_engine
from i18n import alert_message_template, t
from metrics.window import Window
from tests.e2e.conftest import load_demo_street, open_signed_in, serve
from tests.markdown_payloads import BAD_HOST, NAMES, plant
from ui.filters import today_local

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/streetdash-e2e-markdown")
# Every page of an admin's navigation, in its order.
PAGES = (
    "page_overview",
    "page_meeting",
    "page_disputes",
    "page_consultations",
    "page_organizations",
    "page_burden",
    "page_community",
    "page_glossary",
    "page_import",
    "page_entry",
    "page_audit",
    "page_accounts",
)
# The pages that list the payload community's alerts.
WITH_ALERTS = {"page_overview", "page_meeting", "page_community"}

# What the page drew from a payload as markup: images and links to the payload's addresses
# (or the HTML image's `x`), and bold, italics or colour holding exactly a payload's word.
MARKUP_FROM_PAYLOADS = """() => {
  const found = [];
  const shown = (element) => (element.textContent || '').replace(/\\u2060/g, '');
  for (const image of document.querySelectorAll('img')) {
    const src = image.getAttribute('src') || '';
    if (src.includes('127.0.0.1:9/') || src === 'x') found.push('img ' + src);
  }
  for (const link of document.querySelectorAll('a')) {
    const href = link.getAttribute('href') || '';
    if (href.includes('127.0.0.1:9') || shown(link) === 'p') found.push('a ' + href);
  }
  for (const element of document.querySelectorAll('strong, b, em, i')) {
    if (['b', 'i'].includes(shown(element))) found.push(element.tagName + ' ' + shown(element));
  }
  for (const element of document.querySelectorAll('[class*="stMarkdownColored"]')) {
    found.push('colour ' + shown(element));
  }
  return found;
}"""
PAGE_TEXT = "() => document.body.innerText.replace(/\\u2060/g, '')"


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a demo street with the payload street, community and records planted."""
    folder = tmp_path_factory.mktemp("e2e_markdown")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url, weeks=8)
    engine = make_engine(database_url)
    plant(engine, Window.last_complete_week(today_local()))
    engine.dispose()
    with serve(database_url, folder / "streamlit.log") as url:
        yield url


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page's script run is over, so that everything it draws is drawn."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=60_000
    )
    page.wait_for_timeout(300)


def payload_alerts(page):  # type: ignore[no-untyped-def]
    """The alert expanders of the payload community, opened. (Raw HTML is never drawn as
    HTML, so its `<img src=x>` reads the same before and after the fix.)"""
    alerts = page.locator('[data-testid="stExpander"]').filter(has_text="<img src=x>")
    alerts.first.wait_for(timeout=60_000)
    for index in range(alerts.count()):
        alerts.nth(index).locator("summary").click()
    return alerts


def test_no_page_draws_markdown_or_html_from_the_data(payload_server: str, browser) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    asked: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, locale="zh-CN")
    page.on("request", lambda request: asked.append(request.url))
    repeat_message = alert_message_template("repeat_assessment", "zh").format(
        name=NAMES["community"], departments=NAMES["department"], count=2
    )
    role = t("acct_role_admin", "zh")
    signed_in = t("acct_signed_in_as", "zh", name=NAMES["display_name"], role=role)
    problems: dict[str, list[str]] = {}
    try:
        open_signed_in(page, payload_server)
        for key in PAGES:
            title = t(key, "zh")
            if key == "page_community":
                # Opened as a leader does: from the payload community's alert.
                page.get_by_role("link", name=t(PAGES[0], "zh"), exact=True).click()
                page.get_by_role("heading", name=t(PAGES[0], "zh"), exact=True).wait_for()
                payload_alerts(page).locator('[data-testid="stPageLink"] a').first.click()
            elif key != "page_overview":
                page.get_by_role("link", name=title, exact=True).click()
            page.get_by_role("heading", name=title, exact=True).wait_for(timeout=60_000)
            settle(page)
            found = page.evaluate(MARKUP_FROM_PAYLOADS)
            if key in WITH_ALERTS:
                payload_alerts(page)
                found += page.evaluate(MARKUP_FROM_PAYLOADS)
                if repeat_message not in page.evaluate(PAGE_TEXT):
                    found.append("the 多次考核评比 alert does not read as typed")
            # The admin's display name is drawn on every page, in the sidebar.
            if signed_in not in page.evaluate(PAGE_TEXT):
                found.append("the display name does not read as typed")
            if page.locator('[data-testid="stException"]').count():
                found.append("exception")
            problems[key] = found
            if key in ("page_overview", "page_community"):
                page.screenshot(path=str(SHOTS / f"{key}.png"), full_page=True)
    finally:
        page.close()
    assert {key: found for key, found in problems.items() if found} == {}
    assert len(problems) == len(PAGES)
    to_bad_host = [url for url in asked if (urlparse(url).hostname, urlparse(url).port) == BAD_HOST]
    to_x = [url for url in asked if urlparse(url).path in ("/x", "/x.png", "/k.png")]
    assert to_bad_host == [] and to_x == []
