"""The bench's own arithmetic (bench/profile.py, bench/crowd.py, bench/page_cost.py): what the
profile table counts, which process each person of the crowd reached, and the floor ratio."""

from __future__ import annotations

from pathlib import Path

from bench.crowd import stickiness
from bench.load import Tally
from bench.page_cost import times
from bench.profile import top_functions, top_table

RAW = (
    "<module> (app.py:20);run (ui/views.py:10);render (ui/kpis.py:42) 30\n"
    "<module> (app.py:20);run (ui/views.py:11);render (ui/kpis.py:50);render (ui/kpis.py:42) 10\n"
    "<module> (app.py:20);select (selectors.py:469) 60\n"
)


def test_the_profile_counts_self_time_at_the_top_frame_and_total_time_once_per_sample() -> None:
    samples, own, total = top_functions(RAW)

    assert samples == 100
    assert own["render (ui/kpis.py)"] == 40  # lines of one function are one function
    assert own["select (selectors.py)"] == 60
    assert total["render (ui/kpis.py)"] == 40  # recursion counted once per sample
    assert total["run (ui/views.py)"] == 40
    assert total["<module> (app.py)"] == 100
    assert "run (ui/views.py)" not in own


def test_the_profile_table_lists_functions_by_share_of_samples() -> None:
    table = top_table(RAW, "title", top=2)

    by_self = table.split("top 2 by self:")[1].split("top 2 by total:")[0]
    assert by_self.index("select (selectors.py)") < by_self.index("render (ui/kpis.py)")
    assert "60.0%" in by_self and "40.0%" in by_self
    ours = table.split("top 2 by total, streetdash's code:")[1]
    assert "<module> (app.py)" in ours and "selectors.py" not in ours


def test_the_crowd_counts_people_per_process_and_flags_a_person_moved(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text(
        '- - 200 "GET /_stcore/health HTTP/1.1"\n'
        'a 127.0.0.1:8901 101 "GET /_stcore/stream HTTP/1.1"\n'
        'b 127.0.0.1:8902 101 "GET /_stcore/stream HTTP/1.1"\n'
        'c 127.0.0.1:8901 101 "GET /_stcore/stream HTTP/1.1"\n'
        'c 127.0.0.1:8902 200 "GET /_stcore/health HTTP/1.1"\n',
        encoding="utf-8",
    )
    tally = Tally(signed_in=3)

    per_process = stickiness(log, tally, {"app1": 8901, "app2": 8902})

    assert per_process == {"app1": 1, "app2": 1}
    assert tally.errors == {"session moved between processes": 1}


def test_a_ratio_to_a_floor_below_a_clock_tick_is_not_given() -> None:
    assert times(0.2, 0.04) == 5.0
    assert times(0.2, 0.0) is None
