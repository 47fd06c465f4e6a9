"""`streetdash report --format png --out F.png`: the long picture (长图) of a week, month,
quarter or year, to share in WeChat work groups; the same report as the PDF, as one
phone-width PNG."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from commands.base import EXIT_OK, scope_from_args
from data_access.settings import get_settings
from i18n import t
from i18n.formatting import scope_text
from reports.long_picture import PictureContext, long_picture, write_picture
from reports.meeting import follow_ups_for_report, meeting_report


def command_picture_report(engine: Engine, args: argparse.Namespace, out: str) -> int:
    """Write the long picture of args.window (for --community's communities, else all) to
    `out`, and say where, how large and how long it took."""
    settings = get_settings()
    window = args.window
    scope = scope_from_args(engine, args.community)
    lang = args.lang or settings.language
    began = time.perf_counter()
    report = meeting_report(engine, window, scope, thresholds=settings.thresholds, lang=lang)
    context = PictureContext(
        lang=lang,
        generated_at=datetime.now(ZoneInfo(settings.timezone)),
        scope_text=scope_text(lang, scope, report.names, whole=not args.community),
        follow_ups=follow_ups_for_report(engine, window, scope),
    )
    picture = long_picture(report, context)
    write_picture(Path(out), picture.png)
    width, height = picture.size
    print(
        t(
            "picture_written",
            lang,
            path=out,
            width=width,
            height=height,
            size=round(len(picture.png) / 1024),
            seconds=time.perf_counter() - began,
        )
    )
    return EXIT_OK
