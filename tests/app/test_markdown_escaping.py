"""Names, departments, case numbers, summaries and typed values reach Streamlit's Markdown
surfaces (bodies, captions, alerts, expander and link labels) escaped, so they read as text.

The records of tests/markdown_payloads.py hold Markdown and HTML in every free-text field.
Each element that carries one is checked two ways: its body is `as_text` of the data (the
escaped form), and rendered as CommonMark it makes no image, link, bold or italics and reads
as the data (tests/e2e/test_markdown_in_browser.py checks Streamlit's own renderer).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from data_access.db import engine_for
from data_access.privacy import mask_personal
from i18n import alert_message_template, t
from metrics.window import Window
from tests.app.conftest import APP
from tests.markdown_payloads import COMMUNITY, MARKUP, NAMES, SHORT_MARKUP, plant
from ui.filters import today_local
from ui.plain_text import WORD_JOINER, as_text
from ui.views import PROFILE_CHOICE

# Elements whose value is Markdown; every element's label is Markdown too (selectbox and
# multiselect options are not, and dataframe cells are not).
MARKDOWN_BODIES = {
    "Markdown",
    "Caption",
    "Title",
    "Header",
    "Subheader",
    "Success",
    "Error",
    "Warning",
    "Info",
    "Toast",
}
COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])


class _Drawn(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.markup: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "a"):
            self.markup.append(tag)
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("strong", "em") and data in ("b", "i"):
            self.markup.append(f"{self.open[-1]} {data}")
        self.text.append(data)


def drawn(markdown: str) -> tuple[list[str], str]:
    """What of a payload `markdown` draws as markup (images, links, the payload's bold and
    italics), and the text it reads as."""
    parser = _Drawn()
    parser.feed(COMMONMARK.render(markdown))
    return parser.markup, "".join(parser.text).replace(WORD_JOINER, "")


def markdown_texts(app: AppTest) -> list[str]:
    """Every Markdown body and label the run sent to the browser."""
    texts: list[str] = []

    def walk(node: object) -> None:
        kind = type(node).__name__
        if kind in MARKDOWN_BODIES and isinstance(getattr(node, "value", None), str):
            texts.append(node.value)  # type: ignore[attr-defined]
        label = getattr(node, "label", None)
        proto_label = getattr(getattr(node, "proto", None), "label", None)
        for text in (label, proto_label):
            if isinstance(text, str) and text:
                texts.append(text)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return texts


def assert_shown_as_text(app: AppTest, *expected: str) -> list[str]:
    """Every Markdown text with a payload draws no markup from it, and each of `expected`
    (data, as typed) is the escaped body or part of one. The texts with a payload."""
    assert not app.exception, [element.value for element in app.exception]
    # Every payload holds a link; masking hides its digits, not its brackets.
    with_payload = [
        text for text in markdown_texts(app) if "](http" in text or "](http" in drawn(text)[1]
    ]
    assert with_payload
    for text in with_payload:
        markup, _reads = drawn(text)
        assert markup == [], text
        assert MARKUP not in text, text
    for data in expected:
        assert any(as_text(data) in text for text in with_payload), data
        assert any(data in drawn(text)[1] for text in with_payload), data
    return with_payload


@pytest.fixture
def app(writable_demo_url: str) -> AppTest:
    """The app on a copy of the demo with the payload records, signed in as admin."""
    plant(engine_for(writable_demo_url), Window.last_complete_week(today_local()))
    at = AppTest.from_file(str(APP), default_timeout=60)
    return at.run()


def repeat_assessment_message() -> str:
    template = alert_message_template("repeat_assessment", "zh")
    return template.format(name=NAMES["community"], departments=NAMES["department"], count=2)


def test_overview_alerts_name_the_community_and_department_as_typed(app: AppTest) -> None:
    app.multiselect(key="communities").set_value([COMMUNITY]).run()
    texts = assert_shown_as_text(
        app, repeat_assessment_message(), NAMES["community"], NAMES["display_name"]
    )
    assert as_text(repeat_assessment_message()) in [element.value for element in app.markdown]
    assert t("open_profile", "zh", name=as_text(NAMES["community"])) in texts
    assert any(label.endswith(f" · {as_text(NAMES['community'])}") for label in texts)
    assert any(as_text(NAMES["community"]) in caption.value for caption in app.main.caption)


def test_the_meeting_view_and_the_profile_show_the_alert_as_typed(app: AppTest) -> None:
    app.multiselect(key="communities").set_value([COMMUNITY]).run()
    app.switch_page("pages/meeting.py").run()
    assert_shown_as_text(app, repeat_assessment_message(), NAMES["community"])
    app.session_state[PROFILE_CHOICE] = COMMUNITY
    app.switch_page("pages/community.py").run()
    assert_shown_as_text(app, repeat_assessment_message(), NAMES["community"])


def test_the_full_summary_panel_names_the_case_as_typed(app: AppTest) -> None:
    app.switch_page("pages/disputes.py").run()
    app.selectbox(key="new_disputes_case").set_value(NAMES["case_no"])
    app.text_input(key="new_disputes_reason").input("核实")
    submit = [b for b in app.get("form_submit_button") if b.label == t("summary_show", "zh")]
    submit[-1].click()
    app.run()
    assert f"**{as_text(NAMES['case_no'])}**" in [element.value for element in app.markdown]
    assert_shown_as_text(app, NAMES["case_no"])


def test_the_entry_form_shows_the_masked_summary_and_the_saved_number_as_typed(
    app: AppTest,
) -> None:
    app.switch_page("pages/entry.py").run()
    app.selectbox(key="entry_kind").set_value("disputes").run()
    group = next(g for g in app.get("button_group") if g.key == "entry_action_disputes")
    group.set_value("edit").run()  # type: ignore[attr-defined]
    app.selectbox(key="entry_pick_disputes").set_value(NAMES["case_no"]).run()
    masked = mask_personal(NAMES["summary"])
    assert "张*" in masked  # the asterisk Markdown would have taken for italics
    caption = t("entry_summary_current", "zh", text=as_text(masked))
    assert caption in [element.value for element in app.caption]
    assert_shown_as_text(app, masked)
    app.get("form_submit_button")[0].click()
    app.run()
    saved = t("entry_saved", "zh", record=NAMES["case_no"])
    assert [element.value for element in app.success] == [as_text(saved)]


def test_the_import_page_repeats_a_stray_header_as_typed(app: AppTest) -> None:
    app.switch_page("pages/import_data.py").run()
    stray = "列" + SHORT_MARKUP  # short enough to be repeated whole
    header = "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级," + stray
    row = "MD-IMPORT-1,MD01,2026/11/20,邻里纠纷,网格排查,调处中,网格,x"
    app.file_uploader[0].set_value(("纠纷.csv", f"{header}\n{row}\n".encode(), "text/csv"))
    app.run()
    assert_shown_as_text(app, stray)
    ignored = t("warn_ignored_columns", "zh", columns=as_text(stray))
    assert ignored in [warning.value for warning in app.warning]


def test_the_accounts_page_repeats_a_typed_user_name_as_text(app: AppTest) -> None:
    app.switch_page("pages/accounts.py").run()
    username = "u" + SHORT_MARKUP

    def add_account() -> None:
        app.text_input(key="acct_new_username").input(username)
        app.text_input(key="acct_new_password").input("long-enough-password-2026")
        submit = [b for b in app.get("form_submit_button") if b.label == t("acct_add", "zh")]
        submit[0].click()
        app.run()

    add_account()
    added = t("acct_added", "zh", username=username)
    assert [element.value for element in app.success] == [as_text(added)]
    assert_shown_as_text(app, username)
    add_account()  # again: refused, the name is taken
    taken = t("acct_err_exists", "zh", username=username)
    assert [element.value for element in app.error] == [as_text(taken)]
    assert_shown_as_text(app, username)
