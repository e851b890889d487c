"""Selection criteria, and the starter library that ships with clusterdev."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from typing import Literal, cast

from clusterdev.selection._types import Direction, SelectionError

__all__ = ["Criterion", "starter_criteria"]

Source = Literal["mapping", "stakeholder"]
_DIRECTIONS = ("benefit", "cost")
_SOURCES = ("mapping", "stakeholder")
_COLUMNS = ("key", "name", "direction", "unit", "source", "measure", "principle", "description")


@dataclass(frozen=True, kw_only=True)
class Criterion:
    """A criterion on which candidate clusters are compared.

    ``direction`` says whether more is better (``benefit``) or worse (``cost``). ``source``
    says where the values come from: a ``mapping`` measure, named by ``measure`` (a column of
    the mapping results such as ``employment``, ``establishments``, ``lq``, ``growth``,
    ``women_share`` or ``informal_share``), or a score the ``stakeholder`` s give each
    candidate. ``principle`` names the principle of the UNIDO approach the criterion serves.

    >>> Criterion(key="lq", name="Specialisation", direction="benefit", source="mapping",
    ...           measure="lq").unit
    ''
    """

    key: str
    name: str
    direction: Direction
    unit: str = ""
    source: Source
    measure: str | None = None
    description: str = ""
    principle: str = ""

    def __post_init__(self) -> None:
        if not self.key or not self.name:
            raise SelectionError("a criterion needs a key and a name")
        if self.direction not in _DIRECTIONS:
            raise SelectionError(
                f"criterion {self.key!r}: direction {self.direction!r} is not benefit or cost"
            )
        if self.source not in _SOURCES:
            raise SelectionError(
                f"criterion {self.key!r}: source {self.source!r} is not mapping or stakeholder"
            )
        if (self.source == "mapping") != bool(self.measure):
            raise SelectionError(
                f"criterion {self.key!r}: a mapping criterion names its measure, "
                "and only a mapping criterion does"
            )


def starter_criteria() -> list[Criterion]:
    """The starter library of selection criteria, in the order a Steering Committee reads them.

    Read from ``clusterdev/data/selection_criteria.csv``; its criteria follow the principles of
    the UNIDO approach (UNIDO 2013, *The UNIDO approach to cluster development*): focus on
    existing clusters (size, enterprises, specialisation, growth), pro-poor and gender-balanced
    growth (women employed, micro and informal enterprises, pro-poor potential), joint action
    and trust, governance, the institutional network, markets, and sustainability
    (environmental risk, a cost). A programme picks among them and may add its own.

    >>> criteria = starter_criteria()
    >>> [c.key for c in criteria][:3]
    ['employment', 'establishments', 'specialisation']
    >>> sorted({c.source for c in criteria})
    ['mapping', 'stakeholder']
    >>> [c.key for c in criteria if c.direction == "cost"]
    ['environmental_risk']
    """
    text = (resources.files("clusterdev") / "data" / "selection_criteria.csv").read_text(
        encoding="utf-8"
    )
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise SelectionError(f"selection_criteria.csv: the columns must be {', '.join(_COLUMNS)}")
    return [
        Criterion(
            key=row["key"],
            name=row["name"],
            direction=cast(Direction, row["direction"]),
            unit=row["unit"],
            source=cast(Source, row["source"]),
            measure=row["measure"] or None,
            description=row["description"],
            principle=row["principle"],
        )
        for row in reader
    ]
