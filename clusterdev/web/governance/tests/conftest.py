"""Governance records on top of the personas' world (see :mod:`clusterdev.web.test`).

``commission``: the Cluster Commission of cluster A with two members (Pilar Person for Cámara Alfa,
chair; Textiles Alfa as an organisation). ``meeting``: one of its meetings, held today.
``version``: a draft diagnostic of cluster A written by cindy (the CDA).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clusterdev.web.governance import services
from clusterdev.web.governance.models import Body, Meeting, Membership, today
from clusterdev.web.test import World

START = date(2024, 1, 15)


def add_member(body: Body, **fields) -> Membership:
    defaults = {"stakeholder_group": "enterprises", "role": "member", "start": START}
    membership = Membership(body=body, **(defaults | fields))
    membership.full_clean()
    membership.save()
    return membership


def make_meeting(body: Body, *, on: date | None = None, status: str = "held") -> Meeting:
    return Meeting.objects.create(body=body, date=on or today(), status=status, place="Town hall")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def commission(world: World) -> Body:
    body = Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión Garments A",
    )
    add_member(
        body,
        person=world.person_a,
        stakeholder_group="associations",
        role="chair",
    )
    add_member(body, actor=world.enterprise_a)
    return body


@pytest.fixture
def steering(world: World) -> Body:
    return Body.objects.create(
        programme=world.programme, kind=Body.Kind.STEERING_COMMITTEE, name="Steering Committee"
    )


@pytest.fixture
def meeting(commission: Body) -> Meeting:
    return make_meeting(commission)


@pytest.fixture
def version(world: World):
    return services.submit_version(
        author=world.users["cindy"],
        kind="diagnostic",
        cluster=world.cluster_a,
        title="Diagnostic study",
        content="Findings: trust is low; buyers want quality.",
    )


@pytest.fixture
def yesterday() -> date:
    return today() - timedelta(days=1)
