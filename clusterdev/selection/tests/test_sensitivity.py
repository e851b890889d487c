"""Sensitivity: Monte Carlo over Dirichlet weights, and each weight's stable range."""

from __future__ import annotations

import copy

import pytest

from clusterdev.selection import SelectionError, rank, sensitivity
from clusterdev.selection._types import Direction, Method
from clusterdev.selection.tests.conftest import AIRCRAFT, AIRCRAFT_DIRECTIONS, AIRCRAFT_WEIGHTS


def _aircraft(**options: object):  # type: ignore[no-untyped-def]
    return sensitivity(
        AIRCRAFT,
        weights=AIRCRAFT_WEIGHTS,
        directions=AIRCRAFT_DIRECTIONS,
        **options,  # type: ignore[arg-type]
    )


def test_the_same_seed_gives_the_same_result_and_another_seed_another() -> None:
    first = _aircraft(samples=500, seed=11)
    assert _aircraft(samples=500, seed=11) == first
    assert _aircraft(samples=500, seed=12).first != first.first
    assert (first.samples, first.seed, first.top_k, first.concentration) == (500, 11, 3, 100.0)


def test_shares_are_probabilities_and_the_top_k_holds_k_alternatives_per_sample() -> None:
    result = _aircraft(samples=400, top_k=2, seed=1)
    assert set(result.first) == set(result.in_top_k) == set(AIRCRAFT)
    assert all(0 <= p <= 1 for p in [*result.first.values(), *result.in_top_k.values()])
    assert sum(result.first.values()) == pytest.approx(1)
    assert sum(result.in_top_k.values()) == pytest.approx(2)
    assert all(result.in_top_k[a] >= result.first[a] for a in AIRCRAFT)
    assert result.top == "A1"  # Hwang and Yoon's first, as rank() says.


def test_a_dominating_alternative_is_always_first() -> None:
    table = {"best": {"x": 9, "y": 1}, "worse": {"x": 5, "y": 3}, "worst": {"x": 1, "y": 9}}
    directions: dict[str, Direction] = {"x": "benefit", "y": "cost"}
    methods: list[Method] = ["topsis", "wsm"]
    for method in methods:
        result = sensitivity(
            table, weights={"x": 0.5, "y": 0.5}, directions=directions, method=method
        )
        assert result.first == {"best": 1.0, "worse": 0.0, "worst": 0.0}
        assert result.stable_ranges == {"x": (0.0, 1.0), "y": (0.0, 1.0)}


def test_the_concentration_sets_how_far_the_weights_wander() -> None:
    loose = _aircraft(samples=2000, concentration=5, seed=3)
    tight = _aircraft(samples=2000, concentration=10_000, seed=3)
    assert tight.first["A1"] > loose.first["A1"]
    assert tight.first["A1"] > 0.95


def test_wsm_stable_ranges_are_exact() -> None:
    """Three candidates on min–max-normalised values; with employment's weight t and the
    others rescaled, S_Atuntaqui = 1 − 3t/11 and S_Ambato = t, which cross at t = 11/14."""
    table = {
        "Atuntaqui": {"employment": 4200, "lq": 6.1, "risk": 2},
        "Ambato": {"employment": 5100, "lq": 3.4, "risk": 4},
        "Cuenca": {"employment": 1800, "lq": 4.0, "risk": 3},
    }
    result = sensitivity(
        table,
        weights={"employment": 0.5, "lq": 0.3, "risk": 0.2},
        directions={"employment": "benefit", "lq": "benefit", "risk": "cost"},
        method="wsm",
    )
    assert result.top == "Atuntaqui"
    low, high = result.stable_ranges["employment"]
    assert low == 0.0
    assert high == pytest.approx(11 / 14, abs=1e-8)


def test_at_the_ends_of_each_stable_range_another_alternative_ties_or_takes_over() -> None:
    for method in ("topsis", "wsm"):
        result = _aircraft(samples=10, method=method)
        for criterion, (low, high) in result.stable_ranges.items():
            w = AIRCRAFT_WEIGHTS[criterion]
            assert low <= w <= high
            for end, step in ((low, -1e-6), (high, 1e-6)):
                if 0 < end < 1:
                    t = end + step
                    moved = {
                        c: t if c == criterion else v * (1 - t) / (1 - w)
                        for c, v in AIRCRAFT_WEIGHTS.items()
                    }
                    outside = rank(
                        AIRCRAFT, weights=moved, directions=AIRCRAFT_DIRECTIONS, method=method
                    )
                    assert outside.alternatives[0].alternative != result.top


def test_a_criterion_of_weight_0_stays_at_0_in_the_samples() -> None:
    weights = dict(AIRCRAFT_WEIGHTS, speed=0.0)
    full = sensitivity(AIRCRAFT, weights=weights, directions=AIRCRAFT_DIRECTIONS, samples=300)
    without = sensitivity(
        {a: {c: v for c, v in row.items() if c != "speed"} for a, row in AIRCRAFT.items()},
        weights={c: w for c, w in weights.items() if c != "speed"},
        directions={c: d for c, d in AIRCRAFT_DIRECTIONS.items() if c != "speed"},
        samples=300,
    )
    assert full.first == without.first
    assert full.stable_ranges["speed"][0] == 0.0


def test_no_input_is_modified() -> None:
    table, weights = copy.deepcopy(AIRCRAFT), dict(AIRCRAFT_WEIGHTS)
    sensitivity(table, weights=weights, directions=AIRCRAFT_DIRECTIONS, samples=50)
    assert (table, weights) == (AIRCRAFT, AIRCRAFT_WEIGHTS)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"samples": 0}, "samples must be a positive whole number"),
        ({"top_k": 0}, "top_k must be a positive whole number"),
        ({"seed": -1}, "seed must be a non-negative whole number"),
        ({"seed": None}, "seed must be a non-negative whole number"),
        ({"concentration": 0}, "concentration must be a positive number"),
        ({"concentration": float("nan")}, "concentration must be a positive number"),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        _aircraft(**options)
