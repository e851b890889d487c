"""The rules on visions, plan revisions and joint actions: bad input is refused with a message
naming the field, and nothing is written."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusterdev.web.actors.models import Person
from clusterdev.web.governance.models import Body, today
from clusterdev.web.plans import services
from clusterdev.web.plans.models import (
    JointAction,
    LockedError,
    Milestone,
    PlanRevision,
    ProgressUpdate,
    Vision,
)
from clusterdev.web.test import make_enterprise, make_institution

from .conftest import action_data, endorse, rows


def _refused(revision, data, field: str) -> str:
    before = (JointAction.objects.count(), Milestone.objects.count())
    with pytest.raises(ValidationError) as error:
        services.save_action(revision, data)
    assert field in error.value.error_dict, error.value
    assert (JointAction.objects.count(), Milestone.objects.count()) == before
    return " ".join(error.value.error_dict[field][0].messages)


def test_an_action_cannot_end_before_it_starts(world, revision):
    data = action_data(world, start=date(2025, 5, 1), end=date(2025, 4, 1), milestones=[])
    message = _refused(revision, data, "end")
    assert "The end (2025-04-01) comes before the start (2025-05-01)" in message


def test_a_milestone_must_fall_within_the_action(world, revision):
    data = action_data(world, milestones=[("Fair", date(2025, 8, 1))])
    message = _refused(revision, data, "milestones")
    assert "“Fair” (2025-08-01) falls outside the action's dates" in message


def test_the_amounts_by_source_must_add_up_to_the_agreed_total(world, revision):
    data = action_data(world, budget_total=Decimal("12000"))
    message = _refused(revision, data, "budget_total")
    assert "add up to 10,000.00, not the total budget of 12,000.00" in message
    assert "difference of 2,000.00" in message
    # When they do add up, the total and the shares follow from the amounts.
    action = services.save_action(revision, action_data(world, budget_total=Decimal("10000")))
    assert action.budget_total == Decimal("10000")
    assert action.enterprise_share == pytest.approx(0.3)
    assert sum(action.shares().values()) == pytest.approx(1.0)


def test_the_cda_cannot_lead_a_joint_action(world, revision):
    message = _refused(revision, action_data(world, lead=services.CDA_LEAD), "lead")
    assert "The CDA or the project cannot lead a joint action" in message
    assert "existing organisations" in message


def test_an_organisation_that_is_the_cda_in_disguise_cannot_lead(world, revision):
    hosting = make_institution(world.programme, world.cluster_a, name="CDA office")
    Person.objects.create(actor=hosting, name="Cindy", position="staff", user=world.users["cindy"])
    assert "cannot lead" in _refused(revision, action_data(world, lead=hosting), "lead")
    named = make_institution(world.programme, name="cindy")
    assert "cannot lead" in _refused(revision, action_data(world, lead=named), "lead")
    project = make_institution(world.programme, name="Testland")
    assert "cannot lead" in _refused(revision, action_data(world, lead=project), "lead")


def test_a_single_enterprise_leads_only_as_a_network(world, revision):
    message = _refused(revision, action_data(world, lead=world.enterprise_a), "lead")
    assert "Textiles Alfa is a single enterprise" in message
    network = make_enterprise(world.programme, world.cluster_a, name="Red Textil")
    Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        kind=Body.Kind.ENTERPRISE_NETWORK,
        name="Red Textil",
        actor=network,
    )
    action = services.save_action(revision, action_data(world, lead=network))
    assert action.lead_actor == network


def test_findings_come_from_the_cluster_own_diagnostic(world, revision, findings):
    data = action_data(world, findings=[findings["trust"], findings["other"]])
    message = _refused(revision, data, "findings")
    assert "another cluster's diagnostic: Footwear B lacks designers" in message


def test_another_type_needs_a_name(world, revision):
    assert "Name the type" in _refused(revision, action_data(world, type="other"), "type_other")
    action = services.save_action(
        revision, action_data(world, type="other", type_other="Quality label")
    )
    assert action.type_label == "Quality label"


def test_participants_come_from_the_programme_register(world, revision):
    data = action_data(world, participants=[world.other_enterprise])
    assert "Cacao Omega" in _refused(revision, data, "participants")


def test_an_endorsed_revision_cannot_change(world, endorsed):
    assert endorsed.status == "endorsed"
    action = rows(endorsed)["Joint stand at the Quito fair"]
    with pytest.raises(LockedError) as error:
        services.save_action(endorsed, action_data(world, title="New"))
    assert "Revision 1 was endorsed by the Cluster Commission" in error.value.message
    assert "start revision 2" in error.value.message
    with pytest.raises(LockedError):
        services.save_action(endorsed, action_data(world, title="Changed"), action=action)
    action.refresh_from_db()
    assert action.title == "Joint stand at the Quito fair"
    # Not even through the models directly.
    action.title = "Sneaky"
    with pytest.raises(LockedError):
        action.save()
    with pytest.raises(LockedError):
        action.delete()
    with pytest.raises(LockedError):
        Milestone.objects.create(action=action, title="x", date=date(2025, 4, 2))
    with pytest.raises(LockedError):
        services.delete_action(action)
    endorsed.note = "Rewritten after the fact"
    with pytest.raises(LockedError):
        endorsed.save()
    assert JointAction.objects.filter(title="Sneaky").count() == 0
    assert endorsed.actions.count() == 2


def test_a_submitted_revision_is_locked_until_withdrawn(world, revision, media):
    services.submit(revision, by=world.users["cindy"])
    revision.refresh_from_db()
    assert revision.status == "submitted"
    with pytest.raises(ValidationError) as error:
        services.save_action(revision, action_data(world, title="Late idea"))
    assert "awaiting the Commission's endorsement" in " ".join(error.value.messages)
    services.withdraw(revision)
    revision.refresh_from_db()
    assert revision.status == "draft"
    services.save_action(revision, action_data(world, title="Late idea"))
    assert revision.actions.count() == 3


def test_an_empty_revision_cannot_be_submitted(world, vision):
    revision = services.start_revision(world.cluster_a, by=world.users["cindy"])
    with pytest.raises(ValidationError, match="Add the joint actions"):
        services.submit(revision, by=world.users["cindy"])


def test_the_next_revision_starts_from_the_endorsed_one(world, endorsed, findings):
    second = services.start_revision(world.cluster_a, by=world.users["cindy"], note="Year 2")
    assert second.number == 2 and second.status == "draft"
    old, new = rows(endorsed), rows(second)
    assert set(old) == set(new)
    stand_old, stand_new = (
        old["Joint stand at the Quito fair"],
        new["Joint stand at the Quito fair"],
    )
    assert stand_new.key == stand_old.key and stand_new.pk != stand_old.pk
    assert list(stand_new.findings.all()) == [findings["fair"]]
    assert [m.title for m in stand_new.milestones.all()] == ["Stand booked"]
    assert list(stand_new.participants.all()) == [world.enterprise_a]
    # The endorsed revision keeps its rows.
    assert endorsed.actions.count() == 2


def test_a_revision_starts_only_once_the_previous_is_endorsed(world, revision):
    with pytest.raises(ValidationError, match="Revision 1 is not endorsed yet"):
        services.start_revision(world.cluster_a, by=world.users["cindy"])
    assert PlanRevision.objects.count() == 1


def test_dropping_an_action_of_the_previous_revision_needs_a_reason(world, endorsed):
    second = services.start_revision(world.cluster_a, by=world.users["cindy"])
    yarn = rows(second)["Joint purchase of yarn"]
    with pytest.raises(ValidationError) as error:
        services.delete_action(yarn)
    assert "reason" in error.value.error_dict
    assert second.actions.count() == 2
    services.delete_action(yarn, reason="The supplier closed")
    assert second.dropped.get().reason == "The supplier closed"
    assert second.actions.count() == 1
    # An action new in this revision is simply deleted.
    fresh = services.save_action(second, action_data(world, title="Training in pattern making"))
    services.delete_action(fresh)
    assert second.dropped.count() == 1


def test_vision_versions_are_numbered_and_locked_once_endorsed(world, vision, meeting, media):
    assert vision.number == 1
    assert [o.text for o in vision.objectives.all()] == [
        "Sell to new markets",
        "Buy inputs together",
    ]
    endorse(vision, meeting)
    vision.refresh_from_db()
    assert vision.status == "endorsed"
    with pytest.raises(LockedError, match="was endorsed"):
        services.save_vision(
            world.cluster_a,
            statement="Changed",
            proposed_by="x",
            on=today(),
            objectives=["x"],
            by=None,
            vision=vision,
        )
    vision.refresh_from_db()
    assert vision.statement.startswith("A garment cluster")
    second = services.save_vision(
        world.cluster_a,
        statement="Changed",
        proposed_by="Commission",
        on=today(),
        objectives=["Export"],
        by=None,
    )
    assert second.number == 2 and Vision.objects.count() == 2


def test_a_vision_needs_a_statement_and_objectives(world):
    with pytest.raises(ValidationError) as error:
        services.save_vision(
            world.cluster_a, statement=" ", proposed_by="", on=today(), objectives=[], by=None
        )
    assert {"statement", "proposed_by", "objectives"} <= set(error.value.error_dict)
    assert Vision.objects.count() == 0


def test_progress_rules(world, revision):
    action = rows(revision)["Joint stand at the Quito fair"]
    with pytest.raises(ValidationError) as error:
        services.record_progress(
            action, on=today() + timedelta(days=1), status="dropped", text="", by=None
        )
    assert {"date", "text", "reason"} <= set(error.value.error_dict)
    assert ProgressUpdate.objects.count() == 0
    update = services.record_progress(
        action,
        on=today(),
        status="completed",
        text="Stand held; 12 buyers met",
        by=world.users["cindy"],
        participants=[world.enterprise_a],
        cofinancing={"enterprises": Decimal("2500"), "donor": Decimal("5000")},
    )
    assert update.progress == 100
    assert update.cofinancing_total == Decimal("7500")
    assert services.current_status(revision.plan)[action.key] == update


def test_progress_follows_the_action_into_the_next_revision(world, endorsed):
    action = rows(endorsed)["Joint purchase of yarn"]
    services.record_progress(action, on=today(), status="under_way", text="First order", by=None)
    second = services.start_revision(world.cluster_a, by=None)
    copy = rows(second)["Joint purchase of yarn"]
    assert [u.text for u in services.updates_of(copy)] == ["First order"]
    assert services.revision_rows(second)[1].status == "under_way"


def test_history_is_kept(world, revision):
    action = rows(revision)["Joint stand at the Quito fair"]
    services.save_action(revision, action_data(world, title="Joint stand, Quito"), action=action)
    titles = [h.title for h in action.history.order_by("history_id")]
    assert titles[0] == "Joint stand at the Quito fair"
    assert titles[-1] == "Joint stand, Quito"
    assert action.history.first().history_type == "~"
    assert Milestone.history.count() >= 1


def test_endorsement_enters_the_revision_history(endorsed):
    states = [h.status for h in endorsed.history.order_by("history_id")]
    assert states == ["draft", "submitted", "endorsed"]


def test_reading_plan_pages_writes_nothing(endorsed, client_for):
    """Governance brought the revision up to date when it recorded the endorsement; pages
    show that state and save nothing on a GET (no history entry in the reader's name)."""
    from simple_history.utils import get_history_model_for_model

    from clusterdev.web.plans.models import PlanRevision

    history = get_history_model_for_model(PlanRevision)
    before = history.objects.count()
    cluster = endorsed.plan.cluster.slug
    for user in ("alice", "dora"):
        client = client_for(user)
        assert client.get(f"/c/{cluster}/plan/").status_code == 200
        assert client.get(endorsed.get_absolute_url()).status_code == 200
    assert history.objects.count() == before
    assert PlanRevision.objects.get(pk=endorsed.pk).status == "endorsed"
