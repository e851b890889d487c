"""The vision and action plan flow through a real browser: the CDA drafts a vision and revision 1
of the plan with joint actions traced to the diagnostic's findings (the CDA as lead actor is
refused), submits it; a Commission member records its endorsement at a held meeting; the CDA
records progress, starts revision 2, reschedules one action and drops another, and reads what
changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clusterdev.web.diagnostics.models import Finding
from clusterdev.web.governance.models import Body, Meeting
from clusterdev.web.plans.models import JointAction, PlanRevision, ProgressUpdate
from clusterdev.web.test import World

from .test_browser import log_in_to_portfolio

ACTIONS = [
    # title, type, nature, finding answered, start, end
    (
        "Joint stand at the Quito fair",
        "Joint marketing and advertising",
        "Soft",
        "Opportunity: Buyers at the Quito fair want quality",
        "2025-03-01",
        "2025-06-30",
    ),
    (
        "Joint purchase of yarn",
        "Joint purchasing",
        "Hard",
        "Leverage point: Yarn bought in small lots at high prices",
        "2025-02-01",
        "2025-12-31",
    ),
    (
        "Trust-building visit to a Colombian cluster",
        "Exposure visit",
        "Soft",
        "Weakness: Low trust among firms",
        "2025-05-01",
        "2025-05-31",
    ),
]


def _add_action(page: Page, title: str, kind: str, nature: str, finding: str, start: str, end: str):
    page.get_by_role("link", name="Add a joint action").click()
    page.get_by_label("Title:").fill(title)
    page.get_by_label("Type:", exact=True).select_option(label=kind)
    page.locator("#action-nature").select_option(value=nature.lower())
    page.get_by_label(finding).check()
    page.get_by_label("Lead actor:").select_option(label="Cámara Alfa")
    page.get_by_label("Start:").fill(start)
    page.get_by_label("End:").fill(end)
    page.get_by_label("Enterprises:").fill("3000")
    page.get_by_label("Donor / project:").fill("6000")
    page.get_by_label("Milestone 1", exact=True).fill("Kick-off meeting")
    page.get_by_label("Date of milestone 1").fill(start)
    page.get_by_role("button", name="Save the joint action").click()
    expect(page.get_by_text(f"{title} saved.")).to_be_visible()


@pytest.mark.browser
def test_a_plan_is_drafted_endorsed_implemented_and_revised(
    page: Page, live_world: World, broken_static: list[str], settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    cluster = live_world.cluster_a
    for kind, text in [
        ("weakness", "Low trust among firms"),
        ("opportunity", "Buyers at the Quito fair want quality"),
        ("leverage_point", "Yarn bought in small lots at high prices"),
    ]:
        Finding.objects.create(cluster=cluster, kind=kind, text=text)
    commission = Body.objects.create(
        programme=live_world.programme,
        cluster=cluster,
        kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión del clúster textil",
    )
    Meeting.objects.create(body=commission, date=today, status="held", place="Cámara Alfa")

    # The CDA drafts the vision.
    log_in_to_portfolio(page, "cindy")
    page.goto("/c/cluster-a/")
    page.get_by_role("link", name="Open the vision and action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vision and action plan of Garments A"
    )
    assert not broken_static, broken_static
    page.get_by_role("link", name="Draft the vision").click()
    page.get_by_label("Vision statement:").fill(
        "By 2030 Garments A is known for quality garments made by firms that work together."
    )
    page.get_by_label("Strategic objectives:").fill("Reach new markets\nBuy inputs together")
    page.get_by_label("Proposed by:").fill("Validation workshop of the diagnostic")
    page.get_by_role("button", name="Save the vision").click()
    expect(page.get_by_text("Version 1 of the vision saved.")).to_be_visible()
    expect(page.locator(".objectives li")).to_have_count(2)

    # Revision 1 with joint actions traced to the findings.
    page.goto("/c/cluster-a/plan/")
    page.get_by_role("button", name="Start the revision").click()
    expect(page.get_by_text("Revision 1 started: add its joint actions.")).to_be_visible()

    # The CDA as lead actor is refused, with the reason, and nothing is written.
    page.get_by_role("link", name="Add a joint action").click()
    page.get_by_label("Title:").fill("Joint stand at the Quito fair")
    page.get_by_label("Type:", exact=True).select_option(label="Joint marketing and advertising")
    page.get_by_label("Lead actor:").select_option(label="The CDA / project team")
    page.get_by_label("Start:").fill("2025-03-01")
    page.get_by_label("End:").fill("2025-02-01")
    page.get_by_label("Enterprises:").fill("1000")
    page.get_by_label("Total budget agreed:").fill("5000")
    page.get_by_role("button", name="Save the joint action").click()
    expect(page.get_by_text("The CDA or the project cannot lead a joint action")).to_be_visible()
    expect(page.get_by_text("The end (2025-02-01) comes before the start")).to_be_visible()
    expect(page.get_by_text("add up to 1,000.00, not the total budget of 5,000.00")).to_be_visible()
    assert JointAction.objects.count() == 0
    page.get_by_role("link", name="Cancel").click()

    for action in ACTIONS:
        _add_action(page, *action)
    table = page.locator("table.plan-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).to_contain_text("Buyers at the Quito fair")
    page.get_by_label("Type").select_option(label="Joint purchasing")
    page.get_by_role("button", name="Filter").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Timeline").click()
    expect(page.locator(".gantt-bar")).to_have_count(3)
    page.get_by_role("link", name="Table").click()

    page.get_by_role("button", name="Submit for endorsement").click()
    expect(page.get_by_text("Submitted to the Cluster Commission")).to_be_visible()
    expect(page.get_by_role("link", name="Add a joint action")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()

    # A Commission member records the endorsement at the held meeting.
    log_in_to_portfolio(page, "colin")
    page.goto("/c/cluster-a/plan/")
    page.get_by_role("link", name="Revision 1", exact=True).click()
    page.get_by_role("link", name=f"Meeting of {date_format(today)}").click()
    row = page.locator("tr", has_text="Action plan of Garments A · v1")
    row.get_by_role("button", name="Record the endorsement").click()
    expect(
        page.get_by_text("Endorsement of Action plan of Garments A · v1 recorded")
    ).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The CDA records progress on the endorsed plan.
    log_in_to_portfolio(page, "cindy")
    page.goto("/c/cluster-a/plan/")
    page.get_by_role("link", name="Revision 1", exact=True).click()
    expect(page.get_by_text("Endorsed by Comisión del clúster textil")).to_be_visible()
    page.get_by_role("link", name="Joint stand at the Quito fair").click()
    expect(page.get_by_role("link", name="Edit the joint action")).to_have_count(0)
    stand_url = page.url
    page.goto(stand_url + "edit/")  # an endorsed revision cannot be edited, even by its URL
    expect(page.locator("p.locked")).to_contain_text(
        "Revision 1 was endorsed by the Cluster Commission and can no longer be changed"
    )
    page.goto(stand_url)
    page.get_by_text("Record progress").click()
    page.get_by_label("Status:").select_option(label="Under way")
    page.get_by_label("Progress (%):").fill("40")
    page.get_by_label("What happened:").fill("Stand booked; 8 firms signed up")
    page.get_by_label("Actual participants:").select_option(label="Textiles Alfa (Enterprise)")
    page.get_by_label("Enterprises:").fill("1200")
    page.get_by_role("button", name="Record the progress").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.locator(".update")).to_contain_text("Stand booked; 8 firms signed up")
    assert ProgressUpdate.objects.get().actual_enterprises == 1200

    # Revision 2: reschedule the stand, drop the yarn purchase.
    page.get_by_role("link", name="Revision 1").click()
    page.get_by_role("button", name="Start revision 2").click()
    expect(page.get_by_text("Revision 2 started as a copy of revision 1")).to_be_visible()
    page.get_by_role("link", name="Joint stand at the Quito fair").click()
    page.get_by_role("link", name="Edit the joint action").click()
    page.get_by_label("Start:").fill("2025-09-01")
    page.get_by_label("End:").fill("2025-11-30")
    page.get_by_label("Date of milestone 1").fill("2025-09-01")
    page.get_by_role("button", name="Save the joint action").click()
    expect(page.get_by_text("Joint stand at the Quito fair saved.")).to_be_visible()
    page.get_by_role("link", name="Joint purchase of yarn").click()
    page.get_by_text("Drop this action from this revision").click()
    page.get_by_label("Why is it dropped?").fill("The yarn supplier closed")
    page.get_by_role("button", name="Drop the action").click()
    expect(page.get_by_text("Joint purchase of yarn taken out of this revision.")).to_be_visible()

    page.get_by_role("link", name="Changes since revision 1").click()
    expect(page.locator("#rescheduled")).to_contain_text("2025-03-01 – 2025-06-30")
    expect(page.locator("#rescheduled")).to_contain_text("2025-09-01 – 2025-11-30")
    expect(page.locator("#dropped")).to_contain_text("Joint purchase of yarn")
    expect(page.locator("#dropped")).to_contain_text("The yarn supplier closed")
    assert not broken_static, broken_static
    assert PlanRevision.objects.get(number=1).status == "endorsed"
    assert PlanRevision.objects.get(number=2).actions.count() == 2


def date_format(day: date) -> str:
    from django.utils.formats import date_format as django_date_format

    return django_date_format(day, "DATE_FORMAT")
