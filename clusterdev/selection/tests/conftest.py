"""Shared data for the selection tests: Saaty's school example, Hwang and Yoon's aircraft."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Literal

SAATY_SCALE = [Fraction(n) for n in range(1, 10)] + [Fraction(1, n) for n in range(2, 10)]

# Saaty (1980), The Analytic Hierarchy Process, ch. 1, reproduced in Saaty (1990), "How to make
# a decision: the analytic hierarchy process", EJOR 48:9-26: choosing a high school.
SCHOOL_CRITERIA = [
    "Learning",
    "Friends",
    "School life",
    "Vocational training",
    "College preparation",
    "Music classes",
]
SCHOOL_MATRIX: list[list[float]] = [
    [1, 4, 3, 1, 3, 4],
    [1 / 4, 1, 7, 3, 1 / 5, 1],
    [1 / 3, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 6],
    [1, 1 / 3, 5, 1, 1, 1 / 3],
    [1 / 3, 5, 5, 1, 1, 3],
    [1 / 4, 1, 6, 3, 1 / 3, 1],
]
# The three schools A, B, C compared under each criterion, in the order of SCHOOL_CRITERIA.
SCHOOL_ALTERNATIVES: list[list[list[float]]] = [
    [[1, 1 / 3, 1 / 2], [3, 1, 3], [2, 1 / 3, 1]],
    [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
    [[1, 5, 1], [1 / 5, 1, 1 / 5], [1, 5, 1]],
    [[1, 9, 7], [1 / 9, 1, 1 / 5], [1 / 7, 5, 1]],
    [[1, 1 / 2, 1], [2, 1, 2], [1, 1 / 2, 1]],
    [[1, 6, 4], [1 / 6, 1, 1 / 3], [1 / 4, 3, 1]],
]

# Hwang and Yoon (1981), Multiple Attribute Decision Making, Springer: the fighter aircraft.
AIRCRAFT: dict[str, dict[str, float]] = {
    "A1": {
        "speed": 2.0,
        "range": 1500,
        "payload": 20000,
        "cost": 5.5,
        "reliability": 5,
        "manoeuvre": 9,
    },
    "A2": {
        "speed": 2.5,
        "range": 2700,
        "payload": 18000,
        "cost": 6.5,
        "reliability": 3,
        "manoeuvre": 5,
    },
    "A3": {
        "speed": 1.8,
        "range": 2000,
        "payload": 21000,
        "cost": 4.5,
        "reliability": 7,
        "manoeuvre": 7,
    },
    "A4": {
        "speed": 2.2,
        "range": 1800,
        "payload": 20000,
        "cost": 5.0,
        "reliability": 5,
        "manoeuvre": 5,
    },
}
AIRCRAFT_WEIGHTS: dict[str, float] = {
    "speed": 0.2,
    "range": 0.1,
    "payload": 0.1,
    "cost": 0.1,
    "reliability": 0.2,
    "manoeuvre": 0.3,
}
AIRCRAFT_DIRECTIONS: dict[str, Literal["benefit", "cost"]] = {
    name: "cost" if name == "cost" else "benefit" for name in AIRCRAFT_WEIGHTS
}


def random_judgments(rng: random.Random, n: int) -> list[list[float]]:
    """A reciprocal matrix of judgments drawn from Saaty's scale: usually inconsistent."""
    a = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            value = rng.choice(SAATY_SCALE)
            a[i][j], a[j][i] = float(value), float(1 / value)
    return a


def random_weights(rng: random.Random, n: int) -> list[float]:
    raw = [rng.uniform(0.05, 1.0) for _ in range(n)]
    return [x / sum(raw) for x in raw]


def consistent_matrix(weights: list[float]) -> list[list[float]]:
    return [[wi / wj for wj in weights] for wi in weights]
