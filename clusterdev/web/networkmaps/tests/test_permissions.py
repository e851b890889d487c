"""Who sees the network page, its data and its downloads: everyone with VIEW on the
cluster (organisation names are no personal data); no role → 404."""

import pytest

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
SEES_CLUSTER_A = {"adam", "alice", "cindy", "colin", "steve", "dora"}
PATHS = ["", "data.json", "compare.json", "download/graphml", "download/nodes.csv"]


@pytest.mark.parametrize("user", ALL)
@pytest.mark.parametrize("path", PATHS)
def test_network_follows_cluster_access(client_for, ties, user, path):
    status = client_for(user).get(f"/c/cluster-a/network/{path}").status_code
    assert status == (200 if user in SEES_CLUSTER_A else 404)


@pytest.mark.parametrize("user", ["cindy", "colin"])
def test_cluster_roles_do_not_see_other_clusters_networks(client_for, ties, user):
    assert client_for(user).get("/c/cluster-b/network/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, ties):
    response = client.get("/c/cluster-a/network/data.json")
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_cluster_is_404(client_for, ties):
    assert client_for("adam").get("/c/nowhere/network/").status_code == 404
