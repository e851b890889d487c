"""The plain records of a mapping run: which columns mean what, star thresholds, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Columns", "MappingError", "MappingResult", "StarThresholds"]


class MappingError(ValueError):
    """An input that cannot be mapped; the message is one line naming file, row and column.

    Rows are data rows counted from 1 after the header; ``header`` means the header itself.
    """

    @classmethod
    def at(cls, label: str, row: int | str, column: str, problem: str) -> MappingError:
        where = f"row {row}" if isinstance(row, int) else row
        return cls(f"{label}, {where}, column {column!r}: {problem}")


@dataclass(frozen=True)
class Columns:
    """The input's column names for each role.

    ``region``, ``sector``, ``category`` and ``year`` are keys, always read as text ("01" stays
    "01"); years compare as text, so write them alike (2016, not 16). ``employment`` and
    ``establishments`` are non-negative numbers. Without an ``establishments`` column every
    row counts as one establishment, which is right for a register (one row per
    establishment) and wrong for pre-aggregated region × sector rows: those should name
    their establishments column. ``latitude`` and ``longitude`` (WGS84
    degrees) locate each establishment for the point clusters; rows without them are skipped
    there.
    """

    region: str
    sector: str
    employment: str
    establishments: str | None = None
    category: str | None = None
    year: str | None = None
    latitude: str | None = None
    longitude: str | None = None

    def __post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude columns, or neither")


@dataclass(frozen=True)
class StarThresholds:
    """European Cluster Observatory star thresholds (see :func:`map_clusters` for the rule).

    ``size_top_share`` and ``focus_top_share`` are the shares of regions (with employment in
    the sector) that earn the size and focus stars; ``specialisation_lq`` is the location
    quotient that earns the specialisation star.
    """

    size_top_share: float = 0.10
    specialisation_lq: float = 2.0
    focus_top_share: float = 0.10

    def __post_init__(self) -> None:
        for name in ("size_top_share", "focus_top_share"):
            if not 0 < getattr(self, name) <= 1:
                raise ValueError(f"{name} must be a share in (0, 1]")
        if self.specialisation_lq <= 0:
            raise ValueError("specialisation_lq must be positive")


@dataclass(frozen=True)
class MappingResult:
    """What :func:`map_clusters` found; ``parameters`` is enough to run it again."""

    measures: pa.Table
    region_scores: pa.Table
    hotspots: pa.Table | None
    point_clusters: pa.Table | None
    candidates: pa.Table | None
    parameters: dict[str, object] = field(default_factory=dict)
