"""`streetdash report --format png --out F.png`: the long picture (长图) of a week, month,
quarter or year, to share in WeChat work groups; the same report as the PDF, as one
phone-width PNG."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import Engine

from commands.base import EXIT_OK
from commands.summary import period_report
from i18n import t
from reports.long_picture import PictureContext, long_picture, write_picture


def command_picture_report(engine: Engine, args: argparse.Namespace, out: str) -> int:
    """Write the long picture of args.window (for --community's communities, else all) to
    `out`, and say where, how large and how long it took."""
    began = time.perf_counter()
    period = period_report(engine, args)
    lang = period.lang
    context = PictureContext(
        lang=lang,
        generated_at=period.generated_at,
        scope_text=period.scope_text,
        follow_ups=period.follow_ups,
    )
    picture = long_picture(period.report, context)
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
