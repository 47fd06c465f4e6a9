"""The CJK font the project brings itself (Noto Sans SC, OFL-1.1, from `pylopdf-fonts-zh-cn`).

Nothing here reads the system's fonts: the PDF and the chart images must look the same on a
machine that has no Chinese font installed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pylopdf_fonts_zh_cn

FAMILY = "Noto Sans SC"
FONT_DIRECTORY = Path(pylopdf_fonts_zh_cn.__file__).parent
SANS_FILE = FONT_DIRECTORY / "NotoSansSC-Regular.otf"


def font_file() -> Path:
    """The Noto Sans SC file; raises when the install lacks it (never falls back silently)."""
    if not SANS_FILE.is_file():
        raise FileNotFoundError(f"the CJK font is missing: {SANS_FILE} (pip install the project)")
    return SANS_FILE


@cache
def register_chart_fonts() -> Path:
    """Register the font directory with vl-convert once per process; the directory registered."""
    import vl_convert

    vl_convert.register_font_directory(str(font_file().parent))
    return font_file().parent
