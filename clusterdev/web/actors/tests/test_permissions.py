"""The role × object × action matrix for the actor register and its personal data."""

import pytest

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
SEES_CLUSTER_A = {"adam", "alice", "cindy", "colin", "steve", "dora"}
EDITS_CLUSTER_A = {"adam", "alice", "cindy"}


@pytest.mark.parametrize("user", ALL)
def test_actor_page_follows_cluster_access(client_for, world, user):
    status = client_for(user).get(f"/actors/{world.enterprise_a.pk}/").status_code
    assert status == (200 if user in SEES_CLUSTER_A else 404)


@pytest.mark.parametrize("user", ALL)
def test_actors_of_other_clusters_stay_hidden_from_cluster_roles(client_for, world, user):
    status = client_for(user).get(f"/actors/{world.enterprise_b.pk}/").status_code
    assert status == (200 if user in {"adam", "alice", "steve", "dora"} else 404)


@pytest.mark.parametrize("user", ALL)
def test_editing_an_actor(client_for, world, user):
    url = f"/actors/{world.enterprise_a.pk}/edit/"
    expected = 200 if user in EDITS_CLUSTER_A else 403 if user in SEES_CLUSTER_A else 404
    assert client_for(user).get(url).status_code == expected


@pytest.mark.parametrize("user", ALL)
def test_personal_data_is_shown_only_to_coordinators_cdas_and_admins(client_for, world, user):
    response = client_for(user).get(f"/actors/{world.institution_a.pk}/")
    if user not in SEES_CLUSTER_A:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert ("Pilar Person" in page) is (user in EDITS_CLUSTER_A)


def test_programme_register_shows_cluster_roles_only_their_cluster(client_for):
    cindy = client_for("cindy").get("/p/testland/actors/").content.decode()
    assert "Textiles Alfa" in cindy and "Cámara Alfa" in cindy
    assert "Calzado Beta" not in cindy
    dora = client_for("dora").get("/p/testland/actors/").content.decode()
    assert "Textiles Alfa" in dora and "Calzado Beta" in dora
    assert "Cacao Omega" not in dora


@pytest.mark.parametrize("user", ["oscar", "olga"])
def test_register_of_a_foreign_programme_is_not_found(client_for, user):
    assert client_for(user).get("/p/testland/actors/").status_code == 404


@pytest.mark.parametrize(
    ("user", "personal"),
    [("adam", True), ("alice", True), ("steve", False), ("dora", False)],
)
def test_export_carries_personal_columns_only_for_those_allowed(client_for, user, personal):
    response = client_for(user).get("/p/testland/actors/?format=csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "Textiles Alfa" in body
    assert ("owner_name" in body.splitlines()[0]) is personal
    assert ("Ana Owner" in body) is personal


def test_cda_export_of_the_cluster_register_includes_personal_data(client_for):
    body = client_for("cindy").get("/c/cluster-a/actors/?format=csv").content.decode("utf-8-sig")
    assert "Ana Owner" in body
    assert "Calzado Beta" not in body


def test_commission_member_can_export_without_personal_data(client_for):
    body = client_for("colin").get("/c/cluster-a/actors/?format=csv").content.decode("utf-8-sig")
    assert "Textiles Alfa" in body and "Ana Owner" not in body
