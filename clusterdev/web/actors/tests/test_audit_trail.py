"""Every create, update and delete of a domain record is recorded with who, when and what."""

from clusterdev.web.actors.models import Actor


def test_an_edit_through_the_page_is_recorded_with_its_author_and_values(client_for, world):
    actor = world.enterprise_a
    response = client_for("cindy").post(
        f"/actors/{actor.pk}/edit/",
        {
            "name": actor.name,
            "town": "Atuntaqui",
            "formal": "on",
            "employees_female": 9,
            "employees_male": 2,
            "owner_sex": "female",
            "size_class": "micro",
            "latitude": "0.33",
            "longitude": "-78.22",
        },
    )
    assert response.status_code == 302
    latest = actor.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == world.users["cindy"]
    assert latest.town == "Atuntaqui"
    page = client_for("alice").get(f"/actors/{actor.pk}/").content.decode()
    assert "Change history" in page
    assert "cindy" in page
    assert "Town</strong>: Town → Atuntaqui" in page


def test_creation_and_deletion_are_recorded(world):
    actor = Actor.objects.create(
        programme=world.programme,
        kind=Actor.Kind.INSTITUTION,
        name="SECAP Test",
        institution_type="training_research",
    )
    pk = actor.pk
    actor.delete()
    kinds = list(
        Actor.history.filter(id=pk).order_by("history_date").values_list("history_type", flat=True)
    )
    assert kinds == ["+", "-"]


def test_phase_changes_are_kept_in_order_with_author(client_for, world):
    coordinator = client_for("alice")
    coordinator.post(
        "/c/cluster-a/phase/", {"phase": "selected", "note": "Steering Committee, 3 May"}
    )
    coordinator.post("/c/cluster-a/phase/", {"phase": "diagnosed"})
    changes = list(world.cluster_a.phase_changes.order_by("changed_at", "id"))
    assert [(c.from_phase, c.to_phase) for c in changes] == [
        ("candidate", "selected"),
        ("selected", "diagnosed"),
    ]
    assert changes[0].changed_by == world.users["alice"]
    assert changes[0].note == "Steering Committee, 3 May"
    page = coordinator.get("/c/cluster-a/").content.decode()
    assert "Steering Committee, 3 May" in page


def test_moving_to_the_same_phase_is_refused_with_a_message(client_for, world):
    response = client_for("alice").post("/c/cluster-a/phase/", {"phase": "candidate"}, follow=True)
    assert "already in this phase" in response.content.decode()
    assert world.cluster_a.phase_changes.count() == 0


def test_many_to_many_changes_are_shown_by_name(client_for, world):
    from clusterdev.web.geo.models import Sector

    world.cluster_a.sectors.add(Sector.objects.get(code="1410"))
    page = client_for("alice").get("/c/cluster-a/").content.decode()
    assert (
        "ISIC sectors</strong>: — → 1410 Manufacture of wearing apparel, except fur apparel" in page
    )
