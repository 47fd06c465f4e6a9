"""The weekly PDF, generated with the system fonts hidden, read back: text, numbers, fonts, charts.

This machine has CJK fonts installed (fonts-noto-cjk), so a PDF test run in the open would pass
even if the project brought no font of its own. Each generation here runs in a subprocess under
`unshare -m` with an empty tmpfs over the system font directories and fontconfig pointed at an
empty cache, as on a user's machine with no Chinese font at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import cli
from data_access.db import get_engine
from data_access.migrate import migrate
from demo.district import DistrictShape
from demo.district_load import load_district
from i18n import enum_label, metric_label, t
from i18n.formatting import format_figure
from metrics.alerts import RULES
from metrics.window import Window
from reports import pdf
from reports.alerts import COMMUNITIES_NAMED

TODAY = date(2026, 11, 18)
WEEK = Window.last_complete_week(TODAY)
SYSTEM_FONT_DIRECTORIES = ("/usr/share/fonts", "/usr/local/share/fonts")
STREETDASH = Path(sys.executable).with_name("streetdash")
DOMAINS = ("disputes", "consultations", "organizations", "burden")
# 24 communities, some names shared by two streets: 89 alerts in WEEK, over the PDF's limit.
DISTRICT = DistrictShape(streets=3, communities_per_street=8, weeks=20)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: these tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def hidden_fonts_prefix(tmp_path: Path) -> list[str]:
    """`unshare -m sh -c '<mount tmpfs over the font dirs>; exec "$@"'`, or skip saying why."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        _unavailable("hiding the system fonts needs `unshare -m` as root")
    mounts = " && ".join(
        f"mount -t tmpfs tmpfs {folder}"
        for folder in SYSTEM_FONT_DIRECTORIES
        if Path(folder).is_dir()
    )
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{mounts} && true"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        _unavailable(f"cannot hide the system fonts with unshare -m: {probe.stderr.strip()}")
    return ["unshare", "-m", "sh", "-c", f'{mounts} && exec "$@"', "hidden-fonts"]


def hidden_env(tmp_path: Path) -> dict[str, str]:
    cache = tmp_path / "empty-cache"
    cache.mkdir(exist_ok=True)
    fontconfig = tmp_path / "fonts.conf"
    fontconfig.write_text(
        f"<?xml version='1.0'?><fontconfig><cachedir>{cache}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return os.environ | {
        "XDG_CACHE_HOME": str(cache),
        "FONTCONFIG_FILE": str(fontconfig),
        "HOME": str(tmp_path),
    }


def run_hidden(tmp_path: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        hidden_fonts_prefix(tmp_path) + command,
        capture_output=True,
        text=True,
        env=hidden_env(tmp_path),
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def demo_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)
    assert cli.main(["demo", "--weeks", "12"]) == 0


@pytest.fixture
def district_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today_local", lambda: TODAY)
    engine = get_engine()
    migrate(engine)
    load_district(engine, shape=DISTRICT, today=TODAY, with_accounts=False)


def summary_json(capsys: pytest.CaptureFixture[str], lang: str) -> dict:
    capsys.readouterr()
    assert cli.main(["summary", "--week", str(WEEK.week), "--lang", lang]) == 0
    return json.loads(capsys.readouterr().out)


def report_hidden(tmp_path: Path, lang: str, *extra: str) -> Path:
    out = tmp_path / f"week-{lang}.pdf"
    command = [str(STREETDASH), "report", "--week", str(WEEK.week), "--lang", lang]
    run_hidden(tmp_path, [*command, *extra, "--out", str(out)])
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def figure_row(text: str, label: str) -> list[str]:
    """The cells after `label` on the first line that starts with it (layout text)."""
    for line in text.splitlines():
        if line.strip().startswith(label + " ") or line.strip() == label:
            return re.split(r"\s{2,}", line.strip()[len(label) :].strip())
    raise AssertionError(f"no line for {label!r}")


def test_the_system_fonts_really_are_hidden_in_the_subprocess(tmp_path: Path) -> None:
    result = run_hidden(tmp_path, ["sh", "-c", "find /usr/share/fonts -type f | wc -l; fc-list"])
    count, _, listed = result.stdout.partition("\n")
    assert count.strip() == "0"
    assert listed.strip() == ""


ALERT_LIST = ("pdf_col_severity", "pdf_col_alert", "pdf_col_refs")
RULE_TABLE = ("pdf_col_severity", "pdf_col_rule", "pdf_col_rule_communities", "pdf_col_communities")


def has_heading_row(text: str, lang: str, columns: tuple[str, ...]) -> bool:
    """Whether the text holds a table heading row of these columns (keys of their titles)."""
    heading = r"\s+".join(re.escape(t(key, lang)) for key in columns)
    return re.search(rf"^\s*{heading}\s*$", text, re.MULTILINE) is not None


def alerts_section(text: str, lang: str) -> str:
    return text.split(t("pdf_alerts_title", lang), 1)[1].split(t("pdf_charts_title", lang))[0]


def squashed(text: str) -> str:
    """The text with all white space removed: wrapped Chinese lines join up again."""
    return "".join(text.split())


def assert_the_week_and_summary_numbers_are_shown(text: str, summary: dict, lang: str) -> None:
    """The week, every scalar figure this week and last, and each community's row."""
    year, week, _ = WEEK.start.isocalendar()
    assert (f"{year}年第{week}周" if lang == "zh" else f"Week {week} of {year}") in text
    for domain in DOMAINS:
        for key, value in summary[domain].items():
            if isinstance(value, dict):
                continue
            cells = figure_row(text, metric_label(domain, key, lang))
            this_week, last_week = cells[0], cells[1]
            assert this_week == format_figure(key, value, lang), (domain, key, cells)
            expected_previous = format_figure(key, summary["previous"][domain][key], lang)
            assert last_week == expected_previous, (domain, key, cells)
    by_community = text.split(t("pdf_community_title", lang), 1)[1]
    # Two communities of different streets may share a name: the PDF adds their codes.
    names = Counter(row["name"] for row in summary["by_community"])
    shared = {name for name, count in names.items() if count > 1}
    for row in summary["by_community"]:
        shown = f"{row['name']} {row['community']}" if row["name"] in shared else row["name"]
        cells = figure_row(by_community, shown)
        assert cells[0] == str(row["disputes_new"]), (shown, cells)
        assert cells[1] == str(row["disputes_open_at_end"]), (shown, cells)
        assert cells[-1] == str(row["burden_unapproved"]), (shown, cells)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_shows_the_street_the_week_and_the_summary_json_numbers(
    demo_database: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    summary = summary_json(capsys, lang)
    text = pdf_text(report_hidden(tmp_path, lang))
    assert "粤海街道" in text
    assert_the_week_and_summary_numbers_are_shown(text, summary, lang)
    assert 0 < len(summary["alerts"]) <= pdf.ALERTS_LISTED_UP_TO
    for alert in summary["alerts"]:
        assert " ".join(alert["message"].split())[:12] in " ".join(text.split())
    assert has_heading_row(text, lang, ALERT_LIST)
    assert not has_heading_row(text, lang, RULE_TABLE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_district_weeks_alerts_are_summarised_by_rule_with_every_summary_number(
    district_database: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    summary = summary_json(capsys, lang)
    alerts = summary["alerts"]
    assert len(alerts) > pdf.ALERTS_LISTED_UP_TO
    text = pdf_text(report_hidden(tmp_path, lang))
    assert "南头街道" in text
    assert_the_week_and_summary_numbers_are_shown(text, summary, lang)
    sentence = t(
        "pdf_alerts_summarised",
        lang,
        count=len(alerts),
        limit=pdf.ALERTS_LISTED_UP_TO,
        overview=t("page_overview", lang),
        meeting=t("page_meeting", lang),
    )
    assert squashed(sentence) in squashed(text)
    section = alerts_section(text, lang)
    communities_per_rule = Counter(alert["rule"] for alert in alerts)
    for rule, count in communities_per_rule.items():
        severity = t(f"severity_title_{RULES[rule]}", lang)
        row = rf"^{re.escape(severity)}\s+{re.escape(enum_label('rule', rule, lang))}\s+{count}\b"
        assert re.search(row, section, re.MULTILINE), (rule, count)
    # Rows in order: most communities first.
    label = {rule: enum_label("rule", rule, lang) for rule in communities_per_rule}
    placed = sorted(communities_per_rule, key=lambda rule: section.index(label[rule]))
    assert [communities_per_rule[rule] for rule in placed] == sorted(
        communities_per_rule.values(), reverse=True
    )
    widest = max(communities_per_rule.values())
    assert widest > COMMUNITIES_NAMED
    more = t("pdf_communities_more", lang, listed="", count=widest - COMMUNITIES_NAMED)
    assert squashed(more) in squashed(section)
    assert has_heading_row(text, lang, RULE_TABLE)
    assert not has_heading_row(text, lang, ALERT_LIST)
    assert alerts[0]["message"][:12] not in " ".join(text.split())


def test_the_summary_by_rule_takes_fewer_pages_than_listing_every_alert(
    district_database: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summarised, listed = tmp_path / "summarised.pdf", tmp_path / "listed.pdf"
    week = ["report", "--week", str(WEEK.week), "--lang", "zh", "--out"]
    assert cli.main([*week, str(summarised)]) == 0
    monkeypatch.setattr(pdf, "ALERTS_LISTED_UP_TO", 10_000)
    assert cli.main([*week, str(listed)]) == 0
    summarised_pages = pdf.page_count(summarised.read_bytes())
    listed_pages = pdf.page_count(listed.read_bytes())
    assert summarised_pages < listed_pages, (summarised_pages, listed_pages)
    assert has_heading_row(pdf_text(summarised), "zh", RULE_TABLE)
    assert has_heading_row(pdf_text(listed), "zh", ALERT_LIST)


def test_every_font_is_embedded_and_subset_and_the_chinese_is_real_text(
    demo_database: None, tmp_path: Path
) -> None:
    path = report_hidden(tmp_path, "zh")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows, "the PDF names no font"
    for row in rows:
        name, *_ = row.split()
        columns = row[len(name) :].split()
        emb, sub, uni = columns[-5], columns[-4], columns[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert "+" in name, f"not a subset: {row}"
    text = pdf_text(path)
    for words in ("社区治理周报", "主要指标", "矛盾纠纷", "协商议事", "分社区情况", "附录"):
        assert words in text
    assert "\ufffd" not in text
    assert "?" not in text
    assert path.stat().st_size < 600_000


def test_an_unknown_community_is_a_usage_error(
    demo_database: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["report", "--week", str(WEEK.week), "--community", "NOPE", "--out", "x.pdf"])
    assert code == 2
    assert "NOPE" in capsys.readouterr().err


def test_a_community_report_names_only_that_community(demo_database: None, tmp_path: Path) -> None:
    text = pdf_text(report_hidden(tmp_path, "zh", "--community", "YH01"))
    assert "粤海门社区" in text
    assert "大冲社区" not in text


def test_an_english_report_names_its_communities_with_commas(
    demo_database: None, tmp_path: Path
) -> None:
    out = tmp_path / "two.pdf"
    two = ["--community", "YH01", "--community", "YH03"]
    assert (
        cli.main(["report", "--week", str(WEEK.week), "--lang", "en", *two, "--out", str(out)]) == 0
    )
    assert "粤海门社区, 南油社区" in pdf_text(out)


CHART_PROBE = textwrap.dedent(
    """
    import io, json
    import altair as alt
    import pandas as pd
    import vl_convert
    from PIL import Image, ImageChops
    from charts.theme import finished
    from reports.chart_images import chart_png

    def grey(png: bytes) -> Image.Image:
        return Image.open(io.BytesIO(png)).convert("L")

    def inked(image: Image.Image) -> int:
        return sum(1 for value in image.tobytes() if value < 128)

    rows = pd.DataFrame({"x": [0], "y": [0], "label": ["社区治理"]})
    text = alt.Chart(rows).mark_text(fontSize=40).encode(
        x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), text="label:N"
    )
    chart = finished(text, "矛盾纠纷")
    missing = grey(bytes(vl_convert.vegalite_to_png(chart.to_dict(), scale=1)))
    drawn = grey(chart_png(chart, scale=1))
    differing = sum(1 for value in ImageChops.difference(missing, drawn).tobytes() if value > 64)
    print(json.dumps({"missing": inked(missing), "drawn": inked(drawn), "differing": differing}))
    """
)


def test_chart_labels_are_drawn_in_the_projects_font_with_the_system_fonts_hidden(
    tmp_path: Path,
) -> None:
    script = tmp_path / "probe.py"
    script.write_text(CHART_PROBE, encoding="utf-8")
    result = run_hidden(tmp_path, [sys.executable, str(script)])
    pixels = json.loads(result.stdout.strip().splitlines()[-1])
    # With no system font and the project's font not registered, vl-convert draws Chinese as
    # empty boxes (older versions: nothing at all). `chart_png` registers Noto Sans SC, so its
    # image must differ from that, glyph by glyph, and carry ink; it equals it when the
    # registration or the font family name is broken.
    assert pixels["drawn"] > 500
    assert pixels["differing"] > 500, pixels
