"""Fixtures for the CDA tests: the personas' world with cluster A selected and its CDA, cindy,
appointed, one activity, a submitted and a draft report, and a training on her profile."""

from datetime import timedelta

import pytest

from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Activity, CdaReport, Training
from clusterdev.web.programmes.models import Phase


def select(*clusters):
    for cluster in clusters:
        cluster.phase = Phase.SELECTED
        cluster.save(update_fields=["phase"])


@pytest.fixture
def cda_world(world):
    select(world.cluster_a, world.cluster_b)
    today = services.today()
    appointment = services.appoint(
        world.cluster_a,
        cda=world.users["cindy"],
        start=today - timedelta(days=120),
        by=world.users["alice"],
        terms_of_reference="Facilitate the diagnostic.",
    )
    activity = services.save_activity(
        Activity(
            cluster=world.cluster_a,
            cda=world.users["cindy"],
            kind="field_visit",
            date=today - timedelta(days=3),
            place="Workshop of Textiles Alfa",
            purpose="Introduce the programme",
        ),
        actors=[world.enterprise_a],
        people=[world.person_a],
        participants={("enterprises", "female"): 4, ("enterprises", "male"): 2},
    )
    submitted = CdaReport.objects.create(
        cluster=world.cluster_a,
        cda=world.users["cindy"],
        period_start=appointment.start,
        period_end=appointment.start + timedelta(days=29),
        summary="First contacts",
        status=CdaReport.Status.SUBMITTED,
    )
    draft = CdaReport.objects.create(
        cluster=world.cluster_a,
        cda=world.users["cindy"],
        period_start=appointment.start + timedelta(days=30),
        period_end=appointment.start + timedelta(days=59),
        summary="Draft",
    )
    profile = world.users["cindy"].cda_profile
    training = Training.objects.create(
        profile=profile, title="CDA induction", start=today - timedelta(days=200)
    )
    world.appointment = appointment
    world.activity = activity
    world.submitted = submitted
    world.draft = draft
    world.profile = profile
    world.training = training
    return world
