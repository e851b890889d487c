"""A framework worth exporting, on top of the M&E fixtures (see ``conftest.py``).

Cluster A's chain carries indicators at four levels: "firms trained" (output, by sex, the
``draft`` 12 = 7 women + 5 men approved for 2025-H1, a 2025-H2 draft of 20 left unapproved),
"women employed" (impact percentage: 35/100 approved for 2025-H1, 2025-H2 only submitted),
"cooperation stage" (outcome, ordinal), "cooperation climate" (outcome, qualitative) and
"courses held" (activity). The programme's own framework has one outcome indicator measuring no
result. The programme has a description, a donor and IATI settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.models import (
    Actual,
    IatiSettings,
    Indicator,
    Level,
    ReportingPeriod,
    ResultNode,
)
from clusterdev.web.monitoring.services import AmountInput
from clusterdev.web.programmes.models import Donor
from clusterdev.web.test import World


@dataclass
class Published:
    trained: Indicator
    women_share: Indicator
    stage: Indicator
    climate: Indicator
    courses: Indicator
    plans: Indicator
    approved: Actual
    unapproved: Actual
    submitted: Actual


def _approved(world: World, indicator, period, data: AmountInput) -> Actual:
    actual = services.save_actual(
        indicator, period, data, by=world.users["cindy"], evidence="Minutes of the meeting"
    )
    services.submit(actual, by=world.users["cindy"])
    return services.approve(actual, by=world.users["alice"])


def make_published(
    world: World,
    chain: dict[str, ResultNode],
    periods: dict[str, ReportingPeriod],
    trained: Indicator,
    women_share: Indicator,
    draft: Actual,
) -> Published:
    programme = world.programme
    programme.description = "Garment and footwear clusters of Testland grow together."
    programme.save()
    programme.donors.add(Donor.objects.create(name="European Union"))
    IatiSettings.objects.create(
        programme=programme,
        reporting_org_ref="XM-DAC-41123",
        reporting_org_name="UNIDO",
        activity_identifier="XM-DAC-41123-TL-2025",
    )
    cindy, alice = world.users["cindy"], world.users["alice"]
    h1, h2 = periods["2025-H1"], periods["2025-H2"]

    services.submit(draft, by=cindy)
    approved = services.approve(draft, by=alice)
    unapproved = services.save_actual(
        trained, h2, AmountInput(value=20), by=cindy, evidence="Attendance lists"
    )

    services.set_target(women_share, h2, AmountInput(value=40))
    _approved(world, women_share, h1, AmountInput(numerator=35, denominator=100))
    submitted = services.save_actual(
        women_share, h2, AmountInput(numerator=38, denominator=100), by=cindy, evidence="Survey"
    )
    services.submit(submitted, by=cindy)

    a = world.cluster_a
    stage = Indicator.objects.create(
        programme=programme,
        cluster=a,
        node=chain["outcome"],
        code="OC-STAGE",
        name="Stage of cooperation",
        level=Level.OUTCOME,
        measure="ordinal",
        cumulative_rule="maximum",
        scale=["none", "informal group", "association formed"],
        baseline_text="none",
        baseline_date=date(2025, 1, 1),
        baseline_source="Diagnostic study",
        position=1,
    )
    services.set_target(stage, h2, AmountInput(text="association formed"))
    _approved(world, stage, h1, AmountInput(text="informal group"))

    climate = Indicator.objects.create(
        programme=programme,
        cluster=a,
        node=chain["outcome"],
        code="OC-CLIMATE",
        name="Climate of cooperation",
        level=Level.OUTCOME,
        measure="qualitative",
        cumulative_rule="latest",
        direction="maintain",
        baseline_text="Firms distrust each other",
        baseline_date=date(2025, 1, 1),
        position=2,
    )
    _approved(world, climate, h1, AmountInput(text="Firms share large orders"))

    courses = Indicator.objects.create(
        programme=programme,
        cluster=a,
        node=chain["activity"],
        code="ACT-1",
        name="Quality courses held",
        level=Level.ACTIVITY,
        unit="courses",
    )
    services.set_target(courses, h1, AmountInput(value=2))

    plans = Indicator.objects.create(
        programme=programme,
        code="P-PLANS",
        name="Clusters with an endorsed action plan",
        level=Level.OUTCOME,
        unit="clusters",
        baseline_value=0,
        baseline_date=date(2025, 1, 1),
    )
    services.set_target(plans, h2, AmountInput(value=2))
    return Published(
        trained, women_share, stage, climate, courses, plans, approved, unapproved, submitted
    )
