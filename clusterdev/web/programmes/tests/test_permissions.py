"""The role × object × action matrix for programmes and clusters."""

import pytest

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]


def _expect(allowed: set[str], forbidden: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    return [(u, 200 if u in allowed else 403 if u in forbidden else 404) for u in ALL]


@pytest.mark.parametrize(
    ("user", "status"), _expect({"adam", "alice", "cindy", "colin", "steve", "dora"})
)
def test_programme_page_is_seen_only_by_its_roles(client_for, user, status):
    assert client_for(user).get("/p/testland/").status_code == status


@pytest.mark.parametrize(
    ("user", "status"), _expect({"adam", "alice", "cindy", "colin", "steve", "dora"})
)
def test_cluster_page_is_seen_by_programme_roles_and_its_own_cluster_roles(
    client_for, user, status
):
    assert client_for(user).get("/c/cluster-a/").status_code == status


@pytest.mark.parametrize(("user", "status"), _expect({"adam", "alice", "steve", "dora"}))
def test_cluster_roles_do_not_reach_other_clusters(client_for, user, status):
    assert client_for(user).get("/c/cluster-b/").status_code == status


@pytest.mark.parametrize(
    ("user", "status"),
    [
        (
            u,
            302
            if u in {"adam", "alice"}
            else 403
            if u in {"cindy", "colin", "steve", "dora"}
            else 404,
        )
        for u in ALL
    ],
)
def test_only_coordinators_and_admins_change_the_phase(client_for, world, user, status):
    response = client_for(user).post(
        "/c/cluster-a/phase/", {"phase": "selected", "note": "SC decision 1"}
    )
    assert response.status_code == status
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.phase == ("selected" if status == 302 else "candidate")
    assert world.cluster_a.phase_changes.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    ("user", "status"), _expect({"adam", "alice", "cindy", "colin", "steve", "dora"})
)
def test_cluster_map_data_follows_cluster_access(client_for, user, status):
    assert client_for(user).get("/c/cluster-a/map.geojson").status_code == status


def test_portfolio_lists_only_what_the_user_may_see(client_for):
    cindy = client_for("cindy").get("/").content.decode()
    assert "Garments A" in cindy
    assert "Footwear B" not in cindy
    assert "Cocoa O" not in cindy
    alice = client_for("alice").get("/").content.decode()
    assert "Garments A" in alice and "Footwear B" in alice and "Cocoa O" not in alice
    assert "Cocoa O" in client_for("adam").get("/").content.decode()
    oscar = client_for("oscar").get("/").content.decode()
    assert "Testland" not in oscar and "You have no role" in oscar


@pytest.mark.parametrize(
    ("user", "sees"),
    [
        ("adam", True),
        ("alice", True),
        ("cindy", True),
        ("colin", False),
        ("steve", False),
        ("dora", False),
    ],
)
def test_audit_trail_is_shown_only_to_those_allowed(client_for, user, sees):
    page = client_for(user).get("/c/cluster-a/").content.decode()
    assert ("Change history" in page) is sees


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/c/cluster-a/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("user", "status"), [("adam", 200), ("alice", 302), ("oscar", 302)])
def test_django_admin_is_for_platform_admins_only(client_for, user, status):
    assert client_for(user).get("/admin/").status_code == status
