"""Two waves of network-survey ties in cluster A of the test world, small enough to check by
hand.

Actors: enterprises e1 (Textiles Alfa), e2, e3; institutions i1 (Cámara Alfa, business
association) and i2 (a BDS provider).

Baseline 2024: e1–e2 business, e1–i1 information (named by both), e2–i1 joint action,
e3–i2 trust, and e1 names "Taller Sin Registro", outside the register.
Follow-up 2025: e1–e2 business, e2–e3 joint action, e3–i2 information, i1–i2 information.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics.models import ImportBatch, Submission, SurveyWave, Tie
from clusterdev.web.test import World, make_enterprise, make_institution


@dataclass
class Ties:
    world: World
    actors: dict[str, Actor]
    baseline: SurveyWave
    follow_up: SurveyWave


def add_ties(wave: SurveyWave, named: list[tuple[Actor, Actor | str, str]]) -> None:
    """Ties as the import writes them: one submission per respondent, one row per partner and
    type."""
    batch = ImportBatch.objects.create(cluster=wave.cluster, wave=wave, kind="network")
    submissions: dict[int, Submission] = {}
    positions: dict[int, int] = {}
    for respondent, partner, kind in named:
        if respondent.pk not in submissions:
            submissions[respondent.pk] = Submission.objects.create(
                cluster=wave.cluster,
                wave=wave,
                kind="network",
                instance_id=f"uuid:{wave.pk}-{respondent.pk}",
                content_hash=f"{wave.pk}-{respondent.pk}",
                respondent=respondent,
                batch=batch,
            )
        positions[respondent.pk] = positions.get(respondent.pk, 0) + 1
        Tie.objects.create(
            wave=wave,
            submission=submissions[respondent.pk],
            respondent=respondent,
            partner=partner if isinstance(partner, Actor) else None,
            other_name=partner if isinstance(partner, str) else "",
            type=kind,
            position=positions[respondent.pk],
        )


def make_ties(world: World) -> Ties:
    cluster = world.cluster_a
    e1, i1 = world.enterprise_a, world.institution_a
    e2 = make_enterprise(world.programme, cluster, name="Bordados Beta", employees_female=30)
    e3 = make_enterprise(world.programme, cluster, name="Confecciones Gamma", owner_sex="male")
    i2 = make_institution(
        world.programme, cluster, name="Centro de Servicios", institution_type="bds_provider"
    )
    baseline = SurveyWave.objects.create(
        cluster=cluster, name="Baseline 2024", kind="baseline", start_date=date(2024, 3, 1)
    )
    follow_up = SurveyWave.objects.create(
        cluster=cluster, name="Follow-up 2025", kind="follow_up", start_date=date(2025, 3, 1)
    )
    add_ties(
        baseline,
        [
            (e1, e2, "business"),
            (e1, i1, "information"),
            (e1, "Taller Sin Registro", "business"),
            (i1, e1, "information"),
            (e2, i1, "joint_action"),
            (e3, i2, "trust"),
        ],
    )
    add_ties(
        follow_up,
        [
            (e1, e2, "business"),
            (e2, e3, "joint_action"),
            (i2, e3, "information"),
            (i1, i2, "information"),
        ],
    )
    actors = {"e1": e1, "e2": e2, "e3": e3, "i1": i1, "i2": i2}
    return Ties(world, actors, baseline, follow_up)
