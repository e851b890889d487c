"""The CDA flow through a real browser: the coordinator records a CDA's appointment and starts
the diagnostic, the CDA logs a week of field activity on a phone and submits a monthly report,
and the coordinator sees it all on the oversight page. Also: an unsent activity survives a
reload and a failed submission."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, Route, ViewportSize, expect

from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Activity, Appointment, CdaReport
from clusterdev.web.programmes.models import Cluster, Phase
from clusterdev.web.test import World

from .test_browser import log_in_to_portfolio

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
DRAFT_KEY = "clusterdev:activity-draft:cluster-a"


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _short(day: date) -> str:
    return day.strftime("%m/%d/%Y")  # Django's SHORT_DATE_FORMAT in English


def _log_activity(page: Page, *, kind: str, day: date, place: str, purpose: str) -> None:
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Place", exact=True).fill(place)
    page.get_by_label("Purpose", exact=True).fill(purpose)
    page.get_by_label("Outcome", exact=True).fill("Agreed next steps")


@pytest.mark.browser
def test_appoint_log_a_week_report_and_oversee(
    page: Page, live_world: World, broken_static: list[str]
) -> None:
    Cluster.objects.filter(slug="cluster-a").update(phase=Phase.SELECTED)
    today = services.today()
    start = _months_before(today, 3)  # three full months, then the running one
    last_month = _months_before(today, 1)
    last_month_end = today.replace(day=1) - timedelta(days=1)

    # The coordinator records cindy's appointment and starts the diagnostic.
    log_in_to_portfolio(page, "alice")
    page.goto("/c/cluster-a/")
    page.get_by_role("link", name="CDA, appointments and reports").click()
    expect(page.get_by_text("the appointment's dates are not recorded")).to_be_visible()
    page.get_by_role("link", name="Record the appointment").first.click()
    page.get_by_label("Start of the appointment").fill(start.isoformat())
    page.get_by_label("Reporting frequency").select_option("monthly")
    page.get_by_label(re.compile(r"^Terms of reference:?$")).fill("Facilitate the diagnostic")
    page.get_by_label("Start the diagnostic now").check()
    page.get_by_role("button", name="Record the appointment").click()
    expect(page.locator(".messages")).to_contain_text("cindy is the CDA of Garments A")
    expect(page.locator(".messages")).to_contain_text("The cluster's diagnostic has started.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Diagnosed")
    assert Appointment.objects.get().start == start
    page.get_by_role("button", name="Log out").click()

    # The CDA logs a week of field work on a phone.
    page.set_viewport_size(PHONE)
    log_in_to_portfolio(page, "cindy")
    page.get_by_role("link", name="Garments A").click()
    page.get_by_role("link", name="Log an activity").first.click()
    expect(page.get_by_role("heading", name="Log an activity")).to_be_visible()
    week = [today - timedelta(days=n) for n in (4, 3, 2, 1)]
    _log_activity(
        page,
        kind="Trust-building event",
        day=week[0],
        place="Municipal hall",
        purpose="Breakfast of garment makers",
    )
    page.get_by_label("Enterprises · Female").fill("7")
    page.get_by_label("Enterprises · Male").fill("3")
    page.get_by_label("Public sector · Not stated").fill("1")
    page.get_by_placeholder("Type to find an actor").fill("alfa")
    page.get_by_label("Textiles Alfa").check()
    page.get_by_label("Cámara Alfa").check()
    page.get_by_role("button", name="Save the activity").click()
    expect(page.locator(".messages")).to_contain_text("Saved: Trust-building event")
    expect(page.get_by_role("heading", name="Log another")).to_be_visible()
    for day, kind, place in [
        (week[1], "Field visit", "Textiles Alfa workshop"),
        (week[2], "Bilateral meeting", "Chamber office"),
        (week[3], "Training", "Technical school"),
    ]:
        _log_activity(page, kind=kind, day=day, place=place, purpose=f"{kind} of the week")
        if kind == "Training":
            page.get_by_text("More groups").click()
            page.get_by_label("Civil society · Female").fill("4")
        page.get_by_role("button", name="Save the activity").click()
        expect(page.locator(".messages")).to_contain_text(f"Saved: {kind}")
    assert Activity.objects.count() == 4
    assert services.participants_by_sex(Activity.objects.all()) == {
        "female": 11,
        "male": 3,
        "not_stated": 1,
        "total": 15,
    }

    # She writes last month's report and submits it.
    page.goto("/c/cluster-a/cda/")
    row = page.get_by_role("row").filter(has_text=_short(last_month))
    row.get_by_role("link", name="Write the report").click()
    expect(page.get_by_label("Period start")).to_have_value(last_month.isoformat())
    expect(page.get_by_label("Period end")).to_have_value(last_month_end.isoformat())
    page.get_by_label("Summary of progress").fill("Trust is growing among the garment makers")
    page.get_by_label("Support needed from the coordinator").fill("Contacts at the ministry")
    page.get_by_role("button", name="Submit to the coordinator").click()
    expect(page.locator(".messages")).to_contain_text("Report submitted to the coordinator.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submitted")
    report = CdaReport.objects.get()
    assert (report.period_start, report.period_end) == (last_month, last_month_end)
    page.get_by_role("button", name="Log out").click()

    # The coordinator oversees: activity, overdue periods, the submitted report.
    page.set_viewport_size(DESKTOP)
    log_in_to_portfolio(page, "alice")
    page.goto("/p/testland/")
    page.get_by_role("link", name="Oversee the CDAs").click()
    expect(page.get_by_role("heading", name="CDA oversight")).to_be_visible()
    cindy = page.locator('tr[data-cda="cindy"]')
    expect(cindy).to_contain_text("Garments A")
    expect(cindy).to_contain_text("4 activities")
    expect(cindy).to_contain_text("1 day ago")
    expect(cindy).to_contain_text("women 11, men 3, not stated 1")
    overdue = cindy.locator("td.overdue .state-overdue")
    expect(overdue).to_have_count(2)  # the first two months; the third is reported
    expect(overdue.first).to_contain_text(_short(start))
    expect(cindy.get_by_role("link", name=_short(last_month), exact=False)).to_be_visible()
    awaiting = page.locator("#awaiting-feedback")
    expect(awaiting).to_contain_text("Garments A")
    awaiting.get_by_role("link").click()
    expect(page.get_by_text("Trust is growing among the garment makers")).to_be_visible()
    page.get_by_label("Feedback to the CDA").fill("Well done; plan the exposure visit")
    page.get_by_role("button", name="Save the feedback").click()
    expect(page.locator(".messages")).to_contain_text("Feedback saved.")
    page.goto("/c/cluster-a/activities/")
    expect(page.get_by_role("cell", name="Breakfast of garment makers")).to_be_visible()
    assert not broken_static, broken_static


@pytest.mark.browser
def test_an_unsent_activity_survives_a_reload_and_a_failed_submission(
    page: Page, live_world: World, broken_static: list[str]
) -> None:
    Cluster.objects.filter(slug="cluster-a").update(phase=Phase.SELECTED)
    page.set_viewport_size(PHONE)
    log_in_to_portfolio(page, "cindy")
    page.goto("/c/cluster-a/activities/log/")
    page.get_by_label("Exposure visit").check()
    page.get_by_label("Place").fill("Dye house in the next town")
    page.get_by_label("Purpose").fill("Show the dyeing cooperative")
    page.get_by_label("Business associations and networks · Female").fill("2")
    page.get_by_label("Cámara Alfa").check()

    page.reload()
    expect(page.get_by_text("An unsent activity was restored from this device.")).to_be_visible()
    expect(page.get_by_label("Purpose")).to_have_value("Show the dyeing cooperative")
    expect(page.get_by_label("Exposure visit")).to_be_checked()
    expect(page.get_by_label("Business associations and networks · Female")).to_have_value("2")
    expect(page.get_by_label("Cámara Alfa")).to_be_checked()

    # The connection drops as the form is sent: nothing is saved, nothing is lost.
    def drop(route: Route) -> None:
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/activities/log/", drop)
    page.get_by_role("button", name="Save the activity").click()
    page.wait_for_timeout(300)
    page.unroute("**/activities/log/")
    assert not Activity.objects.exists()
    page.goto("/c/cluster-a/activities/log/")
    expect(page.get_by_label("Purpose")).to_have_value("Show the dyeing cooperative")

    page.get_by_role("button", name="Save the activity").click()
    expect(page.locator(".messages")).to_contain_text("Saved: Exposure visit")
    page.wait_for_load_state()
    activity = Activity.objects.get()
    assert activity.purpose == "Show the dyeing cooperative"
    assert activity.participants.get().count == 2
    assert page.evaluate(f"window.localStorage.getItem('{DRAFT_KEY}')") is None
    expect(page.get_by_label("Purpose")).to_have_value("")
    page.reload()
    expect(page.get_by_text("An unsent activity was restored from this device.")).to_be_hidden()

    # Discarding a restored draft empties the form.
    page.goto("/c/cluster-a/activities/log/")
    page.get_by_label("Purpose").fill("Half-typed")
    page.reload()
    page.get_by_role("button", name="Discard it").click()
    expect(page.get_by_label("Purpose")).to_have_value("")
    assert page.evaluate(f"window.localStorage.getItem('{DRAFT_KEY}')") is None
    assert not broken_static, broken_static
