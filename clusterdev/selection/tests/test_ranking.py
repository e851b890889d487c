"""Ranking: TOPSIS reproduces Hwang and Yoon; both methods' properties; refusals."""

from __future__ import annotations

import copy
import random

import pytest

from clusterdev.selection import RankedAlternative, SelectionError, rank
from clusterdev.selection._types import Direction
from clusterdev.selection.tests.conftest import AIRCRAFT, AIRCRAFT_DIRECTIONS, AIRCRAFT_WEIGHTS


def _aircraft(**options: object):  # type: ignore[no-untyped-def]
    return rank(AIRCRAFT, weights=AIRCRAFT_WEIGHTS, directions=AIRCRAFT_DIRECTIONS, **options)  # type: ignore[arg-type]


def test_topsis_reproduces_hwang_and_yoons_fighter_aircraft_example() -> None:
    """Hwang and Yoon (1981), *Multiple Attribute Decision Making: Methods and Applications*,
    Springer, the TOPSIS example: four fighter aircraft on maximum speed (Mach),
    ferry range (NM), maximum payload (lb), acquisition cost ($10^6, a cost), reliability and
    manoeuvrability (interval scores), weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3), vector
    normalisation. Published relative closeness C*: A1 0.643, A2 0.268, A3 0.613, A4 0.312;
    ranking A1 > A3 > A4 > A2. Tolerance 0.001 (the book rounds its intermediate values to
    four decimals: A3 computes to 0.6135).
    """
    result = _aircraft()
    assert (result.method, result.normalisation) == ("topsis", "vector")
    assert [a.alternative for a in result.alternatives] == ["A1", "A3", "A4", "A2"]
    assert [a.rank for a in result.alternatives] == [1, 2, 3, 4]
    closeness = {a.alternative: a.score for a in result.alternatives}
    published = {"A1": 0.643, "A2": 0.268, "A3": 0.613, "A4": 0.312}
    assert closeness == pytest.approx(published, abs=0.001)


def test_the_weighted_sum_uses_min_max_normalisation_with_costs_turned_round() -> None:
    result = _aircraft(method="wsm")
    assert result.normalisation == "minmax"
    # By hand: r = (x - min) / (max - min), and (max - x) / (max - min) for the cost.
    x = AIRCRAFT
    expected = {}
    for name, row in x.items():
        score = 0.0
        for c, w in AIRCRAFT_WEIGHTS.items():
            low, high = min(v[c] for v in x.values()), max(v[c] for v in x.values())
            r = (row[c] - low) / (high - low)
            score += w * (1 - r if c == "cost" else r)
        expected[name] = score
    assert {a.alternative: a.score for a in result.alternatives} == pytest.approx(expected)
    assert [a.alternative for a in result.alternatives] == sorted(
        expected, key=lambda k: -expected[k]
    )


def test_the_normalisation_is_a_named_choice_for_either_method() -> None:
    assert _aircraft(normalisation="minmax").normalisation == "minmax"
    vector_wsm = _aircraft(method="wsm", normalisation="vector")
    assert vector_wsm.normalisation == "vector"
    assert len(vector_wsm.alternatives) == 4


@pytest.mark.parametrize(
    ("method", "normalisation"),
    [("topsis", None), ("wsm", None), ("topsis", "minmax"), ("wsm", "vector")],
)
def test_scaling_a_criterion_by_a_positive_constant_changes_no_ranking(
    method: str, normalisation: str | None
) -> None:
    rng = random.Random(81)
    for _ in range(20):
        criteria = [f"c{j}" for j in range(rng.randint(1, 6))]
        table = {
            f"a{i}": {c: rng.uniform(0.5, 100) for c in criteria} for i in range(rng.randint(2, 9))
        }
        weights = {c: rng.uniform(0, 1) for c in criteria}
        weights[criteria[0]] += 0.1
        directions = {c: rng.choice(["benefit", "cost"]) for c in criteria}
        scaled_criterion = rng.choice(criteria)
        factor = rng.uniform(0.001, 1000)
        scaled = {
            a: {c: v * factor if c == scaled_criterion else v for c, v in row.items()}
            for a, row in table.items()
        }
        options = {
            "weights": weights,
            "directions": directions,
            "method": method,
            "normalisation": normalisation,
        }
        before = rank(table, **options)  # type: ignore[arg-type]
        after = rank(scaled, **options)  # type: ignore[arg-type]
        assert [(a.alternative, a.rank) for a in after.alternatives] == [
            (a.alternative, a.rank) for a in before.alternatives
        ]
        assert [a.score for a in after.alternatives] == pytest.approx(
            [a.score for a in before.alternatives], abs=1e-9
        )


def test_weights_are_normalised_so_only_their_proportions_count() -> None:
    doubled = {c: 2 * w for c, w in AIRCRAFT_WEIGHTS.items()}
    result = rank(AIRCRAFT, weights=doubled, directions=AIRCRAFT_DIRECTIONS)
    assert result.weights == pytest.approx(AIRCRAFT_WEIGHTS)
    assert result.alternatives == _aircraft().alternatives


def test_tied_scores_share_the_better_rank_in_input_order() -> None:
    table = {
        "Otavalo": {"jobs": 10, "trust": 3},
        "Ambato": {"jobs": 30, "trust": 1},
        "Atuntaqui": {"jobs": 30, "trust": 1},
        "Cuenca": {"jobs": 20, "trust": 2},
    }
    directions: dict[str, Direction] = {"jobs": "benefit", "trust": "benefit"}
    result = rank(table, weights={"jobs": 1, "trust": 0}, directions=directions, method="wsm")
    assert [(a.alternative, a.rank) for a in result.alternatives] == [
        ("Ambato", 1),
        ("Atuntaqui", 1),
        ("Cuenca", 3),
        ("Otavalo", 4),
    ]


def test_a_criterion_with_one_value_for_all_counts_as_best_for_all() -> None:
    table = {"a": {"jobs": 10, "same": 5}, "b": {"jobs": 20, "same": 5}}
    directions: dict[str, Direction] = {"jobs": "benefit", "same": "cost"}
    wsm = rank(table, weights={"jobs": 0.5, "same": 0.5}, directions=directions, method="wsm")
    assert [(a.alternative, a.score) for a in wsm.alternatives] == [("b", 1.0), ("a", 0.5)]
    topsis = rank(table, weights={"jobs": 0.5, "same": 0.5}, directions=directions)
    assert [(a.alternative, a.score) for a in topsis.alternatives] == [("b", 1.0), ("a", 0.0)]
    alike = rank(
        {"a": {"jobs": 1}, "b": {"jobs": 1}}, weights={"jobs": 1}, directions={"jobs": "benefit"}
    )
    assert alike.alternatives == [RankedAlternative("a", 1.0, 1), RankedAlternative("b", 1.0, 1)]


def test_a_list_of_rows_ranks_like_a_mapping_and_extra_fields_are_ignored() -> None:
    rows = [
        {"alternative": name, "note": "from mapping", **values} for name, values in AIRCRAFT.items()
    ]
    kept = copy.deepcopy(rows)
    result = rank(rows, weights=AIRCRAFT_WEIGHTS, directions=AIRCRAFT_DIRECTIONS)
    assert result.alternatives == _aircraft().alternatives
    assert rows == kept


def test_no_input_is_modified() -> None:
    table, weights, directions = (
        copy.deepcopy(AIRCRAFT),
        dict(AIRCRAFT_WEIGHTS),
        dict(AIRCRAFT_DIRECTIONS),
    )
    rank(table, weights=weights, directions=directions, method="wsm")
    assert (table, weights, directions) == (AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS)


@pytest.mark.parametrize(
    ("table", "weights", "directions", "message"),
    [
        (
            {"a": {"x": 1}},
            {"x": 1, "y": 1},
            {"x": "benefit", "y": "cost"},
            "alternative 'a', criterion 'y': missing value",
        ),
        (
            {"a": {"x": None}},
            {"x": 1},
            {"x": "benefit"},
            "alternative 'a', criterion 'x': missing value",
        ),
        (
            {"a": {"x": float("nan")}},
            {"x": 1},
            {"x": "benefit"},
            "alternative 'a', criterion 'x': missing value",
        ),
        (
            {"a": {"x": "3"}},
            {"x": 1},
            {"x": "benefit"},
            "alternative 'a', criterion 'x': '3' is not a number",
        ),
        (
            {"a": {"x": float("inf")}},
            {"x": 1},
            {"x": "benefit"},
            "alternative 'a', criterion 'x': inf is not a finite",
        ),
        ({"a": {"x": 1}}, {"x": 0}, {"x": "benefit"}, "the weights sum to 0"),
        (
            {"a": {"x": 1}},
            {"x": -1},
            {"x": "benefit"},
            "criterion 'x': weight -1 is not a non-negative number",
        ),
        ({"a": {"x": 1}}, {}, {}, "give at least one criterion"),
        ({"a": {"x": 1}}, {"x": 1}, {}, "criterion 'x' has no direction"),
        (
            {"a": {"x": 1}},
            {"x": 1},
            {"x": "more"},
            "criterion 'x': direction 'more' is not benefit or cost",
        ),
        ({"a": {"x": 1}}, {"x": 1}, {"x": "benefit", "z": "cost"}, "unknown criterion 'z'"),
        ({}, {"x": 1}, {"x": "benefit"}, "give at least one alternative"),
    ],
)
def test_bad_inputs_are_refused_naming_the_alternative_and_criterion(
    table: dict[str, dict[str, object]],
    weights: dict[str, float],
    directions: dict[str, str],
    message: str,
) -> None:
    with pytest.raises(SelectionError) as error:
        rank(table, weights=weights, directions=directions)  # type: ignore[arg-type]
    assert str(error.value).startswith(message)


def test_unknown_methods_and_normalisations_and_repeated_alternatives_are_refused() -> None:
    with pytest.raises(SelectionError, match="unknown method 'electre'"):
        _aircraft(method="electre")
    with pytest.raises(SelectionError, match="unknown normalisation 'sum'"):
        _aircraft(normalisation="sum")
    rows = [{"alternative": "a", "x": 1}, {"alternative": "a", "x": 2}]
    with pytest.raises(SelectionError, match="alternative 'a' is given twice"):
        rank(rows, weights={"x": 1}, directions={"x": "benefit"})
    with pytest.raises(SelectionError, match="row 1 has no 'alternative'"):
        rank([{"x": 1}], weights={"x": 1}, directions={"x": "benefit"})
