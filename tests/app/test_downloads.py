"""Downloads after the page was drawn: each file is built on the click only for a session that
still passes the page gate (active account, not idle) and for the communities the account may
see at that moment; otherwise no file at all.

AppTest cannot click a download, so the callable the button registered (what Streamlit runs on
the click, in a thread of its own) is taken from the media file manager and called here.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from data_access.accounts import change_account, set_active
from data_access.db import engine_for
from data_access.queries import communities
from data_access.settings import get_settings
from i18n import t
from tests.app.conftest import APP, sign_in_as
from ui import auth
from ui.downloads import DownloadRefused, grant

Made = dict[str, Callable[[], Any]]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Made:
    """Every download callable a run registers, by the file id its button carries."""
    registered: Made = {}
    original = MediaFileManager.add_deferred

    def recording(self: MediaFileManager, data_callable: Any, *args: Any, **kwargs: Any) -> str:
        file_id = original(self, data_callable, *args, **kwargs)
        registered[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return registered


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[datetime]]:
    """The gate's clock, moved on by changing `clock[0]`."""
    now = [NOW]
    monkeypatch.setattr(auth, "clock", lambda: now[0])
    yield now


@pytest.fixture
def app(writable_demo_url: str, clock: list[datetime]) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


def open_as(app: AppTest, username: str, page: str) -> AppTest:
    sign_in_as(app, username).run()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, app.exception
    return app


def files(app: AppTest, made: Made) -> dict[str, Callable[[], Any]]:
    """The page's downloads: button key -> the callable that builds its file."""
    buttons = app.get("download_button")
    assert buttons, "the page offers no download"
    return {
        button.proto.id.rsplit("-", 1)[-1]: made[button.proto.deferred_file_id]
        for button in buttons
    }


def database() -> Any:
    return engine_for(get_settings().database_url)


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "file.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def refusal(build: Callable[[], Any]) -> str:
    with pytest.raises(DownloadRefused) as refused:
        build()
    return refused.value.reason


def test_the_weekly_pdf_is_built_for_an_active_account_and_refused_once_it_is_disabled(
    app: AppTest, made: Made, tmp_path: Path
) -> None:
    # Before, the open page still delivered a fresh PDF "生成人：user:leader" after
    # `streetdash users disable leader`.
    open_as(app, "leader", "meeting")
    weekly = files(app, made)["meeting_pdf"]
    assert "user:leader" in pdf_text(weekly(), tmp_path)
    set_active(database(), "leader", False, actor="test")
    assert refusal(weekly) == "disabled"
    app.run()  # the run the refusal asks for: the gate signs the session out and says why
    assert app.title[0].value == t("acct_login_title", "zh")
    assert app.info[0].value == t("acct_disabled_signed_out", "zh")


def test_every_file_of_a_domain_page_is_refused_after_the_idle_timeout(
    app: AppTest, made: Made, clock: list[datetime]
) -> None:
    open_as(app, "leader", "disputes")
    builders = files(app, made)
    assert {"export_pdf_page_disputes"} < set(builders)
    assert any(key.endswith("_csv") for key in builders)
    assert any(key.endswith("_xlsx") for key in builders)
    clock[0] = NOW + timedelta(minutes=get_settings().idle_minutes, seconds=1)
    assert {key: refusal(build) for key, build in builders.items()} == dict.fromkeys(
        builders, "idle"
    )


def test_the_import_templates_and_error_report_are_refused_once_the_account_is_disabled(
    app: AppTest, made: Made
) -> None:
    open_as(app, "yuehaimen", "import_data")
    header = (
        "案件编号,社区,登记日期,纠纷类型,来源,状态,化解层级,办结日期,是否重大,涉及人数,简要情况\n"
    )
    broken = header + "D-1,粤海门,not a date,邻里纠纷,网格排查,调处中,网格,,否,2,\n"
    app.file_uploader[0].set_value(("f.csv", broken.encode(), "text/csv"))
    app.run()
    builders = files(app, made)
    assert "import_error_report" in builders and any(k.startswith("template_") for k in builders)
    assert load_workbook(io.BytesIO(builders["import_error_report"]()))
    set_active(database(), "yuehaimen", False, actor="test")
    assert {refusal(build) for build in builders.values()} == {"disabled"}


def test_a_community_accounts_files_follow_its_communities_as_they_are_now(
    app: AppTest, made: Made
) -> None:
    open_as(app, "yuehaimen", "disputes")
    builders = files(app, made)
    change_account(database(), "yuehaimen", role="community", communities=["YH02"], actor="test")
    # Every file of the page was about YH01 alone, which the account no longer sees.
    assert {refusal(build) for build in builders.values()} == {"scope"}


def test_files_drawn_for_the_whole_street_hold_only_what_a_narrowed_account_sees(
    app: AppTest, made: Made, tmp_path: Path
) -> None:
    open_as(app, "leader", "disputes")
    builders = files(app, made)
    change_account(database(), "leader", role="community", communities=["YH01"], actor="test")
    names = dict(communities(database())[["code", "name"]].to_numpy())
    others = [name for code, name in names.items() if code != "YH01"]
    text = pdf_text(builders["export_pdf_page_disputes"](), tmp_path)
    assert names["YH01"] in text and [name for name in others if name in text] == []
    csv_keys = [key for key in builders if key.endswith("_csv")]
    with_community = 0
    for key in csv_keys:
        try:
            rows = pd.read_csv(io.BytesIO(builders[key]()))
        except DownloadRefused as refused:  # a list by department: built from every community
            assert refused.reason == "scope"
            continue
        column = t("column_community", "zh")
        if column in rows:
            with_community += 1
            assert set(rows[column]) <= {names["YH01"]}
    assert with_community >= 1


def test_the_check_reads_the_session_as_it_is_at_the_click(
    writable_demo_url: str, clock: list[datetime]
) -> None:
    """`grant` on a simulated session: the state is read when the file is asked for."""
    from data_access.principal import Principal

    state: dict[str, Any] = {
        auth.PRINCIPAL_KEY: Principal("leader", "leader"),
        auth.LAST_SEEN_KEY: NOW,
    }
    engine = database()
    assert grant(state.get, engine, ("YH01", "YH02")).scope == ("YH01", "YH02")
    state[auth.PRINCIPAL_KEY] = None  # signed out (by the gate of another run) meanwhile
    with pytest.raises(DownloadRefused, match="signed_out"):
        grant(state.get, engine, ("YH01",))
