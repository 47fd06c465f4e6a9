"""Text from the data, shown as text where Streamlit draws Markdown.

Streamlit renders as Markdown the bodies of st.markdown, st.caption, st.write(str), st.title /
header / subheader, st.info / warning / error / success, st.toast, and the labels of expanders,
page links, tabs, metrics and widgets (and the options of st.radio, st.pills and
st.segmented_control; selectbox and multiselect options are plain text, dataframe cells too).
Its renderer (react-markdown with remark-gfm, remark-directive, remark-math, remark-emoji and
plugins of its own) turns `![t](http://host/x.png)` into an image every reader's browser fetches,
`[p](…)` and bare `http://…`, `www.…`, `a@b.cn` into links, `**b**` / `_i_` into bold and italics
(张* and 138****5678 lose their asterisks), `:red[x]` into coloured text, `:material/x:`,
`:streamlit:` and `:smile:` into icons and emoji, `$…$` into formulas, `->` into →, and lines
starting with `#`, `-`, `1.` or `>` into headings, lists and quotes. Raw HTML is shown as text
unless unsafe_allow_html, which the app never passes data to.

A name, topic, case number or summary is none of that: `as_text` is the one place that makes a
string read as itself there. It is applied where a data string meets such a surface (ui/ and
pages/), never to the data itself: the PDF, the CSV/XLSX downloads and the summary JSON get the
text as written, with no backslashes.
"""

from __future__ import annotations

import re

# Backslash-escaped everywhere (CommonMark lets any ASCII punctuation be escaped): the
# characters of emphasis, code, links and images, headings, lists, quotes, tables, setext
# underlines, strikethrough, HTML and entities, maths, directives and `:material/…:` icons.
ESCAPED = frozenset("\\`*_[](){}#+-.!|<>~$:/=&")

# Zero-width and not whitespace, so it changes nothing a reader sees; it splits the patterns
# Streamlit's renderer looks for in text *after* the backslash escapes are resolved, where no
# escape can reach them. (Text copied from the page keeps it inside those patterns only.)
WORD_JOINER = "\u2060"

# Found in the text after parsing: GFM literal autolinks (http(s)://…, www.…, a@b.c), and
# :name: shortcodes (emoji, :material_x: icons, the :streamlit: logo).
_TEXT_PATTERNS = (
    re.compile(r"(?<=:)(?=//)"),
    re.compile(r"(?<=www)(?=\.)", re.IGNORECASE),
    re.compile(r"(?<=@)(?=[-\w])"),
    re.compile(r"(?<=:)(?=[A-Za-z0-9_+-]+:)"),
)
# Streamlit's typographic arrows: `->`, `<-`, `<->`, `--`, `>=`, `<=`, `~=` between spaces.
_ARROWS = re.compile(r"(?:(?<=\s)|^)(<->|->|<-|--|>=|<=|~=)(?=\s|$)", re.MULTILINE)

# A backslash at the end of a line is a hard line break: the text's line breaks stay line
# breaks, and no line of it can start a block (a heading, a list, a quote, a code block).
_LINE_BREAK = "\\\n"


def _joined(text: str) -> str:
    """`text` with a word joiner inside every pattern the renderer would act on in text."""
    text = _ARROWS.sub(lambda match: match[1][0] + WORD_JOINER + match[1][1:], text)
    for pattern in _TEXT_PATTERNS:
        text = pattern.sub(WORD_JOINER, text)
    return text


def _escaped(line: str) -> str:
    return "".join("\\" + char if char in ESCAPED else char for char in line)


def as_text(value: object) -> str:
    """`value` as Markdown that Streamlit draws as exactly that text: no markup, no link, no
    image, no icon, no HTML, line breaks kept (spaces and tabs that begin or end it are
    dropped, as HTML would drop them). None is the empty string. Apply it once, where the
    text is shown: escaped twice, the backslashes would show."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip(" \t\n")
    return _LINE_BREAK.join(_escaped(_joined(line)) for line in text.split("\n"))
