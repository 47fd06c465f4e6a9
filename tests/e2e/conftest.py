"""Browser tests: a real Streamlit server on a free port, driven by Playwright in Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from demo.accounts import DEMO_ACCOUNTS
from deploy.local import wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(
    database_url: str, log_path: Path, *, root: Path = ROOT, port: int | None = None
) -> Iterator[str]:
    """Run the app (in `root`) on a port of 127.0.0.1 against `database_url`; yields its URL."""
    environment = {**os.environ, "STREETDASH_DATABASE_URL": database_url}
    port = port or free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=root,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url, process)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)


# The demo's accounts (demo/accounts.py, README): every test signs in, as `admin` unless
# it asks for another role.
DEMO_PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}


def sign_in(page, username: str = "admin", password: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Fill the login form the page shows and wait until the app is past the gate."""
    page.get_by_label("用户名").fill(username, timeout=60_000)
    page.get_by_label("密码").fill(password or DEMO_PASSWORDS[username])
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_text("当前用户：").wait_for(timeout=60_000)


def open_signed_in(page, url: str, username: str = "admin") -> None:  # type: ignore[no-untyped-def]
    """Open `url` in a new session (as a typed address or a refresh does) and sign in.

    A sign-in lives in the session, and every page.goto starts a new one (see README).
    """
    page.goto(url, wait_until="domcontentloaded")
    sign_in(page, username)


def load_demo_street(database_url: str, weeks: int = 20) -> None:
    """Load the demo street through the CLI, as `make run` does."""
    environment = {**os.environ, "STREETDASH_DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "cli", "demo", "--weeks", str(weeks)],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving a demo database that no test writes to; yields its base URL.

    The demo's accounts exist there; open pages with `open_signed_in`.
    """
    folder = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url)
    with serve(database_url, folder / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser(browser_executable: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=browser_executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
