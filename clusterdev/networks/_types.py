"""The plain records of network analysis: actors and ties, problems found in the input, and
the results of the measures and of the comparison of two waves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ActorChange",
    "ActorMeasures",
    "Brokerage",
    "Centralization",
    "Closeness",
    "Comparison",
    "Components",
    "CorePeriphery",
    "EIGroup",
    "EIIndex",
    "Network",
    "NetworkError",
    "NetworkMeasures",
    "Problem",
    "QAPResult",
    "Reciprocity",
    "Tie",
    "Turnover",
]

Closeness = Literal["wasserman_faust", "harmonic"]


class NetworkError(ValueError):
    """An input the network methods cannot use. The message is one line; for a file it starts
    with the file and names the row (data rows counted from 1 after the header) and column."""


@dataclass(frozen=True)
class Tie:
    """One tie reported between two actors: from ``source`` to ``target`` in a directed
    network, between them in an undirected one. ``type`` is the kind of relation (for example
    ``advice``, ``business``, ``information``), ``weight`` its strength (positive; 1 when not
    measured) and ``wave`` the survey wave that recorded it; ``None`` when not given."""

    source: str
    target: str
    type: str | None = None
    weight: float = 1.0
    wave: str | None = None


@dataclass(frozen=True)
class Problem:
    """Something in the input that was set right rather than refused, so that nothing is
    dropped silently.

    ``kind`` is one of ``self_loop`` (excluded), ``duplicate_tie`` (merged into the first),
    ``unknown_actor`` (added without attributes), ``unused_column`` (ignored),
    ``no_ties`` (the network has none), ``missing_group`` (actors without a value of the
    group attribute, left out of brokerage roles and the E–I index) and ``no_convergence``.
    ``where`` names the place (``ties.csv, row 12`` or ``tie 3``) when there is one.
    """

    kind: str
    message: str
    where: str | None = None


@dataclass(frozen=True)
class Network:
    """Actors with attributes and the ties between them; build it with
    :func:`~clusterdev.networks.network` or :func:`~clusterdev.networks.read_network`, which
    check it, rather than directly.

    ``actors`` is the order every result follows; ``attributes`` maps an actor to its
    attributes (for example ``kind``, ``institution_type``, ``size_class``, ``owner_sex``,
    ``town``), an actor without any having none there. ``ties`` may hold several ties
    between the same two actors when their types or waves differ; the measures merge them
    (see :func:`~clusterdev.networks.measures`). ``problems`` lists what was set right
    while building it.
    """

    actors: tuple[str, ...]
    ties: tuple[Tie, ...]
    directed: bool = True
    attributes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def tie_types(self) -> list[str]:
        """The distinct tie types, sorted (untyped ties are not listed)."""
        return sorted({t.type for t in self.ties if t.type is not None})

    @property
    def waves(self) -> list[str]:
        """The distinct waves, sorted (ties without a wave are not listed)."""
        return sorted({t.wave for t in self.ties if t.wave is not None})


@dataclass(frozen=True)
class Reciprocity:
    """Reciprocity of a directed network, both ways UCINET names it (Wasserman and Faust
    1994, ch. 13): ``dyad_based`` = mutual dyads / connected dyads, ``arc_based`` =
    reciprocated arcs / arcs."""

    dyad_based: float
    arc_based: float
    mutual_dyads: int
    asymmetric_dyads: int


@dataclass(frozen=True)
class Centralization:
    """Freeman (1979) centralization of degree, betweenness and closeness; ``in_degree`` and
    ``out_degree`` for directed networks only. ``None`` where the network is too small
    (fewer than 3 actors)."""

    degree: float | None
    betweenness: float | None
    closeness: float | None
    in_degree: float | None = None
    out_degree: float | None = None


@dataclass(frozen=True)
class Components:
    """Connected components: ``weak`` counts those of ties in either direction (the only kind
    in an undirected network), ``strong`` those of directed paths (``None`` when
    undirected); ``sizes`` are the weak components' sizes, largest first."""

    weak: int
    strong: int | None
    sizes: list[int]
    largest_share: float


@dataclass(frozen=True)
class Brokerage:
    """Gould and Fernandez (1989) brokerage roles of one actor: the open two-paths
    a → b → c it brokers as b, by the groups of a, b and c. ``total`` counts every open
    two-path, whatever the groups; the five roles are ``None`` without a group attribute
    and then sum to less than ``total`` when some actors have no group."""

    coordinator: int | None
    gatekeeper: int | None
    representative: int | None
    consultant: int | None
    liaison: int | None
    total: int


@dataclass(frozen=True)
class EIGroup:
    """The E–I index of one group: ties between a member and a non-member (``external``)
    against ties between two members (``internal``); ``index`` is ``None`` when the group
    has no ties."""

    index: float | None
    external: int
    internal: int
    actors: int


@dataclass(frozen=True)
class EIIndex:
    """Krackhardt and Stern (1988) E–I index of a group attribute, for the whole network and
    per group (see :func:`~clusterdev.networks.ei_index`)."""

    attribute: str
    index: float | None
    external: int
    internal: int
    groups: dict[str, EIGroup]


@dataclass(frozen=True)
class CorePeriphery:
    """Borgatti and Everett (2000) core–periphery structure (see
    :func:`~clusterdev.networks.core_periphery`).

    ``coreness`` is the continuous coreness of each actor (Σc² = 1) and ``fit`` the
    correlation of the ties with c cᵀ; ``core`` lists the actors of the discrete core and
    ``core_fit`` the correlation of the ties with its ideal pattern; ``densities`` are the
    tie densities within the core, within the periphery and between them.
    """

    coreness: dict[str, float]
    fit: float | None
    core: list[str]
    core_fit: float | None
    core_density: float | None
    periphery_density: float | None
    core_periphery_density: float | None
    iterations: int
    converged: bool


@dataclass(frozen=True)
class ActorMeasures:
    """The measures of one actor; :attr:`NetworkMeasures.conventions` states how each is
    computed. ``in_degree`` and ``out_degree`` are ``None`` in an undirected network,
    ``constraint`` for an actor without ties, ``group`` and ``brokerage`` without a group
    attribute."""

    id: str
    degree: int
    in_degree: int | None
    out_degree: int | None
    strength: float
    betweenness: float
    closeness: float
    eigenvector: float
    coreness: float
    core: bool
    k_core: int
    constraint: float | None
    brokerage_total: int
    group: str | None = None
    brokerage: Brokerage | None = None


@dataclass(frozen=True)
class NetworkMeasures:
    """The whole suite of measures of one network (see :func:`~clusterdev.networks.measures`).

    ``conventions`` states, measure by measure, what was computed (directed or not,
    normalised or raw, how disconnected networks are handled); ``problems`` carries those of
    the network and any found while measuring it.
    """

    directed: bool
    n_actors: int
    n_ties: int
    density: float | None
    mean_degree: float | None
    reciprocity: Reciprocity | None
    components: Components
    isolates: list[str]
    centralization: Centralization
    max_k_core: int
    core_periphery: CorePeriphery
    ei_index: EIIndex | None
    actors: list[ActorMeasures]
    conventions: dict[str, str]
    problems: list[Problem]
    tie_types: list[str]
    wave: str | None


@dataclass(frozen=True)
class QAPResult:
    """Krackhardt (1987) QAP correlation of two networks' adjacency matrices: Pearson's ``r``
    over the off-diagonal cells, and the share ``p`` of ``permutations`` of the actors giving
    an ``|r|`` at least as large (two-sided, with the observed labelling counted once)."""

    r: float | None
    p: float | None
    permutations: int
    seed: int
    alternative: str
    permuted_mean: float | None
    permuted_sd: float | None
    actors: int


@dataclass(frozen=True)
class Turnover:
    """Ties of the base wave ``kept`` in the follow-up, ``dropped`` from it and ``added`` in
    it; ``jaccard`` = kept / (kept + dropped + added), ``None`` when neither wave has ties."""

    kept: int
    dropped: int
    added: int
    jaccard: float | None


@dataclass(frozen=True)
class ActorChange:
    """One actor's measures in the base and follow-up waves (see
    :func:`~clusterdev.networks.compare`)."""

    id: str
    degree: tuple[int, int]
    betweenness: tuple[float, float]
    coreness: tuple[float, float]
    core: tuple[bool, bool]
    brokerage_total: tuple[int, int]


@dataclass(frozen=True)
class Comparison:
    """What changed between two waves of a network (see
    :func:`~clusterdev.networks.compare`): ``density`` and ``mean_degree`` hold ``base``,
    ``follow`` and ``change``."""

    qap: QAPResult
    ties: Turnover
    density: dict[str, float | None]
    mean_degree: dict[str, float | None]
    actors: list[ActorChange]
    became_brokers: list[str]
    stopped_brokering: list[str]
    joined_core: list[str]
    left_core: list[str]
    conventions: dict[str, str]
    problems: list[Problem]
