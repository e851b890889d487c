"""What monitoring and evaluation starts from in the demo: survey waves with baseline values,
the Atuntaqui action plan with its joint actions under way, the programme's reporting periods
and its IATI settings. No result chain, indicator or actual: a newcomer builds those from the
starter library.

- **Surveys.** Atuntaqui's baseline (fieldwork October–November 2003, the diagnostic's wave)
  and a follow-up in late 2005 for a before/after comparison; Ambato, the comparison cluster
  for a difference in differences, has a baseline in early 2004 and the same follow-up. Each
  wave's three surveys are practice exports (``sample_export``, fixed seed) imported through
  the same pipeline as a real ODK export, and its baseline values are computed from them. The
  answers are invented: the follow-ups show no built-in programme effect.
- **Action plan.** The vision adopted by the Atuntaqui Commission on 18 March 2004 and plan
  revision 1, endorsed at the Commission's meeting of 22 July 2004 (the day the cluster moved
  to *implementing*); of its six joint actions, the joint purchase of yarn and the design
  training are completed in 2004, the fair and the design centre are under way, and the
  exposure visit and the collective brand are still planned.

Written through the apps' services, inside :func:`clusterdev.web.demo.load_demo`'s
transaction.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import User
from django.db.models import Max

from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics import baseline, instruments
from clusterdev.web.diagnostics.imports import import_export
from clusterdev.web.diagnostics.models import (
    ImportBatch,
    InstrumentKind,
    Submission,
    SurveyWave,
)
from clusterdev.web.diagnostics.sample import sample_export
from clusterdev.web.diagnostics.services import diagnostic_of
from clusterdev.web.governance.models import Body, DocumentVersion, Meeting
from clusterdev.web.governance.services import AttendeeRow, endorse, record_attendance
from clusterdev.web.monitoring.models import Frequency, IatiSettings
from clusterdev.web.monitoring.services import create_periods
from clusterdev.web.plans.models import ActionType, Nature, PlanRevision, Status, Vision
from clusterdev.web.plans.services import (
    ActionData,
    commission_of,
    record_progress,
    save_action,
    save_vision,
    start_revision,
    submit,
)
from clusterdev.web.programmes.models import Cluster, Programme

SURVEY_SEED = 2003
UNIDO_REF = "XM-DAC-41123"
UNIDO_NAME = "United Nations Industrial Development Organization"


@dataclass(frozen=True)
class MonitoringCounts:
    survey_waves: int
    submissions: int
    joint_actions: int
    meetings: int
    reporting_periods: int


def load_monitoring(
    programme: Programme,
    clusters: dict[str, Cluster],
    actors: dict[str, Actor],
    users: dict[str, User],
) -> MonitoringCounts:
    """Create the demo's survey waves, Atuntaqui's plan, the reporting periods and the IATI
    settings (inside the caller's transaction)."""
    waves = _surveys(clusters, users)
    actions = _atuntaqui_plan(clusters["atuntaqui-garments"], actors, users)
    periods = create_periods(programme, Frequency.SEMIANNUAL)
    _iati_settings(programme)
    return MonitoringCounts(
        survey_waves=len(waves),
        submissions=Submission.objects.filter(wave__in=waves).count(),
        joint_actions=actions,
        meetings=1,  # the Commission's meeting that endorsed the plan
        reporting_periods=len(periods),
    )


# --- Survey waves ------------------------------------------------------------------------------

# cluster, wave name, kind, fieldwork start and end, the CDA who imports it, the diagnostic's wave
_WAVES: tuple[tuple[str, str, str, date, date, str, bool], ...] = (
    (
        "atuntaqui-garments",
        "Baseline 2003",
        SurveyWave.Kind.BASELINE,
        date(2003, 10, 1),
        date(2003, 11, 21),
        "cda",
        True,
    ),
    (
        "atuntaqui-garments",
        "Follow-up 2005",
        SurveyWave.Kind.FOLLOW_UP,
        date(2005, 10, 3),
        date(2005, 11, 25),
        "cda",
        False,
    ),
    (
        "ambato-footwear",
        "Baseline 2004",
        SurveyWave.Kind.BASELINE,
        date(2004, 2, 2),
        date(2004, 3, 26),
        "cda-ambato",
        True,
    ),
    (
        "ambato-footwear",
        "Follow-up 2005",
        SurveyWave.Kind.FOLLOW_UP,
        date(2005, 10, 3),
        date(2005, 11, 25),
        "cda-ambato",
        False,
    ),
)

_DIAGNOSTIC_TITLES = {"atuntaqui-garments": "Diagnostic study of the Atuntaqui garment cluster"}


def _surveys(clusters: dict[str, Cluster], users: dict[str, User]) -> list[SurveyWave]:
    waves = []
    with tempfile.TemporaryDirectory(prefix="clusterdev-demo-") as folder:
        for slug, name, kind, start, end, cda, diagnostic in _WAVES:
            cluster = clusters[slug]
            wave = _survey(cluster, name, kind, start, end, by=users[cda], folder=Path(folder))
            if diagnostic:
                _diagnostic_wave(cluster, wave)
            waves.append(wave)
    return waves


def _survey(
    cluster: Cluster, name: str, kind: str, start: date, end: date, *, by: User, folder: Path
) -> SurveyWave:
    """A wave whose three surveys are practice exports imported as the CDA would import them,
    with its baseline values computed."""
    wave = SurveyWave(
        cluster=cluster, name=name, kind=kind, start_date=start, end_date=end, created_by=by
    )
    wave.full_clean()
    wave.save()
    for survey in InstrumentKind.values:
        instruments.generate_instrument(wave, survey, by=by)
        path = sample_export(wave, survey, folder / f"wave-{wave.pk}", seed=SURVEY_SEED)
        result = import_export(wave, [path], kind=survey, by=by)
        if not result.written:
            raise RuntimeError(
                f"the demo's {survey} survey of {wave} did not import: {result.report}"
            )
    # A large register takes longer to interview than the planned fieldwork (four a day).
    last = wave.submissions.aggregate(last=Max("submitted_at"))["last"]
    if last is not None and last.date() > end:
        wave.end_date = last.date()
        wave.save(update_fields=["end_date"])
    imported = _noon(wave.end_date or end)
    ImportBatch.objects.filter(wave=wave).update(imported_at=imported)
    Submission.objects.filter(wave=wave).update(imported_at=imported)
    baseline.recompute(cluster, wave, by=by)
    return wave


def _diagnostic_wave(cluster: Cluster, wave: SurveyWave) -> None:
    """Make ``wave`` the one the cluster's diagnostic figures (and its baseline) use."""
    diagnostic = diagnostic_of(cluster)
    diagnostic.title = _DIAGNOSTIC_TITLES.get(cluster.slug, diagnostic.title)
    diagnostic.wave = wave
    diagnostic.save()


# --- Atuntaqui's vision and action plan --------------------------------------------------------

VISION_DAY = date(2004, 3, 18)  # the Commission's vision meeting (see demo_governance)
PLAN_SUBMITTED = date(2004, 7, 15)  # circulated a week before the meeting, as resolved
PLAN_ENDORSED = date(2004, 7, 22)  # the day the cluster moved to *implementing*

_VISION = (
    "Atuntaqui, the garment centre of the North: known in Ecuador and Colombia for the design "
    "and quality of its knitwear, with workshops that work together and decent jobs for the "
    "women and men of Antonio Ante."
)
_OBJECTIVES = (
    "Build trust and cooperation among the workshops through joint actions.",
    "Raise design and quality so that Atuntaqui garments compete with imports.",
    "Reach new buyers in Ecuador and Colombia under a common image of Atuntaqui.",
)


@dataclass(frozen=True)
class _Progress:
    on: date
    status: str
    text: str
    progress: int | None = None
    participants: tuple[int, int] = (0, 0)
    cofinancing: dict[str, int] = field(default_factory=dict)
    issues: str = ""
    resolution: str = ""


@dataclass(frozen=True)
class _Action:
    title: str
    type: str
    nature: str
    lead: str
    start: date
    end: date
    objective: int
    findings: tuple[str, ...]
    participants: tuple[int, int]
    budget: dict[str, int]
    milestones: tuple[tuple[str, date], ...]
    expected_outputs: str
    indicators: str
    means_of_verification: str
    assumptions_risks: str
    progress: tuple[_Progress, ...] = ()


# Findings are named by the start of their text (see demo_governance._FINDINGS); participants
# are a range (start, stop) of the cluster's member enterprises in order of name.
_ACTIONS: tuple[_Action, ...] = (
    _Action(
        title="Joint purchase of yarn through the Asociación de Confeccionistas",
        type=ActionType.JOINT_PURCHASING,
        nature=Nature.HARD,
        lead="aca",
        start=date(2004, 8, 2),
        end=date(2004, 11, 30),
        objective=0,
        findings=("Yarn is bought retail", "Joint purchase of yarn"),
        participants=(0, 26),
        budget={"enterprises": 14000, "institutions": 2000, "donor": 1500},
        milestones=(
            ("Yarn samples tested at the university's laboratory", date(2004, 9, 10)),
            ("First joint order delivered", date(2004, 10, 15)),
        ),
        expected_outputs="Two joint orders of acrylic and cotton yarn from a spinning mill.",
        indicators="Workshops buying jointly; price paid against the retail price.",
        means_of_verification="Purchase orders and invoices kept by the association.",
        assumptions_risks="Workshops pay their share on time; the cooperative's credit line.",
        progress=(
            _Progress(
                date(2004, 9, 15),
                Status.UNDER_WAY,
                "Twenty-six workshops pooled their orders; the university tested the samples "
                "of two mills.",
                progress=40,
                participants=(0, 26),
                cofinancing={"donor": 900},
                issues="Three workshops could not pay their share in advance.",
                resolution="The Cooperativa Hilanderas del Norte lent them the amount for 60 days.",
            ),
            _Progress(
                date(2004, 11, 26),
                Status.COMPLETED,
                "Two joint orders delivered to 24 workshops, at 18% below the retail price.",
                participants=(0, 24),
                cofinancing={"enterprises": 15200, "institutions": 1800, "donor": 500},
            ),
        ),
    ),
    _Action(
        title="Design and quality training cycle",
        type=ActionType.TRAINING,
        nature=Nature.SOFT,
        lead="cdm",
        start=date(2004, 8, 16),
        end=date(2004, 12, 10),
        objective=1,
        findings=("Design training with the Centro", "Little cooperation"),
        participants=(20, 52),
        budget={"enterprises": 3000, "institutions": 2500, "donor": 6000},
        milestones=(
            ("Module 1: trends and collections", date(2004, 9, 17)),
            ("Module 3: quality control", date(2004, 11, 19)),
        ),
        expected_outputs="Three modules for owners and pattern makers; a collection per workshop.",
        indicators="Participants by sex; workshops presenting their own collection.",
        means_of_verification="Attendance lists and certificates of the Centro de Diseño.",
        assumptions_risks="Owners can leave their workshops for two afternoons a week.",
        progress=(
            _Progress(
                date(2004, 8, 20),
                Status.UNDER_WAY,
                "The first module started with 33 workshops, most of them run by women.",
                progress=10,
                participants=(20, 53),
            ),
            _Progress(
                date(2004, 12, 10),
                Status.COMPLETED,
                "Three modules held; 31 workshops completed the cycle and presented a collection.",
                participants=(20, 51),
                cofinancing={"enterprises": 2800, "institutions": 2500, "donor": 5700},
            ),
        ),
    ),
    _Action(
        title="Expoferia Atuntaqui 2005: the cluster’s second garment fair, at Carnival",
        type=ActionType.JOINT_MARKETING,
        nature=Nature.SOFT,
        lead="ccaa",
        start=date(2004, 9, 1),
        end=date(2005, 2, 28),
        objective=2,
        findings=("A joint garment fair", "Visitors from Quito and Colombia"),
        participants=(0, 60),
        budget={"enterprises": 22000, "institutions": 3000, "government": 8000, "donor": 5000},
        milestones=(
            ("Stands allocated to the workshops", date(2004, 12, 15)),
            ("The fair opens at Carnival", date(2005, 2, 5)),
        ),
        expected_outputs="A four-day fair with shared stands; advertising in Quito and Ibarra.",
        indicators="Workshops exhibiting; visitors; sales reported during the fair.",
        means_of_verification="The Cámara's register of stands; municipal visitor counts.",
        assumptions_risks="The municipality lends the fairgrounds; no price war between stands.",
        progress=(
            _Progress(
                date(2004, 10, 8),
                Status.UNDER_WAY,
                "A committee of the Cámara, the municipality and the association formed; "
                "sixty workshops registered for stands.",
                progress=30,
                participants=(0, 60),
                cofinancing={"institutions": 1000, "government": 2000},
            ),
        ),
    ),
    _Action(
        title="Shared design and CAD pattern-making centre",
        type=ActionType.SHARED_FACILITY,
        nature=Nature.HARD,
        lead="utn",
        start=date(2004, 10, 1),
        end=date(2005, 9, 30),
        objective=1,
        findings=("Little cooperation",),
        participants=(30, 50),
        budget={"enterprises": 6000, "institutions": 12000, "government": 5000, "donor": 20000},
        milestones=(
            ("CAD software and plotter installed", date(2005, 3, 31)),
            ("First patterns sold to workshops", date(2005, 6, 30)),
        ),
        expected_outputs="A centre where workshops buy patterns and grade sizes by computer.",
        indicators="Workshops using the centre; patterns made; fees collected.",
        means_of_verification="The centre's register of services and its accounts.",
        assumptions_risks="Fees cover the technician after the programme; premises available.",
        progress=(
            _Progress(
                date(2004, 12, 6),
                Status.UNDER_WAY,
                "Premises at the university's Atuntaqui extension agreed; the CAD software and "
                "plotter were put out to tender.",
                progress=15,
                cofinancing={"institutions": 1500, "donor": 4000},
            ),
        ),
    ),
    _Action(
        title="Exposure visit to the garment cluster of Medellín, Colombia",
        type=ActionType.EXPOSURE_VISIT,
        nature=Nature.SOFT,
        lead="aca",
        start=date(2005, 3, 14),
        end=date(2005, 4, 29),
        objective=0,
        findings=("Little cooperation",),
        participants=(40, 55),
        budget={"enterprises": 4500, "donor": 7500},
        milestones=(("Visit to the workshops and the fair in Medellín", date(2005, 4, 11)),),
        expected_outputs="Fifteen owners see how a garment cluster shares services and a fair.",
        indicators="Owners travelling, by sex; ideas taken up by the Commission.",
        means_of_verification="Travel report presented to the Commission.",
        assumptions_risks="Visas and the owners' time during the season.",
    ),
    _Action(
        title="“Hecho en Atuntaqui” collective brand and marketing campaign",
        type=ActionType.JOINT_MARKETING,
        nature=Nature.HARD,
        lead="ccaa",
        start=date(2005, 1, 10),
        end=date(2005, 12, 16),
        objective=2,
        findings=("Cheap imported garments", "Visitors from Quito and Colombia"),
        participants=(0, 40),
        budget={"enterprises": 9000, "institutions": 2000, "government": 6000, "donor": 8000},
        milestones=(
            ("Brand registered with the intellectual property institute", date(2005, 5, 31)),
            ("Campaign launched in Quito", date(2005, 9, 15)),
        ),
        expected_outputs="A registered collective brand with quality rules; a campaign in Quito.",
        indicators="Workshops licensed to use the brand; new buyers reached.",
        means_of_verification="Brand registration; the Cámara's list of licensed workshops.",
        assumptions_risks="Workshops accept the brand's quality rules and inspections.",
    ),
)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _atuntaqui_plan(cluster: Cluster, actors: dict[str, Actor], users: dict[str, User]) -> int:
    """The vision, plan revision 1 endorsed by the Commission, and the actions' progress."""
    cda, member = users["cda"], users["commission"]
    commission = commission_of(cluster)
    assert commission is not None, "the demo's governance creates the Atuntaqui Commission"
    vision = save_vision(
        cluster,
        statement=_VISION,
        proposed_by="Cluster Commission, vision workshop",
        on=VISION_DAY,
        objectives=_OBJECTIVES,
        by=cda,
    )
    _endorse(vision, commission.meetings.get(date=VISION_DAY), VISION_DAY, cda, member)
    revision = start_revision(
        cluster,
        by=cda,
        vision=vision,
        note="First action plan, drafted with the working groups on the trade fair, the joint "
        "purchase of yarn and design.",
    )
    objectives = list(vision.objectives.order_by("position"))
    enterprises = list(
        Actor.objects.enterprises().filter(memberships__cluster=cluster).order_by("name", "id")
    )
    saved = []
    for spec in _ACTIONS:
        data = ActionData(
            title=spec.title,
            type=spec.type,
            nature=spec.nature,
            lead=actors[spec.lead],
            start=spec.start,
            end=spec.end,
            objective=objectives[spec.objective],
            findings=[cluster.findings.get(text__startswith=text) for text in spec.findings],
            participants=enterprises[slice(*spec.participants)],
            milestones=spec.milestones,
            budget={source: Decimal(amount) for source, amount in spec.budget.items()},
            budget_total=Decimal(sum(spec.budget.values())),
            expected_outputs=spec.expected_outputs,
            indicators=spec.indicators,
            means_of_verification=spec.means_of_verification,
            assumptions_risks=spec.assumptions_risks,
        )
        saved.append(save_action(revision, data))
    _endorse(revision, _plan_meeting(commission, cda), PLAN_SUBMITTED, cda, member)
    for spec, action in zip(_ACTIONS, saved, strict=True):
        for step in spec.progress:
            record_progress(
                action,
                on=step.on,
                status=step.status,
                text=step.text,
                by=cda,
                progress=step.progress,
                issues=step.issues,
                resolution=step.resolution,
                participants=enterprises[slice(*step.participants)],
                cofinancing={source: Decimal(n) for source, n in step.cofinancing.items()},
            )
    return len(saved)


def _endorse(
    record: Vision | PlanRevision, meeting: Meeting, submitted: date, author: User, by: User
) -> None:
    """Submit ``record`` as written on ``submitted`` and record its endorsement at ``meeting``
    (by another person than its author, as governance requires)."""
    version = submit(record, by=author)
    DocumentVersion.objects.filter(pk=version.pk).update(created_at=_noon(submitted))
    version.refresh_from_db()
    endorse(
        body=meeting.body,
        meeting=meeting,
        version=version,
        digest=version.digest,
        by=by,
        note="Endorsed by consensus of the members present.",
    )


def _plan_meeting(commission: Body, by: User) -> Meeting:
    meeting = Meeting(
        body=commission,
        date=PLAN_ENDORSED,
        place="Cámara de Comercio de Antonio Ante",
        agenda="1. The draft action plan\n2. Lead organisations and budgets\n3. Endorsement",
        minutes=(
            "The working groups presented the six joint actions; the associations confirmed "
            "their shares of the budgets. The Commission endorsed the action plan."
        ),
        status=Meeting.Status.HELD,
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    members = commission.memberships.select_related("person").order_by("id")
    record_attendance(
        meeting,
        [
            AttendeeRow(
                membership=m,
                stakeholder_group=m.stakeholder_group,
                sex=(m.person.sex or "not_stated") if m.person else "not_stated",
            )
            for m in members
        ],
    )
    return meeting


# --- IATI --------------------------------------------------------------------------------------


def _iati_settings(programme: Programme) -> IatiSettings:
    """UNIDO reports the programme, under an activity identifier of its own reference."""
    settings = IatiSettings(
        programme=programme,
        reporting_org_ref=UNIDO_REF,
        reporting_org_name=UNIDO_NAME,
        reporting_org_type=IatiSettings.OrgType.MULTILATERAL,
        activity_identifier=f"{UNIDO_REF}-{programme.slug.upper()}",
    )
    settings.full_clean()
    settings.save()
    return settings
