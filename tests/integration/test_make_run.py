"""`make run` serves this machine only unless asked: the demo accounts' passwords are in the
README, so on all addresses anyone on the office network could sign in as admin."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "streetdash@.service"
# Streamlit's own reading of its options: the command line's flags over .streamlit/config.toml
# (in the directory it starts in) over its defaults, where an empty address means all of them.
EFFECTIVE_ADDRESS = """
import sys
from streamlit import config
config.get_config_options(force_reparse=True, options_from_flags=dict(
    zip(sys.argv[1::2], sys.argv[2::2])))
print(repr(config.get_option("server.address")))
"""


def streamlit_flags(command: list[str]) -> list[str]:
    """The --server.* options of a `streamlit run app.py …` command line, as name, value pairs."""
    start = command.index("app.py") + 1
    flags = command[start:]
    return [part.removeprefix("--") if index % 2 == 0 else part for index, part in enumerate(flags)]


def make_run(*variables: str) -> list[str]:
    """The streamlit command line `make run` would start (make -n runs nothing)."""
    printed = subprocess.run(
        ["make", "-n", "run", *variables], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    [line] = [line for line in printed.splitlines() if "streamlit run app.py" in line]
    return shlex.split(line)


def effective_address(command: list[str]) -> str:
    found = subprocess.run(
        [sys.executable, "-c", EFFECTIVE_ADDRESS, *streamlit_flags(command)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return str(found.strip().splitlines()[-1].strip("'"))


def test_make_run_listens_on_this_machine_only_unless_a_host_is_asked_for() -> None:
    assert effective_address(make_run()) == "127.0.0.1"
    assert effective_address(make_run("HOST=0.0.0.0")) == "0.0.0.0"
    # The shipped unit, behind nginx, names its own address (and keeps it).
    (line,) = [
        line
        for line in UNIT.read_text(encoding="utf-8").splitlines()
        if line.startswith("ExecStart=")
    ]
    unit = shlex.split(line.removeprefix("ExecStart="))
    assert "--server.address" in unit
    assert effective_address(unit) == "127.0.0.1"
