"""Group AHP: aggregation of judgments (AIJ) and of priorities (AIP), stakeholder weights."""

from __future__ import annotations

import copy
import math
import random

import numpy as np
import pytest

from clusterdev.selection import SelectionError, ahp, group_ahp
from clusterdev.selection.tests.conftest import (
    SCHOOL_CRITERIA,
    SCHOOL_MATRIX,
    consistent_matrix,
    random_judgments,
    random_weights,
)


def test_aij_is_ahp_of_the_weighted_geometric_mean_of_the_judgments() -> None:
    """Aczél and Saaty (1983): the (weighted) geometric mean keeps the group matrix reciprocal."""
    rng = random.Random(1983)
    matrices = [random_judgments(rng, 5) for _ in range(3)]
    group = group_ahp(matrices, stakeholder_weights=[2, 1, 1])
    expected = np.exp(sum(s * np.log(m) for s, m in zip([0.5, 0.25, 0.25], matrices, strict=True)))
    assert group.matrix is not None
    assert np.allclose(group.matrix, expected)
    assert np.allclose(np.array(group.matrix) * np.array(group.matrix).T, 1)
    alone = ahp(expected)
    assert list(group.weights.values()) == pytest.approx(list(alone.weights.values()))
    assert (group.lambda_max, group.ci, group.cr, group.consistent) == pytest.approx(
        (alone.lambda_max, alone.ci, alone.cr, alone.consistent)
    )
    assert group.method == "judgments" and group.stakeholder_weights == [0.5, 0.25, 0.25]


def test_aip_is_the_normalised_weighted_geometric_mean_of_the_priorities() -> None:
    rng = random.Random(1998)
    matrices = [random_judgments(rng, 4) for _ in range(3)]
    group = group_ahp(matrices, method="priorities", stakeholder_weights=[1, 1, 2])
    individual = np.array([list(ahp(m).weights.values()) for m in matrices])
    expected = np.exp((np.array([[0.25], [0.25], [0.5]]) * np.log(individual)).sum(axis=0))
    assert list(group.weights.values()) == pytest.approx((expected / expected.sum()).tolist())
    assert (group.lambda_max, group.ci, group.cr, group.consistent, group.matrix) == (
        None,
        None,
        None,
        None,
        None,
    )


def test_aij_and_aip_agree_when_every_matrix_is_consistent() -> None:
    """Forman and Peniwati (1998): for consistent matrices a_ij,k = w_i,k / w_j,k the geometric
    mean matrix is consistent with the geometric mean of the priorities, so the eigenvector
    weights of AIJ and AIP coincide."""
    rng = random.Random(108)
    for _ in range(30):
        n, count = rng.randint(2, 12), rng.randint(2, 6)
        matrices = [consistent_matrix(random_weights(rng, n)) for _ in range(count)]
        shares = [rng.uniform(0.1, 3) for _ in range(count)]
        aij = group_ahp(matrices, method="judgments", stakeholder_weights=shares)
        aip = group_ahp(matrices, method="priorities", stakeholder_weights=shares)
        assert list(aij.weights.values()) == pytest.approx(list(aip.weights.values()), rel=1e-9)
        assert aij.ci == pytest.approx(0, abs=1e-10)


def test_aij_and_aip_agree_for_any_matrices_with_the_geometric_mean_prioritisation() -> None:
    """With row-geometric-mean priorities (Crawford and Williams 1985), AIJ and AIP agree for
    inconsistent matrices too: the row geometric mean of the element-wise weighted geometric
    mean is the weighted geometric mean of the row geometric means, since both are
    exp(Σ_k λ_k · mean_j ln a_ij,k) before normalising."""
    rng = random.Random(1994)
    for _ in range(30):
        n, count = rng.randint(3, 12), rng.randint(2, 6)
        matrices = [random_judgments(rng, n) for _ in range(count)]
        shares = [rng.uniform(0.1, 3) for _ in range(count)]
        options = {"stakeholder_weights": shares, "prioritisation": "geometric_mean"}
        aij = group_ahp(matrices, method="judgments", **options)  # type: ignore[arg-type]
        aip = group_ahp(matrices, method="priorities", **options)  # type: ignore[arg-type]
        assert list(aij.weights.values()) == pytest.approx(list(aip.weights.values()), rel=1e-9)


def test_each_stakeholders_own_result_is_reported_beside_the_group() -> None:
    rng = random.Random(3)
    matrices = [SCHOOL_MATRIX, random_judgments(rng, 6)]
    group = group_ahp(matrices, criteria=SCHOOL_CRITERIA)
    assert group.criteria == SCHOOL_CRITERIA and list(group.weights) == SCHOOL_CRITERIA
    for matrix, own in zip(matrices, group.stakeholders, strict=True):
        assert own == ahp(matrix, criteria=SCHOOL_CRITERIA)
    assert math.fsum(group.weights.values()) == pytest.approx(1)


def test_one_stakeholder_is_the_group() -> None:
    group = group_ahp([SCHOOL_MATRIX], criteria=SCHOOL_CRITERIA)
    assert group.weights == pytest.approx(ahp(SCHOOL_MATRIX, criteria=SCHOOL_CRITERIA).weights)
    assert group.cr == pytest.approx(group.stakeholders[0].cr)


def test_a_stakeholder_of_weight_0_does_not_count_and_inputs_are_not_modified() -> None:
    rng = random.Random(4)
    matrices = [random_judgments(rng, 4) for _ in range(2)]
    kept = copy.deepcopy(matrices)
    weights = [1.0, 0.0]
    group = group_ahp(matrices, stakeholder_weights=weights)
    assert group.weights == pytest.approx(ahp(matrices[0]).weights)
    assert matrices == kept and weights == [1.0, 0.0]


@pytest.mark.parametrize(
    ("matrices", "options", "message"),
    [
        ([], {}, "give at least one stakeholder's matrix"),
        (
            [[[1, 2], [1 / 2, 1]], [[1, 0], [1, 1]]],
            {},
            "stakeholder 2, row 1 (C1), column 2 (C2): 0",
        ),
        (
            [[[1, 2], [1 / 2, 1]], [[1]]],
            {},
            "stakeholder 2: 1 criteria, but stakeholder 1 compares 2",
        ),
        ([[[1]], [[1]]], {"stakeholder_weights": [1]}, "1 stakeholder weights for 2 matrices"),
        ([[[1]], [[1]]], {"stakeholder_weights": [1, -1]}, "stakeholder 2: weight -1"),
        ([[[1]], [[1]]], {"stakeholder_weights": [0, 0]}, "the stakeholder weights sum to 0"),
        ([[[1]]], {"method": "mean"}, "unknown aggregation 'mean'"),
    ],
)
def test_bad_group_inputs_are_refused(
    matrices: list[list[list[float]]], options: dict[str, object], message: str
) -> None:
    with pytest.raises(SelectionError) as error:
        group_ahp(matrices, **options)  # type: ignore[arg-type]
    assert str(error.value).startswith(message)
