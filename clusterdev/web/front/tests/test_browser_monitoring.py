"""The M&E flow through a real browser: the CDA builds the cluster's result chain from the
starter library, sets a target, enters a value whose parts do not add up (refused), corrects it
and submits it; the coordinator approves and locks it from the dashboard; the CDA writes the
period's progress report and downloads its PDF; the coordinator downloads the IATI file, which
validates against the IATI 2.03 schema."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clusterdev.web.monitoring import iati, services
from clusterdev.web.monitoring.models import Actual, ActualState, IatiSettings, Indicator
from clusterdev.web.test import World

from .test_browser import log_in_to_portfolio


@pytest.mark.browser
def test_a_result_chain_is_built_a_value_approved_and_reported(
    page: Page, live_world: World, broken_static: list[str], settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    programme = live_world.programme
    programme.start_date, programme.end_date = date(2025, 1, 1), date(2026, 12, 31)
    programme.description = "Garment and footwear clusters of Testland"
    programme.save()
    services.create_periods(programme, "semiannual")
    IatiSettings.objects.create(
        programme=programme,
        reporting_org_ref="XM-DAC-41123",
        reporting_org_name="UNIDO",
        activity_identifier="XM-DAC-41123-TESTLAND",
    )

    # The CDA builds the chain from the starter library.
    log_in_to_portfolio(page, "cindy")
    page.goto("/c/cluster-a/")
    page.get_by_role("link", name="Open the results framework").click()
    expect(page.get_by_text("No result chain yet.")).to_be_visible()
    page.get_by_role("button", name="Add the starter library of cluster indicators").click()
    expect(page.get_by_text("Starter library:")).to_be_visible()
    expect(page.get_by_role("heading", name="Result chain")).to_be_visible()

    # A target, then a value whose parts do not add up, then the corrected value.
    page.get_by_role("link", name="OP-8 · Brokers trained").click()
    page.get_by_label("Period:").select_option(label="2025-H1")
    page.get_by_label("Value:").fill("5")
    page.get_by_role("button", name="Save the target").click()
    expect(page.get_by_text("Target saved.")).to_be_visible()
    page.locator("#period-{}".format(_period_pk("2025-H1"))).get_by_role(
        "link", name="enter the value"
    ).click()
    page.get_by_label("Value:", exact=True).fill("6")
    page.get_by_label("Sex · Women").fill("4")
    page.get_by_label("Sex · Men").fill("1")
    page.get_by_label("Means of verification:").fill("Attendance list of the brokers' course")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.get_by_text("add up to 5 but the total is 6")).to_be_visible()
    assert not Actual.objects.exists()
    page.get_by_label("Sex · Men").fill("2")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.get_by_text("Value saved and submitted for approval.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()

    # The coordinator approves and locks it from the dashboard's list.
    log_in_to_portfolio(page, "alice")
    page.goto("/c/cluster-a/results/dashboard/?as_of=2025-07-15")
    expect(page.get_by_role("heading", name="Awaiting approval")).to_be_visible()
    page.locator("#awaiting").get_by_role("link").first.click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    page.get_by_role("button", name="Lock").click()
    expect(page.get_by_text("Locked: it now changes only through a reopening.")).to_be_visible()
    actual = Actual.objects.get()
    assert actual.state == ActualState.LOCKED and actual.approved_by == live_world.users["alice"]
    page.goto("/c/cluster-a/results/dashboard/?as_of=2025-07-15")
    expect(page.locator(".status-achieved").first).to_be_visible()

    # The IATI file of the programme validates.
    page.goto("/p/testland/results/")
    with page.expect_download() as download:
        page.get_by_role("link", name="IATI file").click()
    path = Path(download.value.path())
    assert iati.validate(path.read_bytes()) == []
    assert b"Brokers trained" in path.read_bytes()
    page.get_by_role("button", name="Log out").click()

    # The CDA writes the period's progress report and downloads the PDF.
    log_in_to_portfolio(page, "cindy")
    page.goto("/c/cluster-a/results/reports/")
    page.get_by_label("Period:").select_option(label="2025-H1")
    page.get_by_role("button", name="Start the report").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert Indicator.objects.filter(cluster=live_world.cluster_a).count() > 20
    assert broken_static == []


def _period_pk(name: str) -> int:
    from clusterdev.web.monitoring.models import ReportingPeriod

    return ReportingPeriod.objects.get(name=name).pk
