"""Building a network from ties and actors, checking it, and its views by tie type and wave.

What is set right rather than refused (each reported as a :class:`Problem`):

- a tie from an actor to itself (self-loop) is excluded;
- a tie given twice (same two actors, type and wave; in an undirected network in either
  order) is kept once, with the first one's weight;
- a tie naming an actor missing from the actor list adds that actor, without attributes
  (``unknown_actors="add"``, the default) — or is refused (``unknown_actors="error"``).

Refused with a :class:`NetworkError`: an empty actor id, a weight that is not a positive
finite number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from clusterdev.networks._types import Network, NetworkError, Problem, Tie

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["UnknownActors", "build", "network", "simple", "view"]

UnknownActors = Literal["add", "error"]
TieLike = Tie | Sequence[str]


def network(
    ties: Iterable[TieLike],
    *,
    actors: Iterable[str] | Mapping[str, Mapping[str, str]] | None = None,
    directed: bool = True,
    unknown_actors: UnknownActors = "add",
) -> Network:
    """A checked network from ties and, optionally, the actors with their attributes.

    ``ties`` are :class:`Tie` s or ``(source, target)`` pairs. ``actors`` lists the actor
    ids, or maps each to its attributes (such as ``kind``, ``size_class``, ``owner_sex``,
    ``town``); actors without ties stay in the network as isolates. Without ``actors`` the
    actors are those the ties name, in order of appearance.

    Self-loops are excluded, duplicate ties merged into the first and ties to actors missing
    from ``actors`` add them (or, with ``unknown_actors="error"``, raise
    :class:`NetworkError`); each is listed in :attr:`Network.problems`, never dropped
    silently.

    >>> net = network([("ana", "bo"), ("bo", "ana"), ("bo", "bo")], actors=["ana", "bo", "cy"])
    >>> net.actors, len(net.ties)
    (('ana', 'bo', 'cy'), 2)
    >>> [p.kind for p in net.problems]
    ['self_loop']
    """
    tie_list = [_as_tie(tie, number) for number, tie in enumerate(ties, start=1)]
    places = [f"tie {number}" for number in range(1, len(tie_list) + 1)]
    attributes: dict[str, dict[str, str]] | None
    if actors is None:
        attributes = None
    elif isinstance(actors, Mapping):
        attributes = {_actor_id(a, "actors"): dict(attrs) for a, attrs in actors.items()}
    else:
        attributes = {}
        for actor in actors:
            attributes.setdefault(_actor_id(actor, "actors"), {})
    return build(
        tie_list,
        places,
        attributes=attributes,
        directed=directed,
        unknown_actors=unknown_actors,
    )


def build(
    ties: list[Tie],
    places: list[str],
    *,
    attributes: dict[str, dict[str, str]] | None,
    directed: bool,
    unknown_actors: UnknownActors = "add",
    actors_source: str = "the actor list",
    problems: Sequence[Problem] = (),
) -> Network:
    """The checks of :func:`network`, with ``places`` naming each tie in the problems."""
    if unknown_actors not in ("add", "error"):
        raise NetworkError(f"unknown_actors must be 'add' or 'error', not {unknown_actors!r}")
    found = list(problems)
    known = attributes is not None
    actor_attributes: dict[str, dict[str, str]] = dict(attributes or {})
    kept: list[Tie] = []
    first_place: dict[tuple[str, str, str | None, str | None], tuple[str, Tie]] = {}
    for tie, place in zip(ties, places, strict=True):
        for actor in (tie.source, tie.target):
            if actor in actor_attributes:
                continue
            if known and unknown_actors == "error":
                raise NetworkError(f"{place}: actor {actor!r} is not in {actors_source}")
            actor_attributes[actor] = {}
            if known:
                found.append(
                    Problem(
                        "unknown_actor",
                        f"actor {actor!r} is not in {actors_source}; added without attributes",
                        place,
                    )
                )
        if tie.source == tie.target:
            found.append(
                Problem(
                    "self_loop",
                    f"a tie from {tie.source!r} to itself; excluded (the measures take no "
                    "self-ties)",
                    place,
                )
            )
            continue
        ends = (tie.source, tie.target) if directed else tuple(sorted((tie.source, tie.target)))
        key = (ends[0], ends[1], tie.type, tie.wave)
        if key in first_place:
            where, first = first_place[key]
            weights = (
                ""
                if first.weight == tie.weight
                else f"; its weight {tie.weight:g} is ignored for the first's {first.weight:g}"
            )
            found.append(
                Problem(
                    "duplicate_tie",
                    f"the same tie as {where} ({_tie_text(tie, directed)}); counted once{weights}",
                    place,
                )
            )
            continue
        first_place[key] = (place, tie)
        kept.append(tie)
    if not kept:
        found.append(Problem("no_ties", "the network has no ties between two actors"))
    return Network(
        actors=tuple(actor_attributes),
        ties=tuple(kept),
        directed=directed,
        attributes=actor_attributes,
        problems=tuple(found),
    )


def view(
    network: Network,
    *,
    types: str | Iterable[str] | None = None,
    wave: str | None = None,
) -> Network:
    """The network of some tie types and one wave, with every actor kept.

    ``types`` is a tie type or several (their union); ``None`` keeps all types. ``wave``
    keeps the ties of that wave; ``None`` keeps all. The measures merge parallel ties of
    different types between two actors into one tie whose weight is the sum of theirs, so
    that with unit weights it counts the types linking them (multiplexity).

    >>> net = network([Tie("a", "b", "advice"), Tie("b", "c", "business")])
    >>> [(t.source, t.target) for t in view(net, types="advice").ties]
    [('a', 'b')]
    >>> view(net, types="advice").actors
    ('a', 'b', 'c')
    """
    chosen: set[str] | None
    if types is None:
        chosen = None
    else:
        chosen = {types} if isinstance(types, str) else set(types)
        missing = sorted(chosen - set(network.tie_types))
        if missing:
            present = ", ".join(network.tie_types) or "none: the ties are untyped"
            raise NetworkError(
                f"no ties of type {', '.join(repr(m) for m in missing)} "
                f"(tie types present: {present})"
            )
    if wave is not None and wave not in network.waves:
        present = ", ".join(network.waves) or "none: the ties have no wave"
        raise NetworkError(f"no ties of wave {wave!r} (waves present: {present})")
    ties = tuple(
        t
        for t in network.ties
        if (chosen is None or t.type in chosen) and (wave is None or t.wave == wave)
    )
    problems = network.problems
    if not ties and ties != network.ties:
        problems = (*problems, Problem("no_ties", "the view has no ties between two actors"))
    return replace(network, ties=ties, problems=problems)


@dataclass(frozen=True)
class Simple:
    """A network as a simple graph on actor indices: one tie per pair (per ordered pair when
    directed), parallel ties merged with their weights summed."""

    ids: tuple[str, ...]
    directed: bool
    source: npt.NDArray[np.int64]
    target: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        """Ties: arcs when directed, edges when not."""
        return int(self.source.size)

    def arcs(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Sources and targets of the arcs, each undirected edge giving two."""
        if self.directed:
            return self.source, self.target
        import numpy as np

        return (
            np.concatenate([self.source, self.target]),
            np.concatenate([self.target, self.source]),
        )


def simple(network: Network) -> Simple:
    """The simple graph the measures work on; refuses a network mixing waves."""
    import numpy as np

    if len(network.waves) > 1:
        raise NetworkError(
            f"the ties come from {len(network.waves)} waves ({', '.join(network.waves)}); "
            "measure one wave at a time (select it with view(network, wave=...); on the "
            "command line with --wave, or --base-wave and --follow-wave)"
        )
    index = {actor: i for i, actor in enumerate(network.actors)}
    merged: dict[tuple[int, int], float] = {}
    for tie in network.ties:
        i, j = index[tie.source], index[tie.target]
        key = (i, j) if network.directed or i < j else (j, i)
        merged[key] = merged.get(key, 0.0) + tie.weight
    pairs = np.array(list(merged), dtype=np.int64).reshape(-1, 2)
    return Simple(
        ids=network.actors,
        directed=network.directed,
        source=np.ascontiguousarray(pairs[:, 0]),
        target=np.ascontiguousarray(pairs[:, 1]),
        weight=np.fromiter(merged.values(), dtype=np.float64, count=len(merged)),
    )


def _as_tie(tie: TieLike, number: int) -> Tie:
    if isinstance(tie, Tie):
        result = tie
    elif isinstance(tie, Sequence) and not isinstance(tie, str) and len(tie) == 2:
        result = Tie(tie[0], tie[1])
    else:
        raise NetworkError(f"tie {number}: give a Tie or a (source, target) pair, not {tie!r}")
    _actor_id(result.source, f"tie {number}, source")
    _actor_id(result.target, f"tie {number}, target")
    if not isinstance(result.weight, int | float) or not (
        math.isfinite(result.weight) and result.weight > 0
    ):
        raise NetworkError(f"tie {number}: the weight must be a positive number, not {tie!r}")
    return result


def _actor_id(actor: object, where: str) -> str:
    if not isinstance(actor, str) or not actor.strip():
        raise NetworkError(f"{where}: an actor id must be a non-empty text, not {actor!r}")
    return actor


def _tie_text(tie: Tie, directed: bool) -> str:
    arrow = "→" if directed else "–"
    text = f"{tie.source} {arrow} {tie.target}"
    if tie.type is not None:
        text += f", type {tie.type}"
    if tie.wave is not None:
        text += f", wave {tie.wave}"
    return text
