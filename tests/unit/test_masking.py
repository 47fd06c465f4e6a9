"""Masking of dispute summaries: phone and ID numbers and names never shown by default."""

from __future__ import annotations

import pytest

from data_access.privacy import mask_personal
from demo.street_disputes import DISPUTE_SUMMARIES


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # A mobile keeps its first three and last four digits, with or without separators.
        ("电话13812345678", "电话138****5678"),
        ("联系电话 138-1234-5678。", "联系电话 138****5678。"),
        ("手机 139 8765 4321", "手机 139****4321"),
        # A landline keeps its area code and last four digits.
        ("固话0755-26012345", "固话0755-****2345"),
        # An 18-character ID number keeps the region (6) and the last four; its digits are not
        # taken for a phone number.
        ("身份证44030519800101123X", "身份证440305********123X"),
        ("证号440305198001011234号", "证号440305********1234号"),
        # Names after a word for a person keep only the surname, and the same name is masked
        # wherever else it appears in the text.
        (
            "居民张三与邻居李四因漏水发生纠纷，张三称李四不在家",
            "居民张*与邻居李*因漏水发生纠纷，张*称李*不在家",
        ),
        ("业主王建国反映物业问题", "业主王*反映物业问题"),
        ("业主欧阳娜娜投诉", "业主欧阳*投诉"),  # a compound surname stays whole
        # Before a form of address; and after a label.
        ("请张小明女士到社区，张小明已同意", "请张*女士到社区，张*已同意"),
        ("当事人：刘德华，申请人：陈一", "当事人：刘*，申请人：陈*"),
        # Already pseudonymised names are brought to the same form.
        ("赵某某与钱某发生争执", "赵*与钱*发生争执"),
    ],
)
def test_personal_data_is_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "楼上漏水引发邻里纠纷，已组织双方调解",
        "业主房屋漏水维修责任纠纷",  # 房 after 业主 starts a word, not a name
        "居民安全隐患排查",
        "请王先生到社区",  # a surname with a form of address alone identifies no one
        "王先生说",
        "业主陆续反映漏水",  # common words that begin with a surname are no names
        "周边居民反映噪音",
        "3栋A座1202室",  # a letter between digits joins them, but 5 digits are no number
        "2026年9月3日受理，涉及3户",  # dates and small numbers are not phone numbers
        "",
    ],
)
def test_text_without_personal_data_is_left_as_it_is(text: str) -> None:
    assert mask_personal(text) == text


def test_no_text_is_empty_text() -> None:
    assert mask_personal(None) == ""


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # Full-width digits, and full-width digits with full-width hyphens.
        ("电话１３８１２３４５６７８", "电话138****5678"),
        ("电话１３８－１２３４－５６７８", "电话138****5678"),
        # Runs of separators: two spaces, dots.
        ("手机 138  1234  5678", "手机 138****5678"),
        ("手机138.1234.5678", "手机138****5678"),
        # The country code glued to the number, with or without its plus sign.
        ("电话8613812345678", "电话138****5678"),
        ("电话+8613812345678", "电话138****5678"),
        # An ID number written in groups with spaces.
        ("身份证440305 19900101 1234", "身份证440305********1234"),
        # A landline with its area code in brackets, half- or full-width.
        ("固话(0755)86123456", "固话0755-****3456"),
        ("固话（0755）86123456", "固话0755-****3456"),
    ],
)
def test_numbers_written_to_slip_past_the_mask_are_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # A name before 电话/手机 after a word for a person, and the same name later on.
        (
            "业主王小明电话13812345678，王小明称已报警",
            "业主王*电话138****5678，王*称已报警",
        ),
        ("居民李建华手机13912345678", "居民李*手机139****5678"),
        # A name at the start of a sentence before 反映/称/说, or before a comma and a gender
        # or a phone number.
        ("王小明反映楼上漏水", "王*反映楼上漏水"),
        ("装修噪音，王小明称对方不听劝阻", "装修噪音，王*称对方不听劝阻"),
        ("据刘德华说，对方已搬走", "据刘*说，对方已搬走"),
        ("王小明，男，45岁，与邻居发生争执", "王*，男，45岁，与邻居发生争执"),
        ("王小明，13812345678", "王*，138****5678"),
        # The next names of a list; a gender in brackets.
        ("居民张三、李四、王五反映", "居民张*、李*、王*反映"),
        ("王小明（男，45岁）", "王*（男，45岁）"),
        # After a word for a person or a label with nothing that usually follows a name: the
        # longest name, a character too many rather than one too few.
        ("居民王丽楼上漏水", "居民王*上漏水"),
        ("联系人：王五电话13812345678", "联系人：王*电话138****5678"),
    ],
)
def test_names_before_a_phone_a_speech_word_or_a_comma_are_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # Other separators: slashes, underscores, tildes, stars, emoji, the ideographic space,
        # zero-width spaces, a long run of them.
        ("电话138/1234/5678", "电话138****5678"),
        ("电话138_1234_5678", "电话138****5678"),
        ("电话138~1234~5678", "电话138****5678"),
        ("电话138*1234*5678", "电话*************"),  # a star is a digit hidden already
        ("电话138😀1234😀5678", "电话138****5678"),
        ("电话138\u30001234\u30005678", "电话138****5678"),
        ("电话138\u200b1234\u200b5678", "电话138****5678"),
        ("电话138 - - - 1234 . . . 5678", "电话138****5678"),
        # Half- and full-width mixed; circled, Arabic-Indic and combining-marked digits.
        ("电话13８1２345６78", "电话138****5678"),
        ("电话①③⑧①②③④⑤⑥⑦⑧", "电话138****5678"),
        (
            "电话\u0661\u0663\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
            "电话138****5678",
        ),
        ("电话1\u03323\u03328\u03321234 5678", "电话138****5678"),
        # Letters for digits between digits, Chinese numerals, 0086 before a landline.
        ("电话138l2345678", "电话138****5678"),
        ("电话138a1234b5678", "电话138****5678"),
        ("电话138一二三四5678", "电话138****5678"),
        ("电话一三八一二三四五六七八", "电话138****5678"),
        ("电话幺三八 幺二三四 五六七八", "电话138****5678"),
        ("电话0086-755-86123456", "电话0755-****3456"),
        # An ID number with a lowercase x, written in groups.
        ("证号440305 19800101 123x。", "证号440305********123x。"),
        # Invisible and look-alike characters inside a name, a space between its characters.
        ("业主王\u200b小明电话", "业主王*电话"),
        ("业主王 小明反映噪音", "业主王*反映噪音"),
        ("居民\uf9e1小明反映", "居民李*反映"),  # U+F9E1, the compatibility form of 李
    ],
)
def test_numbers_and_names_disguised_in_other_ways_are_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # The eager rule: any run of 7 digits or more loses all its digits when it is not a
        # phone or an ID number: dates written with separators, large amounts.
        ("2026-09-03受理", "****-**-**受理"),
        ("涉及金额1200000元", "涉及金额*******元"),
        # Several numbers in one run: after the first, only the last four digits of each, so
        # that no seven digits stand in a row.
        ("电话13812345678、13987654321", "电话138****5678、*******4321"),
        ("电话13812345678/0755-86123456", "电话138****5678/********3456"),
    ],
)
def test_any_run_of_seven_digits_is_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # Full-width punctuation and digits stay as written where nothing is masked.
        ("（一）居民反映：楼上漏水，涉及３户。", "（一）居民反映：楼上漏水，涉及３户。"),
        ("电话：１３８１２３４５６７８，（已回访）", "电话：138****5678，（已回访）"),
        # Masked numbers and pseudonyms stay as they are.
        ("电话138****5678，身份证440305********123X", "电话138****5678，身份证440305********123X"),
        ("当事人张某反映", "当事人张*反映"),
        # A Chinese numeral of a name next to a number stays with the name.
        ("居民张三13812345678", "居民张*138****5678"),
    ],
)
def test_text_keeps_its_own_characters_where_nothing_is_masked(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


def test_the_demo_summaries_which_name_no_one_are_left_as_they_are() -> None:
    summaries = [summary for texts in DISPUTE_SUMMARIES.values() for summary in texts]
    assert [mask_personal(summary) for summary in summaries] == summaries
