"""Participatory cluster selection: criteria, AHP per stakeholder and for the group, ranking of
the candidate clusters (TOPSIS, weighted sum) and its sensitivity to the weights.

Phase 1 of the UNIDO approach: "a well-designed and participatory selection process based on
clearly defined criteria". Each stakeholder compares the criteria pairwise (:func:`ahp`: weights,
consistency ratio, the judgments to revise first); the group's weights aggregate the
stakeholders' judgments or priorities (:func:`group_ahp`); the candidates are ranked on their
values (:func:`rank`), and :func:`sensitivity` shows how firmly the ranking holds.
:func:`starter_criteria` is a library of criteria reflecting the approach's principles.
Django-free and plain: functions take sequences and mappings and return dataclasses; NumPy is
imported only when a function runs, so importing this package is cheap.

>>> from clusterdev.selection import ahp, group_ahp, rank
>>> weights = ahp([[1, 3], [1/3, 1]], criteria=["employment", "trust"]).weights
>>> weights
{'employment': 0.75, 'trust': 0.25}
>>> ranking = rank(
...     {"Atuntaqui": {"employment": 4200, "trust": 3}, "Ambato": {"employment": 5100, "trust": 2}},
...     weights=weights,
...     directions={"employment": "benefit", "trust": "benefit"},
...     method="wsm",
... )
>>> [(a.rank, a.alternative, a.score) for a in ranking.alternatives]
[(1, 'Ambato', 0.75), (2, 'Atuntaqui', 0.25)]
"""

from clusterdev.selection._ahp import ahp, group_ahp, random_index
from clusterdev.selection._criteria import Criterion, starter_criteria
from clusterdev.selection._ranking import rank
from clusterdev.selection._sensitivity import sensitivity
from clusterdev.selection._types import (
    AHPResult,
    GroupAHPResult,
    InconsistentJudgment,
    RankedAlternative,
    RankingResult,
    SelectionError,
    SensitivityResult,
)

__all__ = [
    "AHPResult",
    "Criterion",
    "GroupAHPResult",
    "InconsistentJudgment",
    "RankedAlternative",
    "RankingResult",
    "SelectionError",
    "SensitivityResult",
    "ahp",
    "group_ahp",
    "random_index",
    "rank",
    "sensitivity",
    "starter_criteria",
]

# Tracebacks and reprs show the public home of these classes, not the private module.
for _public in (
    AHPResult,
    Criterion,
    GroupAHPResult,
    InconsistentJudgment,
    RankedAlternative,
    RankingResult,
    SelectionError,
    SensitivityResult,
):
    _public.__module__ = __name__
