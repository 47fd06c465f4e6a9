"""The login gate: who is signed in, the idle timeout, logout, own password, first admin.

The principal lives in this session's state, so a browser refresh (a new session) asks for
the password again (streamlit#5529); the login page says so. With single sign-on configured
(`[auth]` in .streamlit/secrets.toml), st.login's signed cookie survives a refresh and the
identity is mapped to the local account linked to it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import streamlit as st
from sqlalchemy import Engine

from data_access.accounts import AccountError, change_password, create_user, has_accounts
from data_access.principal import Principal
from data_access.settings import get_settings
from data_access.sign_in import LOCAL_SOURCE, active_principal, authenticate, log_logout, sso_login
from i18n import t
from ui.navigation import every_page
from ui.plain_text import as_text

PRINCIPAL_KEY = "streetdash_principal"
LAST_SEEN_KEY = "streetdash_last_seen"
NOTICE_KEY = "streetdash_auth_notice"
SSO_CLAIM_KEY = "oidc_claim"


def _system_clock() -> datetime:
    return datetime.now(UTC)


# Tests replace this to move time on without sleeping.
clock: Callable[[], datetime] = _system_clock


def sso_settings() -> dict[str, object] | None:
    """The `[auth]` section of secrets.toml when single sign-on is configured, else None."""
    try:
        section = st.secrets.get("auth")
    except (FileNotFoundError, KeyError, ValueError):
        return None
    return dict(section) if section else None


def _sign_in(principal: Principal, now: datetime) -> None:
    st.session_state[PRINCIPAL_KEY] = principal
    st.session_state[LAST_SEEN_KEY] = now


def _sign_out(engine: Engine, principal: Principal, now: datetime, reason: str) -> None:
    log_logout(engine, principal, now, reason=reason)
    st.session_state.pop(PRINCIPAL_KEY, None)
    st.session_state.pop(LAST_SEEN_KEY, None)


@dataclass(frozen=True)
class SessionCheck:
    """What the gate found: the account as stored now, or why the session is over
    (`signed_out`, `idle` or `disabled`)."""

    principal: Principal | None
    ended: str | None = None


def check_session(
    engine: Engine, principal: Principal | None, last_seen: datetime | None, now: datetime
) -> SessionCheck:
    """The one check that every page run and every download passes: signed in, not idle past
    the timeout, and the account still active, with role and communities read afresh from
    the database. It changes nothing; `_current` acts on its answer for a page run."""
    if principal is None:
        return SessionCheck(None, "signed_out")
    idle = timedelta(minutes=get_settings().idle_minutes)
    if last_seen is not None and now - last_seen > idle:
        return SessionCheck(None, "idle")
    fresh = active_principal(engine, principal.username)
    if fresh is None:
        return SessionCheck(None, "disabled")
    return SessionCheck(fresh)


def _current(engine: Engine, now: datetime, lang: str) -> Principal | None:
    """The session's principal, after the idle timeout and a fresh look at the account."""
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    last_seen: datetime | None = st.session_state.get(LAST_SEEN_KEY)
    check = check_session(engine, principal, last_seen, now)
    if principal is None:
        return None
    if check.principal is None:
        _sign_out(engine, principal, now, check.ended or "disabled")
        if check.ended == "idle":
            minutes = get_settings().idle_minutes
            st.session_state[NOTICE_KEY] = t("acct_idle_signed_out", lang, minutes=minutes)
            if st.user.get("is_logged_in"):
                st.logout()
        else:
            st.session_state[NOTICE_KEY] = t("acct_disabled_signed_out", lang)
        return None
    fresh = check.principal
    if last_seen is not None and (fresh.role, fresh.communities) != (
        principal.role,
        principal.communities,
    ):
        st.toast(t("acct_scope_changed", lang), icon=":material/manage_accounts:")
    st.session_state[PRINCIPAL_KEY] = fresh
    st.session_state[LAST_SEEN_KEY] = now
    return fresh


def client_source() -> str:
    """The client address a sign-in is counted against (sign_in.authenticate).

    The connection's peer, unless that is this machine (st.context.ip_address is None for
    the loopback): then it is a proxy on this host (deploy/nginx) or a local run, and the
    last X-Forwarded-For entry is the address the proxy itself saw and appended (nginx's
    $proxy_add_x_forwarded_for); entries before it come from the client and are ignored. A
    remote peer's X-Forwarded-For is never read: anyone could write one. Else LOCAL_SOURCE.
    """
    peer = _address(st.context.ip_address)
    if peer is not None:
        return peer
    values = st.context.headers.get_all("X-Forwarded-For")
    forwarded = ",".join(value for value in values if isinstance(value, str))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return (_address(hops[-1]) if hops else None) or LOCAL_SOURCE


def _address(text: object) -> str | None:
    """`text` as an IP address, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def _local_time(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(get_settings().timezone)).strftime("%H:%M:%S")


def _sso_principal(engine: Engine, now: datetime, lang: str) -> Principal | None:
    """The local account an st.login identity maps to, signed in once per session."""
    settings = sso_settings()
    if settings is None or not st.user.get("is_logged_in"):
        return None
    claim = str(settings.get(SSO_CLAIM_KEY, "email"))
    subject = st.user.get(claim)
    if not subject:
        st.session_state[NOTICE_KEY] = t("acct_sso_unmapped", lang)
        st.logout()
        return None
    result = sso_login(engine, str(subject), now)
    if result.principal is None:
        st.session_state[NOTICE_KEY] = t("acct_sso_unmapped", lang)
        st.logout()
        return None
    _sign_in(result.principal, now)
    return result.principal


def _first_admin_form(engine: Engine, lang: str) -> None:
    st.title(t("acct_first_run_title", lang))
    st.info(t("acct_first_run_help", lang))
    with st.form("first_admin"):
        username = st.text_input(t("acct_username", lang))
        display_name = st.text_input(t("acct_display_name", lang))
        password = st.text_input(t("acct_password", lang), type="password")
        repeated = st.text_input(t("acct_password_again", lang), type="password")
        submitted = st.form_submit_button(t("acct_create_admin", lang), type="primary")
    if not submitted:
        return
    if password != repeated:
        st.error(t("acct_err_password_mismatch", lang))
        return
    try:
        create_user(
            engine,
            username=username,
            role="admin",
            password=password,
            display_name=display_name,
            actor="first-run",
            now=clock(),
        )
    except AccountError as error:
        st.error(as_text(t(error.reason, lang, **error.params)))
        return
    st.session_state[NOTICE_KEY] = t("acct_first_run_done", lang)
    st.rerun()


def _login_form(engine: Engine, lang: str) -> None:
    st.title(t("acct_login_title", lang))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice)
    with st.form("login"):
        username = st.text_input(t("acct_username", lang), key="login_username")
        password = st.text_input(t("acct_password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("acct_login", lang), type="primary")
    if sso_settings() is not None and st.button(t("acct_login_sso", lang)):
        st.login()
    st.caption(t("acct_refresh_note", lang, minutes=get_settings().idle_minutes))
    if not submitted:
        return
    now = clock()
    result = authenticate(engine, username, password, now, source=client_source())
    if result.principal is None:
        # The same words for every name, an account's or not (sign_in.authenticate).
        reason = result.reason or "acct_login_failed"
        until = _local_time(result.wait_until) if result.wait_until else ""
        message = t(reason, lang, until=until)
        if result.wait_until and reason == "acct_login_failed":
            message = f"{message} {t('acct_login_next_try', lang, until=until)}"
        st.error(message)
        return
    _sign_in(result.principal, now)
    st.rerun()


def require_login(engine: Engine, lang: str) -> Principal | None:
    """The signed-in principal; otherwise draw the login (or first-admin) page and stop.

    None only where st.stop() cannot stop: app.py imported without a Streamlit runtime.
    """
    now = clock()
    principal = _current(engine, now, lang) or _sso_principal(engine, now, lang)
    if principal is not None:
        return principal
    # Every page is registered but hidden and none is run: the address asked for keeps its
    # page (opened after the login) and no page of the app is named or run before a login.
    st.navigation(every_page(lang), position="hidden")
    if has_accounts(engine):
        _login_form(engine, lang)
    else:
        _first_admin_form(engine, lang)
    st.stop()
    return None


def current_principal() -> Principal:
    """The principal app.py signed in for this run (pages run only after the gate)."""
    principal: Principal | None = st.session_state.get(PRINCIPAL_KEY)
    if principal is None:
        st.stop()
    return principal  # type: ignore[return-value]


def account_sidebar(engine: Engine, principal: Principal, lang: str) -> None:
    """Who is signed in, logout, and the user's own password change."""
    name = principal.display_name or principal.username
    st.sidebar.caption(
        t(
            "acct_signed_in_as",
            lang,
            name=as_text(name),
            role=t(f"acct_role_{principal.role}", lang),
        )
    )
    left, right = st.sidebar.columns(2)
    if left.button(t("acct_logout", lang), key="logout"):
        _sign_out(engine, principal, clock(), "user")
        if st.user.get("is_logged_in"):
            st.logout()
        st.rerun()
    with right.popover(t("acct_change_password", lang)), st.form("change_password"):
        old = st.text_input(t("acct_old_password", lang), type="password")
        new = st.text_input(t("acct_new_password", lang), type="password")
        repeated = st.text_input(t("acct_password_again", lang), type="password")
        if st.form_submit_button(t("acct_change_password", lang)):
            if new != repeated:
                st.error(t("acct_err_password_mismatch", lang))
            else:
                try:
                    change_password(engine, principal.username, old, new, now=clock())
                except AccountError as error:
                    st.error(as_text(t(error.reason, lang, **error.params)))
                else:
                    st.success(t("acct_password_changed", lang))


def require_admin(lang: str) -> Principal:
    """Stop a page that only admins may open (st.navigation already leaves it out for others)."""
    principal = current_principal()
    if not principal.is_admin:
        st.error(t("acct_admin_only", lang))
        st.stop()
    return principal
