"""The results dashboards: who sees them, the status counts and the result chain's statuses,
each indicator's baseline → target → actual chart and disaggregation, drafts left out but
listed for approvers, looking back with ``as_of``, and an empty framework said plainly."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from clusterdev.indicators import Status
from clusterdev.web.monitoring import dashboard, services, summary
from clusterdev.web.monitoring.models import Indicator, Level
from clusterdev.web.monitoring.services import AmountInput

CLUSTER_A = "/c/cluster-a/results/dashboard/"
CLUSTER_B = "/c/cluster-b/results/dashboard/"
PROGRAMME = "/p/testland/results/dashboard/"


def approved(world, indicator, period, data: AmountInput):
    actual = services.save_actual(
        indicator, period, data, by=world.users["cindy"], evidence="Attendance lists"
    )
    services.submit(actual, by=world.users["cindy"])
    return services.approve(actual, by=world.users["alice"])


def count_of(html: str, status: Status) -> int:
    """The number shown for ``status`` in the page's "at a glance" counts."""
    found = re.search(rf'<li class="status-{status.value}">.*?<strong>(\d+)</strong>', html)
    assert found is not None, status
    return int(found.group(1))


def section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_the_urls_are_named():
    assert reverse("monitoring-dashboard-cluster", args=["cluster-a"]) == CLUSTER_A
    assert reverse("monitoring-dashboard-programme", args=["testland"]) == PROGRAMME


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("adam", 200),
        ("alice", 200),
        ("cindy", 200),
        ("colin", 200),
        ("steve", 200),
        ("dora", 200),
        ("oscar", 404),
        ("olga", 404),
    ],
)
def test_who_sees_a_clusters_dashboard(client_for, trained, user, status):
    assert client_for(user).get(CLUSTER_A).status_code == status


@pytest.mark.parametrize(
    ("user", "status"), [("cindy", 404), ("colin", 404), ("dora", 200), ("alice", 200)]
)
def test_another_clusters_dashboard_stays_hidden_from_cluster_a_roles(
    client_for, world, user, status
):
    assert client_for(user).get(CLUSTER_B).status_code == status


@pytest.mark.parametrize(
    ("user", "status"), [("cindy", 200), ("dora", 200), ("oscar", 404), ("olga", 404)]
)
def test_who_sees_a_programmes_dashboard(client_for, world, user, status):
    assert client_for(user).get(PROGRAMME).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(CLUSTER_A)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_counts_and_the_chain_show_each_status(client_for, world, trained, chain, periods):
    approved(world, trained, periods["2025-H1"], AmountInput(value=2))
    html = client_for("colin").get(CLUSTER_A, {"as_of": "2025-07-15"}).content.decode()
    assert count_of(html, Status.OFF_TRACK) == 1  # 2 of the 10 due by the end of 2025-H1
    assert count_of(html, Status.ACHIEVED) == 0 and count_of(html, Status.NO_DATA) == 0
    figure = section(html, "chain")
    assert 'class="chain-figure"' in figure
    for node in chain.values():
        assert node.title in figure
    # The output result and everything above it take the indicator's status, in words too.
    output = re.search(r'<g class="chain-node status-(\w+)"><title>Output: Firms trained', figure)
    assert output is not None and output.group(1) == "off_track"
    assert "✕ Off track" in figure
    activity = re.search(r'<g class="chain-node status-(\w+)"><title>Activity:', figure)
    assert activity is not None and activity.group(1) == "no_data"


def test_the_chart_shows_baseline_targets_and_values_to_date(world, trained, periods):
    approved(world, trained, periods["2025-H1"], AmountInput(value=12))
    approved(world, trained, periods["2025-H2"], AmountInput(value=5))
    [item] = summary.summaries(world.cluster_a, as_of=date(2026, 1, 15))
    chart = str(dashboard.indicator_chart(item))
    assert chart.startswith('<svg class="indicator-chart"') and chart.endswith("</svg>")
    assert "Baseline 0" in chart
    assert "Target 2025-H1: 10" in chart and "Target 2025-H2: 25" in chart
    assert "Value to date 2025-H1: 12" in chart and "Value to date 2025-H2: 17" in chart
    assert 'aria-label="OUT-1; baseline 0; target 25 by 2025-H2; value to date 17 (2025-H2)"' in (
        chart
    )
    # Looking back to before the second half began, its value is not drawn.
    [earlier] = summary.summaries(world.cluster_a, as_of=date(2025, 6, 30))
    chart = str(dashboard.indicator_chart(earlier))
    assert "Value to date 2025-H1: 12" in chart and "Value to date 2025-H2" not in chart


def test_the_card_states_baseline_target_value_progress_and_link(
    client_for, world, trained, periods
):
    approved(world, trained, periods["2025-H1"], AmountInput(value=12))
    approved(world, trained, periods["2025-H2"], AmountInput(value=5))
    html = client_for("dora").get(CLUSTER_A, {"as_of": "2026-01-15"}).content.decode()
    card = re.search(r'<article class="card indicator-card.*?</article>', html, re.S)
    assert card is not None
    text = card.group(0)
    assert "OUT-1" in text and "Firms trained in quality" in text and "firms" in text
    assert '<dd class="baseline">0' in text and '<dd class="target">25' in text
    assert '<dd class="actual"><strong>17</strong>' in text
    assert "68.0 % of the way from baseline to target" in text
    assert '<span class="status status-off_track"><span aria-hidden="true">✕</span> Off track' in (
        text
    )
    assert 'class="indicator-chart"' in text
    assert f'href="{reverse("monitoring-indicator", args=[trained.pk])}"' in text


def test_percentages_are_charted_as_percentages(world, women_share, periods):
    services.set_target(women_share, periods["2026-H2"], AmountInput(numerator=50, denominator=100))
    approved(world, women_share, periods["2025-H1"], AmountInput(numerator=36, denominator=90))
    [item] = summary.summaries(world.cluster_a, as_of=date(2025, 7, 1))
    chart = str(dashboard.indicator_chart(item))
    assert "Baseline 30.0 %" in chart
    assert "Target 2026-H2: 50.0 %" in chart
    assert "Value to date 2025-H1: 40.0 %" in chart
    # The axis is in percentages, from 0 to just above the highest mark.
    assert re.findall(r'text-anchor="end" fill="#56606b">(\d+) %</text>', chart) == [
        "0",
        "20",
        "40",
        "60",
    ]


def test_ordinal_levels_are_charted_by_rank_with_their_names(world, chain, periods):
    stage = Indicator.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        node=chain["outcome"],
        code="OC-GOV",
        name="Governance mechanism",
        level=Level.OUTCOME,
        measure="ordinal",
        scale=["none", "informal group", "association formed", "self-financing"],
        cumulative_rule="maximum",
        baseline_text="none",
    )
    services.set_target(stage, periods["2026-H2"], AmountInput(text="self-financing"))
    approved(world, stage, periods["2025-H1"], AmountInput(text="association formed"))
    [item] = [i for i in summary.summaries(world.cluster_a, as_of=date(2025, 7, 1))]
    chart = str(dashboard.indicator_chart(item))
    for level in ["none", "informal group", "association formed", "self-financing"]:
        assert f">{level}</text>" in chart  # each level names its rank on the axis
    assert "Value to date 2025-H1: association formed" in chart
    assert "Target 2026-H2: self-financing" in chart


def test_a_qualitative_indicator_shows_its_latest_statement(client_for, world, chain, periods):
    story = Indicator.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        node=chain["outcome"],
        code="OC-Q",
        name="How firms describe cooperation",
        level=Level.OUTCOME,
        measure="qualitative",
        cumulative_rule="latest",
    )
    approved(world, story, periods["2025-H1"], AmountInput(text="Firms now share orders"))
    [item] = summary.summaries(world.cluster_a, as_of=date(2025, 7, 1))
    assert str(dashboard.indicator_chart(item)) == ""
    html = client_for("cindy").get(CLUSTER_A, {"as_of": "2025-07-01"}).content.decode()
    assert "Latest statement (2025-H1)" in html and "Firms now share orders" in html


def test_the_disaggregation_of_the_value_to_date_is_shown(client_for, world, trained, periods):
    parts = {"sex": {"female": 7, "male": 5}}
    approved(world, trained, periods["2025-H1"], AmountInput(value=12, disaggregation=parts))
    html = client_for("dora").get(CLUSTER_A, {"as_of": "2025-07-15"}).content.decode()
    assert "Value to date by sex" in html
    assert re.search(r'<th scope="row">Women</th><td class="num">7</td><td class="num">58 %', html)
    assert re.search(r'<th scope="row">Men</th><td class="num">5</td><td class="num">42 %', html)
    assert 'aria-label="Sex: Women 7 (58 %); Men 5 (42 %)"' in html


def test_drafts_do_not_count_but_approvers_see_what_awaits_them(client_for, world, draft):
    services.submit(draft, by=world.users["cindy"])
    alice = client_for("alice").get(CLUSTER_A, {"as_of": "2025-07-15"}).content.decode()
    assert count_of(alice, Status.NO_DATA) == 1  # the submitted 12 does not count yet
    assert "1 value is not approved yet" in alice
    awaiting = section(alice, "awaiting")
    assert "OUT-1" in awaiting and "2025-H1" in awaiting and ">12<" in awaiting
    assert f'href="{reverse("monitoring-actual", args=[draft.pk])}"' in awaiting
    dora = client_for("dora").get(CLUSTER_A, {"as_of": "2025-07-15"}).content.decode()
    assert section(dora, "awaiting") == "" and "Awaiting approval" not in dora
    assert "1 value is not approved yet" in dora


def test_a_bad_as_of_falls_back_to_today_with_a_message(client_for, world, trained):
    response = client_for("cindy").get(CLUSTER_A, {"as_of": "2025-13-45"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "“2025-13-45” is not a date (as of)" in html
    assert date.today().isoformat() in html  # the date picker shows today


def test_looking_back_names_the_reporting_period(client_for, world, trained, periods):
    html = client_for("cindy").get(CLUSTER_A, {"as_of": "2025-07-15"}).content.decode()
    assert "in the reporting period 2025-H2" in html
    html = client_for("cindy").get(CLUSTER_A, {"as_of": "2030-01-01"}).content.decode()
    assert "outside the programme's reporting periods" in html


def test_parse_as_of():
    today = date(2025, 3, 1)
    assert dashboard.parse_as_of("2005-06-30", today=today) == (date(2005, 6, 30), None)
    assert dashboard.parse_as_of(None, today=today) == (today, None)
    assert dashboard.parse_as_of("  ", today=today) == (today, None)
    day, problem = dashboard.parse_as_of("30/06/2005", today=today)
    assert day == today and problem is not None and "YYYY-MM-DD" in problem


def test_an_empty_framework_points_to_the_framework_page(client_for, world):
    framework = reverse("monitoring-cluster", args=["cluster-b"])
    html = client_for("alice").get(CLUSTER_B).content.decode()
    empty = section(html, "empty")
    assert "No results framework yet" in empty and "starter library" in empty
    assert f'href="{framework}"' in empty and "Build the results framework" in empty
    assert section(html, "at-a-glance") == ""
    html = client_for("dora").get(CLUSTER_B).content.decode()
    assert "The cluster's CDA or the project coordinator builds it." in html
    assert "starter library" not in section(html, "empty")


def test_a_chain_without_indicators_or_periods_says_what_is_missing(client_for, world, chain):
    html = client_for("cindy").get(CLUSTER_A).content.decode()
    assert chain["impact"].title in section(html, "chain")
    assert "No indicator measures these results yet." in section(html, "indicators")
    assert "The programme has no reporting periods yet" in html
    assert f'href="{reverse("monitoring-periods", args=["testland"])}"' in html


def test_the_programme_lists_the_clusters_its_reader_follows(client_for, world, trained, periods):
    approved(world, trained, periods["2025-H1"], AmountInput(value=2))
    html = client_for("cindy").get(PROGRAMME, {"as_of": "2025-07-15"}).content.decode()
    clusters = section(html, "clusters")
    assert "Garments A" in clusters and "Footwear B" not in clusters
    assert f'href="{CLUSTER_A}?as_of=2025-07-15"' in clusters
    row = re.search(r'<tr data-cluster="cluster-a">(.*?)</tr>', clusters, re.S)
    assert row is not None
    # Off track, at risk, on track, achieved, no data; then the number of indicators.
    assert re.findall(r'<td class="num">(\d+)</td>', row.group(1)) == ["1", "0", "0", "0", "0", "1"]
    assert "Awaiting approval" not in clusters  # cindy does not approve
    # The programme's own framework is empty: said, with the way to its framework page.
    assert "No results framework yet" in section(html, "empty")
    dora = client_for("dora").get(PROGRAMME).content.decode()
    assert "Garments A" in dora and "Footwear B" in dora


def test_approvers_see_each_clusters_values_awaiting_approval(client_for, world, draft):
    services.submit(draft, by=world.users["cindy"])
    html = client_for("steve").get(PROGRAMME).content.decode()
    row = re.search(r'<tr data-cluster="cluster-a">(.*?)</tr>', html, re.S)
    assert row is not None
    assert re.findall(r'<td class="num">(\d+)</td>', row.group(1))[-1] == "1"


def test_chain_svg_is_empty_without_results():
    assert str(dashboard.chain_svg([])) == ""


def test_titles_are_escaped_in_the_pictures(world, trained, chain, periods):
    chain["output"].title = "Firms <trained> & certified"
    chain["output"].save()
    items = summary.summaries(world.cluster_a, as_of=date(2025, 7, 1))
    figure = str(dashboard.chain_svg(summary.chain(world.cluster_a, items)))
    assert "<trained>" not in figure and "Firms &lt;trained&gt; &amp; certified" in figure
