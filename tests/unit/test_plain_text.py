"""`as_text`: a string from the data reads as itself where Streamlit draws Markdown.

The output is rendered with markdown-it-py (CommonMark, the grammar of Streamlit's micromark,
with raw HTML, tables and strikethrough on), and the text that comes out must be the input:
one paragraph, no element but line breaks. What CommonMark cannot show is what Streamlit's
renderer does to text after parsing; those patterns are copied here from Streamlit 1.67's
StreamlitMarkdown bundle and remark-emoji (tests/e2e/test_markdown_in_browser.py checks the real
renderer in Chromium).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ui.plain_text import WORD_JOINER, as_text

COMMONMARK = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# Streamlit's transforms of text nodes (after the escapes are resolved); \w is ASCII in JS.
TEXT_PATTERNS = {
    "literal autolink": re.compile(
        r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII
    ),
    "literal e-mail link": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.ASCII),
    "material icon": re.compile(r":material_(\w+):", re.ASCII),
    "streamlit logo": re.compile(r":streamlit:"),
    "emoji shortcode": re.compile(r":\+1:|:-1:|:[\w-]+:", re.ASCII),
    "typographic arrow": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}
# Streamlit's looks at the Markdown source before parsing.
EMOJI_GATE = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:", re.ASCII)
ESCAPED_PAIRS = re.compile(r"\\[\\$`]")

CONSTRUCTS = {
    "image": "![t](http://127.0.0.1:9/x.png)",
    "link": "[p](http://127.0.0.1:9/)",
    "reference link": "[x]\n\n[x]: http://127.0.0.1:9/ref",
    "angle autolink": "<http://127.0.0.1:9/auto>",
    "literal autolinks": "见 http://127.0.0.1:9/a 或 www.example.com 或 foo@bar.com",
    "emphasis": "**b** __b__ _i_ *i* ***bi***",
    "masked values": "居民张*与李*，电话138****5678，证件440305********123X",
    "strikethrough": "~~s~~ ~s~",
    "code": "`c` ``c``\n```\nfence\n```\n~~~\nfence\n~~~",
    "indented code": "    four spaces\n\tand a tab",
    "html": '<img src=x onerror="alert(1)"> <b>h</b> <script>alert(1)</script> <!-- c -->',
    "entities": "&amp; &#58; &copy; &#x3C;img&#x3E;",
    "headings": "# h1\n## h2\n###### h6\nsetext\n===\nsetext\n---",
    "lists": "- a\n* b\n+ c\n1. d\n2) e\n- [ ] task\n- [x] done",
    "quote and rule": "> quote\n---\n***\n___",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "directives": ":red[x] :blue-background[y] :small[z] :help[q] :red-badge[w] ::leaf :::box",
    "icons and emoji": ":material/home: :material_home: :streamlit: :smile: :+1:",
    "maths": "$x^2$ $$y$$ \\$z\\$",
    "arrows": "a -> b <- c <-> d -- e >= f <= g ~= h",
    "footnote": "x[^1]\n\n[^1]: note",
    "backslashes": "\\*not\\* \\\\ end\\",
    "line breaks": "line1\n\nline3\r\nline4\rline5  \n  indented",
    "times and colons": "10:30:15 a:b:c: 1. 2. a_b_c",
}


class _Rendered(HTMLParser):
    """The tags and the text of rendered HTML; a <br> is a line break, a bare newline a space."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        self.text.append(data.replace("\n", " "))


def rendered(markdown: str) -> tuple[set[str], str]:
    parser = _Rendered()
    parser.feed(COMMONMARK.render(markdown))
    return set(parser.tags), "".join(parser.text)


def lines(text: str) -> list[str]:
    """Text as a reader sees it: line by line, without the white space HTML drops (and the
    ideographic spaces markdown-it trims around a paragraph, which micromark keeps)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(WORD_JOINER, "")
    return [line.strip(" \t") for line in text.strip().split("\n")]


def misreadings(text: str, markdown: str) -> list[str]:
    """How `markdown` would not show `text` as it is, in CommonMark and in Streamlit."""
    tags, shown = rendered(markdown)
    found = [f"<{tag}>" for tag in sorted(tags - {"p", "br"})]
    if lines(shown) != lines(text):
        found.append(f"reads {shown!r}")
    for line in shown.split("\n"):
        found += [name for name, pattern in TEXT_PATTERNS.items() if pattern.search(line)]
    if EMOJI_GATE.search(markdown):
        found.append("emoji plugin loaded")
    if "$" in ESCAPED_PAIRS.sub("_", markdown):
        found.append("maths")
    if ":material/" in markdown:
        found.append("material icon in the source")
    # remark-directive starts a directive at a colon; an escaped colon starts nothing.
    if re.search(r"(?<!\\)(?:\\\\)*:", markdown):
        found.append("unescaped colon")
    return found


@pytest.mark.parametrize("text", CONSTRUCTS.values(), ids=CONSTRUCTS.keys())
def test_every_markdown_and_html_construct_reads_as_its_own_text(text: str) -> None:
    assert misreadings(text, as_text(text)) == [], as_text(text)


@pytest.mark.parametrize("text", CONSTRUCTS.values(), ids=CONSTRUCTS.keys())
def test_the_same_text_unescaped_would_be_drawn_as_markup(text: str) -> None:
    assert misreadings(text, text)


MARKDOWN_ALPHABET = st.sampled_from(
    list("\\`*_[](){}#+-.!|<>~$:/=&@^'\",;?%")
    + list("ab1 \t\n\r")
    + ["http://", "www.", "张", "material", "streamlit", "-->", "1."]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, max_size=40).map("".join))
def test_any_text_of_markdown_characters_reads_as_itself(text: str) -> None:
    assert misreadings(text, as_text(text)) == [], as_text(text)


def test_nothing_is_the_empty_string_and_a_number_its_digits() -> None:
    assert as_text(None) == ""
    assert as_text(12) == "12"
    assert as_text(1.5) == "1\\.5"


def test_plain_chinese_text_is_left_as_it_is() -> None:
    assert as_text("粤海门社区今年被同一部门（区住建局）多次考核评比，共 3 项。") == (
        "粤海门社区今年被同一部门（区住建局）多次考核评比，共 3 项。"
    )
