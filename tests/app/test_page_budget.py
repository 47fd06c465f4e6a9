"""What a warm page run may cost the database: a loose budget on queries, not a time.

A page whose figures are cached should ask the database only whether it answers, who is
signed in, and whether the data changed (the data version, once). A run that reads more, or
that takes SQLite's write lock, costs every other person on the server (`make bench`'s
page_cost section measures the CPU; this pins the queries that drove part of it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from data_access.settings import get_settings
from tests.app.conftest import sign_in_as
from ui.cached import clear_caches, current_version, one_data_version

# Queries (BEGIN not counted) of a warm run: availability, the account and its communities,
# and the data version; the meeting page also reads its follow-up actions and their history
# (live, not cached), 成效评估 its saved reforms and their evaluations.
BUDGET = {
    "pages/overview.py": 4,
    "pages/meeting.py": 7,
    "pages/disputes.py": 4,
    "pages/consultations.py": 4,
    "pages/organizations.py": 4,
    "pages/burden.py": 4,
    "pages/community.py": 4,
    "pages/reforms.py": 10,
    "pages/glossary.py": 4,
}
DATA_VERSION_QUERY = "FROM audit_log"


class Statements:
    """Every SQL statement any engine sends while `recording`, whitespace folded."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, *args: object) -> None:
        statement = str(args[2])
        self.seen[" ".join(statement.split())] += 1

    @property
    def queries(self) -> int:
        return sum(n for text, n in self.seen.items() if not text.startswith("BEGIN"))

    def count(self, part: str) -> int:
        return sum(n for text, n in self.seen.items() if part in text)


@pytest.fixture
def statements() -> Iterator[Statements]:
    recorder = Statements()
    event.listen(Engine, "before_cursor_execute", recorder)
    yield recorder
    event.remove(Engine, "before_cursor_execute", recorder)


def warm_run(app: AppTest, page: str, statements: Statements) -> Statements:
    """Open `page` as the leader, then run it again with its caches warm, recording only the
    second run."""
    sign_in_as(app, "leader")
    app.run()
    app.switch_page(page).run()
    statements.seen.clear()
    app.run()
    assert not app.exception
    return statements


@pytest.mark.parametrize("page", sorted(BUDGET))
def test_a_warm_page_run_stays_within_its_query_budget(
    demo_app: AppTest, statements: Statements, page: str
) -> None:
    recorded = warm_run(demo_app, page, statements)
    assert recorded.queries <= BUDGET[page], recorded.seen


@pytest.mark.parametrize("page", sorted(BUDGET))
def test_a_page_run_reads_the_data_version_once_however_many_loaders_it_calls(
    demo_app: AppTest, statements: Statements, page: str
) -> None:
    recorded = warm_run(demo_app, page, statements)
    assert recorded.count(DATA_VERSION_QUERY) <= 1, recorded.seen


@pytest.mark.parametrize("page", sorted(BUDGET))
def test_reading_a_page_never_takes_sqlites_write_lock(
    demo_app: AppTest, statements: Statements, page: str
) -> None:
    recorded = warm_run(demo_app, page, statements)
    assert recorded.count("BEGIN IMMEDIATE") == 0, recorded.seen


def test_within_a_run_a_write_makes_the_next_loader_read_the_data_version_again(
    demo_url: str, statements: Statements, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STREETDASH_DATABASE_URL", demo_url)
    get_settings.cache_clear()
    with one_data_version():
        statements.seen.clear()
        first = current_version(demo_url)
        assert current_version(demo_url) == first
        assert statements.count(DATA_VERSION_QUERY) == 1  # read once for both
        clear_caches()  # what every write does
        current_version(demo_url)
        assert statements.count(DATA_VERSION_QUERY) == 2
    statements.seen.clear()
    current_version(demo_url)  # outside a page run: read every time
    current_version(demo_url)
    assert statements.count(DATA_VERSION_QUERY) == 2
