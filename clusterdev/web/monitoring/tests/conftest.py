"""M&E records on top of the personas' world (see :mod:`clusterdev.web.test`).

``dated``: the world's programme running 2025-01-01 to 2026-12-31. ``periods``: its four
half-year reporting periods (2025-H1 … 2026-H2). ``chain``: cluster A's result chain (impact ←
outcome ← output ← activity). ``trained``: cluster A's output indicator "firms trained" (number,
sum, by sex, baseline 0, target 10 for 2025-H1 and 25 for 2025-H2). ``women_share``: a
percentage indicator (latest value, baseline 30 %). ``draft``: cindy's draft actual of
``trained`` for 2025-H1 (12 = 7 women + 5 men, with evidence).
"""

from __future__ import annotations

from datetime import date

import pytest

from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.models import (
    Actual,
    Indicator,
    Level,
    ReportingPeriod,
    ResultNode,
)
from clusterdev.web.monitoring.services import AmountInput
from clusterdev.web.programmes.models import Programme
from clusterdev.web.test import World


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def dated(world: World) -> Programme:
    programme = world.programme
    programme.start_date = date(2025, 1, 1)
    programme.end_date = date(2026, 12, 31)
    programme.save()
    return programme


@pytest.fixture
def periods(dated: Programme) -> dict[str, ReportingPeriod]:
    services.create_periods(dated, "semiannual")
    return {p.name: p for p in ReportingPeriod.objects.filter(programme=dated)}


@pytest.fixture
def chain(world: World) -> dict[str, ResultNode]:
    a = world.cluster_a

    def node(level: str, title: str, parent: ResultNode | None) -> ResultNode:
        item = ResultNode(
            programme=world.programme, cluster=a, level=level, title=title, parent=parent
        )
        item.full_clean()
        item.save()
        return item

    impact = node(Level.IMPACT, "Garment firms grow and employ more women", None)
    outcome = node(Level.OUTCOME, "Firms cooperate in joint actions", impact)
    output = node(Level.OUTPUT, "Firms trained in quality", outcome)
    activity = node(Level.ACTIVITY, "Quality training course", output)
    return {"impact": impact, "outcome": outcome, "output": output, "activity": activity}


@pytest.fixture
def trained(
    world: World, chain: dict[str, ResultNode], periods: dict[str, ReportingPeriod]
) -> Indicator:
    indicator = Indicator.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        node=chain["output"],
        code="OUT-1",
        name="Firms trained in quality",
        level=Level.OUTPUT,
        measure="number",
        unit="firms",
        direction="increase",
        cumulative_rule="sum",
        disaggregations=["sex"],
        baseline_value=0,
        baseline_date=date(2025, 1, 1),
        baseline_source="No training before the programme",
    )
    services.set_target(indicator, periods["2025-H1"], AmountInput(value=10))
    services.set_target(indicator, periods["2025-H2"], AmountInput(value=25))
    return indicator


@pytest.fixture
def women_share(world: World, chain: dict[str, ResultNode], periods) -> Indicator:
    return Indicator.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        node=chain["impact"],
        code="IMP-W",
        name="Women among persons employed",
        level=Level.IMPACT,
        measure="percentage",
        unit="%",
        direction="increase",
        cumulative_rule="latest",
        disaggregations=[],
        baseline_numerator=30,
        baseline_denominator=100,
        baseline_date=date(2025, 1, 1),
    )


@pytest.fixture
def draft(world: World, trained: Indicator, periods) -> Actual:
    return services.save_actual(
        trained,
        periods["2025-H1"],
        AmountInput(value=12, disaggregation={"sex": {"female": 7, "male": 5}}),
        by=world.users["cindy"],
        evidence="Attendance lists of the two courses",
    )
