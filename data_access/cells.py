"""Cell parsers: one cell (text, number, date or bool as a reader or an entry form gives it) in,
one typed value out, or a `CellError` naming the reason (an i18n key and its values).

Spreadsheet vocabulary (是/否, 年月日) is grammar of the accepted input, so it lives here; the
characters no cell may hold are data_access.characters' (`check_characters` refuses them).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from data_access.characters import ZERO_WIDTH, code_point, refused_character
from i18n import LANGUAGES, enum_labels

EXCEL_EPOCH = date(1899, 12, 30)
FIRST_YEAR, LAST_YEAR = 1900, 2100
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")

TRUE_WORDS = frozenset({"是", "y", "yes", "true", "t", "1", "有", "√", "✓", "对"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "f", "0", "无", "×", "✗", "不是", "错"})

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
)
_MIDNIGHT = re.compile(r"(.+?)[ T]0{1,2}:00(:00(\.0+)?)?")
_SERIAL = re.compile(r"\d{1,5}(\.0+)?")
_INTEGER = re.compile(r"[+-]?\d{1,3}(,\d{3})+|[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?")


@dataclass
class CellError(Exception):
    """Why a cell was refused: an i18n key (`err_…`) and the values its text needs."""

    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.reason} {dict(self.params)}" if self.params else self.reason


class FormulaCell:
    """A cell holding a formula, as a reader gives it (`importing.xlsx_sheet.Formula`): never a
    value. The record checks refuse it with its row and column, showing its `text`; they know
    this base only, so that the data layer needs nothing of the readers."""

    __slots__ = ()

    @property
    def text(self) -> str:
        raise NotImplementedError


def clean_text(value: object, *, nfkc: bool = True) -> str:
    """Text as a person meant it: no zero-width characters, U+3000 and other spaces trimmed,
    and the apostrophe our exports put before formula-like text taken off again. With `nfkc`
    (codes, numbers, dates, choices) full-width letters, digits and punctuation become
    half-width; free text keeps its Chinese punctuation (，：（）) as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if nfkc:
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(ZERO_WIDTH).strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def check_characters(value: object, *, free_text: bool = False) -> None:
    """Refuse text holding a control, format or separator character (a NUL, ESC, a bidi override
    …): stored, it would be printed as something else than what was checked (`T5-NUL\\x003`
    becomes `T5-NUL3`) or reorder what a screen shows. Zero-width characters and the spaces
    around the text are taken off by `clean_text` instead, as before."""
    found = refused_character(value, free_text=free_text)
    if found is not None:
        position, char = found
        raise CellError("err_control_character", {"char": code_point(char), "position": position})


def is_empty(value: object) -> bool:
    return clean_text(value) == ""


def parse_text(value: object, *, max_length: int | None = None, nfkc: bool = False) -> str:
    """Free text (as written, trimmed) or, with `nfkc`, a code or number such as a case number."""
    text = clean_text(value, nfkc=nfkc)
    if max_length is not None and len(text) > max_length:
        raise CellError("err_text_too_long", {"limit": max_length})
    return text


def _checked(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError("err_date_range", {"first": FIRST_YEAR, "last": LAST_YEAR})
    return day


def _from_serial(serial: float) -> date:
    if not math.isfinite(serial) or serial < 1 or serial > 80_000:
        raise CellError("err_not_date")
    return _checked(EXCEL_EPOCH + timedelta(days=math.floor(serial)))


def parse_date(value: object) -> date:
    """A date from an Excel date cell, an Excel serial number, or text in one of the accepted
    forms (2026-09-03, 2026/9/3, 2026.9.3, 2026年9月3日; a midnight time part is allowed)."""
    if isinstance(value, datetime):
        return _checked(value.date())
    if isinstance(value, date):
        return _checked(value)
    if isinstance(value, bool):
        raise CellError("err_not_date")
    if isinstance(value, int | float):
        return _from_serial(float(value))
    text = clean_text(value).replace(" ", "") if "年" in clean_text(value) else clean_text(value)
    midnight = _MIDNIGHT.fullmatch(text)
    if midnight:
        text = midnight.group(1)
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text))
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return _checked(date(year, month, day))
            except ValueError as error:
                raise CellError("err_not_date") from error
    raise CellError("err_not_date")


def parse_bool(value: object) -> bool:
    """是/否, Y/N, yes/no, true/false, 1/0 (and 有/无, √/×), any case and width."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = clean_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError("err_not_bool")


def parse_int(value: object, *, minimum: int | None = None) -> int:
    """A whole number: 12, 1,234, １２ (full width) or 12.0 from a numeric cell."""
    if isinstance(value, bool):
        raise CellError("err_not_int")
    if isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            raise CellError("err_not_int")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = clean_text(value).replace(" ", "")
        if re.fullmatch(r"[+-]?\d+\.0+", text):
            text = text.split(".")[0]
        if not _INTEGER.fullmatch(text):
            raise CellError("err_not_int")
        number = int(text.replace(",", ""))
    if minimum is not None and number < minimum:
        raise CellError("err_below_minimum", {"minimum": minimum})
    return number


def parse_number(value: object, *, minimum: float | None = None) -> float:
    """A finite decimal number: 2.5, 1,234.5, ２.５ or a numeric cell."""
    if isinstance(value, bool):
        raise CellError("err_not_number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = clean_text(value).replace(" ", "")
        if not text or text in "+-." or not _DECIMAL.fullmatch(text):
            raise CellError("err_not_number")
        number = float(text.replace(",", ""))
    if not math.isfinite(number):
        raise CellError("err_not_number")
    if minimum is not None and number < minimum:
        raise CellError("err_below_minimum", {"minimum": f"{minimum:g}"})
    return number


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "")


def parse_enum(value: object, enum: str) -> str:
    """The code of enumeration `enum` (an i18n ENUMS name) given as its code or as its zh or
    en label, in any case and width."""
    wanted = _folded(clean_text(value))
    for lang in LANGUAGES:
        for code, label in enum_labels(enum, lang).items():
            if wanted in (_folded(code), _folded(label)):
                return code
    raise CellError("err_not_enum", {"enum": enum})
