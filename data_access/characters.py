"""Characters no stored text may hold, and the short, visible form in which a message repeats
a value. Plain Python (no i18n, no database), so that settings and the importer share it.

Refused are control (Cc), format (Cf: bidi overrides and isolates, invisible marks and
operators, tags) and surrogate (Cs) characters, and the line and paragraph separators (Zl, Zp).
Stored, they print as something else than what was checked (`T5-NUL\\x003` becomes `T5-NUL3`),
move a terminal's cursor (ESC, CSI), reorder what a screen shows (U+202E), or make two numbers
look alike (U+200E). Free text may hold tab and line breaks (CR too: Excel on Windows writes
CR LF inside a cell). Zero-width spaces and the spaces around a value are taken off instead,
as the cell parsers always did.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
FREE_TEXT_ALLOWED = "\t\n\r"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
ECHO_LIMIT = 50


@cache
def _refused_ranges() -> tuple[tuple[int, int], ...]:
    """The refused code points as (first, last) ranges, found once per process (0.1 s)."""
    ranges: list[tuple[int, int]] = []
    for point in range(sys.maxunicode + 1):
        if unicodedata.category(chr(point)) in REFUSED_CATEGORIES:
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1] = (ranges[-1][0], point)
            else:
                ranges.append((point, point))
    return tuple(ranges)


@cache
def _refused(free_text: bool) -> re.Pattern[str]:
    """One character class of every refused character (a regex scans a whole import in C, where
    a category lookup per character would not); in free text, tab and line breaks are allowed."""
    allowed = sorted(map(ord, FREE_TEXT_ALLOWED)) if free_text else []
    parts: list[str] = []
    for first, last in _refused_ranges():
        for point in [point for point in allowed if first <= point <= last]:
            if first < point:
                parts.append(f"\\U{first:08x}-\\U{point - 1:08x}")
            first = point + 1
        if first <= last:
            parts.append(f"\\U{first:08x}-\\U{last:08x}")
    return re.compile("[" + "".join(parts) + "]")


def code_point(char: str) -> str:
    """U+001B: how a message names a character that cannot be shown."""
    return f"U+{ord(char):04X}"


def refused_character(value: object, *, free_text: bool = False) -> tuple[int, str] | None:
    """The first refused character of `value` (trimmed, zero-width characters taken off) and
    its position counted from 1, or None (also for a value that is not text)."""
    if not isinstance(value, str):
        return None
    found = _refused(free_text).search(value.translate(ZERO_WIDTH).strip())
    return None if found is None else (found.start() + 1, found.group())


def is_clean(value: object, *, free_text: bool = False) -> bool:
    """Whether `value` holds no refused character."""
    return refused_character(value, free_text=free_text) is None


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value as a message repeats it: at most `limit` characters (then …), every refused
    character shown as its code point ([U+0000]), so that an echo can neither flood a report
    nor move a terminal's cursor, and an XLSX error report can always hold it."""
    text = "" if value is None else str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _refused(False).sub(lambda found: f"[{code_point(found.group())}]", text)
