"""Bench section "district": the app's data at district scale, on SQLite and PostgreSQL, against
two baselines on the same data.

Loads the demo district (10 streets, 200 communities, five years; reused when already there)
into a SQLite file and a PostgreSQL database, then measures for the data's latest week:
the summary of all communities; the data each page loads, cold (nothing cached) and warm
(Streamlit's cache hit); the weekly PDF; the loaders' peak memory; and a real app process
serving the district to a few people (pages, errors, its resident peak). Baselines
(bench/baselines.py): (a) naive — read the tables whole with pandas and compute the same summary
with metrics/; (b) DuckDB — the same figures written as one SQL query each over the same data in
memory (the practical floor).

Where the data lives (both created when missing):
  STREETDASH_BENCH_SQLITE  default data/bench-district.db
  STREETDASH_BENCH_PG_URL  default postgresql+psycopg://streetdash:streetdash@127.0.0.1:5432/streetdash_bench
                           (set it empty to skip PostgreSQL)
"""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bench import load
from bench.baselines import (
    duckdb_agrees,
    duckdb_floor,
    median,
    naive_summary,
    strip_messages,
    whole_tables,
)
from bench.street import timed
from data_access.db import make_engine
from data_access.migrate import migrate
from data_access.queries import communities, data_date_range, record_counts
from demo.district_load import load_district
from demo.street import load_demo
from figures.views import VIEWS, view_data
from metrics.series import trend_weeks
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.meeting import follow_ups_for_report, meeting_report
from reports.pdf import ReportContext, weekly_pdf
from reports.summary import window_report

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = os.environ.get("STREETDASH_BENCH_SQLITE", str(ROOT / "data" / "bench-district.db"))
PG_URL = os.environ.get(
    "STREETDASH_BENCH_PG_URL",
    "postgresql+psycopg://streetdash:streetdash@127.0.0.1:5432/streetdash_bench",
)
DISTRICT_COMMUNITIES = 200
TREND_WEEKS = 26
REPEATS = 5
THRESHOLDS = Thresholds()

# People served at once when the app's own memory is measured on the district.
SERVED_SESSIONS = 3
SERVED_SECONDS = 60.0
TARGETS = {
    "page_warm_seconds": 0.3,
    "page_cold_seconds_sqlite": 1.5,
    "summary_seconds": 1.0,
    "pdf_seconds": 5.0,
    "peak_mib": 1024,
    "faster_than_naive": 10.0,
    "within_duckdb": 5.0,
    "street_page_seconds": 0.2,
}


def district_engine(url: str) -> Engine:
    """The bench database at `url`, created, migrated and loaded with the district if need be."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            ).first()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
        admin.dispose()
    engine = make_engine(url)
    migrate(engine)
    counts = record_counts(engine)
    if counts["communities"] == 0:
        began = time.perf_counter()
        load_district(engine, progress=lambda step: print(f"    {step}", flush=True))
        print(f"  loaded the district in {time.perf_counter() - began:.1f} s", flush=True)
    elif counts["communities"] != DISTRICT_COMMUNITIES:
        raise SystemExit(f"{url} holds something other than the demo district: {counts}")
    return engine


def latest_week(engine: Engine) -> Window:
    span = data_date_range(engine)
    assert span is not None
    return Window.week_containing(span[1])


# The app's loaders, as the pages call them (ui/views.py, pages/*.py).


def page_loaders(engine: Engine, window: Window, scope: tuple[str, ...]) -> dict[str, Any]:
    one = (scope[0],)
    weeks = trend_weeks(window.end, TREND_WEEKS)
    days = THRESHOLDS.no_consultation_days

    def summary(codes: tuple[str, ...]) -> Callable[[], object]:
        return lambda: window_report(engine, window, codes, thresholds=THRESHOLDS, lang="zh")

    def view(name: str) -> Callable[[], object]:
        return lambda: view_data(engine, name, window, weeks, scope, no_consultation_days=days)

    def meeting() -> object:
        return meeting_report(engine, window, scope, thresholds=THRESHOLDS, lang="zh")

    return {
        "summary": summary(scope),
        "summary_one_community": summary(one),
        **{f"view_{name}": view(name) for name in VIEWS},
        "meeting": meeting,
    }


PAGES = {
    "overview": ("summary",),
    "meeting": ("meeting",),
    "disputes": ("summary", "view_disputes"),
    "consultations": ("summary", "view_consultations"),
    "organizations": ("summary", "view_organizations"),
    "burden": ("summary", "view_burden"),
    "community": ("summary_one_community", "view_community"),
}


def warm_seconds(url: str, window: Window, scope: tuple[str, ...]) -> dict[str, float]:
    """A cache hit of each Streamlit loader (hashing the key, unpickling the value)."""
    from ui import cached  # Streamlit's cache in bare mode, outside a running app

    def view(name: str) -> Callable[[], object]:
        return lambda: cached.load_view_data(
            url, name, window.start, window.end, TREND_WEEKS, scope
        )

    calls = {
        "summary": lambda: cached.load_window_report(url, window, scope, "zh"),
        "summary_one_community": lambda: cached.load_window_report(url, window, scope[:1], "zh"),
        **{f"view_{name}": view(name) for name in VIEWS},
        "meeting": lambda: cached.load_meeting_report(url, window, scope, "zh"),
    }
    for call in calls.values():
        call()
    return {name: median(timed(call, REPEATS)) for name, call in calls.items()}


def pdf_seconds(engine: Engine, window: Window, scope: tuple[str, ...]) -> float:
    def build() -> bytes:
        report = meeting_report(engine, window, scope, thresholds=THRESHOLDS, lang="zh")
        context = ReportContext(
            lang="zh",
            generated_at=datetime.now(),
            generated_by="bench",
            scope_text=f"全部 {len(scope)} 个社区",
            follow_ups=follow_ups_for_report(engine, window, scope),
        )
        return weekly_pdf(report, context)

    build()
    return median(timed(build, 3))


def measure_backend(name: str, engine: Engine, url: str) -> dict:
    window = latest_week(engine)
    scope = tuple(str(code) for code in communities(engine)["code"])
    loaders = page_loaders(engine, window, scope)
    print(f"  {name}: week {window}, {len(scope)} communities", flush=True)
    cold = {loader: median(timed(call, 3)) for loader, call in loaders.items()}
    tracemalloc.start()  # a separate pass: tracing slows the code it watches several times
    for call in loaders.values():
        call()
    peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    summary_seconds = median(timed(loaders["summary"], REPEATS))
    warm = warm_seconds(url, window, scope)
    pages = {
        page: {
            "cold": round(sum(cold[loader] for loader in parts), 3),
            "warm": round(sum(warm[loader] for loader in parts), 3),
        }
        for page, parts in PAGES.items()
    }
    pdf = pdf_seconds(engine, window, scope)
    print("    app done; naive baseline (whole tables into pandas) …", flush=True)
    began = time.perf_counter()
    naive = naive_summary(engine, window, THRESHOLDS)
    naive_seconds = round(time.perf_counter() - began, 2)
    app_summary = window_report(engine, window, scope, thresholds=THRESHOLDS, lang="en").summary
    return {
        "week": str(window),
        "summary_seconds": summary_seconds,
        "loader_cold_seconds": cold,
        "loader_warm_seconds": warm,
        "pages": pages,
        "weekly_pdf_seconds": pdf,
        "peak_mib": round(peak_mib, 1),
        "naive_seconds": naive_seconds,
        "naive_agrees": strip_messages(naive) == strip_messages(app_summary),
        "_summary": app_summary,
    }


def street_pages() -> dict:
    """The default one-street demo: every loader cold, in a temporary SQLite file."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'street.db'}")
        migrate(engine)
        load_demo(engine, seed=42, weeks=104, today=date.today())
        window = latest_week(engine)
        scope = tuple(str(code) for code in communities(engine)["code"])
        loaders = page_loaders(engine, window, scope)
        cold = {name: median(timed(call, 3)) for name, call in loaders.items()}
        engine.dispose()
    pages = {page: round(sum(cold[name] for name in parts), 3) for page, parts in PAGES.items()}
    return {"loader_cold_seconds": cold, "pages": pages}


def cold_and_warm(page: str) -> Callable[[dict], str]:
    """A backend's cell for `page`: its data's cold and warm seconds."""
    return lambda backend: f"{backend['pages'][page]['cold']} / {backend['pages'][page]['warm']}"


def table(results: dict) -> str:
    lines = [
        "| measure | SQLite | PostgreSQL | target |",
        "|---|---|---|---|",
    ]
    backends = [results.get("sqlite", {}), results.get("postgresql", {})]

    def row(label: str, pick: Callable[[dict], Any], target: str) -> None:
        cells = [str(pick(backend)) if backend else "—" for backend in backends]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")

    row("summary, one week, all communities (s)", lambda b: b["summary_seconds"], "< 1")
    for page in PAGES:
        row(f"page data {page}: cold / warm (s)", cold_and_warm(page), "< 1.5 / < 0.3")
    row("weekly PDF (s)", lambda b: b["weekly_pdf_seconds"], "< 5")
    row("peak memory of the app's loaders (MiB)", lambda b: b["peak_mib"], "< 1024")
    row("naive baseline: whole tables into pandas (s)", lambda b: b["naive_seconds"], "")
    row("summary ×faster than naive", lambda b: b["faster_than_naive"], "≥ 10")
    row("DuckDB floor, one query per figure (s)", lambda b: results["duckdb"]["seconds"], "")
    row("summary ÷ DuckDB floor", lambda b: b["times_duckdb"], "≤ 5")
    return "\n".join(lines)


def run() -> dict[str, object]:
    results: dict[str, Any] = {}
    urls = {"sqlite": f"sqlite:///{SQLITE_PATH}"}
    if PG_URL:
        urls["postgresql"] = PG_URL
    tables = None
    for name, url in urls.items():
        print(f"  preparing {name} …", flush=True)
        began = time.perf_counter()
        engine = district_engine(url)
        counts = record_counts(engine)
        results[name] = {"rows": counts, "prepare_seconds": round(time.perf_counter() - began, 1)}
        results[name].update(measure_backend(name, engine, url))
        if tables is None:
            tables = whole_tables(engine)
            window = latest_week(engine)
            scope = tuple(str(code) for code in communities(engine)["code"])
        engine.dispose()
    assert tables is not None
    print("  DuckDB floor …", flush=True)
    floor = duckdb_floor(tables, window, scope, THRESHOLDS, REPEATS)
    answers = floor.pop("answers")
    results["duckdb"] = floor
    for name in urls:
        backend = results[name]
        summary = backend.pop("_summary")
        backend["duckdb_agrees"] = duckdb_agrees(answers, summary)
        backend["faster_than_naive"] = round(
            backend["naive_seconds"] / backend["summary_seconds"], 1
        )
        backend["times_duckdb"] = round(backend["summary_seconds"] / floor["seconds"], 2)
    print("  the one-street demo …", flush=True)
    results["street"] = street_pages()
    print(f"  the app serving the district: {SERVED_SESSIONS} people for {SERVED_SECONDS:.0f} s …")
    results["served"] = served(urls["sqlite"])
    results["targets"] = TARGETS
    results["targets_met"] = targets_met(results)
    results["machine"] = machine()
    print(table(results))
    print(served_line(results["served"]))
    print(json.dumps({key: results[key] for key in ("street", "targets_met")}, indent=2))
    return results


def served(url: str) -> dict[str, Any]:
    """A real Streamlit process serving the district's SQLite file to a few people (the load
    client of bench/load.py): its resident peak is the app's memory the target speaks of."""
    figures = load.run(sessions=SERVED_SESSIONS, seconds=SERVED_SECONDS, database_url=url)
    keys = (
        "sessions",
        "seconds",
        "pages_rendered",
        "errors",
        "page_seconds_p50",
        "page_seconds_p95",
        "server_peak_rss_mib",
    )
    return {key: figures[key] for key in keys}


def served_line(figures: dict[str, Any]) -> str:
    return (
        f"app process serving the district (SQLite), {figures['sessions']} people for "
        f"{figures['seconds']} s: {figures['pages_rendered']} pages, {figures['errors']} errors, "
        f"page p50 {figures['page_seconds_p50']} s / p95 {figures['page_seconds_p95']} s, "
        f"peak resident memory {figures['server_peak_rss_mib']} MiB "
        f"(target < {TARGETS['peak_mib']})"
    )


def targets_met(results: dict) -> bool:
    checks = []
    if "served" in results:
        checks += [
            results["served"]["errors"] == 0,
            results["served"]["server_peak_rss_mib"] < TARGETS["peak_mib"],
        ]
    for name in ("sqlite", "postgresql"):
        backend = results.get(name)
        if not backend:
            continue
        cold_limit = TARGETS["page_cold_seconds_sqlite"] if name == "sqlite" else None
        for page in backend["pages"].values():
            checks.append(page["warm"] < TARGETS["page_warm_seconds"])
            if cold_limit:
                checks.append(page["cold"] < cold_limit)
        checks += [
            backend["summary_seconds"] < TARGETS["summary_seconds"],
            backend["weekly_pdf_seconds"] < TARGETS["pdf_seconds"],
            backend["peak_mib"] < TARGETS["peak_mib"],
            backend["faster_than_naive"] >= TARGETS["faster_than_naive"],
            backend["times_duckdb"] <= TARGETS["within_duckdb"],
            backend["naive_agrees"],
            backend["duckdb_agrees"],
        ]
    checks += [
        seconds < TARGETS["street_page_seconds"] for seconds in results["street"]["pages"].values()
    ]
    return all(checks)


def machine() -> dict:
    import platform

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": date.today().isoformat(),
    }
