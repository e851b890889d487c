"""Gould and Fernandez (1989) brokerage: the open two-paths each actor brokers, by role.

Every two-path a → b → c with a ≠ c and no tie a → c is one act of brokerage by b.
With a group attribute (such as ``kind``, ``institution_type`` or ``town``) it takes one of
five roles, by the groups g(a), g(b), g(c):

============== =============================== =========================================
role           groups                          b ...
============== =============================== =========================================
coordinator    g(a) = g(b) = g(c)              mediates within its own group
gatekeeper     g(a) ≠ g(b) = g(c)              lets an outsider's flow into its group
representative g(a) = g(b) ≠ g(c)              carries its group's flow to an outsider
consultant     g(a) = g(c) ≠ g(b)              mediates within another group
liaison        g(a), g(b), g(c) all different  links two groups, belonging to neither
============== =============================== =========================================

An undirected tie is two arcs, so in an undirected network every open path a – b – c counts
twice, once each way (a gatekeeper one way is a representative the other).

The two-paths are enumerated with NumPy in chunks (see ``_paths``): linear in their number,
with no Python loop over actors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clusterdev.networks._network import Simple, simple
from clusterdev.networks._paths import CHUNK, sorted_arcs, two_paths
from clusterdev.networks._types import Brokerage, Network, NetworkError, Problem

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

__all__ = ["ROLES", "brokerage", "brokerage_counts", "group_codes"]

ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")


def brokerage(network: Network, *, group: str | None = None) -> dict[str, Brokerage]:
    """Each actor's Gould–Fernandez brokerage: the open two-paths a → b → c (a ≠ c, no tie
    a → c) it brokers as b, in total and, with ``group``, by role (see the table above;
    Gould and Fernandez 1989, "Structures of mediation", Sociological Methodology 19).

    Two-paths through an actor without a value of ``group`` count in ``total`` but in no
    role.

    >>> from clusterdev.networks import network
    >>> net = network(
    ...     [("a", "b"), ("b", "c")],
    ...     actors={"a": {"kind": "firm"}, "b": {"kind": "bds"}, "c": {"kind": "firm"}},
    ... )
    >>> roles = brokerage(net, group="kind")
    >>> roles["b"].consultant, roles["b"].total, roles["a"].total
    (1, 1, 0)
    """
    graph = simple(network)
    codes = group_codes(network, group, [])[0] if group else None
    total, roles = brokerage_counts(graph, codes)
    result = {}
    for i, actor in enumerate(network.actors):
        counts: list[int | None] = (
            [None] * len(ROLES) if roles is None else [int(value) for value in roles[i]]
        )
        result[actor] = Brokerage(**dict(zip(ROLES, counts, strict=True)), total=int(total[i]))
    return result


def group_codes(
    network: Network, group: str | None, problems: list[Problem]
) -> tuple[IntArray, list[str]]:
    """Each actor's group as a number (−1 without a value) and the group names, sorted;
    actors without a value are reported in ``problems``."""
    import numpy as np

    assert group is not None
    values = [network.attributes.get(actor, {}).get(group) for actor in network.actors]
    names = sorted({value for value in values if value is not None})
    if not names:
        known = sorted({name for attrs in network.attributes.values() for name in attrs})
        listed = ", ".join(known) if known else "none (give the actors' attributes, NODES.csv)"
        raise NetworkError(f"no actor has a value for {group!r} (attributes: {listed})")
    code = {name: g for g, name in enumerate(names)}
    codes = np.array([code[v] if v is not None else -1 for v in values], dtype=np.int64)
    missing = [a for a, value in zip(network.actors, values, strict=True) if value is None]
    if missing:
        shown = ", ".join(repr(a) for a in missing[:5]) + (", …" if len(missing) > 5 else "")
        problems.append(
            Problem(
                "missing_group",
                f"{len(missing)} actor(s) have no {group!r} ({shown}); their ties are left out "
                "of the E–I index and two-paths through them out of the brokerage roles",
            )
        )
    return codes, names


def brokerage_counts(
    graph: Simple, codes: IntArray | None, *, chunk: int = CHUNK
) -> tuple[IntArray, IntArray | None]:
    """Per actor, the open two-paths it brokers, and with ``codes`` an n × 5 array of them by
    role (in the order of :data:`ROLES`)."""
    import numpy as np

    n = graph.n
    total = np.zeros(n, dtype=np.int64)
    roles = np.zeros((n, len(ROLES)), dtype=np.int64) if codes is not None else None
    for paths in two_paths(sorted_arcs(n, *graph.arcs()), chunk=chunk):
        open_path = (paths.closing < 0) & (paths.a != paths.c)
        a, b, c = paths.a[open_path], paths.b[open_path], paths.c[open_path]
        total += np.bincount(b, minlength=n)
        if codes is None or roles is None:
            continue
        ga, gb, gc = codes[a], codes[b], codes[c]
        known = (ga >= 0) & (gb >= 0) & (gc >= 0)
        ga, gb, gc, b = ga[known], gb[known], gc[known], b[known]
        role = np.where(
            ga == gb,
            np.where(gc == gb, 0, 2),
            np.where(gc == gb, 1, np.where(gc == ga, 3, 4)),
        )
        roles += np.bincount(b * len(ROLES) + role, minlength=n * len(ROLES)).reshape(n, len(ROLES))
    return total, roles
