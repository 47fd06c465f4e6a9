"""The long picture drawn from its blocks (reports/long_picture_blocks.py) with Pillow: a red
header band, then white cards on a light grey page — the written summary, the headline figures
three to a row with their changes coloured as on the pages, the alerts with their severity
marks, the disputes' chart — and a footer. Sizes are CSS pixels (reports.long_picture_canvas
draws them at 3×); nothing here decides a number or a word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PIL import Image

from reports.long_picture_blocks import (
    AlertList,
    BarChart,
    Block,
    Change,
    Footer,
    Header,
    KpiCell,
    KpiGrid,
    Paragraphs,
)
from reports.long_picture_canvas import RGB, WIDTH, Canvas, TextLine, font, px

INK: RGB = (34, 34, 34)
BODY: RGB = (51, 51, 51)
MUTED: RGB = (117, 117, 117)
ACCENT: RGB = (183, 28, 28)
WHITE: RGB = (255, 255, 255)
ON_ACCENT: RGB = (250, 222, 222)
TILE: RGB = (246, 246, 247)
DIVIDER: RGB = (232, 232, 234)
TONES: dict[str, RGB] = {"good": (46, 125, 50), "bad": (198, 40, 40), "neutral": MUTED}
SEVERITY_FILL: dict[str, RGB] = {"high": (198, 40, 40), "medium": (230, 110, 0)}
BARS: tuple[RGB, RGB] = (ACCENT, (150, 150, 150))

MARGIN = px(12)  # between the page's edge and a card
PAD = px(16)  # inside a card
GAP = px(12)  # between cards
LEFT = MARGIN + PAD
CONTENT = WIDTH - 2 * LEFT
COLUMNS = 3
CELL_GAP = px(8)
CELL_PAD = px(8)
MESSAGE, MESSAGE_LINE, MARK = 13.5, 1.6, 20  # an alert's text, its line height, its mark

Content = Callable[[Canvas, int], int]


def draw_picture(blocks: Sequence[Block]) -> tuple[Image.Image, list[TextLine]]:
    """The picture of `blocks` and every line of text in it: measured first, then drawn."""
    height = draw_blocks(Canvas(), blocks)
    canvas = Canvas(height)
    draw_blocks(canvas, blocks)
    assert canvas.image is not None
    return canvas.image, canvas.lines


def draw_blocks(canvas: Canvas, blocks: Sequence[Block]) -> int:
    """Each block below the one before; the picture's height."""
    y = 0
    for block in blocks:
        if isinstance(block, Header):
            y = header(canvas, block) + GAP
        elif isinstance(block, Footer):
            y = footer(canvas, block, y)
        else:
            y = card(canvas, y, card_content(block)) + GAP
    return y


def card_content(block: Block) -> Content:
    if isinstance(block, Paragraphs):
        return lambda canvas, y: paragraphs(canvas, block, y)
    if isinstance(block, KpiGrid):
        return lambda canvas, y: kpi_grid(canvas, block, y)
    if isinstance(block, AlertList):
        return lambda canvas, y: alert_list(canvas, block, y)
    if isinstance(block, BarChart):
        return lambda canvas, y: bar_chart(canvas, block, y)
    raise TypeError(f"not a card: {block!r}")


def card(canvas: Canvas, top: int, content: Content) -> int:
    """A white card holding `content` (measured first, so its background is drawn under it)."""
    bottom = content(Canvas(), top + PAD) + PAD
    canvas.box((MARGIN, top, WIDTH - MARGIN, bottom), WHITE, radius=10)
    content(canvas, top + PAD)
    return bottom


def header(canvas: Canvas, block: Header) -> int:
    """The red band: title, period, scope and when it was made."""

    def content(target: Canvas, y: int) -> int:
        y = target.paragraph(LEFT, y, CONTENT, block.title, 22, WHITE, line_height=1.4, bold=True)
        y = target.paragraph(LEFT, y + px(4), CONTENT, block.period, 15, WHITE)
        y = target.paragraph(LEFT, y + px(6), CONTENT, block.scope, 12.5, ON_ACCENT)
        return target.paragraph(LEFT, y, CONTENT, block.generated, 12.5, ON_ACCENT)

    bottom = content(Canvas(), px(26)) + px(24)
    canvas.box((0, 0, WIDTH, bottom), ACCENT)
    canvas.box((0, bottom - px(4), WIDTH, bottom), (140, 18, 18))
    content(canvas, px(26))
    return bottom


def heading(canvas: Canvas, text: str, y: int) -> int:
    """A card's heading: a red bar and the text beside it."""
    size = 16.5
    canvas.box((LEFT, y + px(5), LEFT + px(4), y + px(size * 1.5 - 5)), ACCENT, radius=2)
    return canvas.text(LEFT + px(12), y, text, size, INK, bold=True) + px(8)


def paragraphs(canvas: Canvas, block: Paragraphs, y: int) -> int:
    y = heading(canvas, block.heading, y)
    for index, text in enumerate(block.paragraphs):
        y = canvas.paragraph(
            LEFT, y + px(6) * (index > 0), CONTENT, text, 14.5, BODY, line_height=1.7
        )
    return y


def kpi_grid(canvas: Canvas, block: KpiGrid, y: int) -> int:
    """Each domain's heading over its cards, three to a row, a row as tall as its tallest and
    its values on one line however many lines its labels take."""
    y = heading(canvas, block.heading, y)
    for note in block.notes:
        y = canvas.paragraph(LEFT, y, CONTENT, note, 12, MUTED) + px(4)
    width = (CONTENT - (COLUMNS - 1) * CELL_GAP) // COLUMNS
    inner = width - 2 * CELL_PAD
    for group in block.groups:
        y = canvas.text(LEFT, y + px(6), group.heading, 14, ACCENT, bold=True) + px(4)
        for start in range(0, len(group.cells), COLUMNS):
            row = group.cells[start : start + COLUMNS]
            labels = max(label(Canvas(), cell, LEFT, 0, inner) for cell in row)
            bottom = max(kpi_cell(Canvas(), cell, LEFT, y, labels, inner) for cell in row)
            bottom += CELL_PAD
            for column, cell in enumerate(row):
                left = LEFT + column * (width + CELL_GAP)
                canvas.box((left, y, left + width, bottom), TILE, radius=8)
                kpi_cell(canvas, cell, left + CELL_PAD, y, labels, inner)
            y = bottom + CELL_GAP
    return y - CELL_GAP


def label(canvas: Canvas, cell: KpiCell, x: int, top: int, width: int) -> int:
    """The figure's name (two lines or more in English); the y below it."""
    return canvas.paragraph(x, top, width, cell.label, 11.5, MUTED, line_height=1.4)


def kpi_cell(canvas: Canvas, cell: KpiCell, x: int, top: int, labels: int, width: int) -> int:
    """A card's content: the label, then `labels` below the top the value, the change (环比)
    and for a calendar period the 同比."""
    label(canvas, cell, x, top + CELL_PAD, width)
    size = 22 if font(22).getlength(cell.value) <= width else 17
    y = canvas.text(x, top + CELL_PAD + labels, cell.value, size, INK, line_height=1.3, bold=True)
    y = change_line(canvas, cell.change, x, y, width)
    if cell.year_change is not None:
        y = change_line(canvas, cell.year_change, x, y, width)
    return y


def change_line(canvas: Canvas, change: Change, x: int, y: int, width: int) -> int:
    """`change` on one line, or what it is against over how much when that does not fit: the
    change itself (-6.8 个百分点) is never cut."""
    size, colour = 11, TONES[change.tone]
    one_line = f"{change.against} {change.value}".strip()
    if font(size).getlength(one_line) <= width:
        return canvas.text(x, y, one_line, size, colour, line_height=1.45)
    y = canvas.paragraph(x, y, width, change.against, size, colour, line_height=1.45)
    return canvas.paragraph(x, y, width, change.value, size, colour, line_height=1.45)


def alert_list(canvas: Canvas, block: AlertList, y: int) -> int:
    """Each alert: its severity mark, its sentence and the records it names, a rule between."""
    y = heading(canvas, block.heading, y)
    mark_width = max((font(11).getlength(line.label) for line in block.lines), default=0)
    mark_width = round(mark_width) + px(12)
    text_left = LEFT + mark_width + px(10)
    text_width = LEFT + CONTENT - text_left
    for index, line in enumerate(block.lines):
        if index:
            canvas.line((LEFT, y + px(6)), (LEFT + CONTENT, y + px(6)), DIVIDER, px(1) // 2)
            y += px(12)
        mark_top = y + px((MESSAGE * MESSAGE_LINE - MARK) / 2)  # centred on the first line
        canvas.box(
            (LEFT, mark_top, LEFT + mark_width, mark_top + px(MARK)),
            SEVERITY_FILL[line.severity],
            radius=4,
        )
        label_top = mark_top + px((MARK - 11 * 1.5) / 2)
        canvas.text(LEFT + mark_width // 2, label_top, line.label, 11, WHITE, align="center")
        y = canvas.paragraph(
            text_left, y, text_width, line.text, MESSAGE, BODY, line_height=MESSAGE_LINE
        )
        if line.refs:
            y = canvas.paragraph(text_left, y, text_width, line.refs, 11.5, MUTED)
    if block.note:
        y = canvas.paragraph(LEFT, y + px(6) * bool(block.lines), CONTENT, block.note, 12, MUTED)
    return y


def bar_chart(canvas: Canvas, block: BarChart, y: int) -> int:
    """The chart's title, its legend and its bars."""
    y = heading(canvas, block.title, y)
    x = LEFT
    for colour, label in zip(BARS, block.legend, strict=True):
        canvas.box((x, y + px(5), x + px(10), y + px(15)), colour, radius=2)
        x = canvas_text_end(canvas, x + px(14), y, label) + px(16)
    return bars(canvas, block, y + px(28) + px(14), px(150))


def bars(canvas: Canvas, block: BarChart, top: int, height: int) -> int:
    """New and resolved side by side per period on a grid of four steps, the current (last)
    period shaded; each bar's count above it where two counts fit side by side, else the
    current period's only."""
    peak = nice_ceiling(max((*block.new, *block.resolved), default=0))
    steps = [peak * step // 4 for step in range(5)]
    axis = max(round(font(9.5).getlength(f"{step:,}")) for step in steps) + px(8)
    left, right, base = LEFT + axis, LEFT + CONTENT, top + height
    slot = (right - left) / max(len(block.ticks), 1)
    bar, gap = max(round(slot * 0.34), 1), px(2)
    canvas.box((round(right - slot), top - px(12), right, base), (253, 240, 240), radius=4)
    for step, value in enumerate(steps):
        level = base - height * step // 4
        canvas.line((left, level), (right, level), DIVIDER, px(1) // 2)
        canvas.text(left - px(6), level - px(7), f"{value:,}", 9.5, MUTED, align="right")
    widest = max((*block.new, *block.resolved), default=0)
    counts_fit = font(9).getlength(f"{widest:,}") <= bar + gap
    periods = list(zip(block.ticks, block.new, block.resolved, strict=True))
    for index, (tick, new, resolved) in enumerate(periods):
        middle = round(left + slot * (index + 0.5))
        last = index == len(periods) - 1
        starts = (middle - gap // 2 - bar, middle + gap // 2)
        for start, colour, count in zip(starts, BARS, (new, resolved), strict=True):
            tall = round(height * count / peak)
            canvas.box((start, base - tall, start + bar, base), colour)
            if counts_fit or last:
                label = f"{count:,}"
                canvas.text(start + bar // 2, base - tall - px(14), label, 9, BODY, align="center")
        colour = INK if last else MUTED
        canvas.text(middle, base + px(4), tick, 10.5, colour, bold=last, align="center")
    canvas.line((left, base), (right, base), (150, 150, 150), px(1) // 2)
    return base + px(24)


def canvas_text_end(canvas: Canvas, x: int, y: int, text: str) -> int:
    """Draw a legend label at `x`; the x after it."""
    canvas.text(x, y, text, 12, BODY)
    return x + round(font(12).getlength(text))


def nice_ceiling(value: int) -> int:
    """The axis' top: four round steps (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) reaching `value`."""
    need = max(-(-value // 4), 1)
    magnitude = 1
    while True:
        for multiple in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            step = multiple * magnitude
            if step == int(step) and step >= need:
                return int(step) * 4
        magnitude *= 10


def footer(canvas: Canvas, block: Footer, y: int) -> int:
    middle = WIDTH // 2
    y = canvas.text(middle, y + px(4), block.text, 11, MUTED, align="center")
    return canvas.text(middle, y, block.product, 11, MUTED, align="center") + px(18)
