"""Bench section "district_crowd": 10 people thinking 5–15 s between clicks on one app process
serving the demo district (10 streets, 200 communities, five years: bench/district.py's SQLite
file, created when missing), with bench/load.py's protocol client.

The district section's own `served` run (3 people clicking every 0.5–2 s) measures the process's
memory; this one is the meeting-paced crowd the speed target speaks of.
"""

from __future__ import annotations

from bench.crowd import THINK, thinking_crowd
from bench.district import SQLITE_PATH, district_engine

SESSIONS = 10
SECONDS = 120.0
TARGETS = {"page_seconds_p95": 1.5, "errors": 0}


def run(seconds: float = SECONDS) -> dict[str, object]:
    url = f"sqlite:///{SQLITE_PATH}"
    district_engine(url).dispose()  # loads the district the first time
    print(f"  {SESSIONS} people on the district for {seconds:.0f} s …", flush=True)
    figures = thinking_crowd(url, SESSIONS, seconds, "district_crowd", "the district, one process")
    p95 = figures["page_seconds_p95"]
    figures["database"] = "the demo district, SQLite (bench/district.py)"
    figures["targets"] = TARGETS
    figures["targets_met"] = (
        figures["errors"] == TARGETS["errors"]
        and figures["signed_in"] == SESSIONS
        and isinstance(p95, float)
        and p95 <= TARGETS["page_seconds_p95"]
    )
    print(
        f"district, {SESSIONS} people thinking {THINK[0]:g}–{THINK[1]:g} s, one process: "
        f"{figures['pages_rendered']} pages, p50 {figures['page_seconds_p50']} s, p95 {p95} s "
        f"(target ≤ {TARGETS['page_seconds_p95']}), max {figures['page_seconds_max']} s, "
        f"errors {figures['errors']}, {figures['server_cpu_seconds_per_page']} CPU-s/page, "
        f"{figures['server_cpu_cores_used']} cores busy"
    )
    return figures
