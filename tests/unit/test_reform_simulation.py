"""The reading on simulated streets: does `evaluate_counts` find a real effect, and does it keep
quiet when there is none?

Each street has four treated communities and six comparison communities (the rest of a
ten-community street), each with its own weekly rate of property disputes drawn from 1.5–4 per
week, and a common drift of the whole street between the periods (×0.8–1.2, as a season or a
city-wide campaign would move every community), over 26 weeks before and 26 after. Counts are
Poisson. With a planted effect of −60 % in the treated communities the reading should be `fell`
in at least 90 % of 200 streets; with none, `fell` or `rose` in about 5 % (the interval's
promise: a 95 % interval misses the truth in one case in twenty).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from metrics.reform import Evaluation, evaluate_counts, reform_periods

SEEDS = 200
WEEKS = 26
TREATED = tuple(f"T{index}" for index in range(1, 5))
COMPARISON = tuple(f"C{index}" for index in range(1, 7))
START = date(2026, 3, 2)
BEFORE, AFTER, _ = reform_periods(START, WEEKS, START + timedelta(days=7 * WEEKS - 1))
WEEK_STARTS = [BEFORE.start + timedelta(days=7 * index) for index in range(2 * WEEKS)]


def simulated_streets(effect: float, seed: int) -> list[Evaluation]:
    """SEEDS streets' evaluations; `effect` multiplies the treated communities' after rate."""
    rng = np.random.default_rng(seed)
    communities = len(TREATED) + len(COMPARISON)
    rates = rng.uniform(1.5, 4.0, size=(SEEDS, communities, 1))
    drift = rng.uniform(0.8, 1.2, size=(SEEDS, 1, 1))
    after = np.arange(2 * WEEKS) >= WEEKS  # the weeks of the after period
    is_treated = np.arange(communities) < len(TREATED)
    factor = np.where(after[None, :], drift[:, :, 0], 1.0)[:, None, :]  # (seeds, 1, weeks)
    factor = factor * np.where(is_treated[:, None] & after[None, :], effect, 1.0)[None, :, :]
    counts = rng.poisson(rates * factor)  # (seeds, communities, weeks), all drawn at once
    codes = (*TREATED, *COMPARISON)
    return [
        evaluate_counts(
            {
                (codes[row], WEEK_STARTS[week]): int(number)
                for (row, week), number in np.ndenumerate(street)
            },
            figure="disputes_new",
            categories=("property",),
            treated=TREATED,
            comparison=COMPARISON,
            before=BEFORE,
            after=AFTER,
        )
        for street in counts
    ]


def share(evaluations: list[Evaluation], *readings: str) -> float:
    return sum(evaluation.reading in readings for evaluation in evaluations) / len(evaluations)


def test_a_planted_fall_of_sixty_percent_reads_fell_in_at_least_nine_streets_in_ten() -> None:
    evaluations = simulated_streets(0.4, seed=16)
    assert share(evaluations, "fell") >= 0.9
    assert not any(evaluation.too_few for evaluation in evaluations)


def test_with_no_effect_the_reading_is_fell_or_rose_in_about_one_street_in_twenty() -> None:
    evaluations = simulated_streets(1.0, seed=17)
    assert share(evaluations, "fell", "rose") <= 0.08
    assert share(evaluations, "unclear") >= 0.92


def test_the_comparison_takes_out_the_streets_common_drift() -> None:
    # Without the comparison, the treated communities' own change would follow the drift
    # (×0.8–1.2): their mean change is away from 0 in a street drifting down, the ratio is not.
    evaluations = simulated_streets(1.0, seed=18)
    ratios = np.array([evaluation.ratio for evaluation in evaluations], dtype=float)
    changes = np.array([evaluation.treated.change for evaluation in evaluations], dtype=float)
    drifts = np.array([evaluation.comparison.change for evaluation in evaluations], dtype=float)
    assert abs(float(np.median(ratios)) - 1) < 0.03
    assert float(np.corrcoef(changes, drifts)[0, 1]) > 0.5
