"""Evaluation: a cluster's change between a baseline and a follow-up wave, the difference in
differences against comparison clusters, their standard errors and assumptions, and who may
see which clusters."""

from __future__ import annotations

import csv
import io
import math
import statistics
from datetime import date

import pytest
from django.urls import reverse

from clusterdev.indicators import Estimate, before_after, difference_in_differences
from clusterdev.web.diagnostics.models import (
    BaselineValue,
    ImportBatch,
    Submission,
    SurveyWave,
)
from clusterdev.web.monitoring import evaluation
from clusterdev.web.monitoring.evaluation import EvaluationError
from clusterdev.web.networkmaps.tests.fixtures import make_ties
from clusterdev.web.test import make_cluster

Z95 = 1.959963984540054


def share_se(percent: float, n: int) -> float:
    """The standard error the page states for a share: √(p(1 − p)/n), in percentage points."""
    p = percent / 100
    return 100 * math.sqrt(p * (1 - p) / n)


def wave(cluster, name, start, kind="follow_up"):
    return SurveyWave.objects.create(cluster=cluster, name=name, kind=kind, start_date=start)


def value(wave, code, amount, n, unit="%", label=None, computed=True, **fields):
    return BaselineValue.objects.create(
        cluster=wave.cluster,
        wave=wave,
        code=code,
        label=label or code,
        value=amount,
        unit=unit,
        n=n,
        date=fields.pop("on", wave.start_date),
        source=fields.pop("source", f"{wave.name}, enterprise survey (n={n})"),
        method="Share answering yes",
        computed=computed,
        **fields,
    )


@pytest.fixture
def waves(world):
    """Cluster A: cooperation 20 % of 40 → 50 % of 50, trust 3.1 → 3.6 (n 30, no answers).
    Cluster B: cooperation 25 % of 40 → 30 % of 60."""
    a, b = world.cluster_a, world.cluster_b
    found = {
        "a0": wave(a, "Baseline 2024", date(2024, 3, 1), "baseline"),
        "a1": wave(a, "Follow-up 2025", date(2025, 3, 1)),
        "b0": wave(b, "Baseline B 2024", date(2024, 4, 1), "baseline"),
        "b1": wave(b, "Follow-up B 2025", date(2025, 4, 1)),
    }
    value(found["a0"], "DX-COOP", 20.0, 40, label="Enterprises that cooperated")
    value(found["a1"], "DX-COOP", 50.0, 50, label="Enterprises that cooperated")
    value(found["a0"], "DX-TRUST", 3.1, 30, unit="1–5", label="Trust index")
    value(found["a1"], "DX-TRUST", 3.6, 30, unit="1–5", label="Trust index")
    value(found["b0"], "DX-COOP", 25.0, 40)
    value(found["b1"], "DX-COOP", 30.0, 60)
    return found


def compare(world, waves, *others, **options):
    return evaluation.comparison(
        world.cluster_a,
        baseline_wave=waves["a0"],
        follow_up_wave=waves["a1"],
        comparison_clusters=others,
        **options,
    )


def row_of(result, code):
    [row] = [r for r in result.rows if r.code == code]
    return row


def test_change_of_a_share_with_its_interval(world, waves):
    row = row_of(compare(world, waves), "DX-COOP")
    assert row.change is not None and row.change.change == pytest.approx(30.0)
    assert row.baseline.standard_error == pytest.approx(share_se(20, 40))
    se = math.sqrt(share_se(20, 40) ** 2 + share_se(50, 50) ** 2)
    assert row.change.standard_error == pytest.approx(se)
    low, high = row.change.confidence_interval
    assert (low, high) == (pytest.approx(30 - Z95 * se), pytest.approx(30 + Z95 * se))
    assert row.change_unit == "percentage points"
    assert (row.baseline.n, row.follow_up.n) == (40, 50)
    assert row.baseline.date == date(2024, 3, 1) and "Baseline 2024" in row.baseline.source


def test_difference_in_differences_is_the_treated_less_the_comparison_change(world, waves):
    row = row_of(compare(world, waves, world.cluster_b), "DX-COOP")
    assert row.did is not None
    assert row.did.treated_change == pytest.approx(30.0)
    assert row.did.comparison_change == pytest.approx(5.0)
    assert row.did.estimate == pytest.approx(25.0)
    se = math.sqrt(sum(share_se(p, n) ** 2 for p, n in [(20, 40), (50, 50), (25, 40), (30, 60)]))
    assert row.did.standard_error == pytest.approx(se)
    assert row.did.confidence_interval[0] == pytest.approx(25 - Z95 * se)
    [other] = row.comparisons
    assert other.cluster == world.cluster_b and other.change.change == pytest.approx(5.0)


def test_comparison_clusters_are_pooled_by_their_mean(world, waves):
    c = make_cluster(world.programme, "cluster-c", name="Leather C")
    value(wave(c, "Baseline C", date(2024, 2, 1)), "DX-COOP", 10.0, 20)
    value(wave(c, "Follow-up C", date(2025, 2, 1)), "DX-COOP", 25.0, 20)
    row = row_of(compare(world, waves, world.cluster_b, c), "DX-COOP")
    assert row.did is not None
    assert row.did.comparison_change == pytest.approx((5.0 + 15.0) / 2)
    assert row.did.estimate == pytest.approx(30.0 - 10.0)
    before = math.sqrt(share_se(25, 40) ** 2 + share_se(10, 20) ** 2) / 2
    after = math.sqrt(share_se(30, 60) ** 2 + share_se(25, 20) ** 2) / 2
    expected = math.sqrt(share_se(20, 40) ** 2 + share_se(50, 50) ** 2 + before**2 + after**2)
    assert row.did.standard_error == pytest.approx(expected)


def test_a_mean_without_its_answers_has_no_interval(world, waves):
    result = compare(world, waves, world.cluster_b)
    row = row_of(result, "DX-TRUST")
    assert row.change is not None and row.change.change == pytest.approx(0.5)
    assert row.change.standard_error is None and row.change.confidence_interval is None
    assert row.baseline.error_basis.startswith("no SE")
    assert row.did is None
    assert "No comparison cluster has this indicator at both of its waves." in row.notes


def test_a_mean_computed_from_the_answers_has_their_standard_error(world, waves):
    batch = ImportBatch.objects.create(cluster=world.cluster_a, wave=waves["a1"], kind="enterprise")
    scores = [3, 4, 5, 2]
    for i, score in enumerate(scores):
        Submission.objects.create(
            cluster=world.cluster_a,
            wave=waves["a1"],
            kind="enterprise",
            instance_id=f"uuid:{i}",
            content_hash=str(i),
            answers={"consent": "yes", "trust_firms": score, "trust_word": score},
            batch=batch,
        )
    BaselineValue.objects.filter(wave=waves["a1"], code="DX-TRUST").update(value=3.5, n=4)
    row = row_of(compare(world, waves), "DX-TRUST")
    assert row.follow_up.standard_error == pytest.approx(statistics.stdev(scores) / 2)
    assert row.follow_up.error_basis == "SE from the answers"
    # A recorded value the answers no longer give gets no standard error from them.
    BaselineValue.objects.filter(wave=waves["a1"], code="DX-TRUST").update(value=3.9)
    assert row_of(compare(world, waves), "DX-TRUST").follow_up.standard_error is None


def test_a_value_entered_by_hand_wins_over_the_computed_one(world, waves):
    value(waves["a1"], "DX-COOP", 60.0, 45, computed=False, source="Chamber census 2025")
    row = row_of(compare(world, waves), "DX-COOP")
    assert row.follow_up.value == 60.0 and row.follow_up.source == "Chamber census 2025"
    assert row.change is not None and row.change.change == pytest.approx(40.0)


def test_a_share_is_not_compared_with_a_number(world, waves):
    value(waves["a0"], "DX-BDS", 30.0, 40)
    value(waves["a1"], "DX-BDS", 12.0, 40, unit="firms")
    row = row_of(compare(world, waves), "DX-BDS")
    assert row.change is None and "a share at one wave and a number" in row.notes[0]


def test_values_at_one_wave_only_are_listed_apart(world, waves):
    value(waves["a1"], "DX-CERT", 15.0, 50)
    result = compare(world, waves)
    assert "DX-CERT" not in [r.code for r in result.rows]
    assert [(o.code, o.wave) for o in result.unmatched] == [("DX-CERT", waves["a1"])]


def test_network_indicators_are_compared_without_standard_error(world):
    ties = make_ties(world)
    result = evaluation.comparison(
        world.cluster_a, baseline_wave=ties.baseline, follow_up_wave=ties.follow_up
    )
    row = row_of(result, "firms_with_cooperative_tie")
    # 2 of 3 firms cooperated at the baseline, all 3 at the follow-up (see the fixture).
    assert row.change is not None and row.change.change == pytest.approx(100 - 200 / 3)
    assert row.change.confidence_interval is None and row.baseline.n is None
    assert "Network survey, wave Baseline 2024" in row.baseline.source


def test_default_waves_are_the_earliest_and_latest_with_values(world, waves):
    wave(world.cluster_a, "Empty 2026", date(2026, 3, 1))
    value(wave(world.cluster_a, "Midline 2024", date(2024, 9, 1)), "DX-COOP", 30.0, 40)
    assert evaluation.default_waves(world.cluster_a) == (waves["a0"], waves["a1"])
    BaselineValue.objects.filter(cluster=world.cluster_b).exclude(wave=waves["b0"]).delete()
    assert evaluation.default_waves(world.cluster_b) is None


def test_waves_that_cannot_be_compared_are_refused(world, waves):
    a, b = world.cluster_a, world.cluster_b
    cases = [
        ({"baseline_wave": waves["a1"], "follow_up_wave": waves["a0"]}, "swap them"),
        ({"baseline_wave": waves["a0"], "follow_up_wave": waves["a0"]}, "same wave"),
        ({"baseline_wave": waves["b0"], "follow_up_wave": waves["a1"]}, "not a wave of Garments"),
    ]
    for options, message in cases:
        with pytest.raises(EvaluationError, match=message):
            evaluation.comparison(a, **options)
    with pytest.raises(EvaluationError, match="not a cluster of the programme"):
        compare(world, waves, world.other_cluster)
    with pytest.raises(EvaluationError, match="its own comparison"):
        compare(world, waves, a)
    with pytest.raises(EvaluationError, match="Follow-up 2025 is not a wave of Footwear B"):
        compare(world, waves, b, comparison_waves={b: (waves["b0"], waves["a1"])})


def test_chosen_comparison_waves_are_used(world, waves):
    b2 = wave(world.cluster_b, "Follow-up B 2026", date(2026, 4, 1))
    value(b2, "DX-COOP", 45.0, 60)
    default = row_of(compare(world, waves, world.cluster_b), "DX-COOP")
    assert default.did is not None and default.did.comparison_change == pytest.approx(20.0)
    chosen = compare(
        world,
        waves,
        world.cluster_b,
        comparison_waves={world.cluster_b: (waves["b0"], waves["b1"])},
    )
    did = row_of(chosen, "DX-COOP").did
    assert did is not None and did.comparison_change == pytest.approx(5.0)


def test_the_package_assumptions_are_marked_for_translation():
    stated = (
        before_after(Estimate(1.0, 0.1), Estimate(2.0, 0.1)).assumptions
        + difference_in_differences(
            Estimate(1.0, 0.1), Estimate(2.0, 0.1), Estimate(1.0, 0.1), Estimate(1.5, 0.1)
        ).assumptions
    )
    assert set(stated) <= set(evaluation.PACKAGE_ASSUMPTIONS)


def test_the_table_for_download(world, waves):
    header, rows = evaluation.table(compare(world, waves, world.cluster_b))
    [cells] = [dict(zip(header, r, strict=True)) for r in rows if r[0] == "DX-COOP"]
    assert cells["baseline n"] == 40 and cells["baseline value"] == 20.0
    assert cells["change"] == 30.0 and cells["difference in differences"] == 25.0
    assert cells["comparison clusters"] == "Footwear B (Baseline B 2024 → Follow-up B 2025)"


# -- the page ---------------------------------------------------------------------------------


def url(world, **query):
    from django.utils.http import urlencode

    base = reverse("monitoring-evaluation", args=[world.cluster_a.slug])
    return f"{base}?{urlencode(query, doseq=True)}" if query else base


def test_the_page_shows_the_table_and_its_assumptions(world, waves, client_for):
    response = client_for("dora").get(url(world, comparison=[world.cluster_b.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    result = response.context["evaluation"]
    row = row_of(result, "DX-COOP")
    assert row.did is not None and row.did.estimate == pytest.approx(25.0)
    assert 'data-code="DX-COOP"' in page and "Footwear B" in page
    assert "Parallel trends" in page and "is not an effect of the programme" in page
    assert "√(p(1 − p)/n)" in page  # the standard error's own assumption
    assert "95 % CI" in page


def test_without_comparison_the_page_states_no_did(world, waves, client_for):
    response = client_for("dora").get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Parallel trends" not in page and "Difference in differences</th>" not in page
    assert "is not an effect of the programme" in page
    assert response.context["evaluation"].baseline_wave == waves["a0"]


def test_only_clusters_the_user_may_see_are_offered(world, waves, client_for):
    response = client_for("cindy").get(url(world))  # cindy: CDA of cluster A only
    assert response.status_code == 200
    assert response.context["form"].candidates == []
    assert "Footwear B" not in response.content.decode()
    response = client_for("cindy").get(url(world, comparison=[world.cluster_b.pk]))
    assert response.status_code == 400
    assert "is not one of the clusters offered" in response.content.decode()
    assert "evaluation" not in response.context or response.context.get("evaluation") is None


def test_clusters_of_another_programme_are_never_offered(world, waves, client_for):
    value(wave(world.other_cluster, "O 2024", date(2024, 1, 1)), "DX-COOP", 10.0, 10)
    value(wave(world.other_cluster, "O 2025", date(2025, 1, 1)), "DX-COOP", 20.0, 10)
    client = client_for("adam")  # sees every cluster
    response = client.get(url(world))
    assert response.context["form"].candidates == [world.cluster_b]
    response = client.get(url(world, comparison=[world.other_cluster.pk]))
    assert response.status_code == 400 and "Cocoa O" not in response.content.decode()


@pytest.mark.parametrize(("name", "status"), [("oscar", 404), ("olga", 404), ("dora", 200)])
def test_who_may_see_the_evaluation(world, waves, client_for, name, status):
    assert client_for(name).get(url(world)).status_code == status


def test_anonymous_users_are_sent_to_log_in(world, waves, client):
    response = client.get(url(world))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_missing_waves_are_explained(world, client_for):
    value(wave(world.cluster_a, "Baseline 2024", date(2024, 3, 1)), "DX-COOP", 20.0, 40)
    response = client_for("cindy").get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "has 1 survey wave with values so far; it needs two" in page
    assert reverse("surveys", args=[world.cluster_a.slug]) in page
    assert reverse("diagnostic", args=[world.cluster_a.slug]) in page
    page = client_for("dora").get(url(world)).content.decode()
    assert reverse("surveys", args=[world.cluster_a.slug]) not in page  # dora cannot import


@pytest.mark.parametrize("bad", ["999999", "abc"])
def test_a_bad_wave_id_is_a_clear_message(world, waves, client_for, bad):
    response = client_for("dora").get(url(world, baseline=bad))
    assert response.status_code == 400
    assert "Baseline wave:" in response.content.decode()


def test_a_wave_of_another_cluster_is_refused(world, waves, client_for):
    response = client_for("dora").get(url(world, follow_up=waves["b1"].pk))
    assert response.status_code == 400
    assert "No survey wave of Garments A with values has this id" in response.content.decode()


def test_a_follow_up_before_its_baseline_is_a_clear_message(world, waves, client_for):
    query = {"baseline": waves["a1"].pk, "follow_up": waves["a0"].pk}
    response = client_for("dora").get(url(world, **query))
    assert response.status_code == 400 and "swap them" in response.content.decode()


def test_comparison_waves_chosen_on_the_page(world, waves, client_for):
    b2 = wave(world.cluster_b, "Follow-up B 2026", date(2026, 4, 1))
    value(b2, "DX-COOP", 45.0, 60)
    b = world.cluster_b.pk
    query = {"comparison": [b], f"follow_up_{b}": waves["b1"].pk}
    response = client_for("alice").get(url(world, **query))
    assert response.status_code == 200
    [used] = response.context["evaluation"].used_comparisons
    assert (used.baseline_wave, used.follow_up_wave) == (waves["b0"], waves["b1"])


def test_the_table_downloads_as_csv(world, waves, client_for):
    response = client_for("dora").get(url(world, comparison=[world.cluster_b.pk], format="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="cluster-a-evaluation.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    coop = next(r for r in rows if r["code"] == "DX-COOP")
    assert float(coop["difference in differences"]) == pytest.approx(25.0)
    assert coop["baseline source"] == "Baseline 2024, enterprise survey (n=40)"
