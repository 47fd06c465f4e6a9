"""The import command for real 台账 (issue 19): --suggest prints the proposed mapping as JSON,
--mapping FILE.json imports with a person's corrected mapping, and several files or a folder
are imported all together or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cli
from data_access.db import get_engine
from data_access.queries import record_counts
from tests.taizhang import LAYOUTS

STREETS = "街道编码,街道名称\r\nYH,粤海街道\r\n"
COMMUNITIES = (
    "社区编码,社区名称,所属街道,常住人口\r\nYH01,粤海门社区,YH,21500\r\nYH02,大冲社区,YH,38600\r\n"
)


@pytest.fixture
def street(tmp_path: Path) -> Path:
    for name, text in (("streets", STREETS), ("communities", COMMUNITIES)):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        assert cli.main(["import", name, str(path)]) == 0
    return tmp_path


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_suggest_prints_the_mapping_and_mapping_imports_with_it(
    street: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = LAYOUTS[0]
    path = write(street, *layout.file())
    capsys.readouterr()
    assert cli.main(["import", "auto", str(path), "--suggest"]) == 0
    proposal = json.loads(capsys.readouterr().out)
    assert proposal["table"] == "disputes" and proposal["missing_required"] == []
    columns = {c["header"]: c["target"] for c in proposal["columns"] if c["target"]}
    assert columns == layout.targets()
    assert all(0 < c["confidence"] <= 1 for c in proposal["columns"] if c["target"])
    words = {(v["column"], v["value"]): v["code"] for v in proposal["values"]}
    assert words[("status", "调解不成")] == "unresolved"
    assert record_counts(get_engine())["disputes"] == 0  # --suggest imports nothing

    assert cli.main(["import", "disputes", str(path)]) == 1  # unmapped: refused as before
    mapping = {"table": "disputes", "columns": columns, "values": {}}
    for value in proposal["values"]:
        mapping["values"].setdefault(value["column"], {})[value["value"]] = value["code"]
    mapping_path = street / "yuehaimen.json"
    mapping_path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["import", "disputes", str(path), "--mapping", str(mapping_path)]) == 0
    out = capsys.readouterr().out
    assert "已跳过第 1、6、7 行（标题行、合计行）" in out
    assert record_counts(get_engine())["disputes"] == len(layout.records)


def test_a_folder_is_imported_all_together_or_not_at_all(
    street: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = street / "week"
    folder.mkdir()
    consultations = next(layout for layout in LAYOUTS if layout.table == "consultations")
    burden = next(layout for layout in LAYOUTS if layout.table == "burden_items")
    write(folder, "a_consultations.csv", consultations.template())
    bad = burden.template().replace(b"JF-2026-102", b"").replace(b"2026-09-04", b"2026-13-04")
    write(folder, "b_burden.csv", bad)
    assert cli.main(["import", "auto", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "b_burden.csv" in err and "a_consultations.csv" not in err
    assert record_counts(get_engine())["consultations"] == 0  # the valid file waited too
    write(folder, "b_burden.csv", burden.template())
    assert cli.main(["import", "auto", str(folder)]) == 0
    counts = record_counts(get_engine())
    assert (counts["consultations"], counts["burden_items"]) == (2, 2)


def proposed_mapping(street: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """--suggest's proposal with every choice word accepted, written as a mapping file."""
    capsys.readouterr()
    assert cli.main(["import", "auto", str(path), "--suggest"]) == 0
    proposal = json.loads(capsys.readouterr().out)
    columns = {c["header"]: c["target"] for c in proposal["columns"] if c["target"]}
    mapping: dict = {"table": proposal["table"], "columns": columns, "values": {}}
    for value in proposal["values"]:
        mapping["values"].setdefault(value["column"], {})[value["value"]] = value["code"]
    mapping_path = street / "mapping.json"
    mapping_path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    return mapping_path


def test_a_saved_mapping_maps_the_next_file_with_the_same_headers_without_asking(
    street: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = LAYOUTS[0]
    path = write(street, *layout.file())
    mapping_path = proposed_mapping(street, path, capsys)
    name = "粤海门社区 纠纷台账"
    assert cli.main(["import", "disputes", str(path), "--mapping", str(mapping_path)]) == 0
    assert cli.main(["import", "auto", str(path), "--mapping", "no such"]) == 1
    assert "没有名为“no such”的已保存映射" in capsys.readouterr().err
    assert cli.main(["import", "auto", str(path)]) == 1  # nothing saved yet: still refused
    capsys.readouterr()
    args = ["import", "disputes", str(path), "--mapping", str(mapping_path), "--save-mapping"]
    assert cli.main([*args, name]) == 0
    assert f"映射“{name}”已保存" in capsys.readouterr().out

    again = write(street, "next_week" + Path(path).suffix, path.read_bytes())
    assert cli.main(["import", "auto", str(again)]) == 0
    assert f"已按保存的映射“{name}”对应" in capsys.readouterr().out
    assert cli.main(["import", "auto", str(again), "--mapping", name]) == 0
    assert cli.main([*args, name]) == 0  # saving again under the name updates it
    assert record_counts(get_engine())["disputes"] == len(layout.records)


def test_save_mapping_without_a_mapping_is_refused(
    street: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(street, *LAYOUTS[0].file())
    assert cli.main(["import", "auto", str(path), "--save-mapping", "名称"]) == 1
    assert "--save-mapping needs --mapping" in capsys.readouterr().err
