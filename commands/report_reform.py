"""`streetdash report --reform NAME --out F.pdf`: one saved reform's 成效评估 as a PDF (its
reading in words with the caution, the weekly chart, the before/after tables), and the 成效评估
section the quarterly and yearly reports carry."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from commands.base import EXIT_OK, UsageError
from commands.evaluate import OPERATOR
from data_access.reforms import reform_named
from data_access.settings import get_settings
from i18n import t
from metrics.window import Window
from reports.pdf import write_pdf
from reports.pdf_reform import community_names, reading_of, reform_pdf
from reports.reform import ReformTooRecent, too_recent_text

# Options of `report` that choose a period's report, not a reform's.
PERIOD_ONLY = ("week", "month", "quarter", "year", "community")


def check_reform_options(args: argparse.Namespace) -> None:
    """--reform writes one reform's PDF: no period or community goes with it."""
    given = [f"--{name}" for name in PERIOD_ONLY if getattr(args, name, None)]
    if given:
        raise UsageError(f"--reform names a saved reform: leave out {', '.join(given)}")


def command_reform_report(engine: Engine, args: argparse.Namespace) -> int:
    """Write the PDF of the reform named by --reform to --out."""
    settings = get_settings()
    lang = args.lang or settings.language
    began = time.perf_counter()
    record = reform_named(engine, OPERATOR, args.reform)
    if record is None:
        raise UsageError(f"no reform named {args.reform!r}")
    reading = reading_of(engine, record, args.today)
    pdf = reform_pdf(
        reading,
        community_names(engine),
        lang,
        generated_at=datetime.now(ZoneInfo(settings.timezone)),
        last_complete_end=Window.last_complete_week(args.today).end,
    )
    out = args.out.replace("{period}", "").replace("{week}", "")
    pages = write_pdf(Path(out), pdf)
    seconds = time.perf_counter() - began
    print(
        t(
            "report_written",
            lang,
            path=out,
            pages=pages,
            size=round(len(pdf) / 1024),
            seconds=seconds,
        )
    )
    if isinstance(reading.evaluation, ReformTooRecent):  # the PDF says so too
        print(too_recent_text(reading.evaluation, lang))
    return EXIT_OK
