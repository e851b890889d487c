"""The network page, its JSON, the comparison and the downloads, on the two waves of
``fixtures``."""

import csv
import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

URL = "/c/cluster-a/network/"


def test_page_shows_the_latest_wave_with_its_actors_and_indicators(client_for, ties):
    response = client_for("dora").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="network-map"' in page and "cytoscape.min.js" in page
    assert "Network map · Follow-up 2025" in page
    assert page.count('<tr data-actor="') == 5
    assert 'data-code="firms_with_cooperative_tie"' in page
    assert "1000 permutations, seed 0" in page
    assert "Became brokers" in page and "Confecciones Gamma" in page


def test_page_of_the_baseline_filtered_by_type(client_for, ties):
    page = client_for("cindy").get(URL, {"wave": ties.baseline.pk, "type": "joint_action"})
    text = page.content.decode()
    assert "Network map · Baseline 2024" in text
    assert "5 actors, 1 ties" in text
    assert text.count('data-roles="isolate"') == 3


def test_empty_cluster_explains_and_links_to_the_surveys(client_for, world):
    page = client_for("cindy").get(URL).content.decode()
    assert "No ties recorded yet" in page and "/c/cluster-a/surveys/" in page
    donor = client_for("dora").get(URL).content.decode()
    assert "No ties recorded yet" in donor and "/c/cluster-a/surveys/" not in donor


def test_map_json_has_coloured_sized_nodes_and_typed_edges(client_for, ties):
    data = client_for("colin").get(URL + "data.json", {"wave": ties.baseline.pk}).json()
    assert data["wave"] == {"id": ties.baseline.pk, "name": "Baseline 2024"}
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 4
    nodes = {n["data"]["label"]: n["data"] for n in data["nodes"]}
    assert nodes["Textiles Alfa"]["type"] == "enterprise"
    assert nodes["Centro de Servicios"]["type"] == "bds_provider"
    assert nodes["Textiles Alfa"]["colour"] != nodes["Centro de Servicios"]["colour"]
    assert nodes["Textiles Alfa"]["measures"]["degree"] == 2
    assert set(nodes["Textiles Alfa"]["measures"]) >= {"betweenness", "eigenvector", "closeness"}
    assert all("x" in n["position"] for n in data["nodes"])
    assert sorted(t for e in data["edges"] for t in e["data"]["types"]) == [
        "business",
        "information",
        "joint_action",
        "trust",
    ]
    assert data["unregistered_ties"] == 1


def test_map_json_filters_by_several_types(client_for, ties):
    query = {"wave": ties.baseline.pk, "type": ["business", "trust"]}
    data = client_for("colin").get(URL + "data.json", query).json()
    assert len(data["edges"]) == 2 and data["types"] == ["business", "trust"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"type": "friendship"}, "Tie types"), ({"wave": "999999"}, "Survey wave")],
)
def test_bad_choices_are_refused_naming_the_field(client_for, ties, query, field):
    response = client_for("alice").get(URL + "data.json", query)
    assert response.status_code == 400
    assert response.json()["error"].startswith(field)
    assert client_for("alice").get(URL, query).status_code == 400


def test_a_wave_of_another_cluster_is_refused(client_for, ties):
    from clusterdev.web.diagnostics.models import SurveyWave

    other = SurveyWave.objects.create(
        cluster=ties.world.cluster_b, name="B", start_date=ties.baseline.start_date
    )
    response = client_for("alice").get(URL + "data.json", {"wave": other.pk})
    assert response.status_code == 400 and "Survey wave" in response.json()["error"]


def test_comparison_json_marks_added_and_dropped_ties_on_shared_positions(client_for, ties):
    query = {"base": ties.baseline.pk, "follow": ties.follow_up.pk}
    data = client_for("steve").get(URL + "compare.json", query).json()
    base, follow = data["base"], data["follow"]
    changes = [e["data"]["change"] for e in base["edges"]]
    assert sorted(changes) == ["dropped", "dropped", "kept", "kept"]
    assert sorted(e["data"]["change"] for e in follow["edges"]) == [
        "added",
        "added",
        "kept",
        "kept",
    ]
    where = {n["data"]["id"]: n["position"] for n in base["nodes"]}
    assert where == {n["data"]["id"]: n["position"] for n in follow["nodes"]}


def test_comparing_a_wave_with_itself_is_refused(client_for, ties):
    query = {"base": ties.baseline.pk, "follow": ties.baseline.pk}
    response = client_for("steve").get(URL + "compare.json", query)
    assert response.status_code == 400 and response.json()["error"].startswith("Follow-up wave")


def test_comparison_figures_on_the_page(client_for, ties):
    page = client_for("alice").get(URL).content.decode()
    assert '<dd class="turnover">2 · <span class="change-added">+2</span>' in page
    assert 'id="compare-base"' in page and 'id="compare-follow"' in page


def download(client, what, **query):
    response = client.get(f"{URL}download/{what}", query)
    assert response.status_code == 200, response.content
    return response


def test_graphml_download_holds_the_wave_with_measures(client_for, ties):
    response = download(client_for("dora"), "graphml", wave=ties.baseline.pk)
    assert 'filename="cluster-a-baseline-2024-network.graphml"' in response["Content-Disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert graph.number_of_nodes() == 5 and graph.number_of_edges() == 4
    e1 = graph.nodes[str(ties.actors["e1"].pk)]
    assert e1["name"] == "Textiles Alfa" and e1["degree"] == 2


def test_gexf_and_csv_downloads(client_for, ties):
    client = client_for("dora")
    gexf = download(client, "gexf", wave=ties.follow_up.pk).content
    assert ET.fromstring(gexf).tag.endswith("gexf")
    edges = list(csv.DictReader(io.StringIO(download(client, "edges.csv").content.decode())))
    assert len(edges) == 4 and {e["wave"] for e in edges} == {"Follow-up 2025"}
    nodes = list(csv.DictReader(io.StringIO(download(client, "nodes.csv").content.decode())))
    assert len(nodes) == 5 and {"name", "kind", "betweenness", "brokerage_gatekeeper"} <= set(
        nodes[0]
    )


def test_an_unknown_download_format_is_refused(client_for, ties):
    response = client_for("dora").get(URL + "download/xlsx")
    assert response.status_code == 400 and b"format" in response.content


def test_cluster_page_panel_shows_the_latest_waves_headline(client_for, ties):
    page = client_for("colin").get("/c/cluster-a/").content.decode()
    assert "Open the network map" in page and "Follow-up 2025" in page
    assert "100.0 %" in page  # every enterprise cooperates in the follow-up
