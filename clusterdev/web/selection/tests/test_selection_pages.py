"""Participatory selection in the platform: set-up, judgments, values, ranking, decision."""

import pytest

from clusterdev.web.programmes.models import Cluster
from clusterdev.web.selection.models import Decision, SelectionExercise

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
VIEWERS = {"adam", "alice", "cindy", "colin", "steve", "dora"}


def _create(client, world, criteria=("employment", "women_share", "willingness_to_cooperate")):
    return client.post(
        "/p/testland/selection/",
        {
            "title": "Selection 2026",
            "candidates": [world.cluster_a.pk, world.cluster_b.pk],
            "criteria": list(criteria),
            "stakeholders": [world.users["steve"].pk, world.users["dora"].pk],
        },
    )


@pytest.fixture
def exercise(client_for, world):
    response = _create(client_for("alice"), world)
    assert response.status_code == 302, response.content.decode()[:2000]
    return SelectionExercise.objects.get()


def _judge(client, exercise, value="3", submit=True):
    criteria = list(exercise.criteria.all())
    data = {}
    for i, a in enumerate(criteria):
        for b in criteria[i + 1 :]:
            data[f"j-{a.pk}-{b.pk}"] = value
    if submit:
        data["submit"] = "1"
    return client.post(f"/selection/{exercise.pk}/judge/", data)


def _values(client, exercise, rows):
    data = {}
    for cluster, values in rows.items():
        for criterion in exercise.criteria.all():
            data[f"v-{cluster.pk}-{criterion.pk}"] = str(values[criterion.key])
    return client.post(f"/selection/{exercise.pk}/values/", data)


def test_the_starter_library_is_offered(client_for):
    page = client_for("alice").get("/p/testland/selection/").content.decode()
    assert 'value="employment"' in page and "New selection exercise" in page


def test_creating_an_exercise_fills_mapping_criteria_from_the_register(exercise, world):
    assert list(exercise.criteria.values_list("key", flat=True)) == [
        "employment",
        "women_share",
        "willingness_to_cooperate",
    ]
    assert set(exercise.candidates.all()) == {world.cluster_a, world.cluster_b}
    employment = exercise.values.get(cluster=world.cluster_a, criterion__key="employment")
    assert employment.value == 8  # Textiles Alfa: 6 women and 2 men
    assert not exercise.values.filter(criterion__key="willingness_to_cooperate").exists()


def test_live_check_shows_weights_and_flags_inconsistency(exercise, client_for):
    criteria = list(exercise.criteria.all())
    a, b, c = criteria
    data = {f"j-{a.pk}-{b.pk}": "9", f"j-{b.pk}-{c.pk}": "9", f"j-{a.pk}-{c.pk}": "1/9"}
    page = client_for("steve").post(f"/selection/{exercise.pk}/judge/check/", data).content.decode()
    assert "Consistency ratio" in page and "please reconsider" in page
    assert "contribute most to the inconsistency" in page


def test_ranking_and_decision_move_the_selected_cluster(exercise, client_for, world):
    assert _judge(client_for("steve"), exercise).status_code == 302
    assert _judge(client_for("dora"), exercise, value="1/2").status_code == 302
    _values(
        client_for("alice"),
        exercise,
        {
            world.cluster_a: {"employment": 300, "women_share": 0.7, "willingness_to_cooperate": 4},
            world.cluster_b: {"employment": 200, "women_share": 0.3, "willingness_to_cooperate": 3},
        },
    )
    page = client_for("steve").get(f"/selection/{exercise.pk}/").content.decode()
    assert "Probability of ranking first" in page
    response = client_for("steve").post(
        f"/selection/{exercise.pk}/decide/",
        {
            "selected": [world.cluster_a.pk],
            "body": "Steering Committee",
            "rationale": "Highest score, pro-poor",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.decided_by == world.users["steve"]
    assert list(decision.selected.all()) == [world.cluster_a]
    assert decision.result["ranking"]["alternatives"][0]["alternative"] == "Garments A"
    world.cluster_a.refresh_from_db()
    world.cluster_b.refresh_from_db()
    assert (world.cluster_a.phase, world.cluster_b.phase) == ("selected", "candidate")
    assert "Highest score, pro-poor" in world.cluster_a.phase_changes.get().note
    exercise.refresh_from_db()
    assert exercise.status == "decided"


def test_a_value_that_is_not_a_number_is_refused_and_nothing_saved(exercise, client_for, world):
    criteria = list(exercise.criteria.all())
    data = {
        f"v-{world.cluster_a.pk}-{criteria[0].pk}": "12",
        f"v-{world.cluster_b.pk}-{criteria[0].pk}": "lots",
    }
    response = client_for("alice").post(f"/selection/{exercise.pk}/values/", data)
    assert response.status_code == 400
    assert "“lots” is not a number" in response.content.decode()
    assert not exercise.values.filter(criterion=criteria[0], value=12).exists()


def test_stakeholders_see_only_their_own_judgments_unless_shared(exercise, client_for):
    _judge(client_for("steve"), exercise)
    _judge(client_for("dora"), exercise, value="1/5")
    dora = client_for("dora").get(f"/selection/{exercise.pk}/").content.decode()
    assert "not shared in this exercise" in dora
    assert dora.count('class="tag">employment') == 1  # her own weights only
    alice = client_for("alice").get(f"/selection/{exercise.pk}/").content.decode()
    assert alice.count('class="tag">employment') == 2
    client_for("alice").post(f"/selection/{exercise.pk}/share/", {"share": "1"})
    dora = client_for("dora").get(f"/selection/{exercise.pk}/").content.decode()
    assert dora.count('class="tag">employment') == 2


@pytest.mark.parametrize("user", ALL)
def test_who_may_see_an_exercise(exercise, client_for, user):
    status = client_for(user).get(f"/selection/{exercise.pk}/").status_code
    assert status == (200 if user in VIEWERS else 404)


@pytest.mark.parametrize("user", ALL)
def test_only_invited_stakeholders_judge(exercise, client_for, user):
    status = client_for(user).get(f"/selection/{exercise.pk}/judge/").status_code
    assert status == (200 if user in {"steve", "dora"} else 403 if user in VIEWERS else 404)


@pytest.mark.parametrize("user", ALL)
def test_only_coordinators_set_up_and_enter_values(exercise, client_for, world, user):
    client = client_for(user)
    expected = 200 if user in {"adam", "alice"} else 403 if user in VIEWERS else 404
    assert client.get(f"/selection/{exercise.pk}/values/").status_code == expected
    before = SelectionExercise.objects.count()
    status = _create(client, world).status_code
    assert status == (302 if user in {"adam", "alice"} else 403 if user in VIEWERS else 404)
    assert SelectionExercise.objects.count() == before + (1 if status == 302 else 0)


@pytest.mark.parametrize("user", ALL)
def test_steering_committee_and_coordinators_record_the_decision(exercise, client_for, world, user):
    response = client_for(user).post(
        f"/selection/{exercise.pk}/decide/",
        {"selected": [world.cluster_a.pk], "body": "SC", "rationale": "r"},
    )
    allowed = {"adam", "alice", "steve"}
    assert response.status_code == (302 if user in allowed else 403 if user in VIEWERS else 404)
    assert Decision.objects.exists() is (user in allowed)
    assert Cluster.objects.get(pk=world.cluster_a.pk).phase == (
        "selected" if user in allowed else "candidate"
    )


def test_a_candidate_without_members_is_measured_on_its_sectors_in_its_areas(client_for, world):
    from clusterdev.web.geo.models import AdminArea, Sector
    from clusterdev.web.test import make_cluster, make_enterprise

    area = AdminArea.objects.get(code="TL-A")
    hats = make_cluster(world.programme, "hats", name="Straw hats")
    hats.sectors.add(Sector.objects.get(code="1410"))
    hats.areas.add(area)
    make_enterprise(
        world.programme, name="Sombreros Uno", area=area, employees_female=5, employees_male=0
    )
    make_enterprise(world.programme, name="Elsewhere", employees_female=50)  # no area: not counted
    client_for("alice").post(
        "/p/testland/selection/",
        {
            "title": "Hats",
            "candidates": [hats.pk, world.cluster_b.pk],
            "criteria": ["employment", "women_share"],
            "stakeholders": [world.users["steve"].pk],
        },
    )
    exercise = SelectionExercise.objects.get(title="Hats")
    # Textiles Alfa (6 women, 2 men, in TL-A, ISIC 1410) and Sombreros Uno (5 women).
    assert exercise.values.get(cluster=hats, criterion__key="employment").value == 13
    assert exercise.values.get(cluster=hats, criterion__key="women_share").value == 11 / 13
