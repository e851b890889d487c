"""Revision N against revision N−1: added, dropped, rescheduled, re-budgeted, new lead."""

from datetime import date
from decimal import Decimal

from clusterdev.web.plans import services
from clusterdev.web.test import make_institution

from .conftest import action_data, rows


def test_the_comparison_names_every_kind_of_change(world, endorsed):
    second = services.start_revision(world.cluster_a, by=None)
    current = rows(second)
    stand, yarn = current["Joint stand at the Quito fair"], current["Joint purchase of yarn"]
    services.save_action(
        second,
        action_data(
            world,
            start=date(2025, 9, 1),
            end=date(2025, 11, 30),
            milestones=[("Stand booked", date(2025, 10, 1))],
            budget={"enterprises": Decimal("5000"), "donor": Decimal("5000")},
            lead=make_institution(world.programme, name="Cámara Beta"),
        ),
        action=stand,
    )
    services.delete_action(yarn, reason="The supplier closed")
    services.save_action(second, action_data(world, title="Exposure visit to Colombia"))

    result = services.compare(endorsed, second)
    assert [c.title for c in result.added] == ["Exposure visit to Colombia"]
    assert [(c.title, c.after) for c in result.dropped] == [
        ("Joint purchase of yarn", "The supplier closed")
    ]
    (moved,) = result.rescheduled
    assert (moved.before, moved.after) == (
        "2025-03-01 – 2025-06-30",
        "2025-09-01 – 2025-11-30",
    )
    (budget,) = result.rebudgeted
    assert "Enterprises 30%" in budget.before and "Enterprises 50%" in budget.after
    assert [(c.before, c.after) for c in result.new_lead] == [("Cámara Alfa", "Cámara Beta")]
    assert result.unchanged == 0 and result.has_changes


def test_a_copy_has_no_changes(world, endorsed):
    second = services.start_revision(world.cluster_a, by=None)
    result = services.compare(endorsed, second)
    assert not result.has_changes
    assert result.unchanged == 2


def test_the_revision_text_is_stable_and_complete(world, revision):
    text = services.revision_text(revision)
    assert text == services.revision_text(revision)
    assert "1. Joint stand at the Quito fair" in text
    assert "Lead: Cámara Alfa" in text
    assert "Answers: Opportunity: Buyers at the Quito fair want quality" in text
    assert "Milestone: 2025-04-01 Stand booked" in text
    assert "Enterprises 30%" in text
