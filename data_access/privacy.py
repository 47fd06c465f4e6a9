"""Dispute summaries: personal data, masked by default, shown in full only to a permitted
account and only with an audit entry (PITFALLS.md, "Personal data (PIPL)").

Who may read a summary at all is `Principal.may_read_summary`: admins, and community staff for
their own communities. Everything here reads the summary column itself; no other query does,
so the text cannot reach a page, a cache, an export or a PDF by another way.

Masking is deliberately eager: it would rather hide a word too many than leave a phone number,
an ID number or a name on the screen. Names are found where Chinese case notes put them — after
a word for a person (居民, 业主, 当事人 …), before a form of address (先生, 女士, 阿姨 …) and after
a label (姓名：) — and keep only the surname: 张三 → 张*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from sqlmodel import col

from data_access import audit
from data_access.accounts import Principal
from data_access.db import read_connection, run_write
from data_access.models import Dispute

UNMASK_ACTION = "summary_unmask"
MAX_REASON_LENGTH = 200

# Surnames that start a masked name. Characters that are also common words in case notes
# (于, 向, 和, 方, 房, 车, 安 …) are left out: after 业主 or 居民 they usually begin
# a phrase (业主房屋, 居民安全), not a name: the mask would eat the sentence.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅邱秦邹孟熊白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵覃武"
    "钱戴严莫孔汤温牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞左柳祝宁尚符舒阮柯纪梅童凌"
    "毕季裴霍涂苗谷盛曲翁冉骆蓝辛靳柴蒙鲍喻祁蒲滕屈饶牟艾尤阳穆农卓古吉缪项芦麦褚娄窦戚岑景卜"
    "晏米柏瞿桂佟臧闵苟邬边卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝高"
)
_COMPOUND_SURNAMES = "欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐"
_PERSON_WORDS = (
    "居民|业主|租户|租客|房东|住户|当事人|申请人|被申请人|村民|员工|职工|工人|商户|店主|"
    "老人|男子|女子|家属|联系人|报告人|投诉人|举报人|来访人|学生|患者|司机|车主|师傅|"
    "邻居|对方|丈夫|妻子|儿子|女儿|父亲|母亲|保姆|孙子|孙女"
)
_TITLES = "先生|女士|小姐|阿姨|大爷|大妈|大姐|大哥|老师|师傅|同学|老人|夫妇|一家"
_LABELS = "姓名|联系人|当事人|申请人|被申请人|户主|监护人"
# What usually follows a name in a case note; tried first so that 李四反映 masks 四, not 四反.
_AFTER_NAME = (
    "与|和|及|同|跟|因|称|说|反映|投诉|来访|来电|表示|要求|认为|家|的|向|在|于|对|将|把|被|"
    "到|等|也|都|已|未|不|曾|拖欠|租|借|一家|夫妇|"
    "[，。、；：,.;:（）()\\s]|$"
)
_SURNAME = f"(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])"
_HAN = "[\u4e00-\u9fff]"

# 18-digit ID numbers first, so that their digits are not taken for a phone number.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[-\s]?\d{3,4}(\d{4})(?!\d)")
_NAME_AFTER_WORD = re.compile(
    f"(?P<lead>(?:{_PERSON_WORDS}))(?P<surname>{_SURNAME})(?P<given>{_HAN}{{1,2}}?)"
    f"(?={_AFTER_NAME})"
)
_NAME_AFTER_LABEL = re.compile(
    f"(?P<lead>(?:{_LABELS})[:：]\\s*)(?P<surname>{_SURNAME})(?P<given>{_HAN}{{1,2}})"
)
_NAME_BEFORE_TITLE = re.compile(
    f"(?P<surname>{_SURNAME})(?P<given>{_HAN}{{1,2}})(?=(?:{_TITLES}))"
    f"|(?P<lead>(?:{_PERSON_WORDS}))(?P<surname2>{_SURNAME})(?P<given2>{_HAN}{{1,2}})"
    f"(?=(?:{_TITLES}))"
)
_ALREADY_MASKED = re.compile(f"(?P<surname>{_SURNAME})某某?")


def _name_masker(found: dict[str, str]) -> Callable[[re.Match[str]], str]:
    """A `re.sub` replacement that masks a name and remembers it in `found` (full → masked),
    so that the same name later in the text, without its 居民 or 先生, is masked too."""

    def masked(match: re.Match[str]) -> str:
        groups = match.groupdict()
        lead = groups.get("lead") or groups.get("lead2") or ""
        surname = groups.get("surname") or groups.get("surname2") or ""
        given = groups.get("given") or groups.get("given2") or ""
        found[surname + given] = f"{surname}*"
        return f"{lead}{surname}*"

    return masked


def mask_personal(text: str | None) -> str:
    """`text` with phone numbers (138****5678), ID numbers (440305********123X) and names (张*)
    masked; empty for no text."""
    if not text:
        return ""
    masked = _ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 8}{m[2]}", text)
    masked = _MOBILE.sub(lambda m: f"{m[1]}****{m[2]}", masked)
    masked = _LANDLINE.sub(lambda m: f"{m[1]}-****{m[2]}", masked)
    names: dict[str, str] = {}
    for pattern in (_NAME_AFTER_LABEL, _NAME_BEFORE_TITLE, _NAME_AFTER_WORD):
        masked = pattern.sub(_name_masker(names), masked)
    for full in sorted(names, key=len, reverse=True):
        masked = masked.replace(full, names[full])
    return _ALREADY_MASKED.sub(lambda m: f"{m['surname']}*", masked)


class SummaryRefused(PermissionError):
    """The account may not read this dispute's summary, or the case does not exist for it;
    `reason` is an i18n key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Case:
    community: str
    summary: str | None


def _cases(engine: Engine, case_nos: Collection[str]) -> dict[str, _Case]:
    if not case_nos:
        return {}
    statement = select(col(Dispute.case_no), col(Dispute.community), col(Dispute.summary)).where(
        col(Dispute.case_no).in_(sorted(set(case_nos)))
    )
    with read_connection(engine) as connection:
        return {
            case_no: _Case(community, summary)
            for case_no, community, summary in connection.execute(statement)
        }


def masked_summaries(
    engine: Engine, principal: Principal, case_nos: Collection[str]
) -> Mapping[str, str]:
    """Masked summary text by case number, for the cases whose summary `principal` may read;
    cases it may not read are absent (the caller shows no column for them)."""
    return {
        case_no: mask_personal(case.summary)
        for case_no, case in _cases(engine, case_nos).items()
        if principal.may_read_summary(case.community)
    }


def unmask_summary(
    engine: Engine, principal: Principal, case_no: str, reason: str, now: datetime | None = None
) -> str:
    """The full summary of one case, for a permitted account with a stated reason; the reading
    is written to the audit log first, in the same transaction, so no full text is ever shown
    without its entry."""
    reason = reason.strip()
    if not reason:
        raise SummaryRefused("summary_reason_needed")

    def body(session: Session) -> str:
        row = session.execute(
            select(col(Dispute.community), col(Dispute.summary)).where(
                col(Dispute.case_no) == case_no
            )
        ).first()
        if row is None or not principal.may_read_summary(row.community):
            # The same answer for "no such case" and "not yours": nothing about other
            # communities' cases leaks through this door.
            raise SummaryRefused("summary_refused")
        audit.write_entries(
            session,
            [
                audit.entry(
                    actor=principal.actor,
                    action=UNMASK_ACTION,
                    table="dispute",
                    key=case_no,
                    detail={"reason": reason[:MAX_REASON_LENGTH]},
                    at=now or datetime.now(UTC),
                )
            ],
        )
        return str(row.summary or "")

    return run_write(engine, body)
