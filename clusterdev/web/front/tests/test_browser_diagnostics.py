"""The diagnostic flow through a real browser: the CDA creates a survey wave, downloads a form,
imports an ODK Central export (checked first, then for real, then again without duplicates),
sees the figures, records a SWOT item and a leverage point, downloads the report as PDF and
submits it to the Cluster Commission.

The export is the survey package's ODK Central fixture of the Atuntaqui garment cluster, so
cluster A takes that cluster's short name and the fixture's actors join its register (see
``clusterdev.web.diagnostics.tests.fixtures``)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clusterdev.web.diagnostics.models import Finding, Submission
from clusterdev.web.diagnostics.tests.fixtures import (
    DATA,
    Atuntaqui,
    make_atuntaqui,
    make_world_with_survey_actors,
)
from clusterdev.web.governance.models import DocumentVersion

from .test_browser import log_in_to_portfolio

EXPORT = DATA / "odk_central_enterprise.csv"


@pytest.fixture
def live_atuntaqui(django_db_serialized_rollback: None, transactional_db: None) -> Atuntaqui:
    world, actors = make_world_with_survey_actors()
    return make_atuntaqui(world, actors, cluster=world.cluster_a, wave=False)


def _import(page: Page, *, check_only: bool) -> None:
    page.goto("/c/atuntaqui-garment/surveys/import/")
    page.get_by_label("Export files").set_input_files(EXPORT)
    page.get_by_label("Check only (write nothing)").set_checked(check_only)
    page.get_by_role("button", name="Check or import").click()


@pytest.mark.browser
def test_the_cda_runs_the_diagnostic_from_forms_to_report(
    page: Page, live_atuntaqui: Atuntaqui, broken_static: list[str], settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in_to_portfolio(page, "cindy")
    page.goto("/c/atuntaqui-garment/")
    page.get_by_role("link", name="Surveys and imports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys of Garments A")

    # A wave, and its enterprise form downloaded.
    page.get_by_label("Name:").fill("Baseline 2024")
    page.get_by_label("Fieldwork starts:").fill("2024-03-01")
    page.get_by_role("button", name="Create the wave").click()
    expect(page.get_by_text("Wave Baseline 2024 created")).to_be_visible()
    assert not broken_static, broken_static
    page.get_by_role("button", name="Generate Enterprise survey").click()
    expect(page.get_by_text("is ready: download it with its actors.csv")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSForm").first.click()
    form = Path(download.value.path())
    assert download.value.suggested_filename == "atuntaqui-garment-enterprise.xlsx"
    assert form.read_bytes()[:2] == b"PK"

    # Checked first (nothing written), then imported, then imported again without duplicates.
    _import(page, check_only=True)
    expect(page.get_by_role("heading", name="Check passed: nothing was written")).to_be_visible()
    expect(page.get_by_text("'indicators-ind_oc_5'")).to_be_visible()  # every problem listed
    assert Submission.objects.count() == 0
    _import(page, check_only=False)
    expect(page.get_by_text("Imported 5 new submission(s)")).to_be_visible()
    expect(page.locator("#batch-new")).to_have_text("5")
    _import(page, check_only=False)
    expect(page.get_by_text("Imported 0 new submission(s) and 0 tie(s); 5 were")).to_be_visible()
    expect(page.locator("#batch-unchanged")).to_have_text("5")
    assert Submission.objects.count() == 5

    # The workspace shows the figures computed from the answers.
    page.get_by_role("link", name="Open the diagnostic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diagnostic study of Garments A")
    trust = page.locator("#figure-trust")
    expect(trust).to_contain_text("Trust index (1–5)")
    expect(trust.locator("svg")).to_be_visible()
    expect(page.locator("#figure-size_classes")).to_contain_text("Micro (1–9)")

    # A SWOT item and a leverage point.
    for kind, text in [
        ("Weakness", "Price competition among local knitters"),
        ("Leverage point", "Joint purchasing of acrylic yarn"),
    ]:
        page.get_by_text("Add a SWOT item or leverage point").click()
        add = page.locator("#add-finding")
        add.get_by_label("Kind:").select_option(label=kind)
        add.get_by_label("Finding:").fill(text)
        add.get_by_label("Evidence:").fill("Enterprise survey, constraints ranked")
        page.get_by_role("button", name="Add the finding").click()
        expect(page.get_by_text(f"{kind} added.")).to_be_visible()
    expect(page.locator("#swot")).to_contain_text("Price competition among local knitters")
    expect(page.locator("#leverage-points")).to_contain_text("Joint purchasing of acrylic yarn")
    assert Finding.objects.count() == 2

    # The report, and its PDF.
    page.get_by_role("link", name="Open the report").click()
    expect(page.locator("#report-leverage_points")).to_contain_text("Joint purchasing")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # Submitted to the Cluster Commission.
    page.get_by_role("link", name="Back to the workspace").click()
    page.get_by_role("button", name="Submit to the Cluster Commission").click()
    expect(page.get_by_text("Version 1 of the diagnostic was submitted")).to_be_visible()
    expect(page.locator("#endorsement")).to_contain_text("Awaiting endorsement")
    version = DocumentVersion.objects.get()
    assert version.document.kind == "diagnostic"
    assert version.file_name == "diagnostic-atuntaqui-garment.pdf"
    assert not broken_static, broken_static
