"""Optional sampling profile of the app server while a bench section drives it (BENCH_PROFILE=1
or `python -m bench --profile ...`).

py-spy runs as the server's parent (`py-spy record -- python -m streamlit run ...`): a parent
may read its child's memory whatever kernel.yama.ptrace_scope says, so no extra permission is
needed. It writes collapsed stacks (`--format raw`: one line per distinct stack, frames joined by
`;`, then the number of samples); `top_table` turns them into the functions that cost the most,
by self time (the frame running) and by total time (anywhere on the stack), in bench/profile_*.txt.
Sampling costs the machine CPU of its own: figures measured with the profiler on are marked so.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ENV = "BENCH_PROFILE"
RATE = 100  # samples per second
TOP = 30
OUT = Path(__file__).resolve().parent
# streetdash's own code, as frame_name gives its paths: what the lead can change.
OURS = ("app.py", "ui/", "pages/", "reports/", "figures/", "data_access/", "metrics/", "charts/")


def wanted() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def raw_file(name: str) -> Path:
    """Where py-spy writes its samples for `name`: a fresh temporary folder."""
    return Path(tempfile.mkdtemp(prefix="streetdash-profile-")) / f"{name}.raw"


def py_spy() -> str:
    found = Path(sys.executable).with_name("py-spy")
    if found.exists():
        return str(found)
    located = shutil.which("py-spy")
    if located is None:
        raise SystemExit("BENCH_PROFILE needs py-spy: pip install -c constraints.txt -e '.[dev]'")
    return located


def profiled(command: list[str], raw: Path) -> list[str]:
    """`command` run under py-spy, which samples it until it exits and then writes `raw`."""
    options = ["--format", "raw", "--rate", str(RATE), "--nonblocking", "--output", str(raw)]
    return [py_spy(), "record", *options, "--", *command]


def frame_name(frame: str) -> str:
    """`render (ui/kpis.py:42)` → `render (ui/kpis.py)`: a function, whatever its line."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", str(OUT.parent) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{name} ({path})" if path else name


def top_functions(raw_text: str) -> tuple[int, Counter[str], Counter[str]]:
    """Samples in all, and per function the samples it was running in (self) and on the stack
    of (total, counted once per sample however deep it recurses)."""
    samples = 0
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in raw_text.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame_name(frame) for frame in stack.split(";") if frame]
        if not frames:
            continue
        samples += count
        own[frames[-1]] += count
        for name in set(frames):
            total[name] += count
    return samples, own, total


def is_ours(name: str) -> bool:
    return name.partition(" (")[2].startswith(OURS)


def top_table(raw_text: str, title: str, top: int = TOP) -> str:
    """Top functions by self and by total samples, then streetdash's own by total (the
    framework's frames, which every page run passes through, fill the plain total list)."""
    samples, own, total = top_functions(raw_text)
    ours = Counter({name: count for name, count in total.items() if is_ours(name)})
    lines = [title, f"{samples} samples at {RATE}/s (threads while running, idle excluded)", ""]
    for heading, counter in (("self", own), ("total", total), ("total, streetdash's code", ours)):
        lines.append(f"top {top} by {heading}:")
        lines.append(f"{'samples':>8} {'share':>6}  function (file)")
        for name, count in counter.most_common(top):
            lines.append(f"{count:>8} {count / max(samples, 1):>6.1%}  {name}")
        lines.append("")
    return "\n".join(lines)


def write_table(raw: Path, name: str, title: str) -> Path | None:
    """bench/profile_<name>.txt from py-spy's output, when there is one."""
    if not raw.exists():
        print(f"  no profile written by py-spy at {raw}")
        return None
    target = OUT / f"profile_{name}.txt"
    table = top_table(raw.read_text(encoding="utf-8", errors="replace"), title)
    target.write_text(table + "\n", encoding="utf-8")
    print("\n".join(table.splitlines()[: TOP // 2 + 4]))
    print(f"  wrote {target}")
    return target
