"""Masking of phone numbers, ID numbers and names in free text (dispute summaries).

Masking is deliberately eager: it would rather hide a word too many than leave a phone number,
an ID number or a name on the screen.

It works on a folded copy of the text, so that a number or a name written to slip past it is
seen as what it is: every character NFKC-normalised one by one (full-width digits and
punctuation, circled digits, compatibility ideographs), digits of other scripts read as ASCII
digits, invisible characters (zero-width spaces, joiners, combining marks, Hangul fillers)
dropped. Each folded character remembers the original character it came from, so the text
shown keeps its original characters wherever nothing is masked.

Numbers: any run of digits joined by anything that is not a letter or a Chinese character —
spaces, dots, hyphens, slashes, brackets, `+`, `*`, full-width forms, emoji, in any number —
is one number. A run of 7 digits or more is masked, so that no 7 digits of a number stay
readable: a mobile (also behind 86/+86/0086) becomes 138****5678, an 18-character ID number
440305********123X, a landline 0755-****2345; a list of such numbers keeps only the last four
digits of each after the first; anything else loses every digit (****-**-**). Chinese numerals
(一三八…, 〇, 幺, 壹贰…) count as digits too, except one or two at either edge of a run of
Arabic digits (张三 13812345678 keeps its 三), and so do o/O/l/I between two digits; a
Latin letter standing alone between digits joins them (138a1234b5678).

Names are found where Chinese case notes put them — after a word for a person (居民, 业主,
当事人 …) or a label (姓名：), before a form of address (先生, 女士 …), before 电话/手机/反映,
before a gender (王小明，男), at the start of a sentence before 称/说/表示/a phone number, next
in a list after a masked name (张*、李四) — keep only the surname (张三 → 张*), and are masked
wherever else they appear in the text. Where nothing that usually follows a name follows it,
after a word for a person or a label, the longer name is taken (业主王丽楼上漏水 → 业主王*上漏水):
a character too many rather than one too few. Not found: names with a surname that is also a
common word (于, 向, 和, 方 …), names with no such context at all, names in pinyin.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

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
    "老人|男子|女子|家属|联系人|报告人|投诉人|举报人|来访人|来电人|求助人|代理人|负责人|"
    "学生|患者|司机|车主|师傅|邻居|对方|丈夫|妻子|儿子|女儿|父亲|母亲|保姆|孙子|孙女|"
    "老伴|前妻|前夫|哥哥|弟弟|姐姐|妹妹|爷爷|奶奶|外婆|外公|叔叔|同事|朋友|老板|市民|群众|"
    "原告|被告|甲方|乙方|伤者|名叫|叫做|名为"
)
_TITLES = (
    "先生|女士|小姐|阿姨|大爷|大妈|大姐|大哥|老师|师傅|同学|老人|夫妇|一家|同志|老太|"
    "奶奶|爷爷|叔叔|阿婆|阿伯|伯伯|经理|主任|律师|医生"
)
_LABELS = (
    "姓名|名字|联系人|当事人|申请人|被申请人|户主|监护人|投诉人|举报人|报告人|来访人|来电人|"
    "求助人|代理人|负责人"
)
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
# What usually follows a name in a case note; tried first so that 李四反映 masks 四, not 四反.
# Anything that is not a Chinese character (punctuation, a space, a digit, the end) too.
_AFTER_NAME = (
    "电话|手机|联系|反映|投诉|举报|来访|来电|表示|声称|要求|认为|家住|现住|居住|住在|户籍|"
    "身份证|今年|现年|拖欠|一家|夫妇|与|和|及|同|跟|因|称|说|讲|家|的|向|在|于|对|将|把|被|"
    "到|等|也|都|已|未|不|曾|租|借|住|男|女|"
    f"(?!{_HAN})"
)
# A number masked by now (138****5678, 0755-****, *******4321).
_MASKED_NUMBER = "[0-9-]*\\*"
# Words after which a name at the start of a sentence (or after a space) is taken for one.
_SPEECH = (
    "称|说|表示|声称|认为|要求|反映|投诉|举报|来电|来访|家住|现住|今年|现年|"
    f"[\\s,、:]*(?:联系电话|电话|手机|身份证|证件)?(?:号码?)?[\\s,、:为是]*{_MASKED_NUMBER}"
)
# Words before which a name at the start of a sentence stands too: 据王小明称, 与王小明电话联系.
_BEFORE_SENTENCE = "据经与和同跟向对找让请由及并但而"

# Common words that begin with a surname (业主陆续反映): no name.
_NOT_NAMES = (
    "陆续|周边|周围|周末|高层|高空|高度|金额|马上|任何|夏季|温度|钟点|石材|程序|麻烦|毛病|"
    "黄昏|白天|江边|宁可|林荫|苗木|石板|田间|齐心|纪律|章程|季度|盛夏|景观|童年|史上|龙头|"
    "张贴|金属|钱款|毛坯|黄色|白色|蓝色|石头|江水|林木|汤水|马路|卢布"
)
# A surname alone before a form of address (王先生) identifies no one: no name either.
_SURNAME = f"(?!{_NOT_NAMES})(?P<surname>{_COMPOUND_SURNAMES}|[{_SURNAMES}])(?!{_TITLES})"
_GIVEN = f"(?:\\s?{_HAN}){{1,2}}"  # a space between the characters is still the name
_NAME = f"(?P<name>{_SURNAME}{_GIVEN})"


def _name_before(words: str) -> str:
    """The shortest name before one of `words`: 李四反映 is 李四, not 李四反."""
    return f"(?P<name>{_SURNAME}{_GIVEN}?)(?=(?:{words}))"


# The shortest name before a word that follows names, else the longest: 业主王丽楼上漏水.
_NAME_OR_LONGEST = f"(?P<name>{_SURNAME}(?:{_GIVEN}?(?=(?:{_AFTER_NAME}))|{_GIVEN}))"

# In the order they are tried: the surer the context, the earlier.
_NAME_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        # After a label: 姓名：王小明, 当事人为王小明.
        f"(?:{_LABELS})(?:\\s*[:]\\s*|为|是){_NAME_OR_LONGEST}",
        # Before a form of address: 张小明女士.
        f"{_NAME}(?=(?:{_TITLES}))",
        # Before a gender: 王小明，男.
        f"{_NAME}(?=[\\s,、(]*[男女](?:[\\s,、;.。()]|\\d|性|$))",
        # After a word for a person: 业主王小明反映 (the longest name if nothing follows).
        f"(?:{_PERSON_WORDS}){_NAME_OR_LONGEST}",
        # At the start of a sentence, before what a person does in a case note: 王小明称.
        f"(?:(?<!{_HAN})(?<![A-Za-z])|(?<=[{_BEFORE_SENTENCE}]))" + _name_before(_SPEECH),
    )
)
# A name after a masked name and 、/和/与/及: the next name of a list.
_NAME_IN_LIST = re.compile(f"\\*\\s*(?:、|,|和|与|及|跟|同)\\s*{_NAME_OR_LONGEST}")
_ALREADY_MASKED = re.compile(f"(?P<name>{_SURNAME}某某?)")

MIN_DIGITS = 7  # a run of this many digits is masked: no 7 digits of a number stay readable
_EDGE_NUMERALS = 2  # Chinese numerals at the edge of a run of digits that stay (张三 138…)
_CHINESE_DIGITS = {
    **dict.fromkeys("〇○零", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **{c: str(n) for n, c in enumerate("二三四五六七八九", start=2)},
    **{c: str(n) for n, c in enumerate("贰叁肆伍陆柒捌玖", start=2)},
}
_CONFUSABLE_DIGITS = {"o": "0", "O": "0", "l": "1", "I": "1"}
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")  # Hangul fillers: blank letters
# Character classes of the folded text for finding runs of digits: an ASCII digit, a Chinese
# numeral, a star (a digit already masked), a confusable letter (o for 0), a Latin letter
# alone, a separator, other.
_RUN = re.compile("[dcm](?:[sxa]*[dcm])*")


@dataclass(frozen=True)
class _Char:
    """One character of the folded text: the original characters it stands for
    (`start`..`end`), and whether it was written by the masking."""

    char: str
    start: int
    end: int
    masked: bool = False


def _fold(text: str) -> list[_Char]:
    """`text` folded character by character (see the module's docstring)."""
    folded = []
    for index, original in enumerate(text):
        for char in unicodedata.normalize("NFKC", original):
            category = unicodedata.category(char)
            if category in ("Cf", "Mn", "Mc", "Me") or char in _INVISIBLE_LETTERS:
                continue
            if category == "Nd" and not char.isascii():
                char = str(unicodedata.decimal(char))
            folded.append(_Char(char, index, index + 1))
    return folded


def _replaced(folded: list[_Char], start: int, end: int, replacement: str) -> list[_Char]:
    """`folded` with its characters `start`..`end` replaced by `replacement`, which stands for
    all the original characters they came from."""
    first = min(char.start for char in folded[start:end])
    last = max(char.end for char in folded[start:end])
    new = [_Char(char, last, last, masked=True) for char in replacement]
    if new:
        new[0] = _Char(replacement[0], first, last, masked=True)
    return folded[:start] + new + folded[end:]


def _rendered(text: str, folded: list[_Char]) -> str:
    """The original text with the masked parts of `folded` in place: original characters
    wherever nothing was masked, dropped invisible characters included."""
    parts = []
    cursor = 0
    for char in folded:
        if char.masked:
            parts.append(text[cursor : char.start])
            parts.append(char.char)
            cursor = max(cursor, char.end)
        elif char.start >= cursor:
            parts.append(text[cursor : char.end])
            cursor = char.end
    parts.append(text[cursor:])
    return "".join(parts)


# Numbers


def _char_class(char: str) -> str:
    """The class of one folded character (see `_RUN`), without looking at its neighbours."""
    if char.isascii() and char.isdigit():
        return "d"
    if char in _CHINESE_DIGITS:
        return "c"
    if char == "*":
        return "m"
    if char in _CONFUSABLE_DIGITS:
        return "x"
    return "o" if unicodedata.category(char)[0] in "LN" else "s"


def _digit(char: str) -> str:
    """The ASCII digit a Chinese numeral or a confusable letter stands for; others as they are."""
    return _CHINESE_DIGITS.get(char) or _CONFUSABLE_DIGITS.get(char) or char


def _single(digits: str) -> str | None:
    """The masked form of one phone or ID number (its digits, `*` for a digit already masked,
    an ID number's final X), or None when `digits` is no such number."""
    if len(digits) == 18:
        return f"{digits[:6]}{'*' * 8}{digits[14:]}"
    for prefix in ("0086", "86"):
        rest = digits.removeprefix(prefix)
        if rest != digits and len(rest) >= 7:
            masked = _single(rest if rest[0] in "01" else "0" + rest)
            if masked is not None:
                return masked
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return f"{digits[:3]}****{digits[7:]}"
    area = 3 if digits[1:2] in ("1", "2") else 4
    local = digits[area:]
    if digits[0] == "0" and digits[1:2] != "0" and 7 <= len(local) <= 8 and local[0] not in "01":
        return f"{digits[:area]}-****{digits[-4:]}"
    return None


def _listed(groups: list[str], gaps: list[str]) -> str | None:
    """Several phone or ID numbers in one run (13812345678、13987654321): the first masked as
    usual, the others down to their last four digits, so that the four digits ending one and
    the first ones of the next never read as seven digits in a row; None when the run is not
    such a list."""
    splits: dict[int, list[tuple[str, int]] | None] = {len(groups): []}
    for at in range(len(groups) - 1, -1, -1):
        splits[at] = None
        joined = ""
        for end in range(at + 1, len(groups) + 1):
            joined += groups[end - 1]
            if len(joined) > 18:
                break
            masked = _single(joined)
            rest = splits[end]
            if masked is not None and rest is not None:
                splits[at] = [(masked, end), *rest]
                break
    numbers = splits[0]
    if numbers is None or len(numbers) < 2:
        return None
    out = [numbers[0][0]]
    for (_, end), (masked, _) in zip(numbers, numbers[1:], strict=False):
        out.append(gaps[end - 1])
        out.append("*" * len(masked[:-4].replace("-", "")) + masked[-4:])
    return "".join(out)


def _masked_run(chars: str, classes: str) -> str:
    """The masked form of one run of digits (folded characters and their classes): its
    separators, a final X, a bracket or plus sign before it."""
    lead = len(chars) - len(chars.lstrip("+("))
    groups = [""]
    gaps: list[str] = []
    for at in range(lead, len(chars)):
        if classes[at] in "dcmx" or at == len(chars) - 1 and chars[at] in "Xx":
            groups[-1] += _digit(chars[at])
        else:
            if groups[-1]:
                gaps.append("")
                groups.append("")
            gaps[-1] += chars[at]
    masked = _single("".join(groups)) or _listed(groups, gaps)
    if masked is not None:
        return masked
    return "".join(char if kind == "s" else "*" for char, kind in zip(chars, classes, strict=True))


def _classes(folded: str) -> str:
    """The class of each character of `folded` (see `_RUN`); a Latin letter standing alone
    between digits joins them (138a1234b5678)."""
    classes = [_char_class(char) for char in folded]
    for at, char in enumerate(folded):
        if (
            classes[at] == "o"
            and char.isascii()
            and char.isalpha()
            and not folded[at - 1 : at].isalpha()
            and not folded[at + 1 : at + 2].isalpha()
        ):
            classes[at] = "a"
    return "".join(classes)


def _number_spans(folded: str, classes: str) -> Iterator[tuple[int, int]]:
    """Where the runs of at least `MIN_DIGITS` digits are in `folded`, with an ID number's
    final X and a bracket or plus sign before the number."""
    for run in _RUN.finditer(classes):
        start, end = run.span()
        at = [i for i in range(start, end) if classes[i] in "dcm"]
        if any(classes[i] != "c" for i in at):  # 张三 138…: the 三 is not the number's
            lead = next(n for n, i in enumerate(at) if classes[i] != "c")
            tail = next(n for n, i in enumerate(reversed(at)) if classes[i] != "c")
            if lead <= _EDGE_NUMERALS:
                start = at[lead]
            if tail <= _EDGE_NUMERALS:
                end = at[len(at) - 1 - tail] + 1
        kinds = classes[start:end]
        if sum(kinds.count(kind) for kind in "dcx") < MIN_DIGITS:
            continue
        after = end
        while after < len(classes) and classes[after] == "s":
            after += 1
        if (
            folded[after : after + 1] in ("X", "x")
            and sum(kinds.count(kind) for kind in "dcmx") == 17
            and not re.match("[0-9A-Za-z]", folded[after + 1 : after + 2])
        ):
            end = after + 1
        while start > 0 and (
            folded[start - 1] == "+" or folded[start - 1] == "(" and ")" in folded[start:end]
        ):
            start -= 1
        yield start, end


def _masked_numbers(folded: list[_Char]) -> list[_Char]:
    """`folded` with every run of at least `MIN_DIGITS` digits masked."""
    text = "".join(char.char for char in folded)
    classes = _classes(text)
    for start, end in reversed(list(_number_spans(text, classes))):
        masked = _masked_run(text[start:end], classes[start:end])
        folded = _replaced(folded, start, end, masked)
    return folded


# Names


def _masked_names(folded: list[_Char]) -> list[_Char]:
    """`folded` with the names found by `_NAME_PATTERNS` masked, and every other occurrence of
    them; then the pseudonyms (张某某) brought to the same form."""
    names: dict[str, str] = {}
    for pattern in _NAME_PATTERNS:
        folded = _substituted(folded, pattern, names)
    while True:  # 居民张三、李四、王五: one more name of the list each time
        more = _substituted(folded, _NAME_IN_LIST, names)
        if more == folded:
            break
        folded = more
    for full in sorted(names, key=len, reverse=True):
        surname = names[full].removesuffix("*")
        given = "".join(f"\\s?{re.escape(char)}" for char in full.removeprefix(surname))
        occurrence = re.compile(f"(?P<name>(?P<surname>{re.escape(surname)}){given})")
        folded = _substituted(folded, occurrence, names)
    return _substituted(folded, _ALREADY_MASKED, {})


def _substituted(
    folded: list[_Char], pattern: re.Pattern[str], names: dict[str, str]
) -> list[_Char]:
    """`folded` with the `name` group of each match of `pattern` masked down to its
    `surname` group; the names found are added to `names` (full name without spaces → masked
    form), even where they overlap text masked already."""
    text = "".join(char.char for char in folded)
    for match in reversed(list(pattern.finditer(text))):
        start, end = match.span("name")
        masked = f"{match['surname']}*"
        names.setdefault(re.sub(r"\s", "", match["name"]), masked)
        if not any(char.masked for char in folded[start:end]):
            folded = _replaced(folded, start, end, masked)
    return folded


def mask_personal(text: str | None) -> str:
    """`text` with phone numbers (138****5678), ID numbers (440305********123X) and names (张*)
    masked; empty for no text."""
    if not text:
        return ""
    folded = _masked_names(_masked_numbers(_fold(text)))
    return _rendered(text, folded)
