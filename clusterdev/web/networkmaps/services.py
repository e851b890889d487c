"""A cluster's network from the diagnostic's network survey, its measures per wave, the
comparison of two waves and the network indicators M&E reads.

Conventions (stated on the page and in every indicator's source):

- Nodes are the cluster's registered actors (its members) and any other registered actor a
  tie names; node ids are the actors' primary keys as text, with ``name``, ``kind``,
  ``type`` (``enterprise`` or the institution type), ``institution_type``, ``size_class``,
  ``owner_sex``, ``town`` and ``member`` (``yes``/``no``) as attributes.
- Partners outside the register (typed as ``other_name``) are kept out of the network and
  counted: a free-text name is no reliable identity, and the cluster's indicators are about
  its registered actors.
- The network is undirected: a tie is present when either organisation names the other
  (not every organisation answers the survey, so one report is enough). A tie of several
  types between two actors is one tie per type; the measures merge them into one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterdev.networks import (
    Comparison,
    Network,
    NetworkMeasures,
    Tie,
    compare,
    measures,
    network,
)
from clusterdev.web.actors.models import Actor, InstitutionType
from clusterdev.web.diagnostics.models import SurveyWave
from clusterdev.web.diagnostics.models import Tie as SurveyTie
from clusterdev.web.diagnostics.services import tie_rows
from clusterdev.web.programmes.models import Cluster

TIE_TYPES = SurveyTie.Type
# Ties that are cooperation (exchanging advice, trading, acting jointly); trust is an attitude
# reported about a partner, not an interaction, so it does not count as cooperation.
COOPERATIVE_TYPES = (TIE_TYPES.INFORMATION, TIE_TYPES.BUSINESS, TIE_TYPES.JOINT_ACTION)
PERMUTATIONS = 1000
SEED = 0
ENTERPRISE = Actor.Kind.ENTERPRISE.value
INSTITUTION = Actor.Kind.INSTITUTION.value

# Node colours: enterprises, then each kind of support institution (colour-blind-safe hues).
COLOURS: dict[str, str] = {
    ENTERPRISE: "#1f6f8b",
    InstitutionType.BUSINESS_ASSOCIATION: "#d55e00",
    InstitutionType.BDS_PROVIDER: "#cc79a7",
    InstitutionType.FINANCIAL: "#e69f00",
    InstitutionType.PUBLIC_AUTHORITY: "#7b3294",
    InstitutionType.TRAINING_RESEARCH: "#009e73",
    InstitutionType.NGO: "#8c6d31",
    InstitutionType.OTHER: "#666666",
}
EDGE_COLOURS: dict[str, str] = {
    TIE_TYPES.INFORMATION: "#4477aa",
    TIE_TYPES.BUSINESS: "#228833",
    TIE_TYPES.JOINT_ACTION: "#ee6677",
    TIE_TYPES.TRUST: "#aa9944",
}
SIZE_MEASURES: dict[str, Any] = {
    "degree": gettext_lazy("Degree"),
    "betweenness": gettext_lazy("Betweenness"),
    "closeness": gettext_lazy("Closeness"),
    "eigenvector": gettext_lazy("Eigenvector"),
    "coreness": gettext_lazy("Coreness"),
    "brokerage_total": gettext_lazy("Brokerage"),
}


@dataclass(frozen=True)
class ClusterNetwork:
    """The network of one wave with what was kept out of it."""

    wave: SurveyWave
    network: Network
    types: tuple[str, ...]
    names: dict[str, str]
    unregistered: list[str] = field(default_factory=list)
    unregistered_ties: int = 0


@dataclass(frozen=True)
class IndicatorValue:
    """One network indicator's value for a wave, with where it comes from."""

    code: str
    label: str
    value: float | None
    unit: str
    source: str


def check_types(types: Iterable[str] | None) -> tuple[str, ...]:
    """The tie types asked for, checked; all types when ``None`` or empty."""
    chosen = tuple(types or ())
    unknown = [t for t in chosen if t not in TIE_TYPES.values]
    if unknown:
        raise ValueError(
            _("type: unknown tie type %(types)s (choose among %(known)s)")
            % {"types": ", ".join(unknown), "known": ", ".join(TIE_TYPES.values)}
        )
    return chosen or tuple(TIE_TYPES.values)


def type_of(actor: Actor) -> str:
    """``enterprise``, or the institution's type (``other`` when not recorded)."""
    if actor.kind == ENTERPRISE:
        return ENTERPRISE
    return actor.institution_type or InstitutionType.OTHER


def _attributes(actor: Actor, *, member: bool) -> dict[str, str]:
    values = {
        "name": actor.name,
        "kind": actor.kind,
        "type": type_of(actor),
        "institution_type": actor.institution_type,
        "size_class": actor.size_class,
        "owner_sex": actor.owner_sex if actor.kind == ENTERPRISE else "",
        "town": actor.town,
        "member": "yes" if member else "no",
    }
    return {key: value for key, value in values.items() if value}


def cluster_network(
    cluster: Cluster, wave: SurveyWave, *, types: Iterable[str] | None = None
) -> ClusterNetwork:
    """The undirected network of ``wave``'s ties of ``types`` (all types when ``None``) among
    the cluster's registered actors; see the module's documentation for the conventions.

    Raises ``ValueError`` naming the field when ``wave`` is another cluster's or a type is
    unknown."""
    if wave.cluster_id != cluster.pk:
        raise ValueError(_("wave: %(wave)s is not a wave of this cluster") % {"wave": wave})
    chosen = check_types(types)
    rows = [row for row in tie_rows(wave) if row["type"] in chosen]
    members = set(cluster.memberships.values_list("actor_id", flat=True))
    named = {row["target"] for row in rows if row["target"] is not None}
    named |= {row["source"] for row in rows}
    actors = Actor.objects.filter(pk__in=members | named).order_by("kind", "name", "pk")
    attributes = {str(a.pk): _attributes(a, member=a.pk in members) for a in actors}
    seen: set[tuple[str, str, str]] = set()
    ties: list[Tie] = []
    unregistered: set[str] = set()
    unregistered_ties = 0
    for row in rows:
        if row["target"] is None:
            unregistered.add(row["other_name"].strip())
            unregistered_ties += 1
            continue
        ends = sorted((str(row["source"]), str(row["target"])))
        key = (ends[0], ends[1], row["type"])
        if key in seen:  # named by both: one tie (the network is undirected)
            continue
        seen.add(key)
        ties.append(Tie(ends[0], ends[1], type=row["type"], wave=wave.name))
    net = network(ties, actors=attributes, directed=False)
    return ClusterNetwork(
        wave=wave,
        network=net,
        types=chosen,
        names={a: attrs.get("name", a) for a, attrs in attributes.items()},
        unregistered=sorted(unregistered, key=str.casefold),
        unregistered_ties=unregistered_ties,
    )


def measures_of(net: ClusterNetwork) -> NetworkMeasures:
    """The whole suite of measures, with brokerage roles and the E–I index by kind."""
    return measures(net.network, group="kind")


def waves_of(cluster: Cluster) -> list[SurveyWave]:
    """The cluster's waves, oldest first, each with ``tie_count``."""
    return list(cluster.survey_waves.annotate(tie_count=Count("ties")).order_by("start_date", "id"))


def waves_with_ties(cluster: Cluster) -> list[SurveyWave]:
    return [w for w in waves_of(cluster) if w.tie_count]  # type: ignore[attr-defined]


def latest_wave_with_ties(cluster: Cluster) -> SurveyWave | None:
    waves = waves_with_ties(cluster)
    return waves[-1] if waves else None


def default_pair(cluster: Cluster) -> tuple[SurveyWave, SurveyWave] | None:
    """The waves compared by default: the first baseline with ties (else the first wave with
    ties) and the latest wave with ties after it; ``None`` with fewer than two."""
    waves = waves_with_ties(cluster)
    if len(waves) < 2:
        return None
    baselines = [w for w in waves if w.kind == SurveyWave.Kind.BASELINE]
    base = baselines[0] if baselines else waves[0]
    later = [w for w in waves if w is not base and waves.index(w) > waves.index(base)]
    return (base, later[-1]) if later else (waves[0], waves[-1])


def enterprise_ids(net: ClusterNetwork) -> list[str]:
    """The cluster's own enterprises (members) in the network."""
    attrs = net.network.attributes
    return [
        a
        for a in net.network.actors
        if attrs[a].get("kind") == ENTERPRISE and attrs[a].get("member") == "yes"
    ]


def partners(ties: Iterable[Tie], types: Sequence[str] | None = None) -> dict[str, set[str]]:
    """Each actor's partners over ``ties`` (of ``types`` when given), in either direction."""
    found: dict[str, set[str]] = {}
    for tie in ties:
        if types is None or tie.type in types:
            found.setdefault(tie.source, set()).add(tie.target)
            found.setdefault(tie.target, set()).add(tie.source)
    return found


def cooperative_share(net: ClusterNetwork) -> float | None:
    """Share (%) of the cluster's enterprises with at least one cooperative tie."""
    firms = enterprise_ids(net)
    if not firms:
        return None
    linked = partners(net.network.ties, [str(t) for t in COOPERATIVE_TYPES])
    return 100.0 * sum(1 for f in firms if linked.get(f)) / len(firms)


def enterprise_institution_ties(net: ClusterNetwork) -> int:
    """Pairs of an enterprise and a support institution tied (by ties of any type)."""
    kinds = {a: net.network.attributes[a].get("kind") for a in net.network.actors}
    pairs = {
        frozenset((t.source, t.target))
        for t in net.network.ties
        if {kinds[t.source], kinds[t.target]} == {ENTERPRISE, INSTITUTION}
    }
    return len(pairs)


def headline(net: ClusterNetwork, result: NetworkMeasures | None = None) -> dict[str, Any]:
    """The headline figures of one wave's network."""
    result = result or measures_of(net)
    return {
        "wave": net.wave,
        "actors": result.n_actors,
        "ties": result.n_ties,
        "density": result.density,
        "mean_degree": result.mean_degree,
        "components": result.components.weak,
        "isolates": len(result.isolates),
        "centralization": result.centralization.degree,
        "ei_index": result.ei_index.index if result.ei_index else None,
        "cooperative_share": cooperative_share(net),
        "enterprise_institution_ties": enterprise_institution_ties(net),
        "unregistered_ties": net.unregistered_ties,
    }


def headlines(cluster: Cluster, *, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The headline figures of every wave with ties, oldest first."""
    return [headline(cluster_network(cluster, w, types=types)) for w in waves_with_ties(cluster)]


def indicator_values(cluster: Cluster, wave: SurveyWave) -> list[IndicatorValue]:
    """The network indicators of ``wave`` for M&E: density, share of the cluster's enterprises
    with at least one cooperative tie, ties between enterprises and support institutions,
    and the E–I index by kind; each with its source. All tie types count, except for the
    cooperative share (information, business and joint action ties; not trust)."""
    net = cluster_network(cluster, wave)
    result = measures_of(net)
    firms = len(enterprise_ids(net))
    source = _(
        "Network survey, wave %(wave)s: %(actors)d registered actors, %(ties)d ties (a tie "
        "counts when either organisation names the other; ties to partners outside the "
        "register left out: %(outside)d)"
    ) % {
        "wave": wave.name,
        "actors": result.n_actors,
        "ties": result.n_ties,
        "outside": net.unregistered_ties,
    }
    cooperative = ", ".join(str(TIE_TYPES(t).label) for t in COOPERATIVE_TYPES)
    return [
        IndicatorValue(
            "network_density",
            _("Network density"),
            result.density,
            _("ratio"),
            source + _("; density = ties / (n(n − 1)/2)"),
        ),
        IndicatorValue(
            "firms_with_cooperative_tie",
            _("Share of firms with at least one cooperative tie"),
            cooperative_share(net),
            "%",
            source
            + _("; %(firms)d enterprises of the cluster; cooperative ties: %(types)s")
            % {"firms": firms, "types": cooperative},
        ),
        IndicatorValue(
            "enterprise_institution_ties",
            _("Ties between enterprises and support institutions"),
            float(enterprise_institution_ties(net)),
            _("ties"),
            source + _("; pairs of an enterprise and a support institution tied"),
        ),
        IndicatorValue(
            "ei_index_kind",
            _("E–I index (enterprises vs support institutions)"),
            result.ei_index.index if result.ei_index else None,
            _("index (−1 to +1)"),
            source + _("; Krackhardt–Stern (E − I)/(E + I) by kind: +1 all ties cross kinds"),
        ),
    ]


@dataclass(frozen=True)
class WaveComparison:
    base: ClusterNetwork
    follow: ClusterNetwork
    comparison: Comparison
    kept: set[frozenset[str]]
    added: set[frozenset[str]]
    dropped: set[frozenset[str]]

    def _names(self, ids: Iterable[str]) -> list[str]:
        names = {**self.base.names, **self.follow.names}
        return [names.get(a, a) for a in ids]

    @property
    def became_brokers(self) -> list[str]:
        return self._names(self.comparison.became_brokers)

    @property
    def stopped_brokering(self) -> list[str]:
        return self._names(self.comparison.stopped_brokering)


def tie_pairs(net: ClusterNetwork) -> set[frozenset[str]]:
    return {frozenset((t.source, t.target)) for t in net.network.ties}


def compare_waves(
    cluster: Cluster,
    base: SurveyWave,
    follow: SurveyWave,
    *,
    types: Iterable[str] | None = None,
) -> WaveComparison:
    """Two waves side by side: :func:`clusterdev.networks.compare` (QAP with
    :data:`PERMUTATIONS` permutations and seed :data:`SEED`, turnover, density change,
    actors' changes) and which ties were kept, added and dropped."""
    if base.pk == follow.pk:
        raise ValueError(_("follow: choose a wave other than the base wave"))
    chosen = check_types(types)
    first = cluster_network(cluster, base, types=chosen)
    second = cluster_network(cluster, follow, types=chosen)
    before, after = tie_pairs(first), tie_pairs(second)
    # compare() measures each wave alone: the waves are told apart by the networks, not by
    # the ties' wave labels.
    comparison = compare(first.network, second.network, permutations=PERMUTATIONS, seed=SEED)
    return WaveComparison(first, second, comparison, before & after, after - before, before - after)


def layout(net: Network, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Positions (pixels) for the map: networkx's spring layout with a fixed seed, so that a
    map looks the same each time and both waves of a comparison share it."""
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(net.actors)
    graph.add_edges_from((t.source, t.target) for t in net.ties)
    if not graph.number_of_nodes():
        return {}
    scale = 120.0 * max(len(net.actors), 4) ** 0.5
    positions = nx.spring_layout(graph, seed=seed, scale=scale)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def roles(actor: Any, core: bool) -> list[str]:
    """The roles a CDA acts on, as keys: ``isolate``, ``core``/``periphery``, ``broker`` and
    each Gould–Fernandez role the actor plays (by kind)."""
    found = ["isolate"] if actor.degree == 0 else ["core" if core else "periphery"]
    if actor.brokerage_total:
        found.append("broker")
    if actor.brokerage is not None:
        for role in ("coordinator", "gatekeeper", "representative", "consultant", "liaison"):
            if getattr(actor.brokerage, role):
                found.append(role)
    return found


ROLE_LABELS: dict[str, Any] = {
    "isolate": gettext_lazy("isolate"),
    "core": gettext_lazy("core"),
    "periphery": gettext_lazy("periphery"),
    "broker": gettext_lazy("broker"),
    "coordinator": gettext_lazy("coordinator"),
    "gatekeeper": gettext_lazy("gatekeeper"),
    "representative": gettext_lazy("representative"),
    "consultant": gettext_lazy("consultant"),
    "liaison": gettext_lazy("liaison"),
}


def type_label(key: str) -> str:
    if key == ENTERPRISE:
        return str(Actor.Kind.ENTERPRISE.label)
    return str(InstitutionType(key).label) if key in InstitutionType.values else key


def actor_rows(net: ClusterNetwork, result: NetworkMeasures) -> list[dict[str, Any]]:
    """One row per actor for the table: name, type, measures and roles."""
    core = set(result.core_periphery.core)
    rows = []
    for actor in result.actors:
        attrs = net.network.attributes.get(actor.id, {})
        keys = roles(actor, actor.id in core)
        rows.append(
            {
                "id": actor.id,
                "name": net.names.get(actor.id, actor.id),
                "type": attrs.get("type", ""),
                "type_label": type_label(attrs.get("type", "")),
                "member": attrs.get("member") == "yes",
                "measures": actor,
                "roles": [(key, ROLE_LABELS[key]) for key in keys],
                "role_keys": keys,
            }
        )
    return rows


def map_data(
    net: ClusterNetwork,
    result: NetworkMeasures,
    *,
    positions: dict[str, tuple[float, float]] | None = None,
    changes: dict[frozenset[str], str] | None = None,
) -> dict[str, Any]:
    """The elements of the Cytoscape map: nodes with type, colour, label, position and
    measures; edges (one per pair, with its types) and, in a comparison, their change."""
    positions = positions if positions is not None else layout(net.network)
    core = set(result.core_periphery.core)
    nodes = []
    for actor in result.actors:
        attrs = net.network.attributes.get(actor.id, {})
        kind = attrs.get("type", "")
        x, y = positions.get(actor.id, (0.0, 0.0))
        nodes.append(
            {
                "data": {
                    "id": actor.id,
                    "label": net.names.get(actor.id, actor.id),
                    "kind": attrs.get("kind", ""),
                    "type": kind,
                    "colour": COLOURS.get(kind, "#999999"),
                    "member": attrs.get("member") == "yes",
                    "roles": roles(actor, actor.id in core),
                    "measures": {key: float(getattr(actor, key)) for key in SIZE_MEASURES},
                },
                "position": {"x": round(x, 1), "y": round(y, 1)},
            }
        )
    by_pair: dict[frozenset[str], list[str]] = {}
    ends: dict[frozenset[str], tuple[str, str]] = {}
    for tie in net.network.ties:
        pair = frozenset((tie.source, tie.target))
        by_pair.setdefault(pair, []).append(tie.type or "")
        ends.setdefault(pair, (tie.source, tie.target))
    edges = []
    for pair, types in by_pair.items():
        source, target = ends[pair]
        data: dict[str, Any] = {
            "id": f"{source}-{target}",
            "source": source,
            "target": target,
            "types": sorted(types),
            "colour": EDGE_COLOURS.get(sorted(types)[0], "#888888") if len(types) == 1 else "#555",
        }
        if changes is not None:
            data["change"] = changes.get(pair, "kept")
        edges.append({"data": data})
    return {
        "wave": {"id": net.wave.pk, "name": net.wave.name},
        "types": list(net.types),
        "nodes": nodes,
        "edges": edges,
        "unregistered_ties": net.unregistered_ties,
    }


def comparison_map(result: WaveComparison) -> dict[str, Any]:
    """Both waves on shared positions; each edge marked kept, added or dropped."""
    base, follow = result.base, result.follow
    union = network(
        [*base.network.ties, *follow.network.ties],
        actors={**follow.network.attributes, **base.network.attributes},
        directed=False,
    )
    positions = layout(union)
    sides = {}
    for side, net in (("base", base), ("follow", follow)):
        # Put both waves on the union of their actors, as compare() does.
        aligned = ClusterNetwork(
            wave=net.wave,
            network=network(
                [Tie(t.source, t.target, t.type) for t in net.network.ties],
                actors=union.attributes,
                directed=False,
            ),
            types=net.types,
            names={**base.names, **follow.names},
            unregistered=net.unregistered,
            unregistered_ties=net.unregistered_ties,
        )
        changes = {pair: "added" for pair in result.added}
        changes.update({pair: "dropped" for pair in result.dropped})
        sides[side] = map_data(aligned, measures_of(aligned), positions=positions, changes=changes)
    return sides
