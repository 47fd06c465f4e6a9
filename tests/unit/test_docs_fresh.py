"""docs/metrics.md is what `make docs` writes today, and nothing points outside the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reports.metrics_doc import DOC_PATH, render

ROOT = Path(__file__).resolve().parents[2]
# Spelled in two parts so that this file does not match itself.
OUTSIDE = ("../" + "shared", "shared/" + "design")


def test_docs_metrics_md_is_what_make_docs_writes() -> None:
    on_disk = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.is_file() else ""
    assert on_disk == render(), "docs/metrics.md is out of date: run make docs"


def test_no_tracked_file_points_to_the_design_documents_outside_the_repository() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    pointing = []
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if not path.is_file():  # deleted in the work tree, not yet in the index
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        pointing += [f"{name}: {needle}" for needle in OUTSIDE if needle in text]
    assert pointing == [], "a clone lacks that folder: cite docs/metrics.md or docs/architecture.md"
