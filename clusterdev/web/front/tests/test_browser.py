"""End-to-end flows through a real browser (Chromium driven by Playwright).

Each test starts from a fresh browser context (no cookies) against the live server and logs in
through the login form like a person would.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clusterdev.web.actors.models import Actor
from clusterdev.web.programmes.models import Phase
from clusterdev.web.test import PASSWORD, World

FRENCH_CATALOG = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.mo"


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in_to_portfolio(page: Page, username: str) -> None:
    log_in(page, username)
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", name="Your portfolio")).to_be_visible()


@pytest.mark.browser
def test_cda_sees_own_cluster_map_and_people_and_edits_an_actor(
    page: Page, live_world: World, broken_static: list[str]
) -> None:
    log_in_to_portfolio(page, "cindy")
    expect(page.get_by_role("link", name="Garments A")).to_be_visible()
    expect(page.get_by_text("Footwear B")).to_have_count(0)

    page.get_by_role("link", name="Garments A").click()
    expect(page).to_have_url("/c/cluster-a/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Garments A")
    geocoded = live_world.cluster_a.actors.geocoded().count()
    assert geocoded > 0  # otherwise the map check below proves little
    page.wait_for_load_state()
    assert not broken_static, f"the map cannot draw without its scripts: {broken_static}"
    cluster_map = page.locator("#cluster-map[data-ready]")
    expect(cluster_map).to_be_attached()
    expect(cluster_map).to_have_attribute("data-ready", str(geocoded))

    page.get_by_role("link", name="Cámara Alfa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cámara Alfa")
    expect(page.get_by_role("cell", name="Pilar Person")).to_be_visible()
    expect(page.get_by_role("link", name="Edit", exact=True)).to_be_visible()

    # Textiles Alfa is an enterprise: reach it through the cluster's actor register.
    page.get_by_role("link", name="Garments A").click()
    page.get_by_role("link", name="Open the cluster's actors").click()
    page.get_by_role("link", name="Textiles Alfa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Textiles Alfa")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Textiles Alfa")
    page.get_by_label(re.compile(r"^Town:?$")).fill("Otavalo Norte")
    page.get_by_role("button", name="Save").click()

    actor_url = live_world.enterprise_a.get_absolute_url()
    expect(page).to_have_url(actor_url)
    expect(page.locator(".messages")).to_contain_text("Saved.")
    expect(page.locator("dl.facts")).to_contain_text("Otavalo Norte")
    trail = page.locator("section.trail")
    expect(trail.get_by_role("heading", name="Change history")).to_be_visible()
    change = trail.get_by_role("row").filter(has_text="Otavalo Norte")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("cindy")
    expect(change).to_contain_text("Town → Otavalo Norte")
    assert Actor.objects.get(pk=live_world.enterprise_a.pk).town == "Otavalo Norte"


@pytest.mark.browser
def test_donor_sees_programme_without_personal_data_and_gets_404_elsewhere(
    page: Page, live_world: World
) -> None:
    log_in_to_portfolio(page, "dora")
    expect(page.get_by_role("link", name="Garments A")).to_be_visible()
    expect(page.get_by_role("link", name="Footwear B")).to_be_visible()
    expect(page.get_by_text("Cocoa O")).to_have_count(0)

    page.goto(live_world.institution_a.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Cámara Alfa")
    expect(page.get_by_text("Pilar Person")).to_have_count(0)
    expect(page.get_by_role("heading", name="People")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_text("Change history")).to_have_count(0)

    response = page.goto("/c/cluster-o/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Back to your portfolio")).to_be_visible()
    expect(page.get_by_text("Cocoa O")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)


@pytest.mark.browser
def test_register_search_swaps_the_table_in_place_and_updates_the_url(
    page: Page, live_world: World, broken_static: list[str]
) -> None:
    log_in_to_portfolio(page, "alice")
    page.goto("/p/testland/actors/")
    table = page.locator("#register-table")
    expect(table.get_by_role("link", name="Textiles Alfa")).to_be_visible()
    expect(table.get_by_role("link", name="Calzado Beta")).to_be_visible()
    # A full page load would wipe this; an htmx swap keeps it.
    page.evaluate("window.__clusterdevNoReload = 'kept'")
    assert not broken_static, f"the filters cannot work without htmx: {broken_static}"

    # Typed key by key: htmx listens for keyup on the search box.
    page.get_by_label("Search", exact=True).press_sequentially("Alfa")

    expect(page).to_have_url(re.compile(r"/p/testland/actors/\?(.*&)?q=Alfa(&|$)"))
    expect(table.get_by_role("link", name="Calzado Beta")).to_have_count(0)
    expect(table.get_by_role("link", name="Textiles Alfa")).to_be_visible()
    expect(page.locator("#register-table")).to_have_count(1)
    assert page.evaluate("window.__clusterdevNoReload") == "kept"
    expect(page.get_by_label("Search", exact=True)).to_have_value("Alfa")


@pytest.mark.browser
def test_pages_load_their_stylesheets_and_scripts(
    page: Page, live_world: World, broken_static: list[str]
) -> None:
    log_in_to_portfolio(page, "alice")
    page.goto("/c/cluster-a/")  # goto waits for the load event: every asset has been fetched
    expected = [
        "/static/clusterdev/clusterdev.css",
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/leaflet/leaflet.js",
        "/static/clusterdev/map.js",
    ]
    for path in expected:
        expect(page.locator(f'[src="{path}"], [href="{path}"]')).to_have_count(1)
    assert not broken_static, f"static files not served: {broken_static}"
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.L") == "object"


@pytest.mark.browser
def test_wrong_password_shows_error_and_stays_on_login_page(page: Page, live_world: World) -> None:
    log_in(page, "alice", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text(
        "Your username and password didn't match. Please try again."
    )
    expect(page).to_have_url("/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


@pytest.mark.browser
def test_language_switcher_reloads_the_page_in_french(page: Page, live_world: World) -> None:
    log_in_to_portfolio(page, "alice")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Language").select_option(label="français")

    # From here on the labels may be French ("Langue"), so the select is found by its id.
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url("/")
    expect(page.locator("select#language")).to_have_value("fr")
    # The French catalogue is being written; check a translated string only once it is compiled.
    if FRENCH_CATALOG.exists():
        expect(page.locator("form.logout button")).not_to_have_text("Log out")


@pytest.mark.browser
def test_coordinator_changes_cluster_phase_with_a_note(page: Page, live_world: World) -> None:
    assert live_world.cluster_a.phase == Phase.CANDIDATE
    log_in_to_portfolio(page, "alice")
    page.goto("/c/cluster-a/")
    expect(page.get_by_text("No phase changes yet.")).to_be_visible()

    page.get_by_label("New phase").select_option(label="Selected")
    page.get_by_label("Reason or decision reference").fill("Steering committee, minute 7")
    page.get_by_role("button", name="Change phase").click()

    expect(page).to_have_url("/c/cluster-a/")
    expect(page.locator(".messages")).to_contain_text("Phase changed to Selected.")
    entry = page.locator("ol.phases > li")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Candidate → Selected")
    expect(entry).to_contain_text("(alice)")
    expect(entry.locator(".note")).to_have_text("Steering committee, minute 7")
    expect(page.locator("h1 .phase")).to_have_text("Selected")
