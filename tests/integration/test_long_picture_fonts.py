"""The long picture drawn with no system font at all: `streetdash report --format png` runs in a
child process under `unshare -m` with an empty tmpfs over every font folder and fontconfig
cache, as on a server set up by pip alone, and its Chinese is still real glyphs.

This machine has CJK fonts installed (fonts-noto-cjk), so a picture made in the open would pass
even if the project brought no font of its own. Tofu is told apart by the text's ink: a line
of the child's picture must cover the same pixels as that line drawn in Noto Sans SC, and not
those of the same line drawn in Pillow's own font, which has no Chinese and draws a box per
character.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

import cli
from commands import report_picture
from reports.long_picture import Picture
from reports.long_picture_blocks import Header, KpiGrid, Paragraphs
from reports.long_picture_canvas import TextLine
from tests.conftest import unavailable

LOADED_ON = date(2026, 11, 30)
WEEK = "2026-W48"
STREETDASH = Path(sys.executable).with_name("streetdash")
HOME = Path.home()
FONT_FOLDERS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    HOME / ".local/share/fonts",
    HOME / ".fonts",
    Path("/var/cache/fontconfig"),
    HOME / ".cache/fontconfig",
)


def hidden_fonts_prefix() -> list[str]:
    """`unshare -m sh -c '<tmpfs over each font folder>; exec "$@"'`, or skip saying why."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        unavailable("hiding the system fonts needs `unshare -m` as root")
    mounts = " && ".join(f"mount -t tmpfs tmpfs {d}" for d in FONT_FOLDERS if d.is_dir())
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"{mounts} && true"], capture_output=True)
    if probe.returncode != 0:
        unavailable(f"cannot hide the fonts with unshare -m: {probe.stderr.decode().strip()}")
    return ["unshare", "-m", "sh", "-c", f'{mounts} && exec "$@"', "hidden-fonts"]


def run_hidden(tmp_path: Path, command: list[str]) -> str:
    """Run `command` with the fonts hidden and fontconfig pointed at an empty cache; stdout."""
    cache = tmp_path / "empty-cache"
    cache.mkdir(exist_ok=True)
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><cachedir>{cache}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    environment = os.environ | {
        "XDG_CACHE_HOME": str(cache),
        "FONTCONFIG_FILE": str(config),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        hidden_fonts_prefix() + command,
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: LOADED_ON)
    assert cli.main(["demo", "--weeks", "12"]) == 0


def picture_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Picture:
    """The same command run here, its picture kept as drawn (blocks, lines)."""
    drawn: list[Picture] = []
    original = report_picture.long_picture

    def recording(*args: Any, **kwargs: Any) -> Picture:
        drawn.append(original(*args, **kwargs))
        return drawn[-1]

    monkeypatch.setattr(report_picture, "long_picture", recording)
    out = tmp_path / "here.png"
    assert (
        cli.main(["report", "--week", WEEK, "--lang", "zh", "--format", "png", "--out", str(out)])
        == 0
    )
    return drawn[0]


def ink(image: Image.Image) -> set[tuple[int, int]]:
    """The pixels of a line's crop that differ clearly from its background (its commonest
    colour): where the glyphs are."""
    rgb = image.convert("RGB")
    background = max(rgb.getcolors(rgb.width * rgb.height) or [(0, (0, 0, 0))])[1]
    plain = Image.new("RGB", rgb.size, background)
    difference = ImageChops.difference(rgb, plain).convert("L")
    return {
        (x, y)
        for y in range(rgb.height)
        for x in range(rgb.width)
        if difference.getpixel((x, y)) > 80  # type: ignore[operator]
    }


def overlap(one: set[tuple[int, int]], other: set[tuple[int, int]]) -> float:
    """Intersection over union of two sets of pixels (1: the same glyphs)."""
    return len(one & other) / max(len(one | other), 1)


def without_the_font(line: TextLine, crop: Image.Image) -> Image.Image:
    """`line` drawn on its crop's background in Pillow's own font (no Chinese: boxes)."""
    rgb = crop.convert("RGB")
    background = max(rgb.getcolors(rgb.width * rgb.height) or [(0, (0, 0, 0))])[1]
    tofu = Image.new("RGB", rgb.size, background)
    fallback = ImageFont.load_default(size=round(line.size * 3))
    colour = (255, 255, 255) if sum(background) < 400 else (34, 34, 34)
    ImageDraw.Draw(tofu).text(
        (0, rgb.height // 2), line.text, font=fallback, fill=colour, anchor="lm"
    )
    return tofu


def test_the_picture_made_with_every_system_font_hidden_has_real_chinese_glyphs(
    demo: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = run_hidden(tmp_path, ["sh", "-c", "fc-list; find /usr/share/fonts -type f"])
    assert listed.strip() == ""  # no font anywhere the child can see
    out = tmp_path / "hidden.png"
    command = [str(STREETDASH), "report", "--week", WEEK, "--lang", "zh", "--format", "png"]
    printed = run_hidden(tmp_path, [*command, "--out", str(out)])
    assert str(out) in printed
    data = out.read_bytes()
    assert len(data) < 2 * 1024 * 1024
    hidden = Image.open(io.BytesIO(data)).convert("RGB")
    assert hidden.width == 1080

    here = picture_in_process(tmp_path, monkeypatch)
    drawn = Image.open(io.BytesIO(here.png)).convert("RGB")
    assert hidden.size == drawn.size
    header = next(block for block in here.blocks if isinstance(block, Header))
    summary = next(block for block in here.blocks if isinstance(block, Paragraphs))
    chinese = [
        next(line for line in here.lines if line.text == header.title),
        next(line for line in here.lines if summary.paragraphs[0].startswith(line.text)),
    ]
    for line in chinese:
        child, noto = hidden.crop(line.box), drawn.crop(line.box)
        tofu = without_the_font(line, noto)
        assert overlap(ink(noto), ink(tofu)) < 0.3, line.text  # the check tells them apart
        assert overlap(ink(child), ink(noto)) > 0.95, line.text
        assert overlap(ink(child), ink(tofu)) < 0.3, line.text

    # The rest of the picture is the one drawn here from blocks whose numbers
    # test_long_picture.py compares with the JSON: only the time it was made may differ.
    made = next(line for line in here.lines if line.text == header.generated)
    mask = Image.new("L", drawn.size, 255)
    ImageDraw.Draw(mask).rectangle((0, made.box[1], drawn.width, made.box[3]), fill=0)
    difference = ImageChops.difference(hidden, drawn)
    outside = ImageStat.Stat(difference, mask)
    assert max(outside.mean) < 1.0, outside.mean
    grid = next(block for block in here.blocks if isinstance(block, KpiGrid))
    values = [cell.value for group in grid.groups for cell in group.cells]
    assert all(any(line.text == value for line in here.lines) for value in values)
