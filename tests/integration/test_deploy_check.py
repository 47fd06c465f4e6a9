"""`streetdash check` on a good deployment and on broken ones: each fault is named with its fix,
in the UI language, and the exit code says whether anything must be fixed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

import cli
from data_access.accounts import create_user
from data_access.db import get_engine
from data_access.migrate import head_revision, migrate
from deploy import check
from deploy.check import FAIL, OK, report_lines, run_checks

SHIPPED_SNIPPET = check.PROJECT_ROOT / "deploy" / "nginx" / "streetdash-app.conf"


@pytest.fixture(autouse=True)
def no_streamlit_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("STREETDASH_LANGUAGE", raising=False)


@pytest.fixture
def deployed() -> Engine:
    """The test's SQLite database, migrated, with one admin whose password is not the demo's."""
    engine = get_engine()
    migrate(engine)
    create_user(engine, username="boss", role="admin", password="a-real-password-9", actor="test")
    return engine


def checked(tmp_path: Path, **paths: Path) -> list[tuple[str, str]]:
    """(status, English text) of every finding, with no secrets.toml and the given paths."""
    _, findings = run_checks(secrets_file=tmp_path / "absent.toml", **paths)
    return [(finding.status, finding.text("en")) for finding in findings]


def failures(tmp_path: Path, **paths: Path) -> list[str]:
    return [text for status, text in checked(tmp_path, **paths) if status == FAIL]


def test_a_good_deployment_passes_every_check_and_exits_0(
    deployed: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["check", "--nginx", str(SHIPPED_SNIPPET)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("部署检查（sqlite:///")
    assert out[1:-1] == [
        "✓ [正常] 设置：全部有效",
        "✓ [正常] 数据库：可以连接",
        f"✓ [正常] 数据库结构：已是最新版本（{head_revision(deployed)}）",
        "✓ [正常] 账号：1 个启用账号，其中管理员 1 个",
        f"✓ [正常] 中文字体：{check.font_findings()[0].params['path']}",
        "✓ [正常] 上传大小上限：Streamlit 与导入程序一致，均为 20 MB",
        f"✓ [正常] nginx 上传上限：21m（{SHIPPED_SNIPPET}），足够 20 MB 的文件",
    ]
    assert out[-1] == "检查通过：7 项正常。"


def test_the_check_migrates_nothing_and_names_the_missing_database_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["check", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"✗ [FIX] Database: the file {tmp_path / 'app.db'} does not exist." in out
    assert "run streetdash migrate" in out
    assert not (tmp_path / "app.db").exists()
    assert out.splitlines()[-1] == "1 thing(s) to fix; run streetdash check again afterwards."


def test_an_old_schema_is_named_with_its_revision_and_the_command_to_run(tmp_path: Path) -> None:
    migrate(get_engine(), "0003")
    assert failures(tmp_path) == [
        f"Schema: at revision 0003, the latest is {head_revision(get_engine())}. Run streetdash "
        "migrate as the database's owner role, then restart the app processes."
    ]


def test_a_database_without_accounts_or_with_demo_passwords_fails(tmp_path: Path) -> None:
    engine = get_engine()
    migrate(engine)
    assert [text.split(".")[0] for text in failures(tmp_path)] == ["Accounts: there are none"]
    create_user(engine, username="leader", role="leader", password="demo-leader-2026", actor="t")
    assert [text.split(".")[0] for text in failures(tmp_path)] == [
        "Accounts: no active admin, so nobody can manage accounts",
        "Accounts: the demo accounts leader still have the passwords published in the README",
    ]


def _malformed_setting(monkeypatch: pytest.MonkeyPatch, _tmp_path: Path) -> dict[str, Path]:
    monkeypatch.setenv("STREETDASH_IDLE_MINUTES", "half an hour")
    return {}


def _unreachable_postgres(monkeypatch: pytest.MonkeyPatch, _tmp_path: Path) -> dict[str, Path]:
    monkeypatch.setenv(
        "STREETDASH_DATABASE_URL", "postgresql+psycopg://app:secret@127.0.0.1:1/streetdash"
    )
    return {}


def _font_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    from reports import fonts

    monkeypatch.setattr(fonts, "SANS_FILE", tmp_path / "NotoSansSC-Regular.otf")
    return {}


def _streamlit_config(text: str) -> Callable[[pytest.MonkeyPatch, Path], dict[str, Path]]:
    def arrange(_monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
        config = tmp_path / "config.toml"
        config.write_text(text, encoding="utf-8")
        return {"streamlit_config": config}

    return arrange


def _nginx_snippet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    snippet = tmp_path / "streetdash-app.conf"
    snippet.write_text(
        SHIPPED_SNIPPET.read_text(encoding="utf-8").replace(
            "client_max_body_size 21m;", "client_max_body_size 2m;"
        ),
        encoding="utf-8",
    )
    return {"nginx_snippet": snippet}


@pytest.mark.parametrize(
    ("arrange", "expected"),
    [
        (
            _malformed_setting,
            "STREETDASH_IDLE_MINUTES (now half an hour): must be a whole number from 1 to 1440",
        ),
        (
            _unreachable_postgres,
            'Database: cannot connect (connection failed: connection to server at "127.0.0.1", '
            "port 1 failed: Connection refused)",
        ),
        (_font_missing, "Chinese font: "),
        (
            _streamlit_config("[server]\nenableXsrfProtection = true\nmaxUploadSize = 200\n"),
            "Upload limit: Streamlit's server.maxUploadSize is 200 MB",
        ),
        (
            _streamlit_config("[server]\nenableXsrfProtection = false\nmaxUploadSize = 20\n"),
            "Streamlit config: XSRF protection is off",
        ),
        (_nginx_snippet, "nginx upload limit: client_max_body_size in "),
    ],
    ids=["setting", "postgres-down", "font", "upload-size", "xsrf-off", "nginx-body-size"],
)
def test_each_broken_part_of_a_deployment_is_the_one_failure_named(
    deployed: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    arrange: Callable[[pytest.MonkeyPatch, Path], dict[str, Path]],
    expected: str,
) -> None:
    paths = {"nginx_snippet": SHIPPED_SNIPPET, **arrange(monkeypatch, tmp_path)}
    found = failures(tmp_path, **paths)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


def test_the_nginx_limit_must_leave_room_for_the_uploads_framing(
    deployed: Engine, tmp_path: Path
) -> None:
    snippet = tmp_path / "snippet.conf"
    snippet.write_text("client_max_body_size 20m;\n", encoding="utf-8")
    (text,) = failures(tmp_path, nginx_snippet=snippet)
    assert "is 20m, less than the 21m needed" in text
    snippet.write_text("client_max_body_size 1g;\n", encoding="utf-8")
    assert failures(tmp_path, nginx_snippet=snippet) == []


def test_the_report_is_printed_in_the_ui_language_of_the_settings(
    deployed: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STREETDASH_LANGUAGE", "en")
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "✓ [ok] Settings: all valid"
    assert out[-1] == "All 6 checks passed."  # the nginx snippet is absent here: not checked


def test_a_failed_check_lists_every_fix_and_counts_them() -> None:
    findings = [
        check.Finding(OK, "check_settings_ok"),
        check.Finding(FAIL, "check_accounts_none"),
        check.Finding(check.WARN, "check_role_superuser", {"role": "postgres"}),
    ]
    lines = report_lines("sqlite:///x.db", findings, "zh")
    assert lines[0] == "部署检查（sqlite:///x.db）"
    assert lines[2].startswith("✗ [需处理] 账号：一个账号也没有。请运行 streetdash users add")
    assert lines[3].startswith("! [注意] 数据库角色 postgres 是超级用户。")
    assert lines[-1] == "有 1 项需要处理、1 项需要注意，修改后请再次运行 streetdash check。"


def test_an_nginx_snippet_that_is_not_there_is_reported_as_not_checked_not_as_ok(
    deployed: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "no-such-snippet.conf"
    assert cli.main(["check", "--lang", "en", "--nginx", str(absent)]) == 0
    out = capsys.readouterr().out.splitlines()
    nginx = [line for line in out if line.startswith(("✓", "!", "✗", "–")) and "nginx" in line]
    assert nginx == [
        f"– [not checked] nginx: {absent} does not exist (name the site's snippet with --nginx)"
    ]
    # Six findings were checked and passed; the one not checked is not counted among them.
    assert out[-1] == "All 6 checks passed."
