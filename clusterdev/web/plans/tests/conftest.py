"""Plan records on top of the personas' world (see :mod:`clusterdev.web.test`).

``findings``: three findings of cluster A's diagnostic and one of cluster B's. ``commission``:
cluster A's Cluster Commission with a meeting held today. ``vision``: version 1 of cluster A's
vision with two objectives. ``revision``: revision 1 of cluster A's plan (a draft) with two joint
actions led by Cámara Alfa, both answering a finding.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from clusterdev.web.diagnostics.models import Finding
from clusterdev.web.governance import services as governance
from clusterdev.web.governance.models import Body, Meeting, today
from clusterdev.web.plans import services
from clusterdev.web.plans.models import JointAction, PlanRevision, Vision
from clusterdev.web.test import World, make_user


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def findings(world: World) -> dict[str, Finding]:
    a = world.cluster_a
    return {
        "trust": Finding.objects.create(cluster=a, kind="weakness", text="Low trust among firms"),
        "fair": Finding.objects.create(
            cluster=a, kind="opportunity", text="Buyers at the Quito fair want quality"
        ),
        "inputs": Finding.objects.create(
            cluster=a, kind="leverage_point", text="Yarn bought in small lots at high prices"
        ),
        "other": Finding.objects.create(
            cluster=world.cluster_b, kind="weakness", text="Footwear B lacks designers"
        ),
    }


@pytest.fixture
def commission(world: World) -> Body:
    return Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión Garments A",
    )


@pytest.fixture
def meeting(commission: Body) -> Meeting:
    return Meeting.objects.create(body=commission, date=today(), status="held", place="Hall")


@pytest.fixture
def vision(world: World) -> Vision:
    return services.save_vision(
        world.cluster_a,
        statement="A garment cluster known for quality, where firms work together.",
        proposed_by="Validation workshop",
        on=today(),
        objectives=["Sell to new markets", "Buy inputs together"],
        by=world.users["cindy"],
    )


def action_data(world: World, **fields: Any) -> services.ActionData:
    defaults: dict[str, Any] = {
        "title": "Joint stand at the Quito fair",
        "type": "joint_marketing",
        "nature": "soft",
        "lead": world.institution_a,
        "start": date(2025, 3, 1),
        "end": date(2025, 6, 30),
        "participants": [world.enterprise_a],
        "milestones": [("Stand booked", date(2025, 4, 1))],
        "budget": {
            "enterprises": Decimal("3000"),
            "institutions": Decimal("1000"),
            "donor": Decimal("6000"),
        },
    }
    return services.ActionData(**(defaults | fields))


@pytest.fixture
def revision(world: World, vision: Vision, findings) -> PlanRevision:
    revision = services.start_revision(world.cluster_a, by=world.users["cindy"])
    services.save_action(
        revision,
        action_data(world, objective=vision.objectives.first(), findings=[findings["fair"]]),
    )
    services.save_action(
        revision,
        action_data(
            world,
            title="Joint purchase of yarn",
            type="joint_purchasing",
            nature="hard",
            start=date(2025, 2, 1),
            end=date(2025, 12, 31),
            milestones=[],
            findings=[findings["inputs"]],
            budget={"enterprises": Decimal("8000"), "government": Decimal("2000")},
        ),
    )
    return revision


def endorse(revision: PlanRevision | Vision, meeting: Meeting) -> None:
    """Submit ``revision`` (by cindy) and have the Commission endorse it (recorded by colin)."""
    from django.contrib.auth.models import User

    cindy = User.objects.get(username="cindy")
    version = services.submit(revision, by=cindy)
    colin = User.objects.get(username="colin")
    governance.endorse(
        body=meeting.body, meeting=meeting, version=version, digest=version.digest, by=colin
    )
    revision.sync_status()


@pytest.fixture
def endorsed(revision: PlanRevision, meeting: Meeting, media) -> PlanRevision:
    endorse(revision, meeting)
    return revision


def rows(revision: PlanRevision) -> dict[str, JointAction]:
    return {a.title: a for a in revision.actions.all()}


__all__ = ["action_data", "endorse", "make_user", "rows"]
