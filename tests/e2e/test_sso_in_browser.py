"""Single sign-on end to end: st.login against a mock OIDC provider on 127.0.0.1, the identity
mapped to a local community account, and a refresh that keeps the user signed in."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from data_access.accounts import create_user
from data_access.db import make_engine
from tests.e2e.conftest import ROOT, free_port, load_demo_street, serve

pytestmark = pytest.mark.browser

EMAIL = "amy@example.org"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """oidc-provider-mock in its own process on a free port of 127.0.0.1; yields its issuer."""
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    claims = json.dumps({"sub": EMAIL, "email": EMAIL})
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "oidc_provider_mock",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--user-claims",
                claims,
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        issuer = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise
                    time.sleep(0.2)
            yield issuer
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def sso_server(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, copied with a generated secrets.toml, on the demo street plus an SSO account."""
    folder = tmp_path_factory.mktemp("e2e_sso")
    root = folder / "app"
    shutil.copytree(
        ROOT, root, ignore=shutil.ignore_patterns(".venv", ".git", "data", "tests", "*.egg-info")
    )
    database_url = f"sqlite:///{folder / 'demo.db'}"
    load_demo_street(database_url, weeks=4)
    engine = make_engine(database_url)
    create_user(
        engine,
        username="amy",
        role="community",
        password=None,
        communities=["YH01"],
        oidc_subject=EMAIL,
        actor="test",
    )
    engine.dispose()
    port = free_port()
    (root / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "e2e-only-cookie-secret-0123456789abcdef"\n'
        'client_id = "streetdash"\n'
        'client_secret = "e2e-only"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'oidc_claim = "email"\n'
    )
    with serve(database_url, folder / "streamlit.log", root=root, port=port) as url:
        yield url


def test_single_sign_on_maps_the_identity_to_its_account_and_survives_a_refresh(
    sso_server: str, browser
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="zh-CN")
    try:
        page.goto(sso_server, wait_until="domcontentloaded")
        page.get_by_role("button", name="使用单位统一身份认证登录").click(timeout=60_000)
        page.locator('input[name="sub"]').first.fill(EMAIL, timeout=60_000)
        page.get_by_role("button", name="Authorize").click()
        page.get_by_text("当前用户：amy").wait_for(timeout=60_000)
        page.get_by_role("heading", name="总览", exact=True).wait_for(timeout=60_000)
        assert "科技园社区" not in page.locator("body").inner_text()
        page.reload(wait_until="domcontentloaded")
        page.get_by_text("当前用户：amy").wait_for(timeout=60_000)  # still signed in
    finally:
        page.close()
