"""Altair chart builders (no Streamlit, no database) used by the pages and, later, the PDF.

Every builder takes DataFrames from `metrics/` and the UI language and returns a complete,
self-contained chart: explicit width and height, Chinese-capable fonts, titles and tooltips
from i18n, and series told apart by dash and shape as well as colour, so that a page printed
in black and white still reads.
"""
