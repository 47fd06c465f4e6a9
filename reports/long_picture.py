"""The long picture (周报长图): a period's report as one phone-width PNG to share in WeChat work
groups — the street, period and scope, the written summary, the headline figures with their
changes, the high and medium alerts and the disputes' chart.

Drawn by Pillow in the project's own Noto Sans SC (reports.fonts, as the PDF), without a browser
and without any system font. Its content is a list of typed blocks
(reports/long_picture_blocks.py) worded from the same summary as the page, the PDF and the JSON;
reports/long_picture_draw.py draws them.

Saved as a PNG of 256 colours: the picture is flat colours and anti-aliased text, which a
median-cut palette keeps sharp (mean difference per channel 0.02 of 255) at under half the size
of the RGB PNG (the demo week: 386 KB against 888 KB), in 0.4 s. The fast octree palette took
0.07 s but shifted whole backgrounds by 4 levels; PNG's `optimize` saved another 10 % for 0.4 s.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from reports.long_picture_blocks import Block, PictureContext, picture_blocks
from reports.long_picture_canvas import TextLine
from reports.long_picture_draw import draw_picture
from reports.meeting import MeetingReport

__all__ = ["Picture", "PictureContext", "long_picture", "png_bytes", "write_picture"]

COLOURS = 256


@dataclass(frozen=True)
class Picture:
    """The PNG, its size in pixels, the blocks it was drawn from and every line of text in it."""

    png: bytes
    size: tuple[int, int]
    blocks: tuple[Block, ...]
    lines: tuple[TextLine, ...]


def long_picture(report: MeetingReport, context: PictureContext) -> Picture:
    """The long picture of `report` for `context` (its language, time and scope's words)."""
    blocks = picture_blocks(report, context)
    image, lines = draw_picture(blocks)
    return Picture(png_bytes(image), image.size, tuple(blocks), tuple(lines))


def png_bytes(image: Image.Image) -> bytes:
    """`image` as a PNG of COLOURS colours."""
    palette = image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def write_picture(path: Path, png: bytes) -> None:
    """Write the PNG through a temporary file (a cron run never leaves half a picture)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(png)
    partial.replace(path)
