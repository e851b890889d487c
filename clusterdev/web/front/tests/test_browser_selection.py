"""The selection flow through a real browser: set-up, judging with live consistency, values,
ranking and the Steering Committee's decision."""

import pytest
from playwright.sync_api import Page, expect

from clusterdev.web.programmes.models import Cluster
from clusterdev.web.test import World

from .test_browser import log_in_to_portfolio


@pytest.mark.browser
def test_a_selection_from_set_up_to_decision(
    page: Page, live_world: World, broken_static: list[str]
) -> None:
    # The coordinator sets up the exercise.
    log_in_to_portfolio(page, "alice")
    page.goto("/p/testland/")
    page.get_by_role("link", name="Open cluster selection").click()
    page.get_by_label("Title:").fill("Selection 2026")
    page.get_by_label("Garments A").check()
    page.get_by_label("Footwear B").check()
    page.get_by_label("Cluster employment — Benefit (more is better)").check()
    page.get_by_label("Willingness to cooperate — Benefit (more is better)").check()
    page.get_by_label("Pro-poor potential — Benefit (more is better)").check()
    page.get_by_label("steve").check()
    page.get_by_role("button", name="Create the exercise").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selection 2026")

    page.get_by_role("link", name="Enter the candidates' values").first.click()
    for cluster, values in {"Garments A": ("8", "4", "5"), "Footwear B": ("12", "2", "3")}.items():
        for criterion, value in zip(
            ["Cluster employment", "Willingness to cooperate", "Pro-poor potential"],
            values,
            strict=True,
        ):
            page.get_by_label(f"{cluster} · {criterion}").fill(value)
    page.get_by_role("button", name="Save values").click()
    expect(page.get_by_text("Values saved.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # A Steering Committee member judges; an inconsistent set is flagged live.
    log_in_to_portfolio(page, "steve")
    page.goto("/p/testland/selection/")
    page.get_by_role("link", name="Selection 2026").click()
    page.get_by_role("link", name="Enter my judgments").click()
    selects = page.locator("#judgments select")
    expect(selects).to_have_count(3)
    selects.nth(0).select_option("9")
    selects.nth(2).select_option("9")
    selects.nth(1).select_option("1/9")
    expect(page.locator("#consistency")).to_contain_text("please reconsider")
    selects.nth(1).select_option("9")
    selects.nth(2).select_option("1")
    expect(page.locator("#consistency")).not_to_contain_text("please reconsider")
    page.get_by_role("button", name="Submit my judgments").click()
    expect(page.get_by_text("Your judgments are saved.")).to_be_visible()

    expect(page.get_by_role("heading", name="Ranking of the candidates")).to_be_visible()
    expect(page.get_by_text("Probability of ranking first")).to_be_visible()
    page.get_by_label("Garments A").check()
    page.get_by_label("Rationale:").fill("Strongest pro-poor case")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    assert Cluster.objects.get(slug="cluster-a").phase == "selected"
    assert not broken_static, broken_static
