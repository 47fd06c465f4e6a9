"""Bench section "street": how long the weekly figures take on the demo street, and how much memory.

Speed targets live here, not in timed unit tests: the numbers depend on the machine.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from data_access.db import make_engine
from data_access.migrate import migrate
from demo.street import load_demo
from metrics.thresholds import Thresholds
from metrics.window import Window
from reports.meeting import follow_ups_for_report, meeting_report
from reports.pdf import ReportContext, weekly_pdf
from reports.summary import window_report
from ui.filters import today_local

TARGET_SUMMARY_SECONDS = 1.0
TARGET_PDF_SECONDS = 3.0


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - began)
    return seconds


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        began = time.perf_counter()
        counts = load_demo(engine, seed=42, weeks=104, today=today_local())
        load_seconds = time.perf_counter() - began
        window = Window.last_complete_week(today_local())
        scope = [f"YH{number:02d}" for number in range(1, 17)]

        def summary() -> object:
            return window_report(engine, window, scope, thresholds=Thresholds(), lang="zh")

        tracemalloc.start()
        summary()
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        seconds = timed(summary, repeats=10)

        def weekly_pdf_bytes() -> bytes:
            report = meeting_report(engine, window, scope, thresholds=Thresholds(), lang="zh")
            context = ReportContext(
                lang="zh",
                generated_at=datetime.now(),
                generated_by="bench",
                scope_text="全部 16 个社区",
                follow_ups=follow_ups_for_report(engine, window, scope),
            )
            return weekly_pdf(report, context)

        began = time.perf_counter()
        pdf_size = len(weekly_pdf_bytes())
        pdf_first_seconds = time.perf_counter() - began
        pdf_seconds = timed(weekly_pdf_bytes, repeats=5)
        engine.dispose()
    result = {
        "demo_rows": counts,
        "demo_load_seconds": round(load_seconds, 2),
        "weekly_summary_seconds_median": round(statistics.median(seconds), 3),
        "weekly_summary_seconds_max": round(max(seconds), 3),
        "weekly_summary_peak_mib": round(peak_bytes / 2**20, 1),
        "target_summary_seconds": TARGET_SUMMARY_SECONDS,
        "weekly_pdf_seconds_first": round(pdf_first_seconds, 2),
        "weekly_pdf_seconds_median": round(statistics.median(pdf_seconds), 2),
        "weekly_pdf_seconds_max": round(max(pdf_seconds), 2),
        "weekly_pdf_kib": round(pdf_size / 1024),
        "target_pdf_seconds": TARGET_PDF_SECONDS,
    }
    is_fast = statistics.median(seconds) <= TARGET_SUMMARY_SECONDS
    is_pdf_fast = max(pdf_first_seconds, *pdf_seconds) <= TARGET_PDF_SECONDS
    result["targets_met"] = is_fast and is_pdf_fast
    print(json.dumps(result, indent=2))
    return result
