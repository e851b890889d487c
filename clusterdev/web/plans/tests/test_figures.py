"""The figures M&E reads from the plan records without re-entry."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from clusterdev.web.governance.models import today
from clusterdev.web.plans import services
from clusterdev.web.test import make_enterprise

from .conftest import rows


@pytest.fixture
def progress(world, endorsed):
    """The stand completed (with two enterprises), the yarn purchase under way."""
    stand = rows(endorsed)["Joint stand at the Quito fair"]
    yarn = rows(endorsed)["Joint purchase of yarn"]
    man_owned = make_enterprise(
        world.programme, world.cluster_a, name="Hilos Gamma", owner_sex="male", employees_male=30
    )
    earlier = today() - timedelta(days=40)
    services.record_progress(stand, on=earlier, status="under_way", text="Booked", by=None)
    services.record_progress(
        stand,
        on=today(),
        status="completed",
        text="Held",
        by=None,
        participants=[world.enterprise_a, man_owned, world.institution_a],
        cofinancing={"enterprises": Decimal("2000"), "donor": Decimal("6000")},
    )
    services.record_progress(
        yarn,
        on=today(),
        status="under_way",
        text="First order",
        by=None,
        participants=[world.enterprise_a],
        cofinancing={"enterprises": Decimal("2000")},
    )
    return earlier


def test_joint_actions_initiated_and_implemented_by_type(world, progress):
    initiated = services.joint_actions_initiated(world.cluster_a)
    assert initiated["joint_marketing"] == 1 and initiated["joint_purchasing"] == 1
    implemented = services.joint_actions_implemented(world.programme)
    assert implemented["joint_marketing"] == 1 and implemented["joint_purchasing"] == 0
    # The stand was initiated 40 days ago: not in the last week.
    recent = services.joint_actions_initiated(world.cluster_a, start=today() - timedelta(days=7))
    assert recent["joint_marketing"] == 0 and recent["joint_purchasing"] == 1
    by_type = {
        t.type: (t.initiated, t.implemented) for t in services.actions_by_type(world.programme)
    }
    assert by_type == {"joint_marketing": (1, 1), "joint_purchasing": (1, 0)}
    assert services.joint_actions_initiated(world.cluster_b)["joint_marketing"] == 0


def test_participating_enterprises_by_owner_sex_and_size(world, progress):
    counts = services.participating_enterprises(world.cluster_a)
    assert counts.total == 2  # Textiles Alfa counted once; the institution is no enterprise
    assert counts.by_owner_sex["female"] == 1 and counts.by_owner_sex["male"] == 1
    assert counts.by_size["micro"] == 1 and counts.by_size["small"] == 1
    assert counts.table[("male", "small")] == 1
    before = services.participating_enterprises(world.cluster_a, end=progress)
    assert before.total == 0


def test_cofinancing_shares_planned_and_actual(world, progress):
    shares = services.cofinancing_shares(world.cluster_a)
    planned, actual = shares["planned"]["USD"], shares["actual"]["USD"]
    # Planned: stand 3,000 + yarn 8,000 from enterprises out of 20,000.
    assert planned["total"] == Decimal("20000")
    assert planned["shares"]["enterprises"] == pytest.approx(0.55)
    assert actual["amounts"]["enterprises"] == Decimal("4000")
    assert actual["shares"]["enterprises"] == pytest.approx(0.4)
    dashboard = services.dashboard(world.cluster_a)
    assert dashboard.total == 2
    assert dashboard.by_status["completed"] == 1 and dashboard.by_status["under_way"] == 1


def test_figures_follow_the_plan_in_force(world, progress):
    """A draft revision 2 does not change the planned figures until it is endorsed."""
    second = services.start_revision(world.cluster_a, by=None)
    services.delete_action(rows(second)["Joint purchase of yarn"], reason="Supplier closed")
    in_force = services.in_force(second.plan)
    assert in_force is not None and in_force.number == 1
    assert services.cofinancing_shares(world.cluster_a)["planned"]["USD"]["total"] == 20000
    timeline = services.timeline(services.revision_rows(second))
    assert timeline is not None and timeline.start == date(2025, 3, 1)
