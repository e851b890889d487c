"""The mapping flow through a real browser: upload, choose columns, read results, promote."""

import pytest
from playwright.sync_api import Page, expect

from clusterdev.web.programmes.models import Cluster
from clusterdev.web.test import World

from .test_browser import log_in_to_portfolio

REGISTER = "region,isic,jobs\n" + "".join(
    f"R{r},{sector},{jobs}\n"
    for r in range(1, 7)
    for sector, jobs in [
        ("4711", 20),
        ("4711", 20),
        ("1410", 30 if r == 1 else 2),
        ("1410", 30 if r == 1 else 2),
    ]
)


@pytest.mark.browser
def test_coordinator_maps_a_register_and_promotes_a_candidate(
    page: Page, live_world: World, broken_static: list[str], settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    register = tmp_path / "census.csv"
    register.write_text(REGISTER)
    log_in_to_portfolio(page, "alice")
    page.goto("/p/testland/")
    page.get_by_role("link", name="Open cluster mapping").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cluster mapping")

    page.get_by_label("Register or census table").set_input_files(str(register))
    page.get_by_role("button", name="Upload and choose columns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose columns")
    page.get_by_label("Region:", exact=True).select_option("region")
    page.get_by_label("Sector:", exact=True).select_option("isic")
    page.get_by_label("Employment:", exact=True).select_option("jobs")
    page.get_by_role("button", name="Run the mapping").click()

    expect(page.get_by_role("heading", name="Candidate clusters")).to_be_visible()
    expect(page.locator("#mapping-map[data-ready]")).to_be_attached()
    expect(page.locator("#measures table")).to_contain_text("R1")
    assert not broken_static, broken_static

    row = page.locator("tr", has_text="R1").filter(has_text="1410").first
    row.get_by_role("button", name="Promote to candidate cluster").click()
    expect(page.get_by_role("heading", name="Mapping evidence")).to_be_visible()
    cluster = Cluster.objects.get(evidence__region="R1")
    assert cluster.phase == "candidate"
    expect(page).to_have_url(cluster.get_absolute_url())
