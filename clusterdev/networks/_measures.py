"""Whole-network and actor measures: size, density, reciprocity, components, centralities,
Freeman centralization, k-cores, Burt's constraint and the E–I index; :func:`measures` runs
them all with the brokerage roles and the core–periphery structure.

The heavy centralities (betweenness, closeness, eigenvector, k-cores, components) come from
igraph, which computes the same values as networkx about 40 times faster; the rest is written
here on NumPy arrays, so that 5,000 actors and 50,000 ties take seconds.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from clusterdev.networks._brokerage import brokerage_counts, group_codes
from clusterdev.networks._coreperiphery import fit_core_periphery
from clusterdev.networks._network import Simple, simple
from clusterdev.networks._paths import sorted_arcs, two_paths
from clusterdev.networks._sweeps import sweeps
from clusterdev.networks._types import (
    ActorMeasures,
    Brokerage,
    Centralization,
    Closeness,
    Components,
    EIGroup,
    EIIndex,
    Network,
    NetworkError,
    NetworkMeasures,
    Problem,
    Reciprocity,
)

if TYPE_CHECKING:
    import igraph
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

__all__ = [
    "centralization",
    "constraint",
    "density",
    "ei_index",
    "measures",
    "reciprocity",
]

CLOSENESS = ("wasserman_faust", "harmonic")
# Strongly connected components up to which reach is counted with bitsets (8 MB at most).
MAX_CONDENSED = 8192


def measures(
    network: Network,
    *,
    group: str | None = None,
    closeness: Closeness = "wasserman_faust",
    normalised: bool = True,
    workers: int | None = None,
) -> NetworkMeasures:
    """The whole suite of measures of one network: size, ties, density, mean degree,
    reciprocity, components, isolates, Freeman centralization, k-cores, the Borgatti–Everett
    core–periphery structure and, per actor, degree (in and out when directed), strength,
    betweenness, closeness, eigenvector centrality, k-core, Burt's constraint, coreness,
    discrete core membership and Gould–Fernandez brokerage; with ``group`` (an actor
    attribute such as ``kind`` or ``town``) also the five brokerage roles and the E–I index.

    Conventions (each stated again in the result's ``conventions``):

    - Parallel ties of different types between two actors are one tie (weights summed);
      the structural measures use the binary network, and ``strength`` sums the weights.
    - ``degree`` counts an actor's distinct partners (ties in either direction);
      ``in_degree`` and ``out_degree`` count arcs. ``mean_degree`` is the mean ``degree``.
    - ``betweenness``: Brandes' count of shortest paths through the actor, divided by
      (n − 1)(n − 2) when directed and (n − 1)(n − 2)/2 when not if ``normalised``.
    - ``closeness`` over outgoing paths: ``"wasserman_faust"`` (Wasserman and Faust 1994,
      ch. 5, scaled by reach) is (k / (n − 1)) · (k / Σ_j d_ij) over the k actors i
      reaches — Freeman's closeness on a connected network, 0 for an actor reaching nobody;
      ``"harmonic"`` is Σ_j 1/d_ij / (n − 1).
    - ``eigenvector`` on the undirected view, scaled so the highest is 1; in a disconnected
      network the actors outside the component with the largest leading eigenvalue get 0.
    - Freeman (1979) centralization: C = Σ_i (max_j c_j − c_i) divided by the largest value
      that sum can take in a network of n actors. Degree on the undirected view,
      (n − 1)(n − 2); in- and out-degree, (n − 1)²; normalised betweenness, n − 1;
      closeness, (n − 1)(n − 2)/(2n − 3) (Wasserman–Faust) or (n − 2)/2 (harmonic) when
      undirected and n − 1 when directed (the out-star).

    ``workers`` processes share the betweenness and closeness sweeps (default: the usable
    cores, at most 8, when actors × ties reach 20 million; else 1); the values do not
    depend on it beyond the last digits. Pass ``workers=1`` where a process must not fork.

    >>> from clusterdev.networks import network
    >>> star = network([("hub", "a"), ("hub", "b"), ("hub", "c")], directed=False)
    >>> result = measures(star)
    >>> result.density, result.centralization.degree, result.centralization.betweenness
    (0.5, 1.0, 1.0)
    >>> [(a.id, a.degree, a.betweenness) for a in result.actors]
    [('hub', 3, 1.0), ('a', 1, 0.0), ('b', 1, 0.0), ('c', 1, 0.0)]
    """
    import numpy as np

    _check_closeness(closeness)
    graph = simple(network)
    problems = list(network.problems)
    n = graph.n
    if n == 0:
        raise NetworkError("the network has no actors")
    directed_graph = _igraph(graph)
    undirected = _undirected(graph)
    undirected_graph = _igraph(undirected)
    degree = np.bincount(
        np.concatenate([undirected.source, undirected.target]), minlength=n
    ).astype(np.int64)
    in_degree = np.bincount(graph.target, minlength=n).astype(np.int64)
    out_degree = np.bincount(graph.source, minlength=n).astype(np.int64)
    strength = np.bincount(graph.source, weights=graph.weight, minlength=n) + np.bincount(
        graph.target, weights=graph.weight, minlength=n
    )
    raw_between, close = _shortest_paths(directed_graph, graph, closeness, workers)
    normalised_between = _scale_betweenness(raw_between, graph)
    between = normalised_between if normalised else raw_between
    eigen = _eigenvector(undirected_graph, undirected)
    k_core = np.asarray(undirected_graph.coreness(), dtype=np.int64)
    burt = _constraint(graph)
    codes, names = group_codes(network, group, problems) if group else (None, [])
    total, roles = brokerage_counts(graph, codes)
    fitted = fit_core_periphery(graph)
    if not fitted.converged:
        problems.append(
            Problem(
                "no_convergence",
                f"the core–periphery fit stopped after {fitted.iterations} iterations "
                "before converging; its coreness is the best found",
            )
        )
    in_core = set(fitted.core)
    actors = [
        ActorMeasures(
            id=actor,
            degree=int(degree[i]),
            in_degree=int(in_degree[i]) if graph.directed else None,
            out_degree=int(out_degree[i]) if graph.directed else None,
            strength=float(strength[i]),
            betweenness=float(between[i]),
            closeness=float(close[i]),
            eigenvector=float(eigen[i]),
            coreness=fitted.coreness[actor],
            core=actor in in_core,
            k_core=int(k_core[i]),
            constraint=None if np.isnan(burt[i]) else float(burt[i]),
            brokerage_total=int(total[i]),
            group=_group_of(network, actor, group),
            brokerage=_roles(roles, total, i) if roles is not None else None,
        )
        for i, actor in enumerate(network.actors)
    ]
    components = directed_graph.connected_components(mode="weak")
    sizes = sorted(components.sizes(), reverse=True)
    return NetworkMeasures(
        directed=graph.directed,
        n_actors=n,
        n_ties=graph.m,
        density=_density(graph),
        mean_degree=float(degree.mean()),
        reciprocity=_reciprocity(graph),
        components=Components(
            weak=len(sizes),
            strong=(
                len(directed_graph.connected_components(mode="strong")) if graph.directed else None
            ),
            sizes=sizes,
            largest_share=sizes[0] / n,
        ),
        isolates=[network.actors[i] for i in np.flatnonzero(degree == 0)],
        centralization=_centralization(
            graph, degree, in_degree, out_degree, normalised_between, close, closeness
        ),
        max_k_core=int(k_core.max()),
        core_periphery=fitted,
        ei_index=_ei_index(graph, codes, names, group) if group and codes is not None else None,
        actors=actors,
        conventions=conventions(
            directed=graph.directed,
            closeness=closeness,
            normalised=normalised,
            group=group,
            tie_types=network.tie_types,
        ),
        problems=problems,
        tie_types=network.tie_types,
        wave=network.waves[0] if network.waves else None,
    )


def density(network: Network) -> float | None:
    """Ties present over ties possible: m / (n(n − 1)) when directed, m / (n(n − 1)/2) when
    not (Wasserman and Faust 1994, ch. 4); ``None`` with fewer than 2 actors.

    >>> from clusterdev.networks import network
    >>> density(network([("a", "b"), ("b", "a"), ("b", "c")]))
    0.5
    """
    return _density(simple(network))


def reciprocity(network: Network) -> Reciprocity | None:
    """Reciprocity of a directed network, as both UCINET measures (Wasserman and Faust 1994,
    ch. 13): dyad-based = M / (M + A), the share of connected pairs whose tie is mutual,
    and arc-based = 2M / (2M + A), the share of arcs reciprocated, where M counts mutual and
    A asymmetric dyads. ``None`` for an undirected network or one without ties.

    >>> from clusterdev.networks import network
    >>> r = reciprocity(network([("a", "b"), ("b", "a"), ("b", "c")]))
    >>> r.dyad_based, round(r.arc_based, 3)
    (0.5, 0.667)
    """
    return _reciprocity(simple(network))


def centralization(network: Network, *, closeness: Closeness = "wasserman_faust") -> Centralization:
    """Freeman (1979) centralization of degree, betweenness and closeness:
    C = Σ_i (max_j c_j − c_i) / max Σ_i (max_j c_j − c_i), the denominator being the largest
    value over networks of n actors (see :func:`measures` for each measure's).

    1 for a star, 0 when every actor has the same score; ``None`` with fewer than 3 actors.

    >>> from clusterdev.networks import network
    >>> line = network([("a", "b"), ("b", "c"), ("c", "d")], directed=False)
    >>> round(centralization(line).degree, 3), round(centralization(line).betweenness, 3)
    (0.333, 0.444)
    """
    import numpy as np

    _check_closeness(closeness)
    graph = simple(network)
    undirected = _undirected(graph)
    n = graph.n
    degree = np.bincount(np.concatenate([undirected.source, undirected.target]), minlength=n)
    directed_graph = _igraph(graph)
    raw_between, close = _shortest_paths(directed_graph, graph, closeness, None)
    return _centralization(
        graph,
        degree,
        np.bincount(graph.target, minlength=n),
        np.bincount(graph.source, minlength=n),
        _scale_betweenness(raw_between, graph),
        close,
        closeness,
    )


def constraint(network: Network) -> dict[str, float | None]:
    """Burt's (1992) constraint of each actor: c_i = Σ_{j ∈ N(i)} (p_ij + Σ_{q ≠ i,j} p_iq
    p_qj)², where N(i) are i's partners (ties in either direction) and p_ij = (a_ij + a_ji)
    / Σ_k (a_ik + a_ki) is the share of i's ties invested in j (a mutual tie counts twice,
    as in networkx's ``constraint``). ``None`` for an actor without ties. High constraint:
    the actor's partners are tied to each other; low: the actor spans structural holes.

    >>> from clusterdev.networks import network
    >>> burt = constraint(network([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d")]))
    >>> round(burt["a"], 3), round(burt["d"], 3), burt.get("e")
    (0.611, 1.0, None)
    """
    graph = simple(network)
    values = _constraint(graph)
    return {
        actor: None if values[i] != values[i] else float(values[i])
        for i, actor in enumerate(network.actors)
    }


def ei_index(network: Network, *, group: str) -> EIIndex:
    """Krackhardt and Stern's (1988) E–I index of the groups an attribute forms:
    (E − I) / (E + I), with E the ties between actors of different groups and I those within
    a group: −1 when all ties stay within groups, +1 when all cross them.

    Per group g, E counts the ties between a member and a non-member and I the ties between
    two members. Directed ties count as arcs (a mutual pair is two ties). Ties of actors
    without a value of the attribute are left out (reported as a problem by
    :func:`measures`).

    >>> from clusterdev.networks import network
    >>> net = network(
    ...     [("a", "b"), ("b", "c"), ("c", "d")],
    ...     actors={"a": {"town": "x"}, "b": {"town": "x"}, "c": {"town": "y"}, "d": {"town": "y"}},
    ...     directed=False,
    ... )
    >>> result = ei_index(net, group="town")
    >>> round(result.index, 3), result.external, result.internal, result.groups["x"].index
    (-0.333, 1, 2, 0.0)
    """
    codes, names = group_codes(network, group, [])
    return _ei_index(simple(network), codes, names, group)


def conventions(
    *,
    directed: bool,
    closeness: Closeness,
    normalised: bool,
    group: str | None,
    tie_types: list[str],
) -> dict[str, str]:
    """What each measure means, in words, for the output."""
    arcs = "arcs from source to target" if directed else "undirected edges"
    closeness_text = {
        "wasserman_faust": "Wasserman–Faust: (k/(n-1))·(k/Σd) over the k actors reached by "
        "outgoing paths; Freeman's closeness on a connected network, 0 for an actor reaching "
        "nobody",
        "harmonic": "harmonic: Σ 1/d over the actors reached by outgoing paths, divided by n-1",
    }[closeness]
    pairs = "(n-1)(n-2)" if directed else "(n-1)(n-2)/2"
    result = {
        "directed": "directed: ties are " + arcs if directed else "undirected: ties are " + arcs,
        "ties": "union of the tie types "
        + (", ".join(tie_types) if tie_types else "(untyped)")
        + "; parallel ties between two actors are one tie, weights summed",
        "weights": "the structural measures use the binary network (a tie is present or "
        "absent); strength is the sum of the weights of an actor's ties",
        "density": f"ties / {'n(n-1)' if directed else 'n(n-1)/2'}",
        "reciprocity": (
            "dyad_based: mutual dyads / connected dyads; arc_based: reciprocated arcs / arcs"
            if directed
            else "not defined for an undirected network (null)"
        ),
        "components": "weak components (ties in either direction)"
        + ("; strong: directed paths both ways" if directed else ""),
        "degree": "raw count of distinct partners (ties in either direction)"
        + ("; in_degree and out_degree: raw counts of arcs" if directed else ""),
        "mean_degree": "mean of degree",
        "betweenness": (
            f"normalised: Brandes betweenness divided by {pairs}"
            if normalised
            else "raw: number of shortest paths between other pairs through the actor, "
            "split equally among equal paths"
        ),
        "closeness": closeness_text,
        "eigenvector": "on the undirected view, scaled so the highest is 1; 0 outside the "
        "component with the largest leading eigenvalue",
        "k_core": "k-core number (shell index) on the undirected view",
        "constraint": "Burt (1992), shares p_ij from ties in either direction; null for an "
        "actor without ties",
        "coreness": "Borgatti–Everett (2000) continuous coreness c fitted by minres (least "
        "squares of the symmetrised ties by c_i·c_j off the diagonal), scaled so Σc² = 1; "
        "core_periphery.fit is the correlation of the ties with c·cᵀ",
        "core": "discrete core: the top actors by coreness, cut where the correlation of the "
        "ties with the ideal pattern (1 within the core, 0 within the periphery, "
        "core–periphery cells left out) is highest",
        "brokerage_total": "Gould–Fernandez: open two-paths a→b→c (a≠c, no tie a→c) with "
        "the actor as b"
        + ("" if directed else "; each undirected tie is two arcs, so every path counts twice"),
        "centralization": "Freeman (1979): Σ(max - c_i) over its largest value for n actors; "
        "degree on the undirected view, in/out-degree over (n-1)², betweenness on normalised "
        "betweenness over n-1, closeness over "
        + (
            "n-1 (the out-star)"
            if directed
            else (
                "(n-1)(n-2)/(2n-3) (the star)"
                if closeness == "wasserman_faust"
                else "(n-2)/2 (the star)"
            )
        ),
    }
    if group:
        result["brokerage"] = (
            f"Gould–Fernandez (1989) roles by {group!r} of a→b→c, the actor as b: coordinator "
            "(a, b, c in one group), gatekeeper (a outside b's group, c in it), "
            "representative (a in b's group, c outside), consultant (a and c in one group, b "
            "in another), liaison (all three different); two-paths through actors without a "
            f"{group!r} are left out"
        )
        result["ei_index"] = (
            f"Krackhardt–Stern (1988) (E-I)/(E+I) by {group!r}: E ties between groups, I "
            "within; per group, E ties between a member and a non-member, I between members"
            + ("; arcs counted one by one" if directed else "")
        )
    return result


# --------------------------------------------------------------------------------------------
# Computations on the simple graph
# --------------------------------------------------------------------------------------------


def _check_closeness(closeness: str) -> None:
    if closeness not in CLOSENESS:
        raise NetworkError(
            f"unknown closeness {closeness!r} (choose one of: {', '.join(CLOSENESS)})"
        )


def _igraph(graph: Simple) -> igraph.Graph:
    import igraph
    import numpy as np

    edges = np.column_stack([graph.source, graph.target]).tolist()
    return igraph.Graph(n=graph.n, edges=edges, directed=graph.directed)


def _undirected(graph: Simple) -> Simple:
    """The undirected view: one edge per pair of actors tied in either direction."""
    import numpy as np

    if not graph.directed:
        return graph
    low = np.minimum(graph.source, graph.target)
    high = np.maximum(graph.source, graph.target)
    keys = np.unique(low * graph.n + high)
    return Simple(
        ids=graph.ids,
        directed=False,
        source=keys // graph.n,
        target=keys % graph.n,
        weight=np.ones(keys.size),
    )


def _density(graph: Simple) -> float | None:
    n = graph.n
    if n < 2:
        return None
    possible = n * (n - 1) if graph.directed else n * (n - 1) / 2
    return graph.m / possible


def _reciprocity(graph: Simple) -> Reciprocity | None:
    import numpy as np

    if not graph.directed or graph.m == 0:
        return None
    keys = graph.source * graph.n + graph.target
    reverse = graph.target * graph.n + graph.source
    reciprocated = int(np.isin(reverse, keys).sum())
    mutual = reciprocated // 2
    asymmetric = graph.m - reciprocated
    return Reciprocity(
        dyad_based=mutual / (mutual + asymmetric),
        arc_based=reciprocated / graph.m,
        mutual_dyads=mutual,
        asymmetric_dyads=asymmetric,
    )


def _shortest_paths(
    directed_graph: igraph.Graph, graph: Simple, closeness: Closeness, workers: int | None
) -> tuple[FloatArray, FloatArray]:
    """Raw betweenness and the chosen closeness (see :func:`measures`)."""
    import numpy as np

    raw_between, values = sweeps(directed_graph, graph, closeness=closeness, workers=workers)
    n = graph.n
    if n < 2:
        return raw_between, np.zeros(n)
    if closeness == "harmonic":
        return raw_between, np.nan_to_num(values)
    # igraph's closeness covers the reachable actors only: 1/Σd over the k actors reached.
    reached = _reached(directed_graph, graph)
    return raw_between, np.nan_to_num(values) * reached * reached / (n - 1)


def _scale_betweenness(raw: FloatArray, graph: Simple) -> FloatArray:
    n = graph.n
    if n < 3:
        return raw * 0.0
    pairs = (n - 1) * (n - 2) if graph.directed else (n - 1) * (n - 2) / 2
    return raw / pairs


def _reached(directed_graph: igraph.Graph, graph: Simple) -> FloatArray:
    """How many other actors each actor reaches by (outgoing) paths.

    Undirected: its component's size less one. Directed: every actor of a strongly connected
    component reaches the same actors, so the components' reach is propagated up their
    condensation (a DAG) in reverse topological order as bitsets, one row per component.
    """
    import igraph
    import numpy as np

    if not graph.directed:
        membership = np.asarray(directed_graph.connected_components().membership)
        sizes = np.bincount(membership)
        return np.asarray(sizes[membership] - 1, dtype=np.float64)
    components = directed_graph.connected_components(mode="strong")
    membership = np.asarray(components.membership, dtype=np.int64)
    count = len(components)
    if count > MAX_CONDENSED:
        # Too many components for the bitsets: let igraph count (one more sweep).
        raw = np.asarray(directed_graph.closeness(mode="out", normalized=False))
        scaled = np.asarray(directed_graph.closeness(mode="out", normalized=True))
        reached = np.zeros(graph.n)
        np.divide(scaled, raw, out=reached, where=np.isfinite(raw) & (raw > 0))
        return np.rint(reached)
    sizes = np.bincount(membership, minlength=count)
    ends = membership[graph.source], membership[graph.target]
    across = ends[0] != ends[1]
    keys = np.unique(ends[0][across] * count + ends[1][across])
    parents, children = keys // count, keys % count
    condensed = igraph.Graph(
        n=count, edges=np.column_stack([parents, children]).tolist(), directed=True
    )
    starts = np.searchsorted(parents, np.arange(count + 1))
    bits = np.zeros((count, (count + 7) // 8), dtype=np.uint8)
    own = np.arange(count)
    bits[own, own // 8] = (1 << (own % 8)).astype(np.uint8)
    for component in reversed(condensed.topological_sorting(mode="out")):
        below = children[starts[component] : starts[component + 1]]
        if below.size:
            bits[component] |= np.bitwise_or.reduce(bits[below], axis=0)
    reach = np.empty(count, dtype=np.int64)
    for begin in range(0, count, 1024):
        rows = np.unpackbits(bits[begin : begin + 1024], axis=1, bitorder="little")[:, :count]
        reach[begin : begin + 1024] = rows.astype(np.int64) @ sizes
    return np.asarray(reach[membership] - 1, dtype=np.float64)


def _eigenvector(undirected_graph: igraph.Graph, undirected: Simple) -> FloatArray:
    import numpy as np

    if undirected.m == 0:
        return np.zeros(undirected.n)
    with warnings.catch_warnings():
        # igraph warns on a disconnected network; the convention above says what it gives.
        warnings.filterwarnings("ignore", message=".*[Ee]igenvector centrality.*")
        values = undirected_graph.eigenvector_centrality(scale=True)
    result = np.asarray(values, dtype=np.float64)
    result[np.abs(result) < 1e-12] = 0.0
    return result


def _constraint(graph: Simple) -> FloatArray:
    import numpy as np

    n = graph.n
    low = np.minimum(graph.source, graph.target)
    high = np.maximum(graph.source, graph.target)
    # a_ij + a_ji per pair: 2 for a mutual directed tie, 1 for a one-way one; in an undirected
    # network every edge gets the same, and the shares do not see the scale.
    pairs, mutual = np.unique(low * n + high, return_counts=True)
    low, high = pairs // n, pairs % n
    arcs = sorted_arcs(n, np.concatenate([low, high]), np.concatenate([high, low]))
    weight = np.concatenate([mutual, mutual]).astype(np.float64)[arcs.index]
    totals = np.bincount(arcs.source, weights=weight, minlength=n)
    share = weight / totals[arcs.source]
    indirect = np.zeros(arcs.keys.size)
    for paths in two_paths(arcs):
        closed = paths.closing >= 0
        indirect += np.bincount(
            paths.closing[closed],
            weights=share[paths.first[closed]] * share[paths.second[closed]],
            minlength=arcs.keys.size,
        )
    # (bincount of no arcs at all gives integers)
    result = np.bincount(arcs.source, weights=(share + indirect) ** 2, minlength=n).astype(
        np.float64
    )
    result[totals == 0] = np.nan
    return result


def _centralization(
    graph: Simple,
    degree: IntArray | npt.NDArray[Any],
    in_degree: IntArray | npt.NDArray[Any],
    out_degree: IntArray | npt.NDArray[Any],
    normalised_betweenness: FloatArray,
    closeness_values: FloatArray,
    closeness: Closeness,
) -> Centralization:
    n = graph.n
    if n < 3:
        return Centralization(None, None, None, None, None)

    def freeman(values: npt.NDArray[Any], maximum: float) -> float:
        return float((values.max() - values).sum() / maximum)

    if graph.directed:
        closeness_max = n - 1.0
    elif closeness == "wasserman_faust":
        closeness_max = (n - 1) * (n - 2) / (2 * n - 3)
    else:
        closeness_max = (n - 2) / 2
    return Centralization(
        degree=freeman(degree, (n - 1) * (n - 2)),
        betweenness=freeman(normalised_betweenness, n - 1),
        closeness=freeman(closeness_values, closeness_max),
        in_degree=freeman(in_degree, (n - 1) ** 2) if graph.directed else None,
        out_degree=freeman(out_degree, (n - 1) ** 2) if graph.directed else None,
    )


def _ei_index(graph: Simple, codes: IntArray | None, names: list[str], attribute: str) -> EIIndex:
    import numpy as np

    assert codes is not None
    a, b = codes[graph.source], codes[graph.target]
    known = (a >= 0) & (b >= 0)
    a, b = a[known], b[known]
    same = a == b
    external, internal = int((~same).sum()), int(same.sum())
    k = len(names)
    inside = np.bincount(a[same], minlength=k)
    across = np.bincount(a[~same], minlength=k) + np.bincount(b[~same], minlength=k)
    members = np.bincount(codes[codes >= 0], minlength=k)
    groups = {
        name: EIGroup(
            index=_ei(int(across[g]), int(inside[g])),
            external=int(across[g]),
            internal=int(inside[g]),
            actors=int(members[g]),
        )
        for g, name in enumerate(names)
    }
    return EIIndex(
        attribute=attribute,
        index=_ei(external, internal),
        external=external,
        internal=internal,
        groups=groups,
    )


def _ei(external: int, internal: int) -> float | None:
    if external + internal == 0:
        return None
    return (external - internal) / (external + internal)


def _group_of(network: Network, actor: str, group: str | None) -> str | None:
    if group is None:
        return None
    return network.attributes.get(actor, {}).get(group)


def _roles(roles: IntArray, total: IntArray, i: int) -> Brokerage:
    return Brokerage(
        coordinator=int(roles[i, 0]),
        gatekeeper=int(roles[i, 1]),
        representative=int(roles[i, 2]),
        consultant=int(roles[i, 3]),
        liaison=int(roles[i, 4]),
        total=int(total[i]),
    )
