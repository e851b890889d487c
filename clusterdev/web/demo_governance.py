"""The demo's governance and field work: Steering Committee, Cluster Commissions, their meetings,
resolutions and endorsements, the Atuntaqui CDA's activity log, and the findings of the
Atuntaqui diagnostic (SWOT items and leverage points) that an action plan can answer.

Dated in the programme's own years (2003–2004), consistent with the clusters' phase history:
the Atuntaqui Commission endorses the diagnostic on the day the cluster moved to *diagnosed*.
Written through the apps' services, so that the demo obeys the same rules as a user. The CDAs
hold their roles without appointment records ("dates not recorded"), which leaves a newcomer the
appointment to record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.contrib.auth.models import User

from clusterdev.web.actors.models import Actor, Person
from clusterdev.web.cdas.models import Activity
from clusterdev.web.cdas.services import save_activity
from clusterdev.web.diagnostics.models import Finding
from clusterdev.web.governance.models import (
    Body,
    BodyMilestone,
    DocumentVersion,
    Meeting,
    Membership,
    Resolution,
)
from clusterdev.web.governance.services import (
    AttendeeRow,
    endorse,
    record_attendance,
    submit_version,
)
from clusterdev.web.programmes.models import Cluster, Programme


@dataclass(frozen=True)
class GovernanceCounts:
    bodies: int
    meetings: int
    activities: int


def load_governance(
    programme: Programme,
    clusters: dict[str, Cluster],
    actors: dict[str, Actor],
    users: dict[str, User],
) -> GovernanceCounts:
    """Create the demo's bodies, meetings and field activity (inside the caller's transaction)."""
    steering = _steering_committee(programme, actors, users["coordinator"])
    atuntaqui = _atuntaqui_commission(clusters["atuntaqui-garments"], actors, users)
    ambato = _ambato_commission(clusters["ambato-footwear"], actors, users)
    network = _confeccionistas(clusters["atuntaqui-garments"], actors)
    activities = _atuntaqui_activities(clusters["atuntaqui-garments"], actors, users["cda"])
    _atuntaqui_findings(clusters["atuntaqui-garments"], users["cda"])
    bodies = [steering, atuntaqui, ambato, network]
    return GovernanceCounts(
        bodies=len(bodies),
        meetings=Meeting.objects.filter(body__in=bodies).count(),
        activities=activities,
    )


def _person(actor: Actor, position: str | None = None) -> Person:
    people = actor.people.order_by("id")
    if position is not None:
        people = people.filter(position=position)
    found = people.first()
    assert found is not None, f"the demo has no person for {actor.name}"
    return found


def _member(body: Body, *, start: date, group: str, role: str = "member", **who: object) -> None:
    membership = Membership(body=body, stakeholder_group=group, role=role, start=start, **who)
    membership.full_clean()
    membership.save()


def _held(body: Body, on: date, place: str, agenda: str, minutes: str, by: User) -> Meeting:
    return Meeting.objects.create(
        body=body,
        date=on,
        place=place,
        agenda=agenda,
        minutes=minutes,
        status=Meeting.Status.HELD,
        created_by=by,
    )


def _attend(
    meeting: Meeting, absent: int = 0, others: tuple[tuple[str, str, str], ...] = ()
) -> None:
    """Every member present but the last ``absent``; ``others``: (name, group, sex)."""
    members = list(meeting.body.memberships.select_related("person").order_by("id"))
    rows = [
        AttendeeRow(
            membership=m,
            stakeholder_group=m.stakeholder_group,
            sex=(m.person.sex or "not_stated") if m.person else "not_stated",
            present=i < len(members) - absent,
        )
        for i, m in enumerate(members)
    ]
    rows += [
        AttendeeRow(membership=None, name=name, stakeholder_group=group, sex=sex)
        for name, group, sex in others
    ]
    record_attendance(meeting, rows)


def _resolve(
    meeting: Meeting,
    text: str,
    *,
    due: date,
    done_on: date | None = None,
    owner: Actor | None = None,
    owner_text: str = "",
) -> None:
    resolution = Resolution(
        meeting=meeting,
        text=text,
        owner_actor=owner,
        owner_text=owner_text,
        due=due,
        status=Resolution.Status.DONE if done_on else Resolution.Status.OPEN,
        done_on=done_on,
        created_by=meeting.created_by,
    )
    resolution.full_clean()
    resolution.save()


def _milestone(body: Body, kind: str, on: date, note: str) -> None:
    BodyMilestone.objects.create(body=body, kind=kind, date=on, note=note)


def _steering_committee(programme: Programme, actors: dict[str, Actor], coordinator: User) -> Body:
    body = Body.objects.create(
        programme=programme,
        kind=Body.Kind.STEERING_COMMITTEE,
        name="Comité Directivo del programa de clusters",
        terms_of_reference=(
            "Launches the programme, supports the selection of clusters, sets priorities and "
            "reviews progress twice a year. Chaired by the Ministry of Industry (MICIP)."
        ),
    )
    start = date(2003, 2, 20)
    _milestone(body, BodyMilestone.Kind.FORMED, start, "Constituted at the programme launch.")
    _member(body, start=start, group="public", role="chair", actor=actors["gad-aa"])
    _member(body, start=start, group="associations", actor=actors["cit"])
    _member(body, start=start, group="support", actor=actors["uta"])
    _member(body, start=start, group="finance", actor=actors["banecuador-aa"])
    selection = _held(
        body,
        date(2003, 6, 12),
        "MICIP, Quito",
        "1. Results of the national mapping\n2. Ranking of the candidate clusters\n"
        "3. Selection of the pilot clusters",
        "The Committee selected the Atuntaqui garment and Ambato footwear clusters as pilots; "
        "Cuenca straw hats and San Antonio woodcarving stay candidates for a second round.",
        coordinator,
    )
    _attend(selection, others=(("Representante de ONUDI", "donors_project", "female"),))
    _resolve(
        selection,
        "Recruit a Cluster Development Agent for each pilot cluster.",
        due=date(2003, 7, 15),
        done_on=date(2003, 7, 1),
        owner_text="Project coordinator",
    )
    return body


def _atuntaqui_commission(
    cluster: Cluster, actors: dict[str, Actor], users: dict[str, User]
) -> Body:
    body = Body.objects.create(
        programme=cluster.programme,
        cluster=cluster,
        kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión del clúster textil de Atuntaqui",
        terms_of_reference=(
            "Represents the cluster's enterprises and institutions; formulates the strategic "
            "objectives, reviews and endorses the diagnostic, the action plan and progress "
            "reports, and coordinates the joint actions. Meets at least every quarter."
        ),
    )
    formed = date(2003, 9, 10)
    _milestone(body, BodyMilestone.Kind.FORMED, formed, "First meeting in the Cámara's hall.")
    _milestone(
        body,
        BodyMilestone.Kind.FORMALISED,
        date(2004, 3, 18),
        "Internal rules signed by the member organisations.",
    )
    ccaa, aca = actors["ccaa"], actors["aca"]
    _member(body, start=formed, group="associations", role="chair", person=_person(ccaa))
    _member(body, start=formed, group="associations", role="vice_chair", person=_person(aca))
    _member(body, start=formed, group="public", person=_person(actors["gad-aa"]))
    _member(body, start=formed, group="support", person=_person(actors["utn"]))
    _member(body, start=formed, group="support", person=_person(actors["cdm"]))
    _member(body, start=formed, group="finance", person=_person(actors["hilanderas"]))
    owners = [
        m.actor
        for m in cluster.memberships.filter(actor__kind=Actor.Kind.ENTERPRISE)
        .select_related("actor")
        .order_by("-actor__employees_female", "actor__name")[:3]
    ]
    for owner in owners:
        _member(body, start=formed, group="enterprises", person=_person(owner))
    coordinator, cda, commission = users["coordinator"], users["cda"], users["commission"]

    first = _held(
        body,
        formed,
        "Cámara de Comercio de Antonio Ante",
        "1. Purpose of the Commission\n2. Diagnostic: who to interview\n3. Next meeting",
        "The members agreed to form the Commission and to support the diagnostic survey of "
        "the workshops.",
        cda,
    )
    _attend(first, others=(("Técnico del MICIP", "public", "male"),))
    _resolve(
        first,
        "Each association sends the CDA the list of its member workshops for the survey.",
        due=date(2003, 9, 30),
        done_on=date(2003, 9, 26),
        owner=aca,
    )
    _resolve(
        first,
        "The municipality lends the fairgrounds hall for the validation workshop.",
        due=date(2003, 11, 15),
        done_on=date(2003, 11, 20),
        owner=actors["gad-aa"],
    )

    validation = _held(
        body,
        date(2003, 12, 5),
        "Fairgrounds hall, Atuntaqui",
        "1. Presentation of the diagnostic\n2. Discussion and corrections\n3. Endorsement",
        "Workshop owners and institutions discussed the findings; the Commission endorsed the "
        "diagnostic study with two corrections on export figures.",
        cda,
    )
    _attend(validation, absent=1, others=(("Taller Rosita", "enterprises", "female"),))
    diagnostic = submit_version(
        author=cda,
        kind="diagnostic",
        title="Diagnostic study of the Atuntaqui garment cluster",
        cluster=cluster,
        content=(
            "About 330 workshops, most of them family businesses, employ some 3,500 people, "
            "two thirds of them women. Strengths: knitting skills and a regional reputation. "
            "Weaknesses: little cooperation, copied designs, yarn bought retail at high "
            "prices. Leverage points: a joint trade fair, design training, joint purchase of "
            "yarn."
        ),
    )
    DocumentVersion.objects.filter(pk=diagnostic.pk).update(
        created_at=datetime.combine(date(2003, 11, 28), time(12), tzinfo=UTC)
    )
    diagnostic.refresh_from_db()
    endorse(
        body=body,
        meeting=validation,
        version=diagnostic,
        digest=diagnostic.digest,
        by=commission,
        note="Endorsed with the two corrections recorded in the minutes.",
    )
    _resolve(
        validation,
        "Organise the first Atuntaqui garment fair with the Cámara and the municipality.",
        due=date(2004, 2, 29),
        done_on=date(2004, 2, 21),
        owner=ccaa,
    )
    _resolve(
        validation,
        "Ask the university for a quote on yarn testing for the joint purchase.",
        due=date(2004, 1, 31),
        owner=actors["utn"],
    )

    vision = _held(
        body,
        date(2004, 3, 18),
        "Cámara de Comercio de Antonio Ante",
        "1. Shared vision 2010\n2. Strategic objectives\n3. Drafting the action plan",
        "The Commission adopted the vision 'Atuntaqui, the garment centre of the North' and "
        "three strategic objectives.",
        coordinator,
    )
    _attend(vision)
    _resolve(
        vision,
        "Draft the action plan with the working groups and circulate it a week before the "
        "next meeting.",
        due=date(2004, 7, 15),
        done_on=date(2004, 7, 12),
        owner_text="CDA and working groups",
    )
    return body


def _ambato_commission(cluster: Cluster, actors: dict[str, Actor], users: dict[str, User]) -> Body:
    body = Body.objects.create(
        programme=cluster.programme,
        cluster=cluster,
        kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión del clúster de calzado de Ambato",
    )
    formed = date(2004, 1, 22)
    _milestone(body, BodyMilestone.Kind.FORMED, formed, "Formed at the Cámara de Calzado.")
    _member(body, start=formed, group="associations", role="chair", actor=actors["caltu"])
    _member(body, start=formed, group="public", actor=actors["gad-ambato"])
    _member(body, start=formed, group="support", actor=actors["uta"])
    meeting = _held(
        body,
        formed,
        "Cámara de Calzado de Tungurahua",
        "1. Forming the Commission\n2. The diagnostic survey",
        "The shoemakers' and tanners' representatives agreed on the diagnostic survey.",
        users["cda-ambato"],
    )
    _attend(meeting)
    _resolve(
        meeting,
        "The Cámara de Calzado convenes the tanners to a first joint meeting.",
        due=date(2004, 3, 31),
        owner=actors["caltu"],
    )
    return body


def _confeccionistas(cluster: Cluster, actors: dict[str, Actor]) -> Body:
    """The garment makers' association: a governance mechanism the programme strengthens."""
    aca = actors["aca"]
    body = Body.objects.create(
        programme=cluster.programme,
        cluster=cluster,
        kind=Body.Kind.BUSINESS_ASSOCIATION,
        name=aca.name,
        actor=aca,
        notes="Leads the joint purchase of yarn and the shared stands at fairs.",
    )
    _milestone(body, BodyMilestone.Kind.FORMED, date(2002, 5, 4), "Founded by 18 workshops.")
    _milestone(
        body,
        BodyMilestone.Kind.REGISTERED,
        date(2004, 6, 30),
        "Registered with the Ministry; statutes approved.",
    )
    _member(body, start=date(2002, 5, 4), group="enterprises", role="chair", person=_person(aca))
    return body


# (day, kind, place, purpose, outcome, institution keys, (group, sex, count)...)
_ACTIVITIES: tuple[
    tuple[date, str, str, str, str, tuple[str, ...], tuple[tuple[str, str, int], ...]], ...
] = (
    (
        date(2003, 7, 8),
        "field_visit",
        "Atuntaqui centre",
        "Introduce the programme to workshop owners on Calle Olmedo.",
        "Eleven owners visited; most sceptical about working with competitors.",
        (),
        (("enterprises", "female", 7), ("enterprises", "male", 4)),
    ),
    (
        date(2003, 7, 10),
        "bilateral_meeting",
        "Cámara de Comercio de Antonio Ante",
        "Meet the Cámara's president about a Cluster Commission.",
        "The Cámara offers its hall and its secretary for the Commission.",
        ("ccaa",),
        (("associations", "male", 2),),
    ),
    (
        date(2003, 7, 15),
        "bilateral_meeting",
        "GAD Municipal de Antonio Ante",
        "Ask the municipality's economic development unit to join.",
        "The director will attend the first Commission meeting.",
        ("gad-aa",),
        (("public", "female", 1),),
    ),
    (
        date(2003, 7, 22),
        "field_visit",
        "Andrade Marín parish",
        "Survey visits to knitting workshops for the diagnostic.",
        "Nine questionnaires completed.",
        (),
        (("enterprises", "female", 8), ("enterprises", "male", 1)),
    ),
    (
        date(2003, 8, 5),
        "bilateral_meeting",
        "Universidad Técnica del Norte, Ibarra",
        "Discuss the yarn testing laboratory and student placements.",
        "The textile faculty agrees to test yarn samples at cost.",
        ("utn",),
        (("support", "male", 2),),
    ),
    (
        date(2003, 8, 19),
        "trust_building",
        "Cámara de Comercio de Antonio Ante",
        "Breakfast of workshop owners: what would you do together?",
        "Joint purchase of yarn and a fair came up first; 23 owners came.",
        ("ccaa", "aca"),
        (("enterprises", "female", 15), ("enterprises", "male", 8), ("associations", "male", 1)),
    ),
    (
        date(2003, 9, 2),
        "field_visit",
        "San Roque",
        "Survey visits to workshops for the diagnostic.",
        "Twelve questionnaires completed; two owners want to join the association.",
        (),
        (("enterprises", "female", 9), ("enterprises", "male", 3)),
    ),
    (
        date(2003, 10, 14),
        "exposure_visit",
        "Pelileo jeans cluster",
        "Show owners how Pelileo's workshops share a fair and a brand.",
        "Sixteen owners travelled; they asked for a fair in Atuntaqui.",
        ("aca",),
        (("enterprises", "female", 10), ("enterprises", "male", 6)),
    ),
    (
        date(2003, 10, 28),
        "training",
        "Centro de Diseño y Moda del Norte",
        "Short course on design trends and collections.",
        "Twenty participants; the Centre offers a longer course.",
        ("cdm",),
        (("enterprises", "female", 16), ("enterprises", "male", 4), ("support", "female", 1)),
    ),
    (
        date(2003, 11, 11),
        "bilateral_meeting",
        "Cooperativa Hilanderas del Norte",
        "Credit for a joint purchase of yarn.",
        "The cooperative will study a group credit line.",
        ("hilanderas",),
        (("finance", "female", 1), ("associations", "male", 1)),
    ),
    (
        date(2003, 11, 25),
        "field_visit",
        "Atuntaqui",
        "Present the draft diagnostic to the association's board.",
        "Corrections on export figures; the board supports endorsement.",
        ("aca",),
        (("associations", "female", 2), ("associations", "male", 3)),
    ),
    (
        date(2004, 1, 20),
        "trust_building",
        "Fairgrounds, Atuntaqui",
        "Planning meeting for the first garment fair.",
        "Thirty workshops sign up for shared stands.",
        ("ccaa", "aca", "gad-aa"),
        (("enterprises", "female", 19), ("enterprises", "male", 11), ("public", "male", 1)),
    ),
)


def _atuntaqui_activities(cluster: Cluster, actors: dict[str, Actor], cda: User) -> int:
    for day, kind, place, purpose, outcome, keys, counts in _ACTIVITIES:
        save_activity(
            Activity(
                cluster=cluster,
                cda=cda,
                kind=kind,
                date=day,
                place=place,
                purpose=purpose,
                outcome=outcome,
            ),
            actors=[actors[k] for k in keys],
            participants={(group, sex): n for group, sex, n in counts},
        )
    return len(_ACTIVITIES)


# The findings of the endorsed diagnostic (kind, text, evidence), for the action plan to answer.
_FINDINGS: tuple[tuple[str, str, str], ...] = (
    (
        "strength",
        "Knitting and sewing skills passed on in families; a regional reputation for sweaters.",
        "Enterprise survey 2003; validation workshop.",
    ),
    (
        "strength",
        "Most workers are women, many of them owners of their workshop.",
        "Register: two thirds of employment is female.",
    ),
    (
        "weakness",
        "Little cooperation: owners distrust each other and copy designs.",
        "Trust questions of the survey; interviews.",
    ),
    (
        "weakness",
        "Yarn is bought retail in small lots at high prices.",
        "Survey: inputs; interviews with suppliers.",
    ),
    (
        "opportunity",
        "Visitors from Quito and Colombia on weekends; demand for a fair.",
        "Municipality's visitor counts; Cámara de Comercio.",
    ),
    ("threat", "Cheap imported garments in the national market.", "Interviews with buyers."),
    (
        "leverage_point",
        "A joint garment fair in Atuntaqui with the Cámara and the municipality.",
        "Proposed at the trust-building breakfast; endorsed at the validation workshop.",
    ),
    (
        "leverage_point",
        "Joint purchase of yarn through the Asociación de Confeccionistas.",
        "Survey: willingness to cooperate in purchasing.",
    ),
    (
        "leverage_point",
        "Design training with the Centro de Diseño y Moda del Norte.",
        "Short course of October 2003 asked for a longer one.",
    ),
)


def _atuntaqui_findings(cluster: Cluster, cda: User) -> None:
    for position, (kind, text, evidence) in enumerate(_FINDINGS):
        Finding.objects.create(
            cluster=cluster,
            kind=kind,
            text=text,
            evidence=evidence,
            position=position,
            created_by=cda,
        )
