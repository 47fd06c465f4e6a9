"""The servers the bench measures: a Streamlit process on a free local port (optionally under
py-spy), its CPU time and memory read from /proc, and the demo street it serves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.profile import profiled
from data_access.db import make_engine
from data_access.migrate import migrate
from demo.street import load_demo
from deploy.local import UNVERIFIED, child_pids, free_ports
from ui.filters import today_local

ROOT = Path(__file__).resolve().parent.parent
PORTS = range(8800, 8900)


def free_port() -> int:
    """A port of 8800–8899 that nothing listens on now (the deployment's run takes 8900–8999)."""
    return free_ports(1, PORTS)[0]


def first_cookies(base: str, timeout: float = 60.0) -> str:
    """The cookies set by the health check at `base` (ws:// or wss://), as a Cookie header
    (behind nginx: its route cookie, which keeps a person on one process)."""
    url = base.replace("ws", "http", 1) + "/_stcore/health"
    with urllib.request.urlopen(url, timeout=timeout, context=UNVERIFIED) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(cookie.split(";", 1)[0] for cookie in cookies)


def proc_status_kib(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def start_server(
    database_url: str,
    port: int,
    log: Path,
    script: Path | str = "app.py",
    profile: Path | None = None,
    cwd: Path = ROOT,
) -> subprocess.Popen[bytes]:
    """`script` (the app unless told) served on 127.0.0.1:`port` from `cwd` (the project's
    folder, so with its .streamlit/config.toml); returns once it answers its health check. With
    `profile`, py-spy starts it and records it into that file (bench/profile.py): the process
    returned is then py-spy's, `server_pid` the server's, and `stop_server` stops them."""
    environment = {**os.environ, "STREETDASH_DATABASE_URL": database_url}
    command = (
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"]
        # The code under test stays as it started: no module reloads on file changes.
        + ["--server.fileWatcherType", "none"]
    )
    with log.open("wb") as handle:
        server = subprocess.Popen(
            profiled(command, profile) if profile else command,
            cwd=cwd,
            env=environment,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise TimeoutError("streamlit did not start within 60 s")


def server_pid(server: subprocess.Popen[bytes]) -> int:
    """The Streamlit process: `server` itself, or its child when py-spy started it."""
    if not isinstance(server.args, list) or Path(str(server.args[0])).name != "py-spy":
        return server.pid
    children = child_pids(server.pid)
    if len(children) != 1:
        raise RuntimeError(f"py-spy ({server.pid}) should have one child, has {children}")
    return children[0]


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server; under py-spy, stop the server itself so that py-spy, seeing it end,
    writes its profile and exits."""
    if server.poll() is None:
        pid = server_pid(server)
        if pid == server.pid:
            server.terminate()
        else:
            os.kill(pid, signal.SIGTERM)
    server.wait(timeout=120)


def demo_street(folder: Path, weeks: int = 104) -> str:
    """The demo street (as `make run` loads it, up to today) in a SQLite file of `folder`."""
    database_url = f"sqlite:///{folder / 'load.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    load_demo(engine, seed=42, weeks=weeks, today=today_local())
    engine.dispose()
    return database_url
