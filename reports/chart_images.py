"""Altair charts as PNG images, drawn without a browser (vl-convert) in the project's CJK font."""

from __future__ import annotations

from typing import Any

import vl_convert

from reports.fonts import register_chart_fonts

SCALE = 2


def chart_png(chart: Any, *, scale: int = SCALE) -> bytes:
    """The chart drawn as PNG at `scale` (fpdf2 cannot read vl-convert's SVG)."""
    register_chart_fonts()
    spec = chart.to_dict()
    return bytes(vl_convert.vegalite_to_png(spec, scale=scale))
