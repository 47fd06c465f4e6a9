"""Bench section "page_cost": what one page run costs the server in CPU, against the framework's
floor, measured side by side in one run.

Two servers run at once on 127.0.0.1: the app on the demo street (104 weeks up to today, as
`make run` loads it) and the bare-Streamlit floor (bench/floor_app: the same navigation and
sidebar widgets, each page a title and a line). One protocol person per server (bench/load.py's
client; on the app, the leader signed in) clicks through the eight view pages once to warm the
caches, then `ROUNDS` more times, app round and floor round in turn so that the shared machine's
noise falls on both alike. A page's cost is the server process's CPU time (utime + stime of
/proc/<pid>/stat, every thread) from the click until just after the page is complete.

Then the cold week: on 总览, the person picks weeks nobody has viewed yet (one after another,
newest first after the default), each a cache miss; its cost is measured the same way.

Figures: CPU-seconds per page, floor and app warm (mean over every measured run; per page too),
the ratio app / floor, the cold week's CPU-seconds, the pages' wall seconds, errors.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable
from pathlib import Path

from sqlalchemy import create_engine

from bench import floor_app
from bench.load import (
    VIEW_PAGES,
    Page,
    PageFailed,
    Person,
    cpu_seconds,
    demo_street,
    free_port,
    page_problems,
    start_server,
)
from data_access.queries import communities
from demo.accounts import DEMO_ACCOUNTS
from ui.filters import today_local

ROUNDS = 6
COLD_WEEKS = 5
SETTLE = 0.1  # seconds after a page completes before its CPU is read: the run's last messages
IDLE_SECONDS = 3.0
TARGETS = {"warm_times_floor": 3.0, "cold_week_cpu_seconds": 0.3}
ACCOUNT = next(account for account in DEMO_ACCOUNTS if account.username == "leader")


class Meter:
    """CPU-seconds and wall seconds of one server per page run, and the problems pages show."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.wall: dict[str, list[float]] = defaultdict(list)
        self.problems: list[str] = []

    async def measure(self, label: str, run: Awaitable[Page]) -> Page:
        before = cpu_seconds(self.pid)
        page = await run
        await asyncio.sleep(SETTLE)
        self.cpu[label].append(cpu_seconds(self.pid) - before)
        self.wall[label].append(page.seconds)
        self.problems += [f"{label}: {problem}" for problem in page_problems(page.elements)]
        return page

    def mean(self, labels: list[str] | None = None) -> float:
        chosen = labels or list(self.cpu)
        values = [value for label in chosen for value in self.cpu[label]]
        return statistics.fmean(values)


def shows_week(page: Page, label: str) -> bool:
    """Whether a text of the page names the week of `label` (e.g. 2026-W47), as 总览's caption
    does: the choice took, and the cold figure is that of another week."""
    week = label.split("（")[0]
    return any(
        element.WhichOneof("type") == "markdown" and week in element.markdown.body
        for element in page.elements
    )


async def idle_rate(pids: list[int]) -> list[float]:
    """CPU-seconds per second each server spends with nobody clicking (its own timers)."""
    before = [cpu_seconds(pid) for pid in pids]
    await asyncio.sleep(IDLE_SECONDS)
    return [(cpu_seconds(pid) - was) / IDLE_SECONDS for pid, was in zip(pids, before, strict=True)]


async def drive(
    app_base: str, floor_base: str, app_pid: int, floor_pid: int, rounds: int, cold_weeks: int
) -> dict[str, object]:
    app = Person(app_base, (ACCOUNT.username, ACCOUNT.password), random.Random(0))
    floor = Person(floor_base, ("", ""), random.Random(0))
    try:
        await app.sign_in(await app.open())
        await floor.open()
        idle = await idle_rate([app_pid, floor_pid])
        warm_up = Meter(app_pid)
        for visitor in (app, floor):
            for name in VIEW_PAGES:  # every page's code compiled, every loader's cache filled
                await warm_up.measure(name, visitor.visit(name))
        app_meter, floor_meter = Meter(app_pid), Meter(floor_pid)
        for _ in range(rounds):
            for visitor, meter in ((app, app_meter), (floor, floor_meter)):
                for name in VIEW_PAGES:
                    await meter.measure(name, visitor.visit(name))
        cold_meter = Meter(app_pid)
        await app.visit(VIEW_PAGES[0])
        for label in app.week_options()[1 : 1 + cold_weeks]:
            page = await cold_meter.measure(label, app.choose_week(label))
            if not shows_week(page, label):
                cold_meter.problems.append(f"{label}: the page does not show the week chosen")
    finally:
        await app.close()
        await floor.close()
    return {
        "idle": idle,
        "warm_up_problems": warm_up.problems,
        "app": app_meter,
        "floor": floor_meter,
        "cold": cold_meter,
    }


def summarise(measured: dict, rounds: int) -> dict[str, object]:
    app, floor, cold = measured["app"], measured["floor"], measured["cold"]
    floor_cost, app_cost = floor.mean(), app.mean()
    cold_cost = cold.mean() if cold.cpu else None
    per_page = {
        name: {
            "floor_cpu_seconds": round(floor.mean([name]), 3),
            "app_cpu_seconds": round(app.mean([name]), 3),
            "times_floor": round(app.mean([name]) / max(floor.mean([name]), 1e-9), 1),
            "app_wall_seconds_median": round(statistics.median(app.wall[name]), 3),
        }
        for name in VIEW_PAGES
    }
    problems = measured["warm_up_problems"] + app.problems + floor.problems + cold.problems
    result: dict[str, object] = {
        "rounds": rounds,
        "pages": list(VIEW_PAGES),
        "floor_cpu_seconds_per_page": round(floor_cost, 4),
        "app_warm_cpu_seconds_per_page": round(app_cost, 4),
        "app_warm_times_floor": round(app_cost / floor_cost, 2),
        "app_warm_wall_seconds_median": round(
            statistics.median(v for values in app.wall.values() for v in values), 3
        ),
        "floor_wall_seconds_median": round(
            statistics.median(v for values in floor.wall.values() for v in values), 3
        ),
        "app_cold_week_cpu_seconds": round(cold_cost, 3) if cold_cost is not None else None,
        "app_cold_week_cpu_seconds_each": {
            label: round(values[0], 3) for label, values in cold.cpu.items()
        },
        "app_cold_week_wall_seconds_median": (
            round(statistics.median(v for values in cold.wall.values() for v in values), 3)
            if cold.wall
            else None
        ),
        "per_page": per_page,
        "idle_cpu_seconds_per_second": {
            "app": round(measured["idle"][0], 4),
            "floor": round(measured["idle"][1], 4),
        },
        "errors": len(problems),
        "error_examples": problems[:10],
        "targets": TARGETS,
    }
    result["targets_met"] = (
        not problems
        and app_cost / floor_cost <= TARGETS["warm_times_floor"]
        and cold_cost is not None
        and cold_cost <= TARGETS["cold_week_cpu_seconds"]
    )
    return result


def table(result: dict) -> str:
    lines = [
        "| page | floor CPU-s | app warm CPU-s | × floor | app wall s (median) |",
        "|---|---|---|---|---|",
    ]
    for name, page in result["per_page"].items():
        lines.append(
            f"| {name} | {page['floor_cpu_seconds']} | {page['app_cpu_seconds']} | "
            f"{page['times_floor']} | {page['app_wall_seconds_median']} |"
        )
    lines.append(
        f"| all pages | {result['floor_cpu_seconds_per_page']} | "
        f"{result['app_warm_cpu_seconds_per_page']} | {result['app_warm_times_floor']} "
        f"(target ≤ {TARGETS['warm_times_floor']}) | {result['app_warm_wall_seconds_median']} |"
    )
    lines.append(
        f"\ncold week on {VIEW_PAGES[0]}: {result['app_cold_week_cpu_seconds']} CPU-s per page "
        f"(target ≤ {TARGETS['cold_week_cpu_seconds']}), wall median "
        f"{result['app_cold_week_wall_seconds_median']} s; errors {result['errors']}"
    )
    return "\n".join(lines)


def run(rounds: int = ROUNDS, cold_weeks: int = COLD_WEEKS) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        database_url = demo_street(folder)
        engine = create_engine(database_url)
        known = communities(engine)
        engine.dispose()
        script = floor_app.write_app(
            folder / "floor",
            VIEW_PAGES,
            dict(zip(known["code"], known["name"], strict=True)),
            today_local(),
        )
        app_port = free_port()
        app_server = start_server(database_url, app_port, folder / "app.log")
        servers = [app_server]
        try:
            floor_port = free_port()
            floor_server = start_server(database_url, floor_port, folder / "floor.log", script)
            servers.append(floor_server)
            began = time.perf_counter()
            measured = asyncio.run(
                drive(
                    f"ws://127.0.0.1:{app_port}",
                    f"ws://127.0.0.1:{floor_port}",
                    app_server.pid,
                    floor_server.pid,
                    rounds,
                    cold_weeks,
                )
            )
        except PageFailed as failure:
            raise SystemExit(f"page_cost: a page did not render: {failure}") from failure
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
        tracebacks = (folder / "app.log").read_text(errors="replace").count("Traceback")
    result = summarise(measured, rounds)
    result["seconds_driving"] = round(time.perf_counter() - began, 1)
    if tracebacks:
        result["errors"] = int(str(result["errors"])) + tracebacks
        result["targets_met"] = False
    print(table(result))
    print(json.dumps({k: v for k, v in result.items() if k != "per_page"}, ensure_ascii=False))
    return result
