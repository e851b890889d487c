"""The network page through a real browser: the map renders, filters and waves redraw it,
and the comparison shows added and dropped ties."""

import pytest
from playwright.sync_api import Page, expect

from clusterdev.web.networkmaps.tests.fixtures import make_ties
from clusterdev.web.test import World

from .test_browser import log_in_to_portfolio


@pytest.mark.browser
def test_commission_member_explores_the_network_and_its_change(
    page: Page, live_world: World, broken_static: list[str]
) -> None:
    ties = make_ties(live_world)
    log_in_to_portfolio(page, "colin")
    page.goto("/c/cluster-a/")
    page.get_by_role("link", name="Open the network map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network of the cluster")

    cy_map = page.locator("#network-map")
    expect(cy_map).to_have_attribute("data-ready", "true")
    expect(cy_map.locator("canvas").first).to_be_attached()
    expect(cy_map).to_have_attribute("data-nodes", "5")
    expect(cy_map).to_have_attribute("data-edges", "4")  # the follow-up, latest wave

    page.get_by_label("Survey wave").select_option(str(ties.baseline.pk))
    expect(page.get_by_role("heading", name="Network map · Baseline 2024")).to_be_visible()
    expect(page.locator("#network-map")).to_have_attribute("data-ready", "true")
    expect(page.locator("#network-map")).to_have_attribute("data-edges", "4")

    page.get_by_label("Joint action").check()
    expect(page.locator("#network-map")).to_have_attribute("data-ready", "true")
    expect(page.locator("#network-map")).to_have_attribute("data-edges", "1")
    expect(page.locator("#network-map")).to_have_attribute("data-nodes", "5")
    expect(page.locator('tr[data-roles="isolate"]')).to_have_count(3)

    page.get_by_label("Size by").select_option("betweenness")
    expect(page.locator("#network-map")).to_have_attribute("data-size", "betweenness")

    page.get_by_label("Joint action").uncheck()
    base, follow = page.locator("#compare-base"), page.locator("#compare-follow")
    expect(base).to_have_attribute("data-ready", "true")
    expect(follow).to_have_attribute("data-ready", "true")
    expect(base).to_have_attribute("data-dropped", "2")
    expect(follow).to_have_attribute("data-added", "2")
    expect(page.locator("dd.turnover")).to_contain_text("+2")
    expect(page.locator("dd.qap")).to_contain_text("1000 permutations, seed 0")

    degree = page.locator("table.network-actors thead th").nth(2)
    expect(degree).to_have_text("Degree")
    degree.click()
    expect(degree).to_have_attribute("aria-sort", "ascending")
    degree.click()
    expect(degree).to_have_attribute("aria-sort", "descending")
    # the best-connected actor first: Bordados Beta has 2 partners in the follow-up
    expect(page.locator("table.network-actors tbody tr").first).to_contain_text("Bordados Beta")
    assert not broken_static, broken_static
