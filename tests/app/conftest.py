"""App tests: AppTest runs app.py against a demo database built once per module.

Every AppTest starts signed in as the demo's `admin` (see `signed_in_as_admin`); `sign_in_as`
switches to another account of the database and `sign_out` shows the login page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from data_access.accounts import create_user
from data_access.db import make_engine
from data_access.migrate import migrate
from data_access.principal import Principal
from data_access.settings import get_settings
from demo.accounts import DEMO_ACCOUNTS
from demo.street import load_demo
from ui.auth import LAST_SEEN_KEY, PRINCIPAL_KEY
from ui.filters import today_local

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(autouse=True)
def fresh_streamlit_caches() -> Iterator[None]:
    """st.cache_data and st.cache_resource outlive a test unless cleared."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def navigation_as_the_server_runs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run app.py on every rerun, as the server does once st.navigation has been called.

    AppTest forgets before each run that app.py calls st.navigation; seeing a `pages/` folder
    it then falls back to the legacy mode that runs the page file alone, without app.py's
    sidebar. The server keeps the flag that st.navigation sets, so it never does that.
    """
    original = PagesManager.__init__

    def init_without_legacy_pages(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_without_legacy_pages)


def sign_in_as(at: AppTest, username: str) -> AppTest:
    """Start `at`'s session signed in as `username`; the app reloads role and communities."""
    at.session_state[PRINCIPAL_KEY] = Principal(username, "viewer")
    at.session_state[LAST_SEEN_KEY] = None
    return at


def sign_out(at: AppTest) -> AppTest:
    """Start (or continue) `at`'s session signed out: the login page."""
    at.session_state[PRINCIPAL_KEY] = None
    return at


def sent_bytes(app: AppTest) -> bytes:
    """Every element's serialized message: what the browser would receive."""
    chunks: list[bytes] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            chunks.append(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return b"\n".join(chunks)


DEMO_PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}


@pytest.fixture(autouse=True)
def signed_in_as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every AppTest made by `AppTest.from_file` starts signed in as `admin`."""
    original = AppTest.from_file

    def signed_in(*args: object, **kwargs: object) -> AppTest:
        return sign_in_as(original(*args, **kwargs), "admin")

    monkeypatch.setattr(AppTest, "from_file", signed_in)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file holding 30 weeks of the demo street up to the last complete week."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_demo(engine, seed=42, weeks=30, today=today_local())
    engine.dispose()
    return url


@pytest.fixture
def writable_demo_url(demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the module's demo database that this test may change; the app's settings
    point at it. Its URL."""
    copy = tmp_path / "demo.db"
    shutil.copy(Path(demo_url.removeprefix("sqlite:///")), copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("STREETDASH_DATABASE_URL", url)
    get_settings.cache_clear()
    return url


@pytest.fixture
def demo_app(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("STREETDASH_DATABASE_URL", demo_url)
    return AppTest.from_file(str(APP), default_timeout=60)


@pytest.fixture
def empty_app() -> AppTest:
    """The app on the empty temporary database the root conftest points the settings at,
    which holds one account, `admin`, and no records."""
    engine = make_engine(get_settings().database_url)
    migrate(engine)
    create_user(
        engine, username="admin", role="admin", password=DEMO_PASSWORDS["admin"], actor="test"
    )
    engine.dispose()
    return AppTest.from_file(str(APP), default_timeout=60)
