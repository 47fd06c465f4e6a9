"""Bench section "crowd": people who think 5–15 s between clicks, as in a meeting, on the demo
street: 20 on one app process, then 40 on two app processes behind the shipped nginx site.

The people are bench/load.py's protocol client (a WebSocket session speaking Streamlit's
protocol, signed in with a demo account, opening pages and weeks). Behind nginx each person
first loads the site over HTTPS and keeps the cookies, as a browser tab does: the shipped site
hashes its route cookie to pick the process, so a person's WebSocket lands on one process, and
the access log shows which (each route on one process, both processes used). The two app
processes are started with the shipped systemd unit's command line and nginx runs Debian's
binary with deploy/nginx's files (deploy/local.py, as the deployment test runs them), on the
same SQLite demo street as the one-process run, so the two runs differ only by the processes.

The stress variant (0.5–2 s between clicks) stays the section "load".
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from bench import load, profile
from bench.load import Tally, crowd_figures, log_problems, run_crowd
from bench.server import cpu_seconds, proc_status_kib
from deploy.local import app_process, nginx, nginx_missing, nginx_pids, served_by, site_ports

THINK = (5.0, 15.0)
SECONDS = 120.0  # 20 people thinking 10 s on average: about 230 pages
ONE_PROCESS_SESSIONS = 20
TWO_PROCESS_SESSIONS = 40
TARGETS = {"page_seconds_p95": 1.0, "errors": 0}


def meets(figures: dict) -> bool:
    return (
        figures["errors"] == TARGETS["errors"]
        and figures["signed_in"] == figures["sessions"]
        and figures["page_seconds_p95"] is not None
        and figures["page_seconds_p95"] <= TARGETS["page_seconds_p95"]
    )


def thinking_crowd(
    database_url: str, sessions: int, seconds: float, section: str, what: str
) -> dict[str, object]:
    """`sessions` people thinking THINK seconds between clicks on one app process serving
    `database_url`; with BENCH_PROFILE, py-spy's table goes to bench/profile_<section>.txt."""
    raw = profile.raw_file(section) if profile.wanted() else None
    figures = load.run(
        sessions=sessions, seconds=seconds, database_url=database_url, think=THINK, profile=raw
    )
    if raw is not None:
        title = f"app server, {sessions} people thinking {THINK} s, {what}"
        profile.write_table(raw, section, title)
    return figures


def one_process(database_url: str, seconds: float) -> dict[str, object]:
    return thinking_crowd(database_url, ONE_PROCESS_SESSIONS, seconds, "crowd", "one process")


def stickiness(access_log: Path, tally: Tally, ports: dict[str, int]) -> dict[str, object]:
    """Which process each person's route cookie reached (nginx logs a WebSocket as it closes)."""
    deadline = time.monotonic() + 10
    routes = served_by(access_log)
    while sum(len(processes) for processes in routes.values()) < tally.signed_in:
        if time.monotonic() > deadline:
            break
        time.sleep(0.3)
        routes = served_by(access_log)
    moved = {route: sorted(served) for route, served in routes.items() if len(served) > 1}
    if moved:
        tally.error("session moved between processes", json.dumps(moved)[:300])
    sessions = Counter(next(iter(served)) for served in routes.values() if len(served) == 1)
    names = {f"127.0.0.1:{ports[name]}": name for name in ("app1", "app2")}
    return {names.get(upstream, upstream): count for upstream, count in sessions.items()}


def two_processes(database_url: str, seconds: float) -> dict[str, object]:
    """TWO_PROCESS_SESSIONS people through nginx's HTTPS server to two app processes."""
    ports = site_ports()
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        folder = Path(name)
        servers = [
            stack.enter_context(
                app_process(ports[app], database_url, folder / f"streamlit-{app}.log")
            )
            for app in ("app1", "app2")
        ]
        site = stack.enter_context(nginx(ports))
        pids = [server.pid for server in servers]
        proxies = nginx_pids(site)
        cpu_at_start = [cpu_seconds(pid) for pid in pids]
        proxy_at_start = sum(cpu_seconds(pid) for pid in proxies)
        began = time.perf_counter()
        tally = run_crowd(f"wss://127.0.0.1:{ports['https']}", TWO_PROCESS_SESSIONS, seconds, THINK)
        wall = time.perf_counter() - began
        cpu = [cpu_seconds(pid) - was for pid, was in zip(pids, cpu_at_start, strict=True)]
        proxy_cpu = sum(cpu_seconds(pid) for pid in proxies) - proxy_at_start
        peaks = [round(proc_status_kib(pid, "VmHWM") / 1024) for pid in pids]
        alive = [server.poll() is None for server in servers]
        per_process = stickiness(site / "access.log", tally, ports)
        stack.close()  # the processes stop, then their logs are read
        for app in ("app1", "app2"):
            log_problems(tally, folder / f"streamlit-{app}.log")
    if not all(alive):
        tally.error("server died", "an app process exited during the run")
    figures = crowd_figures(tally, TWO_PROCESS_SESSIONS, wall, sum(cpu), THINK)
    figures.update(
        {
            "processes": 2,
            "via": "nginx (deploy/nginx/streetdash.conf, HTTPS, route-cookie hash)",
            "sessions_per_process": per_process,
            "server_cpu_cores_used_per_process": [round(seconds / wall, 2) for seconds in cpu],
            "nginx_cpu_cores_used": round(proxy_cpu / wall, 3),
            "server_peak_rss_mib_per_process": peaks,
        }
    )
    if len(per_process) != 2:
        tally.error("one process idle", f"sessions per process: {per_process}")
        figures["errors"] = sum(tally.errors.values())
        figures["errors_by_kind"] = dict(tally.errors)
    return figures


def line(label: str, figures: dict) -> str:
    return (
        f"| {label} | {figures['pages_rendered']} | {figures['page_seconds_p50']} | "
        f"{figures['page_seconds_p95']} | {figures['page_seconds_max']} | {figures['errors']} | "
        f"{figures['server_cpu_seconds_per_page']} | {figures['server_cpu_cores_used']} |"
    )


def table(results: dict) -> str:
    lines = [
        f"people thinking {THINK[0]:g}–{THINK[1]:g} s between clicks; "
        f"target p95 ≤ {TARGETS['page_seconds_p95']} s, 0 errors",
        "| run | pages | p50 s | p95 s | max s | errors | CPU-s/page | cores busy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if "one_process" in results:
        lines.append(line(f"{ONE_PROCESS_SESSIONS} people, one process", results["one_process"]))
    if "two_processes" in results:
        two = results["two_processes"]
        lines.append(line(f"{TWO_PROCESS_SESSIONS} people, two processes + nginx", two))
        lines.append(
            f"sessions per process {two['sessions_per_process']}, nginx "
            f"{two['nginx_cpu_cores_used']} cores"
        )
    return "\n".join(lines)


def run(seconds: float = SECONDS) -> dict[str, object]:
    results: dict[str, object] = {"targets": TARGETS}
    with tempfile.TemporaryDirectory() as name:
        database_url = load.demo_street(Path(name))
        print(f"  {ONE_PROCESS_SESSIONS} people on one process for {seconds:.0f} s …", flush=True)
        results["one_process"] = one = one_process(database_url, seconds)
        one["targets_met"] = meets(one)
        why_not = nginx_missing()
        if why_not:
            print(f"  two processes behind nginx skipped: {why_not}")
            results["two_processes"] = {"skipped": why_not}
        else:
            print(f"  {TWO_PROCESS_SESSIONS} people on two processes behind nginx …", flush=True)
            results["two_processes"] = two = two_processes(database_url, seconds)
            two["targets_met"] = meets(two)
    results["targets_met"] = all(
        figures.get("targets_met", False)
        for figures in (results["one_process"], results["two_processes"])
        if isinstance(figures, dict)
    )
    print(table(results))
    return results
