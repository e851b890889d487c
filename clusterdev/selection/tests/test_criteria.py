"""The starter library of criteria that ships with clusterdev."""

from __future__ import annotations

import dataclasses

import pytest

from clusterdev.selection import Criterion, SelectionError, starter_criteria

MAPPING_MEASURES = {"employment", "establishments", "lq", "growth", "women_share", "informal_share"}


def test_the_library_covers_the_principles_of_the_unido_approach() -> None:
    criteria = starter_criteria()
    assert 10 <= len(criteria) <= 14
    principles = {c.principle for c in criteria}
    assert {
        "existing clusters",
        "pro-poor growth",
        "gender balance",
        "joint action",
        "governance",
        "institutional network",
        "market",
        "sustainability",
    } <= principles
    keys = [c.key for c in criteria]
    assert len(set(keys)) == len(keys)
    assert all(c.name and c.unit and c.description for c in criteria)


def test_mapping_criteria_name_a_mapping_measure_and_stakeholder_criteria_none() -> None:
    criteria = starter_criteria()
    mapped = {c.measure for c in criteria if c.source == "mapping"}
    assert mapped == MAPPING_MEASURES
    assert all(c.measure is None for c in criteria if c.source == "stakeholder")


def test_environmental_risk_is_the_cost_and_the_rest_are_benefits() -> None:
    directions = {c.key: c.direction for c in starter_criteria()}
    assert directions.pop("environmental_risk") == "cost"
    assert set(directions.values()) == {"benefit"}


def test_criteria_are_frozen_and_checked() -> None:
    criterion = starter_criteria()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        criterion.name = "Jobs"  # type: ignore[misc]
    with pytest.raises(SelectionError, match="direction 'up'"):
        Criterion(key="x", name="X", direction="up", source="stakeholder")  # type: ignore[arg-type]
    with pytest.raises(SelectionError, match="source 'survey'"):
        Criterion(key="x", name="X", direction="cost", source="survey")  # type: ignore[arg-type]
    with pytest.raises(SelectionError, match="names its measure"):
        Criterion(key="x", name="X", direction="cost", source="mapping")
    with pytest.raises(SelectionError, match="names its measure"):
        Criterion(key="x", name="X", direction="cost", source="stakeholder", measure="lq")
