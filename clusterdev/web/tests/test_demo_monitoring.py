"""What the demo gives monitoring and evaluation to start from: baseline and follow-up survey
waves with computed values, Atuntaqui's endorsed action plan under way, the programme's
reporting periods and valid IATI settings, and no result chain (a newcomer builds it)."""

from collections.abc import Iterator
from datetime import date
from itertools import pairwise

import pytest
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from clusterdev.indicators import difference_in_differences
from clusterdev.web.demo import DemoResult, load_demo
from clusterdev.web.diagnostics.models import BaselineValue, SurveyWave
from clusterdev.web.diagnostics.services import diagnostic_of
from clusterdev.web.governance.services import endorsement_of
from clusterdev.web.monitoring.models import Actual, IatiSettings, Indicator, ResultNode
from clusterdev.web.monitoring.services import periods_of
from clusterdev.web.plans.models import Source, Status
from clusterdev.web.plans.services import (
    cofinancing_shares,
    current_status,
    in_force,
    joint_actions_implemented,
    joint_actions_initiated,
    lead_problem,
    plan_of,
)
from clusterdev.web.programmes.models import Cluster, Programme

SIZE = 1000  # establishments: enough members in both clusters for every joint action's group
START, END = date(2004, 1, 1), date(2004, 12, 31)


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[DemoResult]:
    """The demo loaded once for the module (loading is slow), rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield load_demo(establishments=SIZE)
        transaction.set_rollback(True)


@pytest.fixture
def atuntaqui(demo: DemoResult, db: None) -> Cluster:
    return Cluster.objects.get(slug="atuntaqui-garments")


def _values(wave: SurveyWave) -> dict[str, BaselineValue]:
    return {v.code: v for v in wave.baseline_values.all()}


def test_the_diagnostic_wave_is_the_late_2003_baseline_with_sourced_values(
    atuntaqui: Cluster,
) -> None:
    wave = diagnostic_of(atuntaqui).wave
    assert wave is not None and wave.kind == SurveyWave.Kind.BASELINE
    assert wave.end_date is not None
    assert date(2003, 10, 1) <= wave.start_date <= wave.end_date < date(2003, 12, 5)
    assert set(wave.submissions.values_list("kind", flat=True)) == {
        "enterprise",
        "institution",
        "network",
    }
    values = _values(wave)
    assert {"DX-EMP", "DX-EMP-W", "DX-TRUST", "DX-TIED"} <= set(values)
    for value in values.values():
        assert value.computed and value.n and value.date == wave.end_date, value.code
        assert value.source.startswith(wave.name) and value.method, value.code
    assert 0 < values["DX-EMP-W"].value < 100
    assert 1 <= values["DX-TRUST"].value <= 5


def test_follow_ups_and_a_comparison_cluster_allow_difference_in_differences(
    atuntaqui: Cluster,
) -> None:
    ambato = Cluster.objects.get(slug="ambato-footwear")
    waves = {
        (w.cluster_id, w.kind): w
        for w in SurveyWave.objects.filter(cluster__in=[atuntaqui, ambato])
    }
    order = [(c.pk, k) for c in (atuntaqui, ambato) for k in ("baseline", "follow_up")]
    assert sorted(waves) == sorted(order)
    assert diagnostic_of(ambato).wave == waves[(ambato.pk, "baseline")]
    for cluster in (atuntaqui, ambato):
        before, after = waves[(cluster.pk, "baseline")], waves[(cluster.pk, "follow_up")]
        assert before.end_date is not None and before.end_date < after.start_date
        # The same indicators in both waves, so that each has a before/after comparison.
        assert set(_values(before)) == set(_values(after))
    t0, t1, c0, c1 = (_values(waves[key])["DX-TRUST"].value for key in order)
    assert len({t0, t1, c0, c1}) == 4  # four samples, four values
    assert difference_in_differences(t0, t1, c0, c1).estimate == pytest.approx(
        (t1 - t0) - (c1 - c0)
    )


def test_the_endorsed_plan_has_two_joint_actions_completed_in_2004_and_more_to_do(
    atuntaqui: Cluster, demo: DemoResult
) -> None:
    plan = plan_of(atuntaqui)
    revision = in_force(plan)
    assert revision is not None and revision.number == 1 and revision.is_endorsed
    endorsement = endorsement_of(revision)
    assert endorsement is not None
    assert endorsement.meeting.date == date(2004, 7, 22)
    assert (
        endorsement.meeting.date
        == atuntaqui.phase_changes.get(to_phase="implementing").changed_at.date()
    )
    assert endorsement.body.kind == "cluster_commission"
    assert endorsement.recorded_by.username == "commission"
    assert endorsement.version.author.username == "cda"
    assert revision.vision is not None and revision.vision.is_endorsed

    actions = list(revision.actions.all())
    assert len(actions) == demo.joint_actions == 6
    assert all(lead_problem(atuntaqui, a.lead_actor) is None for a in actions)
    assert all(a.budget_enterprises > 0 and a.findings.exists() for a in actions)
    assert all(date(2003, 1, 1) <= a.start <= a.end <= date(2005, 12, 31) for a in actions)

    assert sum(joint_actions_implemented(atuntaqui, start=START, end=END).values()) == 2
    assert sum(joint_actions_initiated(atuntaqui, start=START, end=END).values()) == 4
    statuses: dict[str, str] = {a.key: Status.PLANNED for a in actions}
    statuses |= {key: update.status for key, update in current_status(plan).items()}
    assert sorted(statuses.values()) == sorted(
        [Status.COMPLETED] * 2 + [Status.UNDER_WAY] * 2 + [Status.PLANNED] * 2
    )
    # The enterprises pay a real share of what was spent, the sign of ownership.
    actual = cofinancing_shares(atuntaqui, start=START, end=END)["actual"]["USD"]
    assert 0.25 < actual["shares"][Source.ENTERPRISES] < 0.75


def test_the_programme_has_half_yearly_periods_and_valid_iati_settings(
    demo: DemoResult, db: None
) -> None:
    programme = Programme.objects.get(slug="ecuador")
    periods = list(periods_of(programme))
    assert len(periods) == demo.reporting_periods == 10
    assert (periods[0].name, periods[-1].name) == ("2003-H1", "2007-H2")
    assert (periods[0].start, periods[-1].end) == (programme.start_date, programme.end_date)
    assert all(p.outside_programme() is None for p in periods)
    assert all((b.start - a.end).days == 1 for a, b in pairwise(periods))

    settings = IatiSettings.objects.get(programme=programme)
    settings.full_clean()
    assert (settings.reporting_org_ref, settings.reporting_org_type) == ("XM-DAC-41123", "40")
    assert settings.activity_identifier == "XM-DAC-41123-ECUADOR"


def test_there_is_no_result_chain_for_the_newcomer_to_build(demo: DemoResult, db: None) -> None:
    assert not ResultNode.objects.exists()
    assert not Indicator.objects.exists()
    assert not Actual.objects.exists()
    assert "4 survey waves" in demo.message and "6 joint actions" in demo.message
