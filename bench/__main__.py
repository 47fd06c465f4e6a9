"""Run every benchmark section and write their figures to bench/results.json.

Each section is a module with `run() -> dict` (its figures, including whether its targets were
met under the key "targets_met") so that the sections can grow independently. Pick sections with
`python -m bench street load` (`make bench SECTIONS="page_cost crowd"`); the default runs them
all. `--profile` (or BENCH_PROFILE=1) runs the app server of page_cost, crowd and district_crowd
under py-spy and writes the top functions to bench/profile_<section>.txt (bench/profile.py).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import profile

SECTIONS = ("street", "district", "load", "page_cost", "crowd", "district_crowd")
RESULTS = Path(__file__).with_name("results.json")


def code_version() -> str:
    """The commit measured, "-dirty" when the working tree has changes (git describe)."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=RESULTS.parent,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except OSError:
        return "unknown"
    return described.stdout.strip() or "not a git checkout"


def main(argv: list[str]) -> int:
    if "--profile" in argv:
        os.environ[profile.ENV] = "1"
        argv = [argument for argument in argv if argument != "--profile"]
    chosen = argv or list(SECTIONS)
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
        return 2
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    all_met = True
    for name in chosen:
        print(f"\n===== bench: {name} =====", flush=True)
        began = time.perf_counter()
        figures = importlib.import_module(f"bench.{name}").run()
        figures["section_seconds"] = round(time.perf_counter() - began, 1)
        figures["code"] = code_version()
        results[name] = figures
        all_met = all_met and bool(figures.get("targets_met", True))
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwrote {RESULTS}")
    return 0 if all_met else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
