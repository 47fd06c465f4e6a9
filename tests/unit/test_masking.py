"""Masking of dispute summaries: phone and ID numbers and names never shown by default."""

from __future__ import annotations

import pytest

from data_access.privacy import mask_personal


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
        "2026年9月3日受理，涉及3户",  # dates and small numbers are not phone numbers
        "",
    ],
)
def test_text_without_personal_data_is_left_as_it_is(text: str) -> None:
    assert mask_personal(text) == text


def test_no_text_is_empty_text() -> None:
    assert mask_personal(None) == ""
