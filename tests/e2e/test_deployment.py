"""The shipped deployment, for real and on 127.0.0.1 only: PostgreSQL set up with
deploy/postgresql (an owner role that migrates, an app role that owns nothing), two app
processes started with the command line of deploy/systemd/streetdash@.service, and Debian's
nginx running deploy/nginx's site. Chromium signs in through nginx, switches pages and uploads
a file; the security headers, the sticky sessions and the refusal of an upload without the
XSRF token are checked on what nginx sends back."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ProgrammingError

from deploy.local import (
    DEPLOY,
    NGINX,
    app_process,
    fetch,
    free_ports,
    nginx,
    served_by,
)
from tests.conftest import PG_URL_VARIABLE, unavailable
from tests.e2e.conftest import ROOT, open_signed_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

SHOTS = Path("/tmp/streetdash-e2e-deployment")
CSV_HEADER = (
    "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级,办结日期,是否重大,涉及人数,简要情况\n"
)


@dataclass(frozen=True)
class Deployment:
    """Where the running deployment answers, and where nginx logs which process served what."""

    https: str  # the shipped HTTPS server
    http: str  # the shipped port-80 server, which sends everyone to HTTPS
    plain: str  # the README's variant for an office without a certificate: HTTP only
    app_ports: tuple[int, int]
    access_log: Path
    owner_url: str  # the role that owns the tables and migrates
    app_url: str  # the role the app processes connect as


def as_postgres(sql_file: Path, port: int, **variables: str) -> None:
    """Run a shipped SQL file with psql as the PostgreSQL superuser, as the README says (on
    standard input: the clone may sit where the postgres user cannot read)."""
    assignments = " ".join(f"-v {name}={shlex.quote(value)}" for name, value in variables.items())
    subprocess.run(
        ["su", "postgres", "-c", f"psql --no-psqlrc -q -p {port} {assignments} -f -"],
        cwd="/",
        input=sql_file.read_bytes(),
        check=True,
        capture_output=True,
    )


def drop_as_postgres(port: int, database: str, roles: list[str]) -> None:
    statements = [f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'] + [
        f'DROP ROLE IF EXISTS "{role}"' for role in roles
    ]
    command = f"psql --no-psqlrc -q -p {port} " + " ".join(
        f"-c {shlex.quote(statement)}" for statement in statements
    )
    subprocess.run(["su", "postgres", "-c", command], cwd="/", check=False, capture_output=True)


def cli(database_url: str, *args: str) -> None:
    environment = {**os.environ, "STREETDASH_DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=ROOT, env=environment, check=True, timeout=300
    )


def logged(access_log: Path, text: str, seconds: float = 10) -> bool:
    """Whether nginx logs `text` within `seconds` (a request is logged when it ends)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in access_log.read_text(encoding="utf-8"):
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    test_url = os.environ.get(PG_URL_VARIABLE, "")
    if not test_url:
        unavailable(f"the deployment test needs PostgreSQL ({PG_URL_VARIABLE}, set by .ci/run)")
    if os.geteuid() != 0 or shutil.which("su") is None or shutil.which("psql") is None:
        unavailable("the deployment test runs psql as the postgres superuser: it needs root")
    if not os.access(NGINX, os.X_OK) or shutil.which("openssl") is None:
        unavailable(f"the deployment test needs Debian's nginx at {NGINX} and openssl")
    pg = make_url(test_url)
    pg_port = pg.port or 5432
    suffix = uuid.uuid4().hex[:8]
    database = f"streetdash_deploy_{suffix}"
    owner, app = f"streetdash_owner_{suffix}", f"streetdash_app_{suffix}"
    passwords = {owner: uuid.uuid4().hex, app: uuid.uuid4().hex}

    def url_of(role: str) -> str:
        return URL.create(
            "postgresql+psycopg", role, passwords[role], pg.host or "127.0.0.1", pg_port, database
        ).render_as_string(hide_password=False)

    ports = dict(zip(("app1", "app2", "https", "http", "plain"), free_ports(5), strict=True))
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        as_postgres(
            DEPLOY / "postgresql" / "create.sql",
            pg_port,
            owner=owner,
            owner_password=passwords[owner],
            app=app,
            app_password=passwords[app],
            database=database,
        )
        cli(url_of(owner), "migrate")
        subprocess.run(
            ["psql", "--no-psqlrc", "-q", url_of(owner).replace("+psycopg", ""), "-v", f"app={app}",
             "-f", str(DEPLOY / "postgresql" / "grants.sql")],
            check=True,
            capture_output=True,
        )  # fmt: skip
        cli(url_of(app), "demo", "--weeks", "8")  # rows only: the app role can load them
        with ExitStack() as stack:
            for name in ("app1", "app2"):
                stack.enter_context(
                    app_process(ports[name], url_of(app), SHOTS / f"streamlit-{name}.log")
                )
            folder = stack.enter_context(nginx(ports))
            yield Deployment(
                https=f"https://127.0.0.1:{ports['https']}",
                http=f"http://127.0.0.1:{ports['http']}",
                plain=f"http://127.0.0.1:{ports['plain']}",
                app_ports=(ports["app1"], ports["app2"]),
                access_log=folder / "access.log",
                owner_url=url_of(owner),
                app_url=url_of(app),
            )
    finally:
        drop_as_postgres(pg_port, database, [app, owner])


def route_served_by(deployment: Deployment, port: int) -> str:
    """A route cookie value that nginx sends to the app process on `port`."""
    for number in range(64):
        route = f"route{number:02d}"
        fetch(f"{deployment.https}/_stcore/health", cookie=f"streetdash_route={route}")
    for _ in range(20):
        for route, processes in served_by(deployment.access_log).items():
            if processes == {f"127.0.0.1:{port}"} and route.startswith("route"):
                return route
        time.sleep(0.2)  # nginx writes its log line after the response
    raise AssertionError(f"no route of 64 reached the process on {port}")


def test_nginx_adds_the_security_headers_and_hsts_only_over_https(
    deployment: Deployment,
) -> None:
    for path in ("/", "/_stcore/health", "/no-such-page"):
        status, headers = fetch(deployment.https + path)
        assert status == 200, path
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "SAMEORIGIN"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["strict-transport-security"] == "max-age=31536000"
        (route,) = [c for c in headers["set-cookie"] if c.startswith("streetdash_route=")]
        assert "; HttpOnly" in route and "; Secure" in route
    status, headers = fetch(deployment.http + "/disputes?x=1")
    assert status == 301
    assert headers["location"] == "https://127.0.0.1/disputes?x=1"
    status, headers = fetch(deployment.plain + "/")
    assert status == 200
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "strict-transport-security" not in headers
    (route,) = [c for c in headers["set-cookie"] if c.startswith("streetdash_route=")]
    assert "; Secure" not in route


def test_a_browser_stays_on_one_process_and_both_processes_serve(deployment: Deployment) -> None:
    for number in range(24):
        for _ in range(3):
            fetch(f"{deployment.https}/_stcore/health", cookie=f"streetdash_route=spread{number}")
    time.sleep(0.5)
    processes = {
        route: served for route, served in served_by(deployment.access_log).items()
        if route.startswith("spread")
    }  # fmt: skip
    assert len(processes) == 24
    assert all(len(served) == 1 for served in processes.values()), processes
    used = set().union(*processes.values())
    assert used == {f"127.0.0.1:{port}" for port in deployment.app_ports}


def test_signing_in_switching_pages_and_uploading_through_nginx_on_each_process(
    deployment: Deployment, browser, tmp_path: Path
) -> None:
    csp_violations: list[str] = []
    uploads: list[str] = []
    csv = tmp_path / "本周.csv"
    csv.write_bytes(
        (CSV_HEADER + "DEP-0001,粤海门,2026/11/20,邻里纠纷,网格排查,调处中,网格,,否,2,\n").encode(
            "utf-8-sig"
        )
    )
    for index, port in enumerate(deployment.app_ports):
        route = route_served_by(deployment, port)
        context = browser.new_context(
            ignore_https_errors=True, locale="zh-CN", viewport={"width": 1400, "height": 1800}
        )
        context.add_cookies([{"name": "streetdash_route", "value": route, "url": deployment.https}])
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                csp_violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        uploads.clear()
        page.on(
            "request",
            lambda request: (
                uploads.append(request.url)
                if "/_stcore/upload_file/" in request.url and request.method == "PUT"
                else None
            ),
        )
        try:
            open_signed_in(page, deployment.https + "/")
            page.get_by_role("heading", name="总览", exact=True).wait_for(timeout=60_000)
            page.get_by_role("link", name="矛盾纠纷").click()
            page.get_by_role("heading", name="矛盾纠纷", exact=True).wait_for(timeout=60_000)
            page.locator(
                '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
            ).first.wait_for(timeout=60_000)
            page.get_by_role("link", name="数据导入").click()
            page.get_by_role("heading", name="数据导入").wait_for(timeout=60_000)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
            page.get_by_text("检查通过：共 1 行").wait_for(timeout=60_000)
            page.screenshot(path=str(SHOTS / f"upload-{index + 1}.png"), full_page=True)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert uploads, "the upload went through nginx"
            assert_upload_needs_the_xsrf_token(context, uploads[0])
        finally:
            context.close()
        served = served_by(deployment.access_log)[route]
        assert served == {f"127.0.0.1:{port}"}, "every request of the session on one process"
        # The WebSocket, logged when it closes: upgraded (101) through nginx, on that process.
        assert logged(deployment.access_log, f'{route} 127.0.0.1:{port} 101 "GET /_stcore/stream')
    assert csp_violations == []


def assert_upload_needs_the_xsrf_token(context, upload_url: str) -> None:  # type: ignore[no-untyped-def]
    """The browser's own upload URL, sent again with the browser's cookies: refused (403)
    without the X-Xsrftoken header, accepted (204) with it."""
    (xsrf,) = [c["value"] for c in context.cookies() if c["name"] == "_streamlit_xsrf"]
    body = {"file": {"name": "again.csv", "mimeType": "text/csv", "buffer": b"a,b\n1,2\n"}}
    refused = context.request.put(upload_url, multipart=body)
    assert refused.status == 403, refused.text()
    assert refused.headers["x-frame-options"] == "SAMEORIGIN"  # headers on errors too
    accepted = context.request.put(upload_url, multipart=body, headers={"X-Xsrftoken": xsrf})
    assert accepted.status == 204, accepted.text()


def check_output(database_url: str) -> str:
    environment = {**os.environ, "STREETDASH_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "cli", "check", "--lang", "en"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def test_streetdash_check_passes_the_app_role_and_warns_when_the_owner_connects(
    deployment: Deployment,
) -> None:
    app_role = make_url(deployment.app_url).username
    owner = make_url(deployment.owner_url).username
    app_report = check_output(deployment.app_url)
    assert "✓ [ok] Schema: at the latest revision" in app_report
    assert f"✓ [ok] Database role {app_role}: reads and writes rows, owns no table" in app_report
    # The demo's accounts keep their published passwords here: the one thing to fix.
    assert "✗ [FIX] Accounts: the demo accounts admin, leader, viewer, yuehaimen" in app_report
    owner_report = check_output(deployment.owner_url)
    assert f"! [warning] Database role {owner} owns " in owner_report


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE dispute ADD COLUMN extra integer",
        "DROP TABLE follow_up",
        "CREATE TABLE extra (x integer)",
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
        "UPDATE alembic_version SET version_num = '0001'",
    ],
)
def test_the_app_role_cannot_change_the_schema_the_audit_log_or_the_version(
    deployment: Deployment, statement: str
) -> None:
    engine = create_engine(deployment.app_url)
    try:
        with (
            pytest.raises(ProgrammingError, match="permission denied|must be owner"),
            engine.begin() as connection,
        ):
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()
