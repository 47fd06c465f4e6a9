"""下载长图 on 周报: the long picture is built on the click, after the session check, for the
communities the account may see then; refused once the account is disabled.

AppTest cannot click a download, so the callable the button registered (what Streamlit runs on
the click) is taken from the media file manager and called here, as tests/app/test_downloads.py
does.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from data_access.accounts import set_active
from data_access.db import engine_for
from data_access.queries import communities
from data_access.settings import get_settings
from i18n import t
from reports.long_picture import Picture
from reports.long_picture_blocks import Header, KpiGrid
from tests.app.conftest import APP, sign_in_as
from ui import picture_export
from ui.downloads import DownloadRefused


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """Every download callable a run registers, by the file id its button carries."""
    registered: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def recording(self: MediaFileManager, data_callable: Any, *args: Any, **kwargs: Any) -> str:
        file_id = original(self, data_callable, *args, **kwargs)
        registered[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return registered


@pytest.fixture
def pictures(monkeypatch: pytest.MonkeyPatch) -> list[Picture]:
    """Every picture the button's callable draws, as drawn (blocks and lines)."""
    drawn: list[Picture] = []
    original = picture_export.long_picture

    def recording(*args: Any, **kwargs: Any) -> Picture:
        drawn.append(original(*args, **kwargs))
        return drawn[-1]

    monkeypatch.setattr(picture_export, "long_picture", recording)
    return drawn


@pytest.fixture
def app(writable_demo_url: str) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


def picture_button(app: AppTest, made: dict[str, Callable[[], Any]], username: str) -> Any:
    sign_in_as(app, username).run()
    app.switch_page("pages/meeting.py").run()
    assert not app.exception, app.exception
    (button,) = [b for b in app.get("download_button") if b.proto.id.endswith("meeting_picture")]
    return button


def words(picture: Picture) -> Iterator[str]:
    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif dataclasses.is_dataclass(value):
            for part in dataclasses.fields(value):
                yield from strings(getattr(value, part.name))
        elif isinstance(value, tuple):
            for item in value:
                yield from strings(item)

    yield from strings(picture.blocks)


def test_the_meeting_page_offers_the_long_picture_built_on_the_click_until_disabled(
    app: AppTest, made: dict[str, Callable[[], Any]], pictures: list[Picture]
) -> None:
    button = picture_button(app, made, "leader")
    assert button.proto.label == t("lp_button", "zh")
    assert pictures == []  # nothing drawn until the click
    png = made[button.proto.deferred_file_id]()
    assert Image.open(io.BytesIO(png)).width == 1080
    (picture,) = pictures
    assert picture.png == png
    header = next(block for block in picture.blocks if isinstance(block, Header))
    assert header.scope == t("pdf_scope", "zh", scope=t("scope_all", "zh", count=16))
    # the picture's figures and changes are those of the page's tables (本周, 环比)
    figure, this, change = (
        t(key, "zh") for key in ("meeting_col_figure", "meeting_col_this", "meeting_col_change")
    )
    shown = {
        row[figure]: (row[this], row[change])
        for table in app.dataframe
        if figure in table.value.columns
        for _, row in table.value.iterrows()
    }
    grid = next(block for block in picture.blocks if isinstance(block, KpiGrid))
    cells = [cell for group in grid.groups for cell in group.cells]
    assert len(cells) == 22
    assert [shown[cell.label] for cell in cells] == [
        (cell.value, cell.change.value) for cell in cells
    ]
    set_active(engine_for(get_settings().database_url), "leader", False, actor="test")
    with pytest.raises(DownloadRefused, match="disabled"):
        made[button.proto.deferred_file_id]()


def test_a_community_accounts_picture_holds_only_its_community(
    app: AppTest, made: dict[str, Callable[[], Any]], pictures: list[Picture]
) -> None:
    button = picture_button(app, made, "yuehaimen")
    made[button.proto.deferred_file_id]()
    names = dict(communities(engine_for(get_settings().database_url))[["code", "name"]].to_numpy())
    text = "\n".join(words(pictures[-1]))
    assert names["YH01"] in text
    assert [name for code, name in names.items() if code != "YH01" and name in text] == []
