"""Every file the app builds for a download passes the page gate's check first.

`st.download_button(data=callable)` runs the callable only when the button is pressed, long
after the page was drawn, in a thread of its own without the script-run context (st.session_state
cannot be read there; streamlit#13409). By then the account may be disabled, the session idle
past the timeout, or the account's communities changed. So `guarded_download` keeps a handle on
this session's state, and on the click its callable passes `ui.auth.check_session` (the check
every page run passes), narrows the file's communities to those the account may see now, and
only then builds the file, for the account as the database has it now.

A refusal raises `DownloadRefused`: Streamlit then sends no file (the button shows its own short
error for a few seconds), and the session is asked for one more run a moment later, whose gate
signs a disabled or idle session out and tells the user why in their language, or announces
a changed scope (`acct_scope_changed`).

The buttons keep `on_click="ignore"`: a click that also reran the page would race the file's
answer, and a run that starts drops the session's outgoing messages that are still queued (the
file's answer among them; the browser then waits three minutes with the button disabled).
That is also why the rerun after a refusal waits RERUN_DELAY_S, once the refusal has gone out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from streamlit import runtime
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from data_access.principal import Principal
from ui import auth
from ui.cached import current_engine

log = logging.getLogger(__name__)

# Reads one key of a session's state (None when it is not there), from any thread.
StateReader = Callable[[str], Any]
RERUN_DELAY_S = 0.5


class DownloadRefused(RuntimeError):
    """No file: the session failed the check (`reason`: signed_out, idle, disabled, scope)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"download refused: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Grant:
    """Whom a file is built for, as stored now, and the communities it may hold: those of
    the page that the account may still see (`narrowed` when some were dropped)."""

    principal: Principal
    scope: tuple[str, ...] = ()
    narrowed: bool = False


def session_reader() -> StateReader:
    """A reader of this session's state that still works from the download's thread.

    Outside a session (a bare script run) there is no state, and every download is refused.
    """
    context = get_script_run_ctx()
    if context is None:
        return lambda key: None
    state = context.session_state  # the session's own, which later runs keep updating

    def read(key: str) -> Any:
        try:
            return state[key]
        except KeyError:
            return None

    return read


def session_rerun() -> Callable[[], None]:
    """A way to ask, from the download's thread, for one more run of this session (with the
    widget values it has), as Streamlit's own rerun on a changed source file does."""
    context = get_script_run_ctx()
    if context is None or not runtime.exists():
        return lambda: None
    instance, session_id = runtime.get_instance(), context.session_id

    def rerun() -> None:
        session = instance.get_app_session(session_id)
        if session is not None:
            session.request_rerun(None)

    return rerun


def grant(
    read: StateReader, engine: Engine, scope: Sequence[str] | None, *, now: datetime | None = None
) -> Grant:
    """The grant for a file about `scope` (None: about no community), or DownloadRefused.

    The session must pass `auth.check_session` now; the file keeps only the communities of
    `scope` the account may see now, and is refused when none of them is left.
    """
    moment = now if now is not None else auth.clock()
    check = auth.check_session(engine, read(auth.PRINCIPAL_KEY), read(auth.LAST_SEEN_KEY), moment)
    if check.principal is None:
        raise DownloadRefused(check.ended or "signed_out")
    principal = check.principal
    if not scope:
        return Grant(principal)
    kept = tuple(code for code in scope if principal.reads_all or code in principal.communities)
    if not kept:
        raise DownloadRefused("scope")
    return Grant(principal, kept, narrowed=kept != tuple(scope))


def guarded_download(
    label: str,
    build: Callable[[Grant], bytes | str],
    *,
    file_name: str,
    mime: str,
    key: str,
    scope: Sequence[str] | None = None,
    where: DeltaGenerator | None = None,
    **options: Any,
) -> None:
    """A download button whose file `build(grant)` makes on the click, after `grant`.

    `scope` names the communities the file is about, as the page showed them; `build` must
    use `grant.scope` and `grant.principal` rather than anything read when the page ran.
    """
    read = session_reader()
    rerun = session_rerun()
    engine = current_engine()
    page_scope = tuple(scope) if scope is not None else None

    def data() -> bytes | str:
        try:
            granted = grant(read, engine, page_scope)
        except DownloadRefused as refused:
            log.warning("%s refused (%s): no file built", file_name, refused.reason)
            later = threading.Timer(RERUN_DELAY_S, rerun)
            later.daemon = True
            later.start()
            raise
        return build(granted)

    button = where.download_button if where is not None else st.download_button
    button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",  # see the module's docstring
        **options,
    )
