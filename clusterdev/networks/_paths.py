"""Enumerating two-paths a → b → c with NumPy, in chunks, for brokerage and constraint.

The arcs are sorted by (source, target), which is a CSR layout: the arcs leaving b are a
contiguous run. Every arc a → b is paired with each arc b → c; the arc a → c, if present, is
found by binary search among the sorted keys a·n + c. The work is linear in the number of
two-paths (Σ_b in(b)·out(b)) and memory stays bounded by the chunk size.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__ = ["CHUNK", "SortedArcs", "TwoPaths", "sorted_arcs", "two_paths"]

# Two-paths handled at once; about 60 bytes each.
CHUNK = 2_000_000


@dataclass(frozen=True)
class SortedArcs:
    """Arcs sorted by (source, target), without duplicates."""

    n: int
    source: IntArray
    target: IntArray
    keys: IntArray  # source · n + target, ascending
    starts: IntArray  # arcs leaving actor v: starts[v] up to starts[v + 1]
    index: IntArray  # where each arc was in the arrays given (its first occurrence)


@dataclass(frozen=True)
class TwoPaths:
    """A chunk of two-paths a → b → c: their actors, the positions of the arcs a → b and
    b → c among the sorted arcs, and that of a → c (−1 when absent, as it always is when
    a = c, the arcs holding no self-loops)."""

    a: IntArray
    b: IntArray
    c: IntArray
    first: IntArray
    second: IntArray
    closing: IntArray


def sorted_arcs(n: int, sources: IntArray, targets: IntArray) -> SortedArcs:
    import numpy as np

    keys, index = np.unique(sources * n + targets, return_index=True)
    source, target = keys // n, keys % n
    starts = np.searchsorted(source, np.arange(n + 1))
    return SortedArcs(n, source, target, keys, starts, index)


def two_paths(arcs: SortedArcs, *, chunk: int = CHUNK) -> Iterator[TwoPaths]:
    """Every two-path a → b → c, a = c included (a → b → a along a mutual tie), in chunks
    of about ``chunk``."""
    import numpy as np

    if arcs.keys.size == 0:
        return
    n = arcs.n
    out_degree = np.diff(arcs.starts)
    paths_from = out_degree[arcs.target]  # two-paths that begin with each arc
    ends = np.cumsum(paths_from)
    cuts = np.searchsorted(ends, np.arange(chunk, int(ends[-1]), chunk), side="right")
    bounds = [0, *np.unique(cuts).tolist(), int(arcs.keys.size)]
    for begin, stop in itertools.pairwise(bounds):
        counts = paths_from[begin:stop]
        size = int(counts.sum())
        if size == 0:
            continue
        first = np.repeat(np.arange(begin, stop), counts)
        offset = np.arange(size) - np.repeat(np.cumsum(counts) - counts, counts)
        second = arcs.starts[arcs.target[first]] + offset
        a, b, c = arcs.source[first], arcs.target[first], arcs.target[second]
        keys = a * n + c
        found = np.minimum(np.searchsorted(arcs.keys, keys), arcs.keys.size - 1)
        closing = np.where(arcs.keys[found] == keys, found, -1)
        yield TwoPaths(a, b, c, first, second, closing)
