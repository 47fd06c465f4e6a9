"""Bench section "page_cost": what one page run costs the server in CPU, against the framework's
floor, measured side by side in one run.

Three servers run at once on 127.0.0.1: the app on the demo street (104 weeks up to today, as
`make run` loads it) and the bare-Streamlit floor (bench/floor_app: the same navigation and
sidebar widgets, each page a title and a line) twice, once with the project's
.streamlit/config.toml as the app and once with Streamlit's defaults. The target compares with
the floor on Streamlit's defaults, the floor as first measured (0.04 CPU-s): the project's
config switches off the full garbage collection after each run, which was most of that floor
too, so against the same-config floor (a few milliseconds) any page is many times the floor.
What a page can hope for is what drawing its elements costs: the floor app's drawing page,
which draws the overview's kinds and numbers of elements from cached data, is measured beside
总览.

One protocol person per server (bench/load.py's client; on the app, the leader signed in)
clicks through the eight view pages once to warm the caches, then `ROUNDS` more times, app
round and floor round in turn so that the shared machine's noise falls on both alike. A page's
cost is the server process's CPU time (utime + stime of /proc/<pid>/stat, every thread) from
the click until just after the page is complete.

Then the cold week: on 总览, the person picks weeks nobody has viewed yet (one after another,
newest first after the default), each a cache miss; its cost is measured the same way.

Figures: CPU-seconds per page, floors and app warm (mean over every measured run; per page too),
the ratios app / floor, 总览 / drawing, the cold week's CPU-seconds, wall seconds, errors.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import subprocess
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Awaitable
from pathlib import Path

from sqlalchemy import create_engine

from bench import floor_app, profile
from bench.floor_app import DRAWING
from bench.load import VIEW_PAGES, Page, PageFailed, Person, page_problems
from bench.server import (
    ROOT,
    cpu_seconds,
    demo_street,
    free_port,
    server_pid,
    start_server,
    stop_server,
)
from data_access.queries import communities
from demo.accounts import DEMO_ACCOUNTS
from ui.filters import today_local

ROUNDS = 6
FLOOR_REPEATS = 4
COLD_WEEKS = 5
SETTLE = 0.05  # seconds after a page completes before its CPU is read: the run's last messages
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

    def all_wall(self) -> list[float]:
        return [seconds for values in self.wall.values() for seconds in values]

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
    bases: dict[str, str], pids: dict[str, int], rounds: int, cold_weeks: int
) -> dict[str, object]:
    """Sign in, warm up, then the measured rounds (each server's in turn), then the cold weeks."""
    people = {
        server: Person(base, (ACCOUNT.username, ACCOUNT.password), random.Random(0))
        for server, base in bases.items()
    }
    app = people["app"]
    try:
        for server, visitor in people.items():
            first = await visitor.open()
            if server == "app":
                await visitor.sign_in(first)
        idle = await idle_rate(list(pids.values()))
        warm_up = Meter(pids["app"])
        for server, visitor in people.items():
            names = VIEW_PAGES if server == "app" else (*VIEW_PAGES, DRAWING)
            for name in names:  # every page's code compiled, every loader's cache filled
                await warm_up.measure(name, visitor.visit(name))
        meters = {server: Meter(pid) for server, pid in pids.items()}
        for _ in range(rounds):
            for server, visitor in people.items():
                # A floor page costs a few clock ticks (10 ms): more runs, for the resolution.
                for _ in range(1 if server == "app" else FLOOR_REPEATS):
                    for name in VIEW_PAGES:
                        await meters[server].measure(name, visitor.visit(name))
                if server != "app":
                    await meters[server].measure(DRAWING, visitor.visit(DRAWING))
        cold_meter = Meter(pids["app"])
        await app.visit(VIEW_PAGES[0])
        for label in app.week_options()[1 : 1 + cold_weeks]:
            page = await cold_meter.measure(label, app.choose_week(label))
            if not shows_week(page, label):
                cold_meter.problems.append(f"{label}: the page does not show the week chosen")
    finally:
        for visitor in people.values():
            await visitor.close()
    return {
        "idle": dict(zip(pids, idle, strict=True)),
        "warm_up_problems": warm_up.problems,
        **meters,
        "cold": cold_meter,
    }


def times(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is below a clock tick's share."""
    return round(numerator / denominator, 2) if denominator >= 0.001 else None


def summarise(measured: dict, rounds: int) -> dict[str, object]:
    app, floor, stock, cold = (measured[key] for key in ("app", "floor", "floor_stock", "cold"))
    pages = list(VIEW_PAGES)
    floor_cost, stock_cost, app_cost = floor.mean(pages), stock.mean(pages), app.mean()
    overview, drawing = app.mean([VIEW_PAGES[0]]), floor.mean([DRAWING])
    cold_cost = cold.mean() if cold.cpu else None
    per_page = {
        name: {
            "floor_cpu_seconds": round(floor.mean([name]), 4),
            "app_cpu_seconds": round(app.mean([name]), 3),
            "times_floor": times(app.mean([name]), floor.mean([name])),
            "app_wall_seconds_median": round(statistics.median(app.wall[name]), 3),
        }
        for name in VIEW_PAGES
    }
    problems = measured["warm_up_problems"] + [
        problem for meter in (app, floor, stock, cold) for problem in meter.problems
    ]
    ratio = times(app_cost, stock_cost)
    result: dict[str, object] = {
        "rounds": rounds,
        "floor_runs_per_app_run": FLOOR_REPEATS,
        "pages": list(VIEW_PAGES),
        "streamlit_config": config_summary(),
        "floor_cpu_seconds_per_page": round(floor_cost, 4),
        "floor_stock_config_cpu_seconds_per_page": round(stock_cost, 4),
        "app_warm_cpu_seconds_per_page": round(app_cost, 4),
        "app_warm_times_floor_same_config": times(app_cost, floor_cost),
        "app_warm_times_floor": ratio,
        "drawing_floor_cpu_seconds": round(drawing, 4),
        "drawing_floor_stock_config_cpu_seconds": round(stock.mean([DRAWING]), 4),
        "app_overview_warm_cpu_seconds": round(overview, 4),
        "app_overview_times_drawing": times(overview, drawing),
        "app_warm_wall_seconds_median": round(statistics.median(app.all_wall()), 3),
        "floor_wall_seconds_median": round(statistics.median(floor.all_wall()), 3),
        "app_cold_week_cpu_seconds": round(cold_cost, 3) if cold_cost is not None else None,
        "app_cold_week_cpu_seconds_each": {
            label: round(values[0], 3) for label, values in cold.cpu.items()
        },
        "app_cold_week_wall_seconds_median": (
            round(statistics.median(cold.all_wall()), 3) if cold.wall else None
        ),
        "per_page": per_page,
        "idle_cpu_seconds_per_second": {
            server: round(rate, 4) for server, rate in measured["idle"].items()
        },
        "errors": len(problems),
        "error_examples": problems[:10],
        "targets": TARGETS,
    }
    result["targets_met"] = (
        not problems
        and ratio is not None
        and ratio <= TARGETS["warm_times_floor"]
        and cold_cost is not None
        and cold_cost <= TARGETS["cold_week_cpu_seconds"]
    )
    return result


def config_summary() -> str:
    """The project's [runner] settings, which the app and the floor share (the stock floor
    runs with Streamlit's defaults)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    runner = config.get("runner", {})
    return ", ".join(f"runner.{key}={value}" for key, value in runner.items()) or "defaults"


def table(result: dict) -> str:
    lines = [
        "| page | floor CPU-s (same config) | app warm CPU-s | × floor | app wall s (median) |",
        "|---|---|---|---|---|",
    ]
    for name, page in result["per_page"].items():
        lines.append(
            f"| {name} | {page['floor_cpu_seconds']} | {page['app_cpu_seconds']} | "
            f"{page['times_floor']} | {page['app_wall_seconds_median']} |"
        )
    lines.append(
        f"| all pages | {result['floor_cpu_seconds_per_page']} | "
        f"{result['app_warm_cpu_seconds_per_page']} | {result['app_warm_times_floor_same_config']}"
        f" | {result['app_warm_wall_seconds_median']} |"
    )
    lines.append(
        f"\nfloor with Streamlit's default config (the framework's floor as first measured): "
        f"{result['floor_stock_config_cpu_seconds_per_page']} CPU-s per page; app × "
        f"{result['app_warm_times_floor']} (target ≤ {TARGETS['warm_times_floor']}). The app and "
        f"the same-config floor run with {result['streamlit_config']}."
    )
    lines.append(
        f"drawing the overview's elements from cached data (same config): "
        f"{result['drawing_floor_cpu_seconds']} CPU-s (default config "
        f"{result['drawing_floor_stock_config_cpu_seconds']}); the app's {VIEW_PAGES[0]} "
        f"{result['app_overview_warm_cpu_seconds']} = × {result['app_overview_times_drawing']}"
    )
    lines.append(
        f"cold week on {VIEW_PAGES[0]}: {result['app_cold_week_cpu_seconds']} CPU-s per page "
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
        raw = folder / "page_cost.raw" if profile.wanted() else None
        servers: dict[str, subprocess.Popen[bytes]] = {}
        ports: dict[str, int] = {}
        try:
            for server, script_path, where in (
                ("app", "app.py", ROOT),
                ("floor", script, ROOT),  # the project's .streamlit/config.toml, as the app
                ("floor_stock", script, script.parent),  # no config file: Streamlit's defaults
            ):
                ports[server] = free_port()
                servers[server] = start_server(
                    database_url,
                    ports[server],
                    folder / f"{server}.log",
                    script_path,
                    profile=raw if server == "app" else None,
                    cwd=where,
                )
            began = time.perf_counter()
            measured = asyncio.run(
                drive(
                    {server: f"ws://127.0.0.1:{port}" for server, port in ports.items()},
                    {server: server_pid(process) for server, process in servers.items()},
                    rounds,
                    cold_weeks,
                )
            )
            driving = time.perf_counter() - began
        except PageFailed as failure:
            raise SystemExit(f"page_cost: a page did not render: {failure}") from failure
        finally:
            for process in servers.values():
                stop_server(process)
        if raw is not None:
            title = f"app server (start, warm-up included), {rounds} rounds of 8 pages, cold weeks"
            profile.write_table(raw, "page_cost", title)
        tracebacks = sum(
            (folder / f"{server}.log").read_text(errors="replace").count("Traceback")
            for server in servers
        )
    result = summarise(measured, rounds)
    result["seconds_driving"] = round(driving, 1)
    if tracebacks:
        result["errors"] = int(str(result["errors"])) + tracebacks
        result["targets_met"] = False
    print(table(result))
    print(json.dumps({k: v for k, v in result.items() if k != "per_page"}, ensure_ascii=False))
    return result
