"""The PDF's page layout: the A4 document with its font and footer, section headings, tables
and chart images — what every section of a report draws with (reports/pdf.py assembles the
report, reports/pdf_sections.py draws its sections)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from concurrent.futures import Future

from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont

from i18n import t
from reports.fonts import font_file

FONT = "NotoSansSC"
INK = (34, 34, 34)
MUTED = (110, 110, 110)
ACCENT = (183, 28, 28)
HEADING_FILL = (235, 235, 235)
PAGE_WIDTH = 180.0


class Document(FPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", str(font_file()))
        # The subset keeps the whole font's bounding boxes: recomputing them glyph by glyph
        # took fontTools about half of the PDF's time and changes nothing a reader sees.
        font = self.fonts[FONT.lower()]
        if isinstance(font, TTFFont):
            font.ttfont.recalcBBoxes = False
        self.set_font(FONT, size=10)
        self.alias_nb_pages("{nb}")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, t("pdf_footer_note", self.lang), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, t("pdf_page", self.lang, page=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(*INK)


def heading(pdf: Document, text: str, *, size: float = 13) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + PAGE_WIDTH, pdf.get_y())
    pdf.ln(2)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=9)


def table(
    pdf: Document,
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    size: float = 9,
) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_draw_color(170, 170, 170)
    headings = FontFace(emphasis="", fill_color=HEADING_FILL, color=INK)
    with pdf.table(
        col_widths=tuple(widths),
        width=PAGE_WIDTH,
        text_align=tuple(align) if align else "LEFT",
        line_height=size * 0.55,
        headings_style=headings,
        padding=1.2,
        repeat_headings=1,
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(2)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def charts_section(pdf: Document, images: Sequence[Future[bytes]], lang: str) -> None:
    if not images:
        return
    pngs = [image.result() for image in images]
    first_width, first_height = png_size(pngs[0])
    if pdf.get_y() + 16 + PAGE_WIDTH * first_height / first_width > pdf.h - 20:
        pdf.add_page()  # never leave the heading alone at the foot of a page
    heading(pdf, t("pdf_charts_title", lang))
    for png in pngs:
        width, height = png_size(png)
        if pdf.get_y() + PAGE_WIDTH * height / width > pdf.h - 20:
            pdf.add_page()
        pdf.image(io.BytesIO(png), w=PAGE_WIDTH)
        pdf.ln(4)
