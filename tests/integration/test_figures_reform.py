"""figures/reform.py equals metrics.reform (the pandas reference) over random records, reform
starts (any weekday), lengths, figures, categories and communities, on SQLite and PostgreSQL:
the weekly counts per community, and the evaluation made from them."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from figures.reform import reform_weekly_counts
from metrics.codes import DISPUTE_CATEGORIES
from metrics.reform import FIGURES, evaluate, evaluate_counts, weekly_counts
from metrics.window import Window
from tests.random_records import CODES, EXAMPLES, UNKNOWN, Case, cases, load

questions = st.fixed_dictionaries(
    {
        "figure": st.sampled_from(FIGURES),
        "categories": st.lists(st.sampled_from(DISPUTE_CATEGORIES[:5]), max_size=2, unique=True),
        "start": st.integers(-60, 14),
        "weeks": st.integers(1, 10),
        "treated": st.lists(
            st.sampled_from((*CODES, UNKNOWN)), min_size=1, max_size=2, unique=True
        ),
    }
)


@EXAMPLES
@given(case=cases(), question=questions)
def test_the_weekly_counts_in_the_database_equal_the_pandas_reference(
    engine: Engine, case: Case, question: dict
) -> None:
    load(engine, case.records)
    figure = question["figure"]
    categories = question["categories"] if figure == "disputes_new" else []
    start = case.window.end + timedelta(days=question["start"])
    length = timedelta(days=7 * question["weeks"])
    before = Window(start - length, start - timedelta(days=1))
    after = Window(start, start + length - timedelta(days=1))
    span = Window(before.start, after.end)
    treated = question["treated"]
    comparison = [code for code in (*CODES, UNKNOWN) if code not in treated]
    frames = case.records.frames([*CODES, UNKNOWN])

    found = reform_weekly_counts(engine, figure, categories, [*treated, *comparison], span)
    assert found == weekly_counts(frames, figure, categories, [*treated, *comparison], span)
    assert all(number > 0 for number in found.values())
    kwargs = {
        "figure": figure,
        "categories": categories,
        "treated": treated,
        "comparison": comparison,
        "before": before,
        "after": after,
    }
    assert evaluate_counts(found, **kwargs) == evaluate(frames, **kwargs)
