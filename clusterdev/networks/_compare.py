"""Comparing two waves of a network: QAP correlation, tie turnover, and what changed for the
network and for each actor.

Both waves are put on the same actors first: the union of their actors, in the base wave's
order and then the follow-up's; an actor missing from a wave is an isolate there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from clusterdev.networks._measures import measures
from clusterdev.networks._network import Simple, simple
from clusterdev.networks._types import (
    ActorChange,
    Closeness,
    Comparison,
    Network,
    NetworkError,
    Problem,
    QAPResult,
    Turnover,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["compare", "qap", "turnover"]

# Cells looked up at once (permutations × ties); bounds the memory to some 100 MB.
BATCH_CELLS = 2_000_000
# Above this many actors the base wave's matrix is searched rather than held dense.
DENSE_ACTORS = 2000


def qap(
    base: Network,
    follow: Network,
    *,
    permutations: int = 1000,
    seed: int = 0,
    weighted: bool = False,
) -> QAPResult:
    """Krackhardt's (1987) QAP correlation of two networks on the same actors.

    ``r`` is Pearson's correlation between the two adjacency matrices over the n(n − 1)
    off-diagonal cells (binary ties, or their weights with ``weighted``; an undirected tie
    fills both cells). Its significance comes from ``permutations`` relabellings of the
    base wave's actors — rows and columns permuted together, drawn by
    ``numpy.random.default_rng(seed)`` — which keep each matrix's structure and break only
    its alignment with the other: p = (#{|r_perm| ≥ |r|} + 1) / (permutations + 1), two-sided
    (Krackhardt 1987, "QAP partialling as a test of spuriousness", Social Networks 9; Hubert
    1987). ``r`` and ``p`` are ``None`` when either matrix is constant (no ties, or all).

    Only the cross term Σ x_{π(i)π(j)} y_ij changes under a permutation π, so each one
    costs a lookup per tie of the follow-up wave, done for many permutations at once.

    >>> from clusterdev.networks import network
    >>> wave = network([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "c")])
    >>> result = qap(wave, wave, permutations=99, seed=1)
    >>> result.r, result.p <= 0.1
    (1.0, True)
    """
    import numpy as np

    if permutations < 0:
        raise NetworkError(f"permutations must be 0 or more, not {permutations}")
    first, second = _aligned(base, follow)
    x, y = simple(first), simple(second)
    n = x.n
    x_keys, x_values = _cells(x, weighted=weighted)
    y_keys, y_values = _cells(y, weighted=weighted)
    cells = float(n * (n - 1))
    none = QAPResult(None, None, permutations, seed, "two-sided", None, None, n)
    if n < 3:
        return none
    sx, sxx = float(x_values.sum()), float((x_values**2).sum())
    sy, syy = float(y_values.sum()), float((y_values**2).sum())
    vx, vy = sxx - sx * sx / cells, syy - sy * sy / cells
    if vx <= 1e-12 * max(sxx, 1.0) or vy <= 1e-12 * max(syy, 1.0):
        return none
    scale = 1.0 / np.sqrt(vx * vy)
    y_sources, y_targets = y_keys // n, y_keys % n

    if n <= DENSE_ACTORS:
        dense = np.zeros(n * n)
        dense[x_keys] = x_values

        def lookup(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
            return dense[keys]

    else:

        def lookup(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
            at = np.minimum(np.searchsorted(x_keys, keys), x_keys.size - 1)
            return np.where(x_keys[at] == keys, x_values[at], 0.0)

    def correlation(sxy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray((sxy - sx * sy / cells) * scale, dtype=np.float64)

    identity = np.arange(n, dtype=np.int64)
    observed = float(correlation(np.array([lookup(y_keys) @ y_values]))[0])
    if permutations == 0:
        return QAPResult(observed, None, 0, seed, "two-sided", None, None, n)
    rng = np.random.default_rng(seed)
    batch = max(1, BATCH_CELLS // max(y_keys.size, 1))
    permuted = np.empty(permutations)
    for start in range(0, permutations, batch):
        count = min(batch, permutations - start)
        orders = rng.permuted(np.tile(identity, (count, 1)), axis=1)
        keys = orders[:, y_sources] * n + orders[:, y_targets]
        permuted[start : start + count] = correlation(lookup(keys) @ y_values)
    extreme = int((np.abs(permuted) >= abs(observed) - 1e-12).sum())
    return QAPResult(
        r=observed,
        p=(extreme + 1) / (permutations + 1),
        permutations=permutations,
        seed=seed,
        alternative="two-sided",
        permuted_mean=float(permuted.mean()),
        permuted_sd=float(permuted.std()),
        actors=n,
    )


def turnover(base: Network, follow: Network) -> Turnover:
    """Which ties of the base wave the follow-up kept, dropped and added, and their Jaccard
    similarity kept / (kept + dropped + added). Ties are compared as present or absent
    between two actors (in either order when undirected), whatever their types and weights.

    >>> from clusterdev.networks import network
    >>> turnover(network([("a", "b"), ("b", "c")]), network([("a", "b"), ("c", "a")]))
    Turnover(kept=1, dropped=1, added=1, jaccard=0.3333333333333333)
    """
    first, second = _aligned(base, follow)
    before, after = _pairs(simple(first)), _pairs(simple(second))
    kept = len(before & after)
    dropped, added = len(before - after), len(after - before)
    union = kept + dropped + added
    return Turnover(kept, dropped, added, kept / union if union else None)


def compare(
    base: Network,
    follow: Network,
    *,
    permutations: int = 1000,
    seed: int = 0,
    closeness: Closeness = "wasserman_faust",
    workers: int | None = None,
) -> Comparison:
    """What changed between a base wave and a follow-up: the QAP correlation of the two
    networks (see :func:`qap`), tie turnover (see :func:`turnover`), density and mean degree
    in each and their change, and each actor's degree, betweenness, coreness, core
    membership and brokerage in both, with the actors who became brokers (brokered no open
    two-path in the base wave and some in the follow-up), stopped brokering, joined the
    discrete core or left it (see :func:`measures` for each measure, and for ``closeness``
    and ``workers``).

    >>> from clusterdev.networks import network
    >>> base = network([("a", "b"), ("b", "c")], directed=False)
    >>> follow = network([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")], directed=False)
    >>> change = compare(base, follow, permutations=9)
    >>> change.density, change.became_brokers, change.stopped_brokering
    ({'base': 0.3333333333333333, 'follow': 0.6666666666666666, 'change': 0.3333333333333333}, ['c'], ['b'])
    """
    first, second = _aligned(base, follow)
    before = measures(first, closeness=closeness, workers=workers)
    after = measures(second, closeness=closeness, workers=workers)
    changes = [
        ActorChange(
            id=old.id,
            degree=(old.degree, new.degree),
            betweenness=(old.betweenness, new.betweenness),
            coreness=(old.coreness, new.coreness),
            core=(old.core, new.core),
            brokerage_total=(old.brokerage_total, new.brokerage_total),
        )
        for old, new in zip(before.actors, after.actors, strict=True)
    ]
    problems = [
        Problem(p.kind, p.message, f"{label} wave, {p.where}" if p.where else f"{label} wave")
        for label, found in (("base", before.problems), ("follow-up", after.problems))
        for p in found
    ]
    conventions = {
        "actors": "the union of both waves' actors; an actor missing from a wave is an "
        "isolate there",
        "qap": "Pearson correlation of the binary adjacency matrices over the off-diagonal "
        "cells; p two-sided: (#|r_perm| >= |r| + 1)/(permutations + 1), rows and columns of "
        "the base wave permuted together",
        "ties": "ties compared as present or absent between two actors, whatever their type "
        "and weight; jaccard = kept/(kept + dropped + added)",
        "brokers": "a broker brokers at least one open two-path (Gould–Fernandez total > 0)",
        "core": "the Borgatti–Everett discrete core of each wave",
        **{f"measures.{key}": value for key, value in before.conventions.items()},
    }
    return Comparison(
        qap=qap(first, second, permutations=permutations, seed=seed),
        ties=turnover(first, second),
        density=_change(before.density, after.density),
        mean_degree=_change(before.mean_degree, after.mean_degree),
        actors=changes,
        became_brokers=[c.id for c in changes if _brokers(c) == (False, True)],
        stopped_brokering=[c.id for c in changes if _brokers(c) == (True, False)],
        joined_core=[c.id for c in changes if not c.core[0] and c.core[1]],
        left_core=[c.id for c in changes if c.core[0] and not c.core[1]],
        conventions=conventions,
        problems=problems,
    )


def _brokers(change: ActorChange) -> tuple[bool, bool]:
    before, after = change.brokerage_total
    return before > 0, after > 0


def _aligned(base: Network, follow: Network) -> tuple[Network, Network]:
    """Both networks on the union of their actors, in the same order."""
    if base.directed != follow.directed:
        raise NetworkError(
            "one network is directed and the other undirected; compare them the same way"
        )
    actors = list(base.actors)
    present = set(actors)
    actors += [a for a in follow.actors if a not in present]
    attributes = {**follow.attributes, **base.attributes}
    union = tuple(actors)
    return (
        replace(base, actors=union, attributes=attributes),
        replace(follow, actors=union, attributes=attributes),
    )


def _cells(
    graph: Simple, *, weighted: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The non-zero off-diagonal cells of the adjacency matrix, as sorted keys i·n + j."""
    import numpy as np

    sources, targets = graph.arcs()
    values = np.concatenate([graph.weight, graph.weight]) if not graph.directed else graph.weight
    if not weighted:
        values = np.ones(sources.size)
    keys = sources * graph.n + targets
    order = np.argsort(keys)
    return keys[order], np.asarray(values[order], dtype=np.float64)


def _pairs(graph: Simple) -> set[tuple[str, str]]:
    ids = graph.ids
    return {
        (ids[i], ids[j]) for i, j in zip(graph.source.tolist(), graph.target.tolist(), strict=True)
    }


def _change(before: float | None, after: float | None) -> dict[str, float | None]:
    return {
        "base": before,
        "follow": after,
        "change": None if before is None or after is None else after - before,
    }
