"""The load test's client (bench/load.py) against a real server: it signs in, opens pages and
weeks and counts rendered pages; and it does count errors when the pages show them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import free_port, run_crowd, start_server
from tests.e2e.conftest import load_demo_street


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
