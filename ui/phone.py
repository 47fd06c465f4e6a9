"""Pages at phone width (390 px): one style block, sent once per run, that reflows the same
elements for a narrow screen. The server never knows the screen's width, so the phone layout is
CSS only (media queries on Streamlit's data-testid attributes and the st-key-<key> classes of
keyed containers); nothing is drawn twice, and above PHONE_MAX_WIDTH nothing changes.

At phone width:
- what a leader reads first comes first: a page puts the block to read after the summary in
  `first_on_phone()` (the alerts) and the block it pushes down in `later_on_phone()` (the KPI
  cards, the comparison tables); the flex order moves them, the server's order stays;
- KPI cards (the columns holding an st.metric) sit three to a row (two below 360 px), compact;
- the written summary's community links wrap side by side instead of one per row;
- a chart wider than the screen (a faceted or concatenated one, which Vega-Lite cannot fit)
  scrolls inside its own box, as tables do; other charts fit the width (`chart_width`);
- long words and references wrap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

# Streamlit's own breakpoint below which st.columns stack one per row.
PHONE_MAX_WIDTH = 640

FIRST_ON_PHONE = "first_on_phone"
LATER_ON_PHONE = "later_on_phone"

# A keyed st.container is drawn as a stLayoutWrapper holding the .st-key-<key> block: the
# wrapper is the flex item of the page's column, so the order goes on it (:has, in every
# current browser; an older one keeps the desktop order, which still reads).
_WRAPPER = '[data-testid="stLayoutWrapper"]'
_KPI_COLUMN = '[data-testid="stColumn"]:has([data-testid="stMetric"])'
_KPI_ROW = (
    '[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])'
)

_PHONE_CSS = f"""<style>
@media (max-width: {PHONE_MAX_WIDTH}px) {{
  {_WRAPPER}:has(> .st-key-{LATER_ON_PHONE}) {{ order: 1; }}
  {_WRAPPER}:has(> .st-key-{FIRST_ON_PHONE}) ~ * {{ order: 2; }}
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; }}
  [data-testid="stMain"] h1 {{ font-size: 2rem; padding-top: 0.5rem; }}
  {_KPI_ROW} {{ gap: 0.5rem; }}
  {_KPI_COLUMN} {{
    width: calc(33.333% - 0.34rem); min-width: calc(33.333% - 0.34rem);
    flex: 0 1 calc(33.333% - 0.34rem);
  }}
  {_KPI_COLUMN} [data-testid="stMetric"] > div,
  {_KPI_COLUMN} [class*="st-key-kpi_"] {{ padding: 0.4rem 0.5rem; }}
  {_KPI_COLUMN} [class*="st-key-kpi_"] {{ gap: 0.2rem; }}
  {_KPI_COLUMN} [data-testid="stMetricLabel"] :is(div, p) {{
    font-size: 0.75rem; white-space: normal; overflow: visible;
  }}
  {_KPI_COLUMN} [data-testid="stMetricValue"] {{ font-size: 1.35rem; }}
  {_KPI_COLUMN} [data-testid="stMetricDelta"] {{ font-size: 0.7rem; }}
  {_KPI_COLUMN} [data-testid="stMetricDelta"] :is(div, p) {{
    white-space: normal; overflow: visible;
  }}
  {_KPI_COLUMN} [data-testid="stCaptionContainer"] {{ font-size: 0.7rem; }}
  .st-key-narrative {{ flex-flow: row wrap; gap: 0.5rem; }}
  .st-key-narrative [data-testid="stMarkdownContainer"] p {{ font-size: 0.9rem; line-height: 1.5; }}
  [data-testid="stMain"] [data-testid="stCaptionContainer"] {{ font-size: 0.8rem; }}
  .st-key-narrative > [data-testid="stElementContainer"] {{ width: 100%; }}
  .st-key-narrative > {_WRAPPER}, .st-key-narrative [data-testid="stHorizontalBlock"] {{
    display: contents;
  }}
  .st-key-narrative [data-testid="stColumn"] {{ width: auto; min-width: 0; flex: 0 1 auto; }}
  .st-key-narrative [data-testid="stColumn"]:not(:has([data-testid="stPageLink"])) {{
    display: none;
  }}
  .st-key-narrative [data-testid="stPageLink-NavLink"] p {{ font-size: 0.8rem; }}
  [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"]) {{
    max-width: 100%; overflow-x: auto;
  }}
  [data-testid="stMain"] :is([data-testid="stMarkdownContainer"], summary) {{
    overflow-wrap: anywhere;
  }}
}}
@media (max-width: 360px) {{
  {_KPI_COLUMN} {{
    width: calc(50% - 0.25rem); min-width: calc(50% - 0.25rem); flex: 0 1 calc(50% - 0.25rem);
  }}
}}
</style>"""
# Sent on every run: the indentation is for the reader, not the wire.
PHONE_CSS = " ".join(_PHONE_CSS.split())


def phone_style() -> None:
    """The phone layout's style block (style only: Streamlit puts it in the page's event
    container, where it takes no room). Once per run, from app.py, for every page."""
    st.html(PHONE_CSS)


def first_on_phone() -> DeltaGenerator:
    """The block a phone shows right after the written summary (the alerts); everything drawn
    after it stays after it."""
    return st.container(key=FIRST_ON_PHONE)


def later_on_phone() -> DeltaGenerator:
    """A block drawn before `first_on_phone()`'s that a phone shows after it."""
    return st.container(key=LATER_ON_PHONE)


def chart_width(spec: Mapping[str, Any]) -> int | Literal["content"]:
    """The width to draw a Vega-Lite `spec` at: its own pixel width, which Streamlit narrows to
    the container's on a phone (a chart drawn at its content width keeps 720 px on a 390 px
    screen) and keeps on a desktop, where the chart is as wide as before. A concatenated or
    faceted chart has no width of its own and keeps its content width (Vega-Lite cannot fit it
    to a width; on a phone it scrolls inside its box)."""
    width = spec.get("width")
    return width if isinstance(width, int) and not isinstance(width, bool) else "content"
