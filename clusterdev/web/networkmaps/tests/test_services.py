"""The cluster's network, its indicators and the comparison of two waves, against numbers
worked out by hand on the network of ``fixtures``."""

import pytest

from clusterdev.web.diagnostics.models import SurveyWave
from clusterdev.web.networkmaps import services


def ids(ties, *names):
    return {str(ties.actors[name].pk) for name in names}


def pairs(net, ties):
    back = {str(a.pk): name for name, a in ties.actors.items()}
    return {frozenset((back[t.source], back[t.target])) for t in net.network.ties}


def test_the_network_holds_the_clusters_actors_with_their_attributes(ties):
    net = services.cluster_network(ties.world.cluster_a, ties.baseline)
    assert set(net.network.actors) == ids(ties, "e1", "e2", "e3", "i1", "i2")
    assert not net.network.directed
    e2 = net.network.attributes[str(ties.actors["e2"].pk)]
    assert e2["kind"] == "enterprise" and e2["type"] == "enterprise"
    assert e2["size_class"] == "small" and e2["owner_sex"] == "female" and e2["member"] == "yes"
    i2 = net.network.attributes[str(ties.actors["i2"].pk)]
    assert i2["kind"] == "institution" and i2["type"] == "bds_provider"
    assert net.names[str(ties.actors["e1"].pk)] == "Textiles Alfa"


def test_a_tie_named_by_both_counts_once_and_unregistered_partners_are_counted_not_drawn(ties):
    net = services.cluster_network(ties.world.cluster_a, ties.baseline)
    assert pairs(net, ties) == {
        frozenset(("e1", "e2")),
        frozenset(("e1", "i1")),
        frozenset(("e2", "i1")),
        frozenset(("e3", "i2")),
    }
    assert len(net.network.ties) == 4
    assert not [p for p in net.network.problems if p.kind == "duplicate_tie"]
    assert net.unregistered == ["Taller Sin Registro"] and net.unregistered_ties == 1


def test_tie_types_filter_the_network_and_keep_every_actor(ties):
    net = services.cluster_network(ties.world.cluster_a, ties.baseline, types=["joint_action"])
    assert pairs(net, ties) == {frozenset(("e2", "i1"))}
    assert len(net.network.actors) == 5
    result = services.measures_of(net)
    assert set(result.isolates) == ids(ties, "e1", "e3", "i2")
    assert net.unregistered_ties == 0  # the unregistered partner was a business tie


def test_a_partner_in_the_register_but_outside_the_cluster_is_a_node_marked_outside(ties):
    outsider = ties.world.enterprise_b  # cluster B's
    from .fixtures import add_ties

    add_ties(ties.follow_up, [(outsider, ties.actors["e1"], "business")])
    net = services.cluster_network(ties.world.cluster_a, ties.follow_up)
    assert net.network.attributes[str(outsider.pk)]["member"] == "no"
    # the cluster's enterprises are still e1, e2, e3 only
    assert set(services.enterprise_ids(net)) == ids(ties, "e1", "e2", "e3")


def test_bad_input_names_the_field(ties):
    with pytest.raises(ValueError, match=r"^type: unknown tie type friendship"):
        services.cluster_network(ties.world.cluster_a, ties.baseline, types=["friendship"])
    other = SurveyWave.objects.create(
        cluster=ties.world.cluster_b, name="B 2024", start_date=ties.baseline.start_date
    )
    with pytest.raises(ValueError, match=r"^wave: "):
        services.cluster_network(ties.world.cluster_a, other)
    with pytest.raises(ValueError, match=r"^follow: "):
        services.compare_waves(ties.world.cluster_a, ties.baseline, ties.baseline)


def values(cluster, wave):
    return {v.code: v for v in services.indicator_values(cluster, wave)}


def test_indicator_values_of_the_baseline(ties):
    found = values(ties.world.cluster_a, ties.baseline)
    # 4 ties among 5 actors: 4 / 10
    assert found["network_density"].value == pytest.approx(0.4)
    # e1 and e2 cooperate; e3's only tie is trust, which is not cooperation: 2 of 3
    assert found["firms_with_cooperative_tie"].value == pytest.approx(200 / 3)
    assert found["firms_with_cooperative_tie"].unit == "%"
    # e1–i1, e2–i1, e3–i2
    assert found["enterprise_institution_ties"].value == 3
    # E = 3 ties across kinds, I = 1 (e1–e2): (3 − 1) / 4
    assert found["ei_index_kind"].value == pytest.approx(0.5)
    source = found["network_density"].source
    assert "Baseline 2024" in source and "5 registered actors" in source
    assert "ties to partners outside the register left out: 1" in source
    assert "3 enterprises" in found["firms_with_cooperative_tie"].source


def test_indicator_values_of_the_follow_up(ties):
    found = values(ties.world.cluster_a, ties.follow_up)
    assert found["network_density"].value == pytest.approx(0.4)
    assert found["firms_with_cooperative_tie"].value == pytest.approx(100.0)
    assert found["enterprise_institution_ties"].value == 1  # e3–i2
    # E = 1, I = 3 (e1–e2, e2–e3, i1–i2): (1 − 3) / 4
    assert found["ei_index_kind"].value == pytest.approx(-0.5)


def test_headlines_follow_the_waves_in_order(ties):
    rows = services.headlines(ties.world.cluster_a)
    assert [r["wave"].name for r in rows] == ["Baseline 2024", "Follow-up 2025"]
    assert [r["ties"] for r in rows] == [4, 4]
    assert [r["enterprise_institution_ties"] for r in rows] == [3, 1]
    assert [r["unregistered_ties"] for r in rows] == [1, 0]


def test_comparison_of_baseline_and_follow_up(ties):
    result = services.compare_waves(ties.world.cluster_a, ties.baseline, ties.follow_up)
    c = result.comparison
    assert (c.ties.kept, c.ties.added, c.ties.dropped) == (2, 2, 2)
    assert c.ties.jaccard == pytest.approx(2 / 6)
    assert c.density["change"] == pytest.approx(0.0)
    assert c.qap.permutations == services.PERMUTATIONS and c.qap.seed == services.SEED
    assert c.qap.r is not None and c.qap.p is not None and 0 < c.qap.p <= 1
    back = {
        frozenset((str(ties.actors[a].pk), str(ties.actors[b].pk))): f"{a}-{b}"
        for a in ties.actors
        for b in ties.actors
    }
    assert {back[p] for p in result.added} <= {"e2-e3", "e3-e2", "i1-i2", "i2-i1"}
    assert len(result.added) == 2 and len(result.dropped) == 2
    # the base wave is two closed groups: nobody brokers; the follow-up is a chain
    assert sorted(result.became_brokers) == [
        "Bordados Beta",
        "Centro de Servicios",
        "Confecciones Gamma",
    ]
    assert result.stopped_brokering == []


def test_default_pair_is_the_baseline_and_the_latest_follow_up(ties):
    assert services.default_pair(ties.world.cluster_a) == (ties.baseline, ties.follow_up)
    assert services.default_pair(ties.world.cluster_b) is None


def test_roles_name_brokers_by_kind(ties):
    net = services.cluster_network(ties.world.cluster_a, ties.follow_up)
    rows = {r["name"]: r["role_keys"] for r in services.actor_rows(net, services.measures_of(net))}
    assert "coordinator" in rows["Bordados Beta"]  # Textiles Alfa – Bordados – Gamma: all firms
    assert {"broker", "gatekeeper", "representative"} <= set(rows["Confecciones Gamma"])
    assert "broker" not in rows["Textiles Alfa"]
