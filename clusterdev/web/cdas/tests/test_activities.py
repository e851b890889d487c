"""The CDA's activity log: quick entry (plain POST, phone-friendly), participants counted by
stakeholder group and sex, bad input refused with a clear message and nothing written."""

from datetime import timedelta

import pytest

from clusterdev.web.actors.models import Person
from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Activity, ActivityParticipants
from clusterdev.web.test import make_enterprise

from .conftest import select


def _data(**extra):
    return {
        "kind": "trust_building",
        "date": services.today().isoformat(),
        "place": "Town hall",
        "purpose": "Breakfast meeting of garment makers",
        "outcome": "Agreed to visit the dye house together",
    } | extra


@pytest.fixture
def cindy(world, client_for):
    select(world.cluster_a)
    return client_for("cindy")


def test_the_quick_page_is_light_and_works_without_javascript(cindy):
    page = cindy.get("/c/cluster-a/activities/log/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "leaflet" not in page.lower()
    assert 'method="post"' in page and 'type="submit"' in page
    assert f'value="{services.today().isoformat()}"' in page  # the date defaults to today
    for group in ("Enterprises", "Business associations", "Public sector"):
        assert group in page
    assert 'name="p_enterprises_female"' in page and 'name="p_other_not_stated"' in page
    assert "Textiles Alfa" in page and "Cámara Alfa" in page  # the cluster's actors
    assert "Calzado Beta" not in page  # another cluster's
    assert "cdas/activity.js" in page


def test_logging_an_activity_with_participants(world, cindy):
    data = _data(
        p_enterprises_female="5",
        p_enterprises_male="3",
        p_public_not_stated="1",
        actors=[world.enterprise_a.pk, world.institution_a.pk],
    )
    response = cindy.post("/c/cluster-a/activities/log/", data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert response["Location"] == f"/c/cluster-a/activities/log/?saved={activity.pk}"
    assert activity.cda == world.users["cindy"] and activity.cluster == world.cluster_a
    assert set(activity.actors.all()) == {world.enterprise_a, world.institution_a}
    counts = {(p.group, p.sex): p.count for p in activity.participants.all()}
    assert counts == {
        ("enterprises", "female"): 5,
        ("enterprises", "male"): 3,
        ("public", "not_stated"): 1,
    }
    assert activity.participant_total == 9
    saved = cindy.get(response["Location"]).content.decode()
    assert "Saved: Trust-building event" in saved and "Log another" in saved
    assert 'data-draft-saved="1"' in saved


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "2999-12-31"}, "The date cannot be in the future."),
        ({"p_enterprises_female": "-2"}, "Participant counts cannot be negative."),
        ({"p_enterprises_male": "two"}, "Enter a whole number of participants."),
        ({"purpose": ""}, "This field is required."),
        ({"kind": "party"}, "Select a valid choice"),
        ({"date": "31/02/2026"}, "Enter a valid date."),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(cindy, change, message):
    response = cindy.post("/c/cluster-a/activities/log/", _data(**change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Activity.objects.exists()
    assert not ActivityParticipants.objects.exists()


def test_negative_counts_name_the_group_and_sex(cindy):
    response = cindy.post("/c/cluster-a/activities/log/", _data(p_public_female="-1"))
    assert "Public sector · Female: Participant counts cannot be negative." in (
        response.content.decode()
    )


def test_actors_of_another_cluster_or_programme_are_refused(world, cindy):
    for actor in (world.enterprise_b, world.other_enterprise):
        response = cindy.post("/c/cluster-a/activities/log/", _data(actors=[actor.pk]))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_service_refuses_future_dates_and_foreign_actors(world):
    select(world.cluster_a)
    activity = Activity(
        cluster=world.cluster_a,
        cda=world.users["cindy"],
        kind="other",
        date=services.today() + timedelta(days=1),
        purpose="x",
    )
    with pytest.raises(services.CdaInputError, match="future"):
        services.save_activity(activity, participants={})
    activity.date = services.today()
    with pytest.raises(services.CdaInputError, match="Cacao Omega"):
        services.save_activity(activity, actors=[world.other_enterprise], participants={})
    with pytest.raises(services.CdaInputError, match="whole numbers of zero or more"):
        services.save_activity(activity, participants={("enterprises", "female"): -1})
    assert not Activity.objects.exists()


def test_the_date_may_be_before_the_first_appointment(world, cindy):
    response = cindy.post("/c/cluster-a/activities/log/", _data(date="2020-01-15"))
    assert response.status_code == 302


def test_editing_replaces_the_counts_and_keeps_them_exact(world, cindy):
    cindy.post("/c/cluster-a/activities/log/", _data(p_enterprises_female="5", p_finance_male="2"))
    activity = Activity.objects.get()
    data = _data(p_enterprises_female="6", p_civil_society_female="1")
    response = cindy.post(f"/cdas/activities/{activity.pk}/edit/", data)
    assert response.status_code == 302
    counts = {(p.group, p.sex): p.count for p in activity.participants.all()}
    assert counts == {("enterprises", "female"): 6, ("civil_society", "female"): 1}
    edit_page = cindy.get(f"/cdas/activities/{activity.pk}/edit/").content.decode()
    assert 'name="p_enterprises_female" value="6"' in edit_page


def test_named_participants_are_kept_when_an_editor_cannot_see_them(world, cindy):
    cindy.post("/c/cluster-a/activities/log/", _data())
    activity = Activity.objects.get()
    data = _data(people=[world.person_a.pk], actors=[world.institution_a.pk])
    cindy.post(f"/cdas/activities/{activity.pk}/edit/", data)
    assert list(activity.people.all()) == [world.person_a]
    # Saving through the service without people leaves them as they are.
    services.save_activity(activity, actors=[], people=None, participants={})
    assert list(activity.people.all()) == [world.person_a]


def test_people_of_another_programme_cannot_be_named(world):
    select(world.cluster_a)
    stranger = Person.objects.create(actor=world.other_enterprise, name="Olivia", position="staff")
    activity = Activity(
        cluster=world.cluster_a,
        cda=world.users["cindy"],
        kind="other",
        date=services.today(),
        purpose="x",
    )
    with pytest.raises(services.CdaInputError, match="Named participants"):
        services.save_activity(activity, people=[stranger], participants={})
    assert not Activity.objects.exists()


def test_participants_sum_over_activities_by_sex_and_group(world):
    select(world.cluster_a, world.cluster_b)
    day = services.today()

    def log(cluster, counts, when=day):
        return services.save_activity(
            Activity(
                cluster=cluster, cda=world.users["alice"], kind="training", date=when, purpose="p"
            ),
            participants=counts,
        )

    log(world.cluster_a, {("enterprises", "female"): 4, ("enterprises", "male"): 1})
    log(world.cluster_a, {("enterprises", "female"): 2, ("public", "not_stated"): 3})
    log(world.cluster_b, {("finance", "male"): 7})
    log(world.cluster_a, {("enterprises", "female"): 100}, when=day - timedelta(days=400))
    recent = services.activities_between(programme=world.programme, start=day - timedelta(days=30))
    assert services.participants_by_sex(recent) == {
        "female": 6,
        "male": 8,
        "not_stated": 3,
        "total": 17,
    }
    cluster_a = services.activities_between(cluster=world.cluster_a, start=day, end=day)
    groups = {
        g.group: (g.female, g.male, g.not_stated) for g in services.participants_by_group(cluster_a)
    }
    assert groups == {"enterprises": (6, 1, 0), "public": (0, 0, 3)}
    kinds = {kind: n for kind, _label, n in services.activities_by_kind(cluster_a)}
    assert kinds["training"] == 2 and kinds["field_visit"] == 0


def test_the_log_page_lists_and_summarises(world, cindy):
    cindy.post("/c/cluster-a/activities/log/", _data(p_enterprises_female="5"))
    cindy.post("/c/cluster-a/activities/log/", _data(kind="field_visit", p_enterprises_male="2"))
    page = cindy.get("/c/cluster-a/activities/").content.decode()
    assert "Breakfast meeting of garment makers" in page
    assert "Trust-building event" in page and "Field visit" in page
    assert '<td class="num"><strong>7</strong></td>' in page
    only_visits = cindy.get("/c/cluster-a/activities/?kind=field_visit").content.decode()
    assert "<strong>1</strong>" in only_visits


def test_a_cda_only_reaches_the_enterprises_of_their_cluster(world, client_for):
    make_enterprise(world.programme, None, name="Unclustered Sastrería")
    select(world.cluster_a)
    page = client_for("cindy").get("/c/cluster-a/activities/log/").content.decode()
    assert "Unclustered Sastrería" not in page


def test_deleting_an_activity(world, cindy):
    cindy.post("/c/cluster-a/activities/log/", _data(p_enterprises_female="5"))
    activity = Activity.objects.get()
    response = cindy.post(f"/cdas/activities/{activity.pk}/delete/")
    assert response.status_code == 302
    assert not Activity.objects.exists() and not ActivityParticipants.objects.exists()


def test_field_days_count_each_cda_once_a_day(world):
    select(world.cluster_a)
    day = services.today()
    for who, when in [
        ("cindy", day),
        ("cindy", day),
        ("alice", day),
        ("cindy", day - timedelta(1)),
    ]:
        Activity.objects.create(
            cluster=world.cluster_a, cda=world.users[who], kind="other", date=when, purpose="p"
        )
    assert services.field_days(Activity.objects.all()) == 3


def test_a_cda_finds_their_own_profile(world, cindy):
    services.appoint(world.cluster_a, cda=world.users["cindy"], start=services.today(), by=None)
    page = cindy.get("/c/cluster-a/cda/").content.decode()
    profile = world.users["cindy"].cda_profile
    assert f'href="{profile.get_absolute_url()}"' in page
    assert "Hand over to another CDA" not in page
