"""The shipped deployment run on this machine, on 127.0.0.1 only: app processes started with the
command line of deploy/systemd/streetdash@.service and Debian's nginx running deploy/nginx's
site on free ports, with a throwaway self-signed certificate.

Shared by the deployment test (tests/e2e/test_deployment.py), which checks what the shipped
site does, and the crowd bench (bench/crowd.py), which measures it: both run exactly the files
that are shipped, with only the ports, paths and certificate replaced.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")
PORTS = range(8900, 9000)  # this project's ports for running the deployment locally
# The site's five listening points: two app processes, its HTTPS and port-80 servers, and the
# README's HTTP-only variant for an office without a certificate.
PORT_NAMES = ("app1", "app2", "https", "http", "plain")


def free_ports(count: int, ports: range = PORTS) -> list[int]:
    """`count` of `ports` (8900–8999 unless told) that nothing listens on now."""
    found = []
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"not enough free ports in {ports.start}–{ports.stop - 1}")


def site_ports() -> dict[str, int]:
    """Free ports for PORT_NAMES."""
    return dict(zip(PORT_NAMES, free_ports(len(PORT_NAMES)), strict=True))


def unit_command(port: int) -> list[str]:
    """The ExecStart of the shipped unit for instance `port`, with the project here."""
    unit = (DEPLOY / "systemd" / "streetdash@.service").read_text(encoding="utf-8")
    (line,) = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    command = line.removeprefix("ExecStart=").replace("%i", str(port))
    return shlex.split(command.replace("/srv/streetdash", str(ROOT)))


def unit_environment(database_url: str) -> dict[str, str]:
    """The environment the shipped EnvironmentFile example gives, with this database."""
    example = (DEPLOY / "streetdash.env.example").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1)
        for line in example.splitlines()
        if line.strip() and not line.startswith("#")
    )
    settings["STREETDASH_DATABASE_URL"] = database_url
    return {**os.environ, **settings}


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {seconds} s")


@contextmanager
def app_process(port: int, database_url: str, log_path: Path) -> Iterator[subprocess.Popen]:
    """One app process as the shipped unit starts it, on 127.0.0.1:`port`, until the block ends."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            unit_command(port),
            cwd=ROOT,
            env=unit_environment(database_url),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", process, seconds=90)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=20)


def replaced_once(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced; fails when the shipped file no longer has it exactly once."""
    if text.count(old) != 1:
        raise AssertionError(f"the shipped nginx site should contain {old!r} once")
    return text.replace(old, new)


def local_site(ports: dict[str, int], certificate: Path, key: Path) -> str:
    """deploy/nginx/streetdash.conf on this machine's ports and certificate, plus the README's
    HTTP-only variant of its port-80 server."""
    site = (DEPLOY / "nginx" / "streetdash.conf").read_text(encoding="utf-8")
    snippet = str(DEPLOY / "nginx" / "streetdash-app.conf")
    for old, new in [
        ("server 127.0.0.1:8501;", f"server 127.0.0.1:{ports['app1']};"),
        ("server 127.0.0.1:8502;", f"server 127.0.0.1:{ports['app2']};"),
        ("listen [::]:80;\n", ""),
        ("listen [::]:443 ssl http2;\n", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;"),
        ("/etc/ssl/certs/streetdash.pem", str(certificate)),
        ("/etc/ssl/private/streetdash.key", str(key)),
        ("include /etc/nginx/snippets/streetdash-app.conf;", f"include {snippet};"),
    ]:
        site = replaced_once(site, old, new)
    http_server = re.search(r"server \{\n    listen 80;.*?\n\}\n", site, re.DOTALL)
    if not http_server:
        raise AssertionError("the shipped site should have a port-80 server")
    shipped_http = http_server.group(0).replace("listen 80;", f"listen 127.0.0.1:{ports['http']};")
    http_only = replaced_once(
        http_server.group(0).replace("listen 80;", f"listen 127.0.0.1:{ports['plain']};"),
        "return 301 https://$host$request_uri;",
        f"include {snippet};",
    )
    return site.replace(http_server.group(0), shipped_http + "\n" + http_only)


def nginx_conf(folder: Path, site: Path) -> str:
    """The main configuration around the site: everything in `folder`, nothing of /etc/nginx's.
    The access log names each request's route cookie and the app process that served it."""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} notice;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    log_format deployment '$cookie_streetdash_route $upstream_addr $status "$request"';
    access_log {folder / "access.log"} deployment;
    include {site};
}}
"""


def nginx_missing() -> str | None:
    """Why nginx cannot be run here with the shipped site, or None."""
    if not os.access(NGINX, os.X_OK) or shutil.which("openssl") is None:
        return f"Debian's nginx at {NGINX} and openssl are needed"
    return None


@contextmanager
def nginx(ports: dict[str, int]) -> Iterator[Path]:
    """Debian's nginx in the foreground with the shipped site; yields its folder (nginx.pid,
    access.log, error.log)."""
    folder = Path(tempfile.mkdtemp(prefix="streetdash-nginx-"))
    folder.chmod(0o755)  # nginx's workers (nobody) reach their temp folders through it
    try:
        certificate, key = folder / "site.pem", folder / "site.key"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        site = folder / "streetdash.conf"
        site.write_text(local_site(ports, certificate, key), encoding="utf-8")
        conf = folder / "nginx.conf"
        conf.write_text(nginx_conf(folder, site), encoding="utf-8")
        command = [str(NGINX), "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf)]
        tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if tested.returncode != 0:
            raise RuntimeError(f"nginx -t refused the site: {tested.stderr}")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            wait_for_nginx(f"https://127.0.0.1:{ports['https']}/_stcore/health", process)
            yield folder
        finally:
            process.terminate()
            process.wait(timeout=20)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


UNVERIFIED = ssl._create_unverified_context()  # the local run's self-signed certificate


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


OPENER = urllib.request.build_opener(NoRedirect(), urllib.request.HTTPSHandler(context=UNVERIFIED))


def fetch(url: str, cookie: str | None = None, method: str = "GET") -> tuple[int, dict]:
    """Status and headers (every Set-Cookie kept) of one request through nginx."""
    request = urllib.request.Request(url, method=method)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with OPENER.open(request, timeout=20) as response:
            status, message = response.status, response.headers
    except urllib.error.HTTPError as error:
        status, message = error.code, error.headers
    headers = {name.lower(): value for name, value in message.items()}
    headers["set-cookie"] = message.get_all("Set-Cookie") or []
    return status, headers


def wait_for_nginx(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}")
        try:
            if fetch(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"nginx did not answer at {url} within {seconds} s")


def served_by(access_log: Path) -> dict[str, set[str]]:
    """route cookie → the app processes (host:port) that served requests carrying it."""
    processes: dict[str, set[str]] = defaultdict(set)
    for line in access_log.read_text(encoding="utf-8").splitlines():
        route, upstream = line.split(" ", 2)[:2]
        if route != "-" and upstream != "-":
            processes[route].add(upstream)
    return processes


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is `parent` (from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                children.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
    return children


def nginx_pids(folder: Path) -> list[int]:
    """nginx's master (from nginx.pid) and its workers, for their CPU time."""
    master = int((folder / "nginx.pid").read_text().strip())
    return [master, *child_pids(master)]
