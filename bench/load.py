"""Bench section "load": 20 people using the demo street at once for 2 minutes, on 127.0.0.1.

A real Streamlit server runs app.py on the demo street (104 weeks, as `make run` loads it).
Each simulated person is a WebSocket session speaking Streamlit's own protocol, as the browser
does: it signs in with a demo account (admin, leader, viewer and the community account in
turn), then, after a pause of 0.5–2 s each time, opens another page or another week. Driving
20 Chromium pages instead would take most of this 2-core machine's CPU from the server being
measured; the protocol client costs almost nothing.

Measured: the time from a person's click (the rerun request) to the end of that page's run,
when the server has sent every element of the page (a browser draws them as they arrive);
errors (an exception or error message on a page, a run that failed, a page not done within
60 s, a dropped connection), which must be 0; and the server's peak resident memory (VmHWM).
Every loop is bounded in time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.typing import Subprotocol

from bench.server import (
    cpu_seconds,
    demo_street,
    first_cookies,
    free_port,
    proc_status_kib,
    server_pid,
    start_server,
    stop_server,
)
from demo.accounts import DEMO_ACCOUNTS
from deploy.local import UNVERIFIED
from i18n import t

T = TypeVar("T")
SESSIONS = 20
SECONDS = 120.0
PAGE_TIMEOUT = 60.0
THINK = (0.5, 2.0)
WEEKS_OFFERED = 8  # a person picks among the latest 8 weeks
ERROR_ALERT = 1  # Alert.Format.ERROR
VIEW_PAGES = tuple(
    t(key, "zh")
    for key in (
        "page_overview",
        "page_meeting",
        "page_disputes",
        "page_consultations",
        "page_organizations",
        "page_burden",
        "page_community",
        "page_glossary",
    )
)


class PageFailed(Exception):
    """A page that did not render: its reason counts as an error."""


@dataclass
class Page:
    """One finished run: its elements and how long it took."""

    elements: list[Element]
    seconds: float


@dataclass
class Tally:
    """Every session's results, for the report."""

    seconds: list[float] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    signed_in: int = 0

    def error(self, reason: str, example: str) -> None:
        self.errors[reason] += 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{reason}: {example}"[:300])


def page_problems(elements: list[Element]) -> list[str]:
    """Exceptions and error messages a page shows."""
    problems = []
    for element in elements:
        kind = element.WhichOneof("type")
        if kind == "exception":
            problems.append(f"exception: {element.exception.type} {element.exception.message}")
        elif kind == "alert" and element.alert.format == ERROR_ALERT:
            problems.append(f"error message: {element.alert.body}")
    return problems


class Person:
    """One browser tab: a WebSocket session that signs in, then opens pages and weeks."""

    def __init__(self, base: str, account: tuple[str, str], rng: random.Random) -> None:
        self.base = base
        self.username, self.password = account
        self.rng = rng
        self.pages: dict[str, str] = {}  # page name → page_script_hash
        self.page_hash = ""
        self.widgets: dict[str, WidgetState] = {}
        self.connection: websockets.ClientConnection | None = None
        self.last = Page([], 0.0)

    async def open(self) -> Page:
        """Load the app as a browser does: a first request whose cookies (nginx's route cookie,
        behind the shipped site) the tab keeps and sends with its WebSocket."""
        cookies = await asyncio.to_thread(first_cookies, self.base)
        self.connection = await websockets.connect(
            f"{self.base}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            ssl=UNVERIFIED if self.base.startswith("wss:") else None,
            additional_headers={"Cookie": cookies} if cookies else None,
        )
        return await self.rerun()

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def rerun(self, triggers: list[WidgetState] = ()) -> Page:  # type: ignore[assignment]
        """Ask for a run (as a click does) and wait until the page it ends on is complete."""
        assert self.connection is not None
        states = WidgetStates(widgets=[*self.widgets.values(), *triggers])
        message = BackMsg(
            rerun_script=ClientState(
                query_string="", page_script_hash=self.page_hash, widget_states=states
            )
        )
        began = time.perf_counter()
        await self.connection.send(message.SerializeToString())
        elements: list[Element] = []
        deadline = began + PAGE_TIMEOUT
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise PageFailed("timeout")
            try:
                raw = await asyncio.wait_for(self.connection.recv(), remaining)
            except TimeoutError as error:
                raise PageFailed("timeout") from error
            except websockets.ConnectionClosed as error:
                raise PageFailed("disconnected") from error
            forward = ForwardMsg.FromString(raw)  # type: ignore[arg-type]
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                elements = []  # a new run (after st.rerun) draws the page afresh
            elif kind == "navigation":
                self.pages = {
                    page.page_name: page.page_script_hash for page in forward.navigation.app_pages
                }
                self.page_hash = forward.navigation.page_script_hash or self.page_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                elements.append(forward.delta.new_element)
            elif kind == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise PageFailed("script error")
                return Page(elements, time.perf_counter() - began)

    def _widget(self, elements: list[Element], kind: str, key_part: str) -> Element:
        for element in elements:
            if element.WhichOneof("type") == kind and key_part in getattr(element, kind).id:
                return element
        raise PageFailed(f"no {kind} {key_part} on the page")

    async def sign_in(self, first: Page) -> Page:
        name = self._widget(first.elements, "text_input", "login_username").text_input.id
        secret = self._widget(first.elements, "text_input", "login_password").text_input.id
        submit = next(
            element.button.id
            for element in first.elements
            if element.WhichOneof("type") == "button" and element.button.is_form_submitter
        )
        self.widgets[name] = WidgetState(id=name, string_value=self.username)
        self.widgets[secret] = WidgetState(id=secret, string_value=self.password)
        page = await self.rerun([WidgetState(id=submit, trigger_value=True)])
        del self.widgets[name], self.widgets[secret]  # the login form is gone once signed in
        if not any(element.WhichOneof("type") == "metric" for element in page.elements):
            raise PageFailed(f"{self.username} was not signed in: {page_problems(page.elements)}")
        self.last = page
        return page

    async def next_view(self) -> tuple[str, Page]:
        """Open another page, or another week on this one."""
        weeks = [
            element
            for element in self.last.elements
            if element.WhichOneof("type") == "selectbox" and "window_week" in element.selectbox.id
        ]
        if weeks and self.rng.random() < 0.4:
            box = weeks[0].selectbox
            label = self.rng.choice(list(box.options[:WEEKS_OFFERED]))
            self.widgets[box.id] = WidgetState(id=box.id, string_value=label)
            kind = "week"
        else:
            names = [name for name in VIEW_PAGES if name in self.pages]
            name = self.rng.choice(names)
            self.page_hash = self.pages[name]
            kind = f"page {name}"
        page = await self.rerun()
        self.last = page
        return kind, page

    async def visit(self, name: str) -> Page:
        """Open the page titled `name`, as a click on its link in the navigation does."""
        if name not in self.pages:
            raise PageFailed(f"no page {name} in the navigation")
        self.page_hash = self.pages[name]
        self.last = await self.rerun()
        return self.last

    def week_options(self) -> list[str]:
        """The week selectbox's options on the last page, newest first."""
        box = self._widget(self.last.elements, "selectbox", "window_week").selectbox
        return list(box.options)

    async def choose_week(self, label: str) -> Page:
        """Choose the week `label` in the sidebar, as a person picking it does."""
        box = self._widget(self.last.elements, "selectbox", "window_week").selectbox
        self.widgets[box.id] = WidgetState(id=box.id, string_value=label)
        self.last = await self.rerun()
        return self.last


async def person(
    base: str,
    account: tuple[str, str],
    seed: int,
    until: float,
    tally: Tally,
    think: tuple[float, float] = THINK,
) -> None:
    rng = random.Random(seed)
    visitor = Person(base, account, rng)
    try:
        # People do not all arrive in the same instant: within the longest pause.
        await asyncio.sleep(rng.uniform(0, think[1]))
        first = await visitor.open()
        await visitor.sign_in(first)
        tally.signed_in += 1
        while True:
            pause = rng.uniform(*think)
            if time.perf_counter() + pause >= until:
                break  # the next click would come after the end: no half-measured page
            await asyncio.sleep(pause)
            kind, page = await visitor.next_view()
            problems = page_problems(page.elements)
            if problems:
                tally.error("page shows an error", f"{kind}: {problems[0]}")
            tally.seconds.append(page.seconds)
            tally.by_kind[kind.split(" ")[0]] += 1
    except PageFailed as failure:
        tally.error(str(failure).split(":")[0], f"{visitor.username}: {failure}")
    except (OSError, websockets.WebSocketException) as error:
        tally.error("connection", f"{visitor.username}: {error!r}")
    finally:
        await visitor.close()


async def crowd(
    base: str, sessions: int, seconds: float, think: tuple[float, float] = THINK
) -> Tally:
    accounts = [(account.username, account.password) for account in DEMO_ACCOUNTS]
    tally = Tally()
    until = time.perf_counter() + seconds
    await asyncio.gather(
        *(
            person(base, accounts[number % len(accounts)], 1000 + number, until, tally, think)
            for number in range(sessions)
        )
    )
    return tally


def in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on an event loop of its own thread: the caller's thread may already run
    one (Playwright's sync API does, in the browser tests), and asyncio.run refuses to nest."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def run_crowd(
    base: str, sessions: int, seconds: float, think: tuple[float, float] = THINK
) -> Tally:
    """`crowd`, from any thread (`in_own_loop`)."""
    return in_own_loop(crowd(base, sessions, seconds, think))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def log_problems(tally: Tally, log: Path) -> None:
    """Tracebacks in a server's log count as errors; the first is kept as an example."""
    server_log = log.read_text(errors="replace")
    tracebacks = server_log.count("Traceback")
    if tracebacks:
        first = server_log[server_log.index("Traceback") :]
        tally.error_examples.append(f"first traceback in {log.name}: " + first[:3000])
        tally.error("server log", f"{tracebacks} tracebacks in {log.name}")


def crowd_figures(
    tally: Tally, sessions: int, wall: float, cpu: float, think: tuple[float, float]
) -> dict[str, object]:
    """What a crowd's run shows: pages, errors, page seconds, the servers' CPU."""
    pages = tally.seconds
    return {
        "sessions": sessions,
        "think_seconds": list(think),
        "seconds": round(wall, 1),
        "signed_in": tally.signed_in,
        "pages_rendered": len(pages),
        "pages_by_action": dict(tally.by_kind),
        "pages_per_second": round(len(pages) / wall, 2),
        "errors": sum(tally.errors.values()),
        "errors_by_kind": dict(tally.errors),
        "error_examples": tally.error_examples,
        "page_seconds_p50": round(statistics.median(pages), 2) if pages else None,
        "page_seconds_p95": round(percentile(pages, 0.95), 2) if pages else None,
        "page_seconds_max": round(max(pages), 2) if pages else None,
        "server_cpu_cores_used": round(cpu / wall, 2),
        # The servers' CPU over the pages opened (sign-ins included in the CPU, not the count).
        "server_cpu_seconds_per_page": round(cpu / len(pages), 3) if pages else None,
    }


def run(
    sessions: int = SESSIONS,
    seconds: float = SECONDS,
    weeks: int = 104,
    database_url: str | None = None,
    think: tuple[float, float] = THINK,
    profile: Path | None = None,
) -> dict[str, object]:
    """Load the demo street (or serve `database_url` as it is, e.g. the bench's district), let
    `sessions` people thinking `think` seconds between clicks use it for `seconds` on one
    process (under py-spy writing `profile` when given); the figures."""
    with tempfile.TemporaryDirectory() as folder:
        if database_url is None:
            database_url = demo_street(Path(folder), weeks)
        port = free_port()
        log = Path(folder) / "streamlit.log"
        server = start_server(database_url, port, log, profile=profile)
        try:
            pid = server_pid(server)
            rss_at_start = proc_status_kib(pid, "VmRSS")
            cpu_at_start = cpu_seconds(pid)
            began = time.perf_counter()
            tally = run_crowd(f"ws://127.0.0.1:{port}", sessions, seconds, think)
            wall = time.perf_counter() - began
            peak_kib = proc_status_kib(pid, "VmHWM")
            cpu = cpu_seconds(pid) - cpu_at_start
            is_alive = server.poll() is None and Path(f"/proc/{pid}").exists()
        finally:
            stop_server(server)
        log_problems(tally, log)
    if not is_alive:
        tally.error("server died", "the streamlit process exited during the run")
    result = crowd_figures(tally, sessions, wall, cpu, think)
    result["server_rss_mib_at_start"] = round(rss_at_start / 1024)
    result["server_peak_rss_mib"] = round(peak_kib / 1024)
    result["profiled"] = profile is not None
    result["targets_met"] = (
        result["errors"] == 0 and tally.signed_in == sessions and bool(tally.seconds)
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return result
