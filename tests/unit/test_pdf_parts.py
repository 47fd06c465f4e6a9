"""Small parts of the weekly PDF: headings, averages as shown, and image sizes."""

from __future__ import annotations

from datetime import date

from metrics.window import Window
from reports.meeting import format_average
from reports.pdf import page_count, png_size, refs_text, window_heading


def test_a_week_is_headed_with_its_number_and_days_in_both_languages() -> None:
    week = Window.iso_week("2026-W47")
    assert window_heading(week, "zh") == "2026年第47周（2026年11月16日–22日）"
    assert window_heading(week, "en") == "Week 47 of 2026 (16–22 Nov 2026)"


def test_a_date_range_is_headed_as_a_window() -> None:
    heading = window_heading(Window(date(2026, 10, 1), date(2026, 10, 31)), "zh")
    assert heading == "统计周期：2026年10月1日–31日"


def test_averages_are_shown_with_one_decimal_and_rates_as_percentages() -> None:
    assert format_average("new", 18.125, "zh") == "18.1"
    assert format_average("success_rate", 0.9016, "en") == "90.2%"
    assert format_average("success_rate", None, "zh") == "—"


def test_png_size_reads_the_header_and_page_count_counts_page_objects() -> None:
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (1440).to_bytes(4, "big")
    assert png_size(header + (520).to_bytes(4, "big")) == (1440, 520)
    assert page_count(b"<< /Type /Pages /Kids [] >> << /Type /Page >> << /Type /Page\n>>") == 2


def test_an_alert_lists_its_first_ten_record_numbers_then_how_many_in_all() -> None:
    refs = [f"YH01-{number:03d}" for number in range(1, 24)]
    first_ten = " ".join(refs[:10])
    assert refs_text(refs, "zh") == f"{first_ten} 等共 23 件"
    assert refs_text(refs, "en") == f"{first_ten} … 23 in all"
    assert refs_text(refs[:10], "zh") == first_ten
    assert refs_text(refs[:3], "en", shown=2) == "YH01-001 YH01-002 … 3 in all"
    assert refs_text([], "zh") == "—"
