"""The cell parsers: every accepted form of a date, boolean, number and enumeration, and
property-based checks that what a person could type round-trips and nothing else slips in."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_access import cells
from data_access.cells import CellError
from i18n import enum_labels

# No example database in the working tree: each run draws afresh (seeded by pytest's run).
settings.register_profile("streetdash", database=None)
settings.load_profile("streetdash")

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
FULL_WIDTH = str.maketrans("0123456789-/.", "０１２３４５６７８９－／．")


def spaced(text: str, left: str, right: str) -> str:
    return f"{left}{text}{right}"


PADDING = st.sampled_from(["", " ", "\u3000", "\u200b", "\ufeff", "\t", " \u3000 "])


@given(day=DATES, left=PADDING, right=PADDING)
def test_every_written_form_of_a_date_parses_to_that_date(day: date, left: str, right: str) -> None:
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}-{day.month}-{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}年{day.month}月{day.day}",
        f"{day.isoformat()} 00:00:00",
        day.isoformat().translate(FULL_WIDTH),
    ]
    for form in forms:
        assert cells.parse_date(spaced(form, left, right)) == day, form


@given(day=DATES)
def test_excel_date_cells_and_serial_numbers_parse_from_the_1899_12_30_origin(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    assert cells.parse_date(serial) == day
    assert cells.parse_date(float(serial)) == day
    assert cells.parse_date(str(serial)) == day
    assert cells.parse_date(datetime(day.year, day.month, day.day)) == day
    assert cells.parse_date(day) == day


def test_known_serials_match_excel() -> None:
    # Excel shows 45292 as 2024-01-01 and 46268 as 2026-09-03 (to_datetime lost it).
    assert cells.parse_date(45292) == date(2024, 1, 1)
    assert cells.parse_date("46268") == date(2026, 9, 3)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2026/13/1",
        "2026年2月30日",
        "3/9/2026",
        "20260903",
        "明天",
        "2026-09",
        "",
        "2026-09-03 14:30",
        "1899-12-31",
        "2101-01-01",
        "0",
        "-5",
    ],
)
def test_what_is_not_one_of_the_accepted_dates_is_refused(text: str) -> None:
    with pytest.raises(CellError) as refused:
        cells.parse_date(text)
    assert refused.value.reason in {"err_not_date", "err_date_range"}


@given(text=st.text(max_size=12))
def test_a_date_parse_either_succeeds_in_range_or_says_why(text: str) -> None:
    try:
        parsed = cells.parse_date(text)
    except CellError as error:
        assert error.reason in {"err_not_date", "err_date_range"}
    else:
        assert cells.FIRST_YEAR <= parsed.year <= cells.LAST_YEAR


TRUE_FORMS = ["是", "Y", "y", "yes", "YES", "true", "True", "TRUE", "1", "１", "Ｙ", "有", "√"]
FALSE_FORMS = ["否", "N", "n", "no", "false", "FALSE", "0", "０", "无", "×"]


@given(left=PADDING, right=PADDING, truth=st.booleans(), index=st.integers(0, 9))
def test_every_spelling_of_yes_and_no_parses(
    left: str, right: str, truth: bool, index: int
) -> None:
    form = (TRUE_FORMS if truth else FALSE_FORMS)[index]
    assert cells.parse_bool(spaced(form, left, right)) is truth


@given(value=st.booleans())
def test_boolean_cells_and_one_and_zero_numbers_are_booleans(value: bool) -> None:
    assert cells.parse_bool(value) is value
    assert cells.parse_bool(int(value)) is value
    assert cells.parse_bool(float(value)) is value


@given(text=st.text(max_size=6))
def test_anything_else_is_not_a_boolean(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text).translate(cells.ZERO_WIDTH).strip().lower()
    if folded in cells.TRUE_WORDS | cells.FALSE_WORDS:
        return
    with pytest.raises(CellError, match="err_not_bool"):
        cells.parse_bool(text)


@given(number=st.integers(min_value=0, max_value=10**12), left=PADDING, right=PADDING)
def test_whole_numbers_parse_plain_grouped_full_width_and_as_numeric_cells(
    number: int, left: str, right: str
) -> None:
    grouped = f"{number:,}"
    full_width = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for form in (str(number), grouped, full_width, f"{number}.0"):
        assert cells.parse_int(spaced(form, left, right)) == number
    assert cells.parse_int(number) == number
    assert cells.parse_int(float(number)) == number


@given(number=st.integers(min_value=-(10**6), max_value=-1))
def test_a_whole_number_below_the_minimum_is_refused_with_the_minimum(number: int) -> None:
    with pytest.raises(CellError) as refused:
        cells.parse_int(str(number), minimum=0)
    assert refused.value.reason == "err_below_minimum"
    assert refused.value.params == {"minimum": 0}


@pytest.mark.parametrize("text", ["1.5", "abc", "1,23", "1e3", "", "--1", True])
def test_what_is_not_a_whole_number_is_refused(text: object) -> None:
    with pytest.raises(CellError, match="err_not_int"):
        cells.parse_int(text)


@given(
    number=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
)
def test_decimal_numbers_round_trip_through_their_text(number: float) -> None:
    assert cells.parse_number(repr(number) if "e" not in repr(number) else number) == number
    assert cells.parse_number(number) == number


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1.2.3", "二", ".", "", "1e400"])
def test_what_is_not_a_finite_number_is_refused(text: str) -> None:
    with pytest.raises(CellError, match="err_not_number"):
        cells.parse_number(text)


ENUMS = [
    "category",
    "source",
    "status",
    "level",
    "form",
    "topic_category",
    "implementation",
    "org_category",
    "stage",
    "incubator",
    "kind",
    "list_status",
    "outcome",
]


@st.composite
def enum_value(draw: st.DrawFn) -> tuple[str, str, str]:
    """(enumeration, code, how a person wrote it: code or zh/en label, any case, padded)."""
    enum = draw(st.sampled_from(ENUMS))
    code = draw(st.sampled_from(list(enum_labels(enum, "zh"))))
    written = draw(
        st.sampled_from(
            [
                code,
                code.upper(),
                enum_labels(enum, "zh")[code],
                enum_labels(enum, "en")[code],
                enum_labels(enum, "en")[code].lower(),
            ]
        )
    )
    return enum, code, draw(PADDING) + written + draw(PADDING)


@given(case=enum_value())
def test_an_enumeration_takes_its_code_or_either_label(case: tuple[str, str, str]) -> None:
    enum, code, written = case
    assert cells.parse_enum(written, enum) == code


@given(enum=st.sampled_from(ENUMS), text=st.text(max_size=8))
def test_an_enumeration_refuses_anything_that_is_not_a_code_or_label(enum: str, text: str) -> None:
    try:
        code = cells.parse_enum(text, enum)
    except CellError as error:
        assert error.reason == "err_not_enum"
        assert error.params == {"enum": enum}
    else:
        assert code in enum_labels(enum, "zh")


def test_full_width_labels_and_digits_are_normalised() -> None:
    assert cells.parse_enum("１２３４５热线", "source") == "hotline"
    assert cells.parse_enum("政务ＡＰＰ／工作群", "kind") == "app_group"


def test_text_is_trimmed_of_ideographic_and_zero_width_spaces() -> None:
    assert cells.clean_text("\u3000粤海\u200b门社区\ufeff ") == "粤海门社区"


def test_the_apostrophe_our_exports_put_before_formula_like_text_is_taken_off() -> None:
    assert cells.clean_text("'=1+1") == "=1+1"
    assert cells.clean_text("'-3 人") == "-3 人"
    assert cells.clean_text("'普通文字") == "'普通文字"


def test_text_longer_than_its_column_is_refused_with_the_limit() -> None:
    with pytest.raises(CellError) as refused:
        cells.parse_text("字" * 101, max_length=100)
    assert refused.value.params == {"limit": 100}


def test_excel_serial_days_are_counted_from_1899_12_30() -> None:
    assert cells.EXCEL_EPOCH + timedelta(days=1) == date(1899, 12, 31)


def test_free_text_keeps_its_chinese_punctuation_while_codes_are_normalised() -> None:
    assert cells.parse_text("\u3000邻居噪音，网格员（张）协调：已解决\u200b") == (
        "邻居噪音，网格员（张）协调：已解决"
    )
    assert cells.parse_text("ＹＨ０１－２０２６", nfkc=True) == "YH01-2026"


REFUSED_CHARACTERS = [
    "\x00",  # NUL: stored by PostgreSQL never, by SQLite silently, printed as nothing
    "\x08",  # backspace
    "\x0b",  # vertical tab (Word's line break)
    "\x1b",  # ESC: the start of a terminal escape sequence
    "\x7f",  # DEL
    "\x9b",  # CSI: a one-character escape sequence on some terminals
    "\u200e",  # left-to-right mark: invisible, so two numbers look alike
    "\u202e",  # right-to-left override: reorders what follows on screen
    "\u2066",  # left-to-right isolate
    "\u2028",  # line separator
    "\U000e0041",  # tag latin capital A: invisible text
]


@pytest.mark.parametrize("free_text", [False, True], ids=["code", "free_text"])
@pytest.mark.parametrize("char", REFUSED_CHARACTERS, ids=lambda char: f"U+{ord(char):04X}")
def test_a_control_or_format_character_inside_a_cell_is_refused_with_its_code_and_place(
    char: str, free_text: bool
) -> None:
    with pytest.raises(CellError) as refused:
        cells.check_characters(f" T5{char}3", free_text=free_text)
    assert refused.value.reason == "err_control_character"
    assert refused.value.params == {"char": f"U+{ord(char):04X}", "position": 3}


@pytest.mark.parametrize("text", ["楼上\n楼下", "甲\t乙", "Windows 换行\r\n第二行"])
def test_free_text_may_hold_tabs_and_line_breaks_and_a_code_may_not(text: str) -> None:
    cells.check_characters(text, free_text=True)
    with pytest.raises(CellError):
        cells.check_characters(text, free_text=False)


def test_spaces_and_zero_width_characters_around_a_value_are_trimmed_not_refused() -> None:
    cells.check_characters("\u3000\tD-0001\u200b\ufeff\r\n", free_text=False)
    cells.check_characters("D-\u200b0001", free_text=False)
    cells.check_characters(12.5, free_text=False)
