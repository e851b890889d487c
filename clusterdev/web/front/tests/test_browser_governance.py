"""The governance flow through a real browser: the CDA sets up the Cluster Commission, holds a
meeting with its attendance and a resolution, and submits a document; a Commission member
records the endorsement at the meeting; the coordinator sees it in the programme's overview."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clusterdev.web.governance.models import Attendance, DocumentVersion, Endorsement
from clusterdev.web.test import World

from .test_browser import log_in_to_portfolio


@pytest.mark.browser
def test_a_commission_meeting_endorses_a_document(
    page: Page, live_world: World, broken_static: list[str], settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    report = tmp_path / "diagnostic.pdf"
    report.write_bytes(b"%PDF-1.4 diagnostic of the garment cluster")

    # The CDA creates the Cluster Commission with two members.
    log_in_to_portfolio(page, "cindy")
    page.goto("/c/cluster-a/")
    page.get_by_role("link", name="Open the cluster's governance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance of Garments A")
    page.get_by_text("New governance body").click()
    new_body = page.locator("#new-body")
    new_body.get_by_label("Kind:").select_option(label="Cluster Commission")
    new_body.get_by_label("Name:").fill("Comisión del clúster textil")
    new_body.get_by_label("Terms of reference:", exact=True).fill(
        "Endorse the diagnostic and plans."
    )
    page.get_by_role("button", name="Create the body").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comisión del clúster textil")
    assert not broken_static, broken_static

    page.get_by_text("Add a member").click()
    page.get_by_label("Person:").select_option(label="Pilar Person — Cámara Alfa")
    page.get_by_label("Role in the body:").select_option(label="Chair")
    page.get_by_role("button", name="Add the member").click()
    expect(page.get_by_text("Pilar Person (Cámara Alfa) added.")).to_be_visible()
    page.get_by_text("Add a member").click()
    page.get_by_label("Organisation:").select_option(label="Textiles Alfa")
    page.get_by_role("button", name="Add the member").click()
    members = page.locator("table").first
    expect(members).to_contain_text("Chair")
    expect(members).to_contain_text("Textiles Alfa")

    # Adding Pilar again is refused with a clear message.
    page.get_by_text("Add a member").click()
    page.get_by_label("Person:").select_option(label="Pilar Person — Cámara Alfa")
    page.get_by_role("button", name="Add the member").click()
    expect(page.get_by_text("a member cannot sit twice over the same dates")).to_be_visible()

    # The CDA plans the meeting, then records it as held with its attendance.
    page.get_by_text("Plan a meeting").click()
    plan = page.locator("#plan-meeting")
    plan.get_by_label("Date:").fill(today.isoformat())
    plan.get_by_label("Place:").fill("Cámara Alfa, Atuntaqui")
    plan.get_by_label("Agenda:").fill("1. Diagnostic findings\n2. Joint stand at the fair")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("meeting of")
    page.get_by_role("button", name="Record as held").click()
    expect(page.get_by_text("The meeting is recorded as held")).to_be_visible()

    page.get_by_label("Pilar Person (Cámara Alfa)").check()
    page.get_by_label("Textiles Alfa").check()
    textiles = page.locator("#attendance-form tr", has_text="Textiles Alfa")
    textiles.locator("select[name$='-sex']").select_option(label="Male")
    page.get_by_label("Name of other attendee 1").fill("Rosa Guest")
    page.get_by_label("Organisation of other attendee 1").fill("Municipio")
    page.get_by_label("Stakeholder group of other attendee 1").select_option(label="Public sector")
    page.get_by_label("Sex of other attendee 1").select_option(label="Female")
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    counts = page.locator("table.attendance-counts")
    expect(counts.locator("tfoot")).to_contain_text("3")
    expect(counts).to_contain_text("Public sector")
    assert Attendance.objects.filter(present=True).count() == 3

    # A resolution with its owner and due date.
    page.get_by_text("Record a resolution").click()
    page.get_by_label("Decision:").fill("Book a joint stand at the Quito fair")
    page.get_by_label("Owner (member):").select_option(label="Pilar Person (Cámara Alfa)")
    page.get_by_label("Due date:").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Record the resolution").click()
    resolution = page.locator(".resolution", has_text="Book a joint stand")
    expect(resolution).to_contain_text("Owner: Pilar Person (Cámara Alfa)")
    expect(resolution).to_contain_text("Open")

    # The CDA submits the diagnostic for endorsement.
    page.goto("/c/cluster-a/governance/")
    page.get_by_text("New document").click()
    new_document = page.locator("#new-document")
    new_document.get_by_label("Kind:").select_option(label="Diagnostic study")
    new_document.get_by_label("Title:").fill("Diagnostic of the garment cluster")
    new_document.get_by_label("Text:").fill(
        "Trust is low; buyers ask for quality; a joint stand helps."
    )
    new_document.get_by_label("File:").set_input_files(str(report))
    page.get_by_role("button", name="Create the document").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Diagnostic of the garment cluster"
    )
    expect(page.get_by_text("Not endorsed")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # A Commission member reads the version and records the endorsement at the meeting.
    log_in_to_portfolio(page, "colin")
    page.goto("/c/cluster-a/")
    page.get_by_role("link", name="Comisión del clúster textil").click()
    expect(page.get_by_text("Pilar Person")).to_have_count(0)  # no personal data for colin
    page.locator("tr", has_text="Held").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Record an endorsement")).to_be_visible()
    row = page.locator("tr", has_text="Diagnostic of the garment cluster · v1")
    row.get_by_role("link", name="Diagnostic of the garment cluster · v1").click()
    expect(page.get_by_text("Trust is low")).to_be_visible()
    page.go_back()
    row.get_by_placeholder("Note (optional)").fill("Endorsed unanimously")
    row.get_by_role("button", name="Record the endorsement").click()
    expect(
        page.get_by_text("Endorsement of Diagnostic of the garment cluster · v1 recorded")
    ).to_be_visible()
    page.get_by_role("link", name="Diagnostic of the garment cluster · v1").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Endorsed")
    expect(page.get_by_text("Endorsed by Comisión del clúster textil")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    version = DocumentVersion.objects.get()
    assert version.is_endorsed and version.author.username == "cindy"
    assert Endorsement.objects.get().recorded_by.username == "colin"

    # The author can no longer edit it; she starts a new version instead.
    log_in_to_portfolio(page, "cindy")
    page.goto(version.get_absolute_url())
    expect(
        page.get_by_text("This version was endorsed and can no longer be changed.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Edit this version")).to_have_count(0)
    page.get_by_role("link", name="Start a new version").click()
    expect(page.get_by_label("Text:")).to_have_value(
        "Trust is low; buyers ask for quality; a joint stand helps."
    )
    page.get_by_role("button", name="Log out").click()

    # The coordinator sees the cluster's governance in the programme overview.
    log_in_to_portfolio(page, "alice")
    page.goto("/p/testland/")
    page.get_by_role("link", name="Open governance").click()
    overview = page.locator("table.governance-oversight tr", has_text="Garments A")
    expect(overview).to_contain_text("Comisión del clúster textil")
    expect(overview.locator("td.num").first).to_have_text("1")  # meetings held

    # …and on the CDA oversight page, beside the CDAs' activity and reports.
    page.goto("/p/testland/")
    page.get_by_role("link", name="Oversee the CDAs").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CDA oversight")
    row = page.locator("#cluster-governance tr", has_text="Garments A")
    expect(row).to_contain_text("Comisión del clúster textil")
    expect(row.locator("td.num").nth(3)).to_have_text("1")  # endorsements
    expect(page.locator("#pending-endorsements")).to_contain_text("None.")
    assert not broken_static, broken_static
