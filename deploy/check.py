"""`streetdash check`: a deployment's settings, database, accounts, font and upload limits.

Every check gives a finding (ok, warn or fail) whose text, in the UI language, says what to
fix. Nothing is changed: the database is not migrated, no login is made, nothing is audited.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from data_access.db import make_engine
from data_access.deployment import account_counts, accounts_with_password, role_rights
from data_access.migrate import current_revision, head_revision
from data_access.settings import (
    PROJECT_ROOT,
    SECRETS_FILE,
    configured_language,
    load_settings,
    settings_problems,
)
from demo.accounts import DEMO_ACCOUNTS
from i18n import t
from importing.readers import MAX_UPLOAD_BYTES

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
MEGABYTE = 1024 * 1024
STREAMLIT_CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
NGINX_SNIPPET = Path("/etc/nginx/snippets/streetdash-app.conf")
# Streamlit accepts an upload body this much larger than server.maxUploadSize (multipart framing).
UPLOAD_FRAMING_MB = 1
CONNECT_TIMEOUT_SECONDS = 5
_SIZE = re.compile(r"^\s*client_max_body_size\s+(\d+)([kKmMgG]?)\s*;", re.MULTILINE)


@dataclass(frozen=True)
class Phrase:
    """A value of a finding that is itself a UI string, put in the report's language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Finding:
    """One line of the check: its status and an i18n key with the values to fill it in."""

    status: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        values = {
            name: t(value.key, lang, **value.params) if isinstance(value, Phrase) else value
            for name, value in self.params.items()
        }
        return t(self.key, lang, **values)


@dataclass(frozen=True)
class StreamlitOptions:
    """The Streamlit options the check cares about, and where each value came from."""

    max_upload_mb: int
    upload_source: str
    xsrf: bool
    xsrf_source: str


def streamlit_options(config_file: Path) -> StreamlitOptions:
    """Streamlit's effective upload limit and XSRF switch: its environment, else config.toml."""
    with config_file.open("rb") as handle:
        server = tomllib.load(handle).get("server", {})
    upload_env = os.environ.get("STREAMLIT_SERVER_MAX_UPLOAD_SIZE")
    xsrf_env = os.environ.get("STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION")
    return StreamlitOptions(
        max_upload_mb=int(upload_env or server.get("maxUploadSize", 200)),
        upload_source="STREAMLIT_SERVER_MAX_UPLOAD_SIZE" if upload_env else str(config_file),
        xsrf=(xsrf_env.lower() == "true") if xsrf_env else server.get("enableXsrfProtection", True),
        xsrf_source="STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION" if xsrf_env else str(config_file),
    )


def nginx_body_limit_mb(snippet: Path) -> float:
    """The client_max_body_size set in `snippet`, in MB (nginx's default, 1 MB, when unset)."""
    match = _SIZE.search(snippet.read_text(encoding="utf-8"))
    if not match:
        return 1.0
    number, unit = int(match.group(1)), match.group(2).lower()
    return {"": number / MEGABYTE, "k": number / 1024, "m": number, "g": number * 1024}[unit]


def upload_findings(config_file: Path, nginx_snippet: Path) -> list[Finding]:
    """Streamlit's upload limit against the importer's, XSRF on, and nginx's body limit."""
    if not config_file.is_file():
        return [Finding(FAIL, "check_config_missing", {"path": config_file})]
    options = streamlit_options(config_file)
    importer_mb = MAX_UPLOAD_BYTES // MEGABYTE
    findings = []
    if not options.xsrf:
        findings.append(Finding(FAIL, "check_xsrf_off", {"source": options.xsrf_source}))
    if options.max_upload_mb != importer_mb:
        params = {
            "streamlit": options.max_upload_mb,
            "importer": importer_mb,
            "source": options.upload_source,
        }
        findings.append(Finding(FAIL, "check_upload_mismatch", params))
    else:
        findings.append(Finding(OK, "check_upload_ok", {"mb": importer_mb}))
    if not nginx_snippet.is_file():
        findings.append(Finding(SKIP, "check_nginx_skipped", {"path": nginx_snippet}))
        return findings
    nginx_mb = nginx_body_limit_mb(nginx_snippet)
    needed_mb = importer_mb + UPLOAD_FRAMING_MB
    params = {
        "path": nginx_snippet,
        "nginx": f"{nginx_mb:g}m",
        "needed": f"{needed_mb}m",
        "mb": importer_mb,
    }
    status, key = (OK, "check_nginx_ok") if nginx_mb >= needed_mb else (FAIL, "check_nginx_small")
    findings.append(Finding(status, key, params))
    return findings


def font_findings() -> list[Finding]:
    """The CJK font the PDF embeds, from the pylopdf-fonts-zh-cn package."""
    try:
        from reports import fonts
    except ImportError:
        return [Finding(FAIL, "check_font_missing", {"path": "pylopdf_fonts_zh_cn"})]
    try:
        return [Finding(OK, "check_font_ok", {"path": fonts.font_file()})]
    except FileNotFoundError:
        return [Finding(FAIL, "check_font_missing", {"path": fonts.SANS_FILE})]


def check_engine(url: str) -> Engine:
    """An engine that gives up on an unreachable PostgreSQL within a few seconds."""
    if make_url(url).get_backend_name() == "sqlite":
        return make_engine(url)
    return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})


def _sqlite_file_missing(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    path = Path(parsed.database)
    return None if path.is_file() else path


def _first_line(error: SQLAlchemyError) -> str:
    reason = getattr(error, "orig", None) or error
    return str(reason).strip().splitlines()[0] if str(reason).strip() else type(error).__name__


def account_findings(engine: Engine) -> list[Finding]:
    """At least one active admin, and no demo account left with its published password."""
    counts = account_counts(engine)
    if counts.active == 0:
        return [Finding(FAIL, "check_accounts_none")]
    findings = []
    if counts.active_admins == 0:
        findings.append(Finding(FAIL, "check_accounts_no_admin"))
    demo = accounts_with_password(engine, {a.username: a.password for a in DEMO_ACCOUNTS})
    if demo:
        findings.append(Finding(FAIL, "check_accounts_demo", {"names": ", ".join(demo)}))
    if not findings:
        params = {"active": counts.active, "admins": counts.active_admins}
        findings.append(Finding(OK, "check_accounts_ok", params))
    return findings


def role_findings(engine: Engine) -> list[Finding]:
    """On PostgreSQL: the app's role is no superuser, owns no table, and has the rights it needs."""
    rights = role_rights(engine)
    if rights is None:
        return []
    findings = []
    if rights.is_superuser:
        findings.append(Finding(WARN, "check_role_superuser", {"role": rights.role}))
    elif rights.owned_tables:
        params = {"role": rights.role, "count": len(rights.owned_tables)}
        findings.append(Finding(WARN, "check_role_owner", params))
    else:
        if rights.extra:
            params = {"role": rights.role, "extra": ", ".join(rights.extra)}
            findings.append(Finding(WARN, "check_role_extra", params))
    if rights.missing:
        params = {"role": rights.role, "missing": ", ".join(rights.missing)}
        findings.append(Finding(FAIL, "check_role_missing", params))
    if not findings:
        findings.append(Finding(OK, "check_role_ok", {"role": rights.role}))
    return findings


def database_findings(url: str) -> list[Finding]:
    """Reachable, at the latest schema, then its accounts and the connecting role's rights."""
    missing = _sqlite_file_missing(url)
    if missing is not None:
        return [Finding(FAIL, "check_db_file_missing", {"path": missing})]
    engine = check_engine(url)
    try:
        current = current_revision(engine)
        findings = [Finding(OK, "check_db_ok")]
        head = head_revision(engine)
        if current == head:
            findings.append(Finding(OK, "check_schema_ok", {"head": head}))
            return findings + account_findings(engine) + role_findings(engine)
        if current is None:
            findings.append(Finding(FAIL, "check_schema_empty"))
        else:
            behind = _is_known_revision(engine, current)
            key = "check_schema_behind" if behind else "check_schema_unknown"
            findings.append(Finding(FAIL, key, {"current": current, "head": head}))
        return findings
    except SQLAlchemyError as error:
        return [Finding(FAIL, "check_db_unreachable", {"error": _first_line(error)})]
    finally:
        engine.dispose()


def _is_known_revision(engine: Engine, revision: str) -> bool:
    """Whether this code has `revision` among its migrations (else the database is newer)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from data_access.migrate import alembic_config

    try:
        script = ScriptDirectory.from_config(alembic_config(engine))
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def run_checks(
    *,
    secrets_file: Path = SECRETS_FILE,
    streamlit_config: Path = STREAMLIT_CONFIG,
    nginx_snippet: Path = NGINX_SNIPPET,
) -> tuple[str, list[Finding]]:
    """The database URL checked (password hidden) and every finding, in the order printed."""
    problems = settings_problems(secrets_file)
    if problems:
        findings = [
            Finding(
                FAIL,
                "settings_problem_line",
                {
                    "name": problem.name,
                    "value": problem.value,
                    "expected": Phrase(f"settings_expected_{problem.expected}", problem.params),
                },
            )
            for problem in problems
        ]
        url = ""
    else:
        url = load_settings(secrets_file).database_url
        findings = [Finding(OK, "check_settings_ok"), *database_findings(url)]
    findings += font_findings() + upload_findings(streamlit_config, nginx_snippet)
    shown = make_url(url).render_as_string(hide_password=True) if url else "?"
    return shown, findings


def report_lines(url: str, findings: list[Finding], lang: str) -> list[str]:
    """The check as printed: a title, one line per finding, and what it comes to."""
    marks = {OK: "✓", WARN: "!", FAIL: "✗", SKIP: "–"}
    lines = [t("check_title", lang, url=url)]
    for finding in findings:
        lines.append(
            f"{marks[finding.status]} [{t('check_' + finding.status, lang)}] {finding.text(lang)}"
        )
    fails = sum(finding.status == FAIL for finding in findings)
    warns = sum(finding.status == WARN for finding in findings)
    if fails:
        warns_text = t("check_summary_and_warns", lang, warns=warns) if warns else ""
        lines.append(t("check_summary_fail", lang, fails=fails, warns_text=warns_text))
    elif warns:
        lines.append(t("check_summary_warn", lang, warns=warns))
    else:
        lines.append(t("check_summary_ok", lang, count=sum(f.status == OK for f in findings)))
    return lines


def main(lang: str | None = None, nginx_snippet: Path | None = None) -> int:
    """Run every check, print the report in `lang` (else the UI language); 1 if anything fails."""
    url, findings = run_checks(nginx_snippet=nginx_snippet or NGINX_SNIPPET)
    lang = lang or configured_language()
    print("\n".join(report_lines(url, findings, lang)))
    return 1 if any(finding.status == FAIL for finding in findings) else 0
