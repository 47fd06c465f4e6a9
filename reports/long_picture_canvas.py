"""Where the long picture is drawn: a Pillow canvas in the project's own Noto Sans SC
(reports.fonts, as the PDF: never a system font), sized in CSS pixels and drawn at 3×, and
text wrapped to a measured width.

The same drawing code runs twice: once without an image to measure how tall the picture is,
then on an image of that height. Every line of text drawn is kept with its box, so that tests
can find a line in the picture.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from reports.fonts import font_file

# 360 CSS pixels (a phone's width) drawn at 3×: 1080 pixels, sharp on a phone's screen.
SCALE = 3
CSS_WIDTH = 360
WIDTH = CSS_WIDTH * SCALE

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]

# A line may not start with these (标点禁则): they hang at the end of the line before.
NO_LINE_START = set("，。、；：？！）》」』】〕”’,.;:?!)]}%")


@cache
def font(size: float) -> ImageFont.FreeTypeFont:
    """Noto Sans SC at `size` CSS pixels (loaded once per size)."""
    return ImageFont.truetype(str(font_file()), round(size * SCALE))


def px(css: float) -> int:
    """CSS pixels as the picture's pixels."""
    return round(css * SCALE)


def is_wide(char: str) -> bool:
    """A Chinese character or full-width punctuation: a line may break before or after it."""
    return unicodedata.east_asian_width(char) in "WF"


def tokens(text: str) -> Iterator[str]:
    """The units a line breaks between: each wide character, each run of spaces and each word
    of other characters (Latin words and numbers are never split unless longer than a line)."""
    word = ""
    for char in text:
        if is_wide(char) or char.isspace():
            if word:
                yield word
                word = ""
            yield " " if char.isspace() else char
        else:
            word += char
    if word:
        yield word


def wrap(text: str, size: float, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels at `size`: Chinese broken between any two
    characters, Latin between words; closing punctuation hangs rather than opens a line."""
    measure = font(size).getlength
    lines: list[str] = []
    line = ""
    for token in fitting_tokens(text, size, width):
        if token == " " and not line:
            continue
        if not line or token[0] in NO_LINE_START or measure(line + token) <= width:
            line += token
            continue
        lines.append(line.rstrip())
        line = "" if token == " " else token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fitting_tokens(text: str, size: float, width: int) -> Iterator[str]:
    """`tokens`, a word wider than a line cut between its characters."""
    measure = font(size).getlength
    for token in tokens(text):
        if measure(token) <= width:
            yield token
            continue
        piece = ""
        for char in token:
            if piece and measure(piece + char) > width:
                yield piece
                piece = ""
            piece += char
        yield piece


@dataclass(frozen=True)
class TextLine:
    """A line of text drawn, its box in the picture's pixels and its size in CSS pixels."""

    text: str
    box: Box
    size: float


@dataclass
class Canvas:
    """The picture being drawn; without `height`, only measured (nothing is drawn)."""

    height: int | None = None
    background: RGB = (244, 245, 247)
    lines: list[TextLine] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.image = (
            Image.new("RGB", (WIDTH, self.height), self.background)
            if self.height is not None
            else None
        )
        self.draw = ImageDraw.Draw(self.image) if self.image is not None else None

    def text(
        self,
        x: int,
        top: int,
        text: str,
        size: float,
        fill: RGB,
        *,
        line_height: float = 1.5,
        bold: bool = False,
        align: str = "left",
    ) -> int:
        """One line whose box starts at `top` (`x`: its left, or its right or centre as
        `align` says); the y below it."""
        height = px(size * line_height)
        width = round(font(size).getlength(text))
        left = {"left": x, "right": x - width, "center": x - width // 2}[align]
        if self.draw is not None:
            stroke = max(1, round(size / 14)) if bold else 0
            self.draw.text(
                (left, top + height // 2),
                text,
                font=font(size),
                fill=fill,
                anchor="lm",
                stroke_width=stroke,
                stroke_fill=fill,
            )
        self.lines.append(TextLine(text, (left, top, left + width, top + height), size))
        return top + height

    def paragraph(
        self,
        x: int,
        top: int,
        width: int,
        text: str,
        size: float,
        fill: RGB,
        *,
        line_height: float = 1.6,
        bold: bool = False,
    ) -> int:
        """`text` wrapped to `width` from `top`; the y below its last line."""
        y = top
        for line in wrap(text, size, width):
            y = self.text(x, y, line, size, fill, line_height=line_height, bold=bold)
        return y

    def box(self, box: Box, fill: RGB, *, radius: float = 0, outline: RGB | None = None) -> None:
        """A filled rectangle (rounded by `radius` CSS pixels)."""
        if self.draw is None:
            return
        if radius:
            self.draw.rounded_rectangle(box, px(radius), fill=fill, outline=outline, width=1)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline)

    def line(self, start: tuple[int, int], end: tuple[int, int], fill: RGB, width: int) -> None:
        if self.draw is not None:
            self.draw.line([start, end], fill=fill, width=width)
