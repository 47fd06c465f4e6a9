"""Property tests of masking: phone and ID numbers written in any form, and names in any of the
places case notes put them, embedded in random Chinese sentences, never come out readable.

"Readable" is judged on the NFKC-folded output with every character that is neither a letter,
a digit nor a star taken out: what a reader sees once separators are ignored.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from data_access.privacy import mask_personal

SETTINGS = settings(max_examples=200, deadline=None)
RUN = 7  # no 7 digits of a number may stay readable in a row

DIGITS = "0123456789"
# Random sentences around the personal data: words of case notes, punctuation and a few
# surnames and Chinese numerals, no digits (the only digits are the number's own).
FILLER = st.text(
    alphabet=st.sampled_from(
        list("楼上漏水引发邻里纠纷已组织双方调解装修噪音扰民网格员门协堆放杂物宠饲养空外机滴问题")
        + list("王李张高周一三，。、 ")
    ),
    max_size=12,
)
# What may stand between the characters of a number: spaces, dots, hyphens, slashes, stars,
# brackets, full-width forms, the ideographic and zero-width spaces, in runs.
SEPARATORS = st.text(
    alphabet=st.sampled_from(
        [
            " ",
            "-",
            ".",
            "/",
            "_",
            "~",
            "*",
            "(",
            ")",
            "·",
            "—",
            "－",
            "．",
            "／",
            "\u3000",
            "\u200b",
        ]
    ),
    max_size=3,
)


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.sampled_from(DIGITS), min_size=count, max_size=count)


def mobiles() -> st.SearchStrategy[list[str]]:
    """A mobile number, sometimes behind 86, +86 or 0086, as the pieces it is written in."""
    number = st.builds(
        lambda second, rest: f"1{second}{rest}", st.sampled_from("3456789"), digits(9)
    )
    prefix = st.sampled_from(["", "86", "+86", "0086", "+86 "])
    return st.builds(lambda p, n: [p, n] if p else [n], prefix, number)


def landlines() -> st.SearchStrategy[list[str]]:
    """A landline with its area code: 0755-86123456, (0755)86123456, +86 755 86123456."""
    area = st.one_of(
        st.builds(
            lambda d: f"0{d}",
            st.sampled_from(["10", "20", "21", "22", "23", "24", "25", "27", "28", "29"]),
        ),
        st.builds(lambda first, rest: f"0{first}{rest}", st.sampled_from("3456789"), digits(2)),
    )
    local = st.builds(
        lambda first, rest: f"{first}{rest}",
        st.sampled_from("23456789"),
        st.one_of(digits(6), digits(7)),
    )
    form = st.sampled_from(["plain", "brackets", "country"])

    def written(a: str, n: str, f: str) -> list[str]:
        if f == "brackets":
            return [f"({a})", n]
        if f == "country":
            return ["+86", a[1:], n]
        return [a, n]

    return st.builds(written, area, local, form)


def id_numbers() -> st.SearchStrategy[list[str]]:
    """An 18-character ID number (region, birth date, sequence, check digit or X)."""
    check = st.sampled_from(list(DIGITS) + ["X", "x"])
    return st.builds(
        lambda region, born, sequence, last: [region, born, sequence + last],
        digits(6),
        digits(8),
        digits(3),
        check,
    )


@st.composite
def written(draw: st.DrawFn, pieces: list[str]) -> str:
    """`pieces` cut again at random places and joined by runs of separators, each character
    half- or full-width."""
    text = "".join(pieces)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=5)))
    cuts = sorted(set(cuts) | {sum(map(len, pieces[: i + 1])) for i in range(len(pieces) - 1)})
    parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    joined = parts[0]
    for part in parts[1:]:
        joined += draw(SEPARATORS) + part
    full_width = draw(st.lists(st.booleans(), min_size=len(joined), max_size=len(joined)))
    return "".join(
        chr(ord(char) + 0xFEE0) if wide and "!" <= char <= "~" else char
        for char, wide in zip(joined, full_width, strict=True)
    )


NUMBERS = st.one_of(mobiles(), landlines(), id_numbers())
LABELS_BEFORE_NUMBERS = st.sampled_from(["", "电话", "手机：", "联系电话 ", "身份证号", "固话"])


def readable(text: str) -> str:
    """`text` NFKC-folded, with all but letters, digits and stars taken out."""
    return re.sub(r"[^\w*]|_", "", unicodedata.normalize("NFKC", text))


def windows(number_digits: str) -> set[str]:
    return {number_digits[i : i + RUN] for i in range(len(number_digits) - RUN + 1)}


@SETTINGS
@given(pieces=NUMBERS, data=st.data(), before=FILLER, label=LABELS_BEFORE_NUMBERS, after=FILLER)
def test_no_seven_digits_of_a_phone_or_id_number_stay_readable_in_any_form(
    pieces: list[str], data: st.DataObject, before: str, label: str, after: str
) -> None:
    number = data.draw(written(pieces))
    masked = readable(mask_personal(f"{before}{label}{number}{after}"))
    number_digits = re.sub(r"\D", "", "".join(pieces))
    assert not [window for window in windows(number_digits) if window in masked], masked


@SETTINGS
@given(
    first=st.lists(NUMBERS, min_size=2, max_size=3),
    data=st.data(),
    between=st.sampled_from(["、", "，", "/", " ", ";", "或"]),
)
def test_no_seven_digits_stay_readable_when_several_numbers_follow_one_another(
    first: list[list[str]], data: st.DataObject, between: str
) -> None:
    numbers = [data.draw(written(pieces)) for pieces in first]
    masked = readable(mask_personal("电话" + between.join(numbers) + "。"))
    for pieces in first:
        number_digits = re.sub(r"\D", "", "".join(pieces))
        assert not [window for window in windows(number_digits) if window in masked], masked


@SETTINGS
@given(
    pieces=st.lists(
        st.one_of(
            # Digits of any width and script among separators, or any characters at all.
            st.text(
                alphabet=st.sampled_from(
                    list(DIGITS + "０１２３４５６７８９١٣٨①" + " -.*/()+_，、\u3000\u200b\u0332")
                ),
                max_size=12,
            ),
            st.text(max_size=4),
        ),
        max_size=8,
    )
)
def test_no_text_at_all_comes_out_with_seven_digits_in_a_row(pieces: list[str]) -> None:
    assert not re.search(rf"\d{{{RUN}}}", readable(mask_personal("".join(pieces))))


SURNAMES = st.sampled_from(
    list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑") + ["欧阳", "司马", "诸葛"]
)
GIVEN_NAMES = st.text(
    alphabet=st.sampled_from(
        list("明建国秀英伟芳敏静丽强磊军洋勇艳杰涛超霞刚桂华玉兰萍红梅志新文斌浩宇晨")
    ),
    min_size=1,
    max_size=2,
)
PERSON_WORDS = st.sampled_from(
    ["居民", "业主", "租户", "当事人", "申请人", "邻居", "对方", "家属", "投诉人", "老人", "男子"]
)
AFTER_NAMES = st.sampled_from(
    ["电话13812345678", "手机", "反映", "称", "说", "，", "。", "与邻居", "因", " ", ""]
)
LABELS = st.sampled_from(["姓名：", "联系人：", "当事人:", "申请人： ", "姓名 : "])
TITLES = st.sampled_from(["先生", "女士", "阿姨", "师傅"])
SPEECH = st.sampled_from(["称", "说", "反映", "表示", "，电话13812345678", "，男，", "，女，"])


@st.composite
def names_in_context(draw: st.DrawFn) -> tuple[str, str]:
    """(full name, the text around it): after a word for a person or a label, before a form
    of address, at the start of a sentence before what a person says or a gender; sometimes a
    space or a zero-width space between the name's characters."""
    surname, given_name = draw(SURNAMES), draw(GIVEN_NAMES)
    name = surname + given_name
    gap = draw(st.sampled_from(["", "", " ", "\u200b"]))
    shown = surname + gap + given_name
    context = draw(st.sampled_from(["person", "label", "title", "sentence"]))
    if context == "person":
        text = draw(PERSON_WORDS) + shown + draw(AFTER_NAMES)
    elif context == "label":
        text = draw(LABELS) + shown + draw(st.sampled_from(["，", "。", "电话", " ", ""]))
    elif context == "title":
        text = shown + draw(TITLES)
    else:
        text = "。" + shown + draw(SPEECH)
    return name, draw(FILLER) + text + draw(FILLER)


@SETTINGS
@given(case=names_in_context(), again=st.booleans())
def test_no_full_name_stays_readable_where_case_notes_put_names(
    case: tuple[str, str], again: bool
) -> None:
    name, text = case
    if again:  # the same name once more, without its context
        text += f"。{name}又来访"
    assert name not in readable(mask_personal(text))
