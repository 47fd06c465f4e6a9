"""Security issue 3: small XLSX files that passed the zip-bomb checks and still cost the old
reader gigabytes — one row of 5 million cells, 85 MB of shared strings, 3 million cell
formats — are refused with a clear message, each within 300 MB of extra memory and 10 s.

The files are built at test time (tests/hostile_xlsx.py). Each is read in a child process,
whose peak resident memory (VmHWM, reset before the read) nothing else of the session shares.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cli
from i18n import t
from importing import readers
from tests import hostile_xlsx

ROOT = Path(__file__).resolve().parents[2]
READER = "importing.readers"
MAX_EXTRA_MB = 300
MAX_SECONDS = 10
REFUSED_FOR = {
    "one_wide_row": "err_too_many_columns",
    "many_shared_strings": "err_xlsx_strings",
    "many_styles": "err_xlsx_styles",
}

# Run in the child: read the file with `module`.read_upload; print what became of it, the
# seconds it took and the peak memory it added.
CHILD = """
import importlib, json, sys, time

def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)

module = importlib.import_module(sys.argv[2])
with open(sys.argv[1], "rb") as source:
    data = source.read()
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # VmHWM starts again from the resident size now
before = status("VmRSS")
began = time.perf_counter()
try:
    outcome = {"rows": len(module.read_upload("hostile.xlsx", data).rows)}
except module.FileError as error:
    outcome = {"reason": error.reason, "params": dict(error.params)}
outcome["seconds"] = time.perf_counter() - began
outcome["extra_mb"] = (status("VmHWM") - before) / 2**20
print(json.dumps(outcome))
"""


def measure(path: Path, module: str = READER) -> dict[str, object]:
    """What `module` made of the file at `path`, read in a fresh child process."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return outcome


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, build in hostile_xlsx.HOSTILE.items():
        files[name] = folder / f"{name}.xlsx"
        files[name].write_bytes(build())
    return files


@pytest.mark.parametrize("name", REFUSED_FOR)
def test_a_small_workbook_that_asks_for_gigabytes_is_refused_within_300_mb_and_10_s(
    hostile_files: dict[str, Path], name: str
) -> None:
    data = hostile_files[name].read_bytes()
    # What the issue describes: an upload the importer accepts, past the zip-bomb checks ...
    readers.check_size(len(data))
    readers._check_zip(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert max(member.file_size for member in archive.infolist()) > 50 * 2**20

    outcome = measure(hostile_files[name])

    # ... refused, saying why, before it costs the server memory and time.
    assert outcome.get("reason") == REFUSED_FOR[name], outcome
    params = outcome["params"]
    assert isinstance(params, dict)
    for lang in ("zh", "en"):
        assert str(params["limit"]) in t(REFUSED_FOR[name], lang, **params)
    assert isinstance(outcome["extra_mb"], float)
    assert isinstance(outcome["seconds"], float)
    assert outcome["extra_mb"] < MAX_EXTRA_MB, outcome
    assert outcome["seconds"] < MAX_SECONDS, outcome


def test_the_command_line_refuses_it_in_the_users_language(
    hostile_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(hostile_files["one_wide_row"])

    assert cli.main(["import", "disputes", path]) == 1
    assert t("err_too_many_columns", "zh", limit=readers.MAX_COLUMNS) in capsys.readouterr().err

    assert cli.main(["import", "disputes", path, "--lang", "en"]) == 1
    assert t("err_too_many_columns", "en", limit=readers.MAX_COLUMNS) in capsys.readouterr().err
