"""The load test's client (bench/load.py) against a real server: it signs in, opens pages and
weeks and counts rendered pages; and it does count errors when the pages show them."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from bench import floor_app
from bench.floor_app import DRAWING, DRAWN
from bench.load import VIEW_PAGES, Page, Person, in_own_loop, page_problems, run_crowd
from bench.page_cost import shows_week
from bench.server import free_port, start_server
from data_access.queries import communities
from tests.e2e.conftest import load_demo_street
from ui.filters import today_local


@pytest.fixture
def demo_database(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    load_demo_street(f"sqlite:///{path}", weeks=10)
    return path


def test_a_short_crowd_signs_in_opens_pages_and_weeks_without_errors(
    demo_database: Path, tmp_path: Path
) -> None:
    port = free_port()
    server = start_server(f"sqlite:///{demo_database}", port, tmp_path / "streamlit.log")
    try:
        tally = run_crowd(f"ws://127.0.0.1:{port}", sessions=4, seconds=12)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert tally.error_examples == []
    assert tally.signed_in == 4
    assert len(tally.seconds) >= 8
    assert set(tally.by_kind) == {"page", "week"}


def test_the_crowd_counts_the_errors_people_would_see(demo_database: Path, tmp_path: Path) -> None:
    port = free_port()
    server = start_server(f"sqlite:///{demo_database}", port, tmp_path / "streamlit.log")
    try:
        demo_database.rename(tmp_path / "gone.db")  # every page now says the database is missing
        tally = run_crowd(f"ws://127.0.0.1:{port}", sessions=2, seconds=3)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert sum(tally.errors.values()) == 2, tally.error_examples
    assert tally.signed_in == 0


def widgets(page: Page) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """The page's widgets by id's key part: kind, label and options."""
    found = {}
    for element in page.elements:
        kind = element.WhichOneof("type")
        widget = getattr(element, kind)
        if hasattr(widget, "id") and hasattr(widget, "options"):
            options = tuple(str(option) for option in widget.options)
            found[widget.id.rsplit("-", 1)[-1]] = (kind, widget.label, options)
    return found


def test_a_person_opens_pages_by_title_and_a_week_that_the_page_then_shows(
    demo_database: Path, tmp_path: Path
) -> None:
    async def visit(base: str) -> tuple[list[str], list[bool]]:
        person = Person(base, ("leader", "demo-leader-2026"), random.Random(0))
        try:
            await person.sign_in(await person.open())
            titles = []
            for name in VIEW_PAGES:
                page = await person.visit(name)
                titles += [
                    e.heading.body for e in page.elements if e.WhichOneof("type") == "heading"
                ]
            await person.visit(VIEW_PAGES[0])
            shown = []
            for label in person.week_options()[1:3]:
                shown.append(shows_week(await person.choose_week(label), label))
            return titles, shown
        finally:
            await person.close()

    port = free_port()
    server = start_server(f"sqlite:///{demo_database}", port, tmp_path / "streamlit.log")
    try:
        titles, shown = in_own_loop(visit(f"ws://127.0.0.1:{port}"))
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert [title for title in VIEW_PAGES if title in titles] == list(VIEW_PAGES)
    assert shown == [True, True]


def test_the_floor_app_has_the_app_s_view_pages_and_sidebar_widgets_with_their_options(
    demo_database: Path, tmp_path: Path
) -> None:
    engine = create_engine(f"sqlite:///{demo_database}")
    known = communities(engine)
    engine.dispose()
    script = floor_app.write_app(
        tmp_path / "floor",
        VIEW_PAGES,
        dict(zip(known["code"], known["name"], strict=True)),
        today_local(),
    )

    async def first_pages(app_base: str, floor_base: str) -> tuple[Person, Page, Person, Page]:
        app = Person(app_base, ("leader", "demo-leader-2026"), random.Random(0))
        floor = Person(floor_base, ("", ""), random.Random(0))
        try:
            app_page = await app.sign_in(await app.open())
            return app, app_page, floor, await floor.open()
        finally:
            await app.close()
            await floor.close()

    app_port = free_port()
    app_server = start_server(f"sqlite:///{demo_database}", app_port, tmp_path / "app.log")
    try:
        floor_port = free_port()
        floor_server = start_server("", floor_port, tmp_path / "floor.log", script)
        try:
            app, app_page, floor, floor_page = in_own_loop(
                first_pages(f"ws://127.0.0.1:{app_port}", f"ws://127.0.0.1:{floor_port}")
            )
        finally:
            floor_server.terminate()
            floor_server.wait(timeout=30)
    finally:
        app_server.terminate()
        app_server.wait(timeout=30)

    assert list(floor.pages) == [*VIEW_PAGES, DRAWING]
    assert set(VIEW_PAGES) <= set(app.pages)
    app_widgets, floor_widgets = widgets(app_page), widgets(floor_page)
    for key in ("lang", "communities"):
        assert floor_widgets[key] == app_widgets[key]
    assert floor_widgets["window_mode"] == app_widgets["window_mode_zh"]
    assert floor_widgets["window_week"] == app_widgets["window_week_zh"]


def test_the_floor_app_s_drawing_page_draws_the_overview_s_kinds_and_numbers_of_elements(
    tmp_path: Path,
) -> None:
    script = floor_app.write_app(tmp_path / "floor", VIEW_PAGES, {"A": "甲社区"}, today_local())

    async def drawing(base: str) -> Page:
        person = Person(base, ("", ""), random.Random(0))
        try:
            await person.open()
            return await person.visit(DRAWING)
        finally:
            await person.close()

    port = free_port()
    server = start_server("", port, tmp_path / "floor.log", script)
    try:
        page = in_own_loop(drawing(f"ws://127.0.0.1:{port}"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    kinds = Counter(element.WhichOneof("type") for element in page.elements)
    assert not page_problems(page.elements)
    assert kinds["metric"] == DRAWN["domains"] * DRAWN["cards_per_domain"]
    assert kinds["dataframe"] == 1
    assert kinds["vega_lite_chart"] == DRAWN["charts"]
