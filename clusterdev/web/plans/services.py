"""Rules on visions, plan revisions, joint actions and their implementation; the comparison of
revisions; the figures monitoring and evaluation reads without re-entry.

Every write goes through one function here, wrapped in a transaction: a rule broken raises a
``ValidationError`` naming the field, and nothing is written.

Budgets are entered as **amounts by source** (enterprises, institutions, government,
donor/project, other), never as percentages: the total and each source's share are derived from
the amounts, so shares always add up. Where the agreed total budget is also given, the amounts
must add up to it — the check that catches a split that does not match the agreement.

M&E figures (:func:`joint_actions_initiated`, :func:`joint_actions_implemented`,
:func:`actions_by_type`, :func:`participating_enterprises`, :func:`cofinancing_shares`) read the
progress updates and the plan revisions in force, for a cluster or a whole programme.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from clusterdev.web.actors.models import Actor, OwnerSex, SizeClass
from clusterdev.web.cdas.services import cluster_cdas
from clusterdev.web.diagnostics.models import Finding
from clusterdev.web.governance import services as governance
from clusterdev.web.governance.models import Body, DocumentVersion
from clusterdev.web.plans.models import (
    SOURCES,
    ActionEditor,
    ActionPlan,
    ActionType,
    DroppedAction,
    Endorsable,
    Evidence,
    JointAction,
    LockedError,
    Milestone,
    Objective,
    PlanRevision,
    ProgressUpdate,
    Source,
    Status,
    Vision,
    today,
)
from clusterdev.web.programmes.models import Cluster, Programme

__all__ = [
    "CDA_LEAD",
    "ActionData",
    "Comparison",
    "Dashboard",
    "TypeCount",
    "actions_by_type",
    "budget_totals",
    "cofinancing_shares",
    "compare",
    "current_status",
    "dashboard",
    "delete_action",
    "in_force",
    "joint_actions_implemented",
    "joint_actions_initiated",
    "lead_problem",
    "participating_enterprises",
    "plan_of",
    "record_progress",
    "revision_text",
    "save_action",
    "save_vision",
    "set_editors",
    "start_revision",
    "submit",
    "vision_text",
    "withdraw",
]

Scope = Programme | Cluster

# The lead-actor choice that names the CDA or the project team itself; always refused.
CDA_LEAD = "cda"


def cda_lead_message() -> str:
    return _(
        "The CDA or the project cannot lead a joint action: the CDA facilitates and brokers, "
        "but existing organisations (an enterprise network or association, a support "
        "institution) lead and run the joint actions, so that they go on after the programme. "
        "Choose the organisation that will lead it."
    )


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


# --- Vision ------------------------------------------------------------------------------------


def latest_vision(cluster: Cluster) -> Vision | None:
    return Vision.objects.filter(cluster=cluster).order_by("-number").first()


@transaction.atomic
def save_vision(
    cluster: Cluster,
    *,
    statement: str,
    proposed_by: str,
    on: date,
    objectives: Sequence[str],
    by: User | None,
    vision: Vision | None = None,
) -> Vision:
    """A new vision version of ``cluster`` (or the draft ``vision`` changed): the statement and
    its strategic objectives, in order."""
    errors: dict[str, list[str]] = defaultdict(list)
    if vision is not None:
        reason = vision.lock_reason()
        if reason:
            raise LockedError(reason)
    texts = [text.strip() for text in objectives if text.strip()]
    if not statement.strip():
        errors["statement"].append(_("Write the vision statement."))
    if not proposed_by.strip():
        errors["proposed_by"].append(_("Say who proposed this version."))
    if not texts:
        errors["objectives"].append(_("Give at least one strategic objective."))
    if on > today():
        errors["date"].append(_("A vision version cannot be dated in the future."))
    if vision is not None:
        kept = vision.objectives.order_by("position", "id")
        for objective in list(kept)[len(texts) :]:
            if objective.actions.exists():
                errors["objectives"].append(
                    _(
                        "Objective “%(text)s” is served by joint actions of the plan: keep it, "
                        "or change those actions first."
                    )
                    % {"text": objective.text}
                )
    if errors:
        raise ValidationError(dict(errors))
    if vision is None:
        vision = Vision(cluster=cluster, created_by=by)
    vision.statement = statement.strip()
    vision.proposed_by = proposed_by.strip()
    vision.date = on
    vision.save()
    existing = list(vision.objectives.order_by("position", "id"))
    for position, text in enumerate(texts, start=1):
        if position <= len(existing):
            objective = existing[position - 1]
            if (objective.text, objective.position) != (text, position):
                objective.text, objective.position = text, position
                objective.save()
        else:
            Objective.objects.create(vision=vision, position=position, text=text)
    for objective in existing[len(texts) :]:
        objective.delete()
    return vision


def vision_text(vision: Vision) -> str:
    """The vision version as the Commission reads and endorses it (stable: same version, same
    text)."""
    lines = [
        str(vision),
        _("Date: %(date)s") % {"date": vision.date.isoformat()},
        _("Proposed by: %(who)s") % {"who": vision.proposed_by},
        "",
        _("Vision statement:"),
        vision.statement,
        "",
        _("Strategic objectives:"),
        *[f"{o.position}. {o.text}" for o in vision.objectives.order_by("position", "id")],
    ]
    return "\n".join(lines)


# --- Endorsement through governance ------------------------------------------------------------


def _document_title(record: Endorsable) -> str:
    if isinstance(record, Vision):
        return _("Vision of %(cluster)s") % {"cluster": record.cluster.name}
    assert isinstance(record, PlanRevision)
    return _("Action plan of %(cluster)s") % {"cluster": record.plan.cluster.name}


def _siblings(record: Endorsable) -> QuerySet[Any]:
    if isinstance(record, Vision):
        return Vision.objects.filter(cluster_id=record.cluster_id)
    assert isinstance(record, PlanRevision)
    return PlanRevision.objects.filter(plan_id=record.plan_id)


def _existing_document(record: Endorsable) -> Any:
    """The governance document the earlier versions or revisions went to (so that a change of
    language or of the cluster's name does not start another document)."""
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(type(record))
    version = (
        DocumentVersion.objects.filter(
            source_type=kind, source_id__in=_siblings(record).values("pk")
        )
        .select_related("document")
        .order_by("-created_at")
        .first()
    )
    return version.document if version else None


@transaction.atomic
def submit(record: Vision | PlanRevision, *, by: User) -> DocumentVersion:
    """Hand ``record`` to the Cluster Commission for endorsement: a governance document version
    holding its text (and, for a plan revision, its PDF). From now on it cannot change."""
    state = record.governance_state()
    if state == Endorsable.State.ENDORSED:
        raise ValidationError(record.endorsed_message())
    if state == Endorsable.State.SUBMITTED:
        raise ValidationError(
            _("%(record)s is already awaiting endorsement.") % {"record": str(record)}
        )
    if isinstance(record, PlanRevision):
        if not record.actions.exists():
            raise ValidationError(_("Add the joint actions before submitting the revision."))
        content = revision_text(record)
        from django.core.files.base import ContentFile

        from clusterdev.web.plans.exports import revision_pdf

        file: Any = ContentFile(
            revision_pdf(record),
            name=f"action-plan-{record.plan.cluster.slug}-r{record.number}.pdf",
        )
        kind = "action_plan"
        cluster = record.plan.cluster
    else:
        content, file, kind, cluster = vision_text(record), None, "other", record.cluster
    document = _existing_document(record)
    version = governance.submit_version(
        author=by,
        content=content,
        file=file,
        source=record,
        document=document,
        kind=None if document else kind,
        title=None if document else _document_title(record),
        cluster=None if document else cluster,
    )
    record.sync_status()
    return version


@transaction.atomic
def withdraw(record: Vision | PlanRevision) -> None:
    """Take ``record`` back from endorsement (it was not endorsed yet) so that it can change."""
    if record.governance_state() == Endorsable.State.ENDORSED:
        raise ValidationError(record.endorsed_message())
    for version in governance.versions_of(record).filter(endorsed_at__isnull=True):
        version.delete()
    record.sync_status()


def commission_of(cluster: Cluster) -> Body | None:
    return Body.objects.filter(cluster=cluster, kind=Body.Kind.CLUSTER_COMMISSION).first()


# --- Plan revisions ----------------------------------------------------------------------------


def plan_of(cluster: Cluster) -> ActionPlan:
    plan, _created = ActionPlan.objects.get_or_create(cluster=cluster)
    return plan


def in_force(plan: ActionPlan | None) -> PlanRevision | None:
    """The revision that implementation follows: the latest endorsed one, else the latest."""
    if plan is None:
        return None
    revisions = list(plan.revisions.order_by("-number"))
    for revision in revisions:
        revision.status = revision.governance_state()  # read only: nothing is saved here
    endorsed = [r for r in revisions if r.status == Endorsable.State.ENDORSED]
    candidates = endorsed or revisions
    return candidates[0] if candidates else None


@transaction.atomic
def start_revision(
    cluster: Cluster, *, by: User | None, note: str = "", vision: Vision | None = None
) -> PlanRevision:
    """Revision 1 of the cluster's plan, or revision N+1 as a copy of the endorsed revision N
    (the same actions, keys, findings, participants and milestones) to change from there."""
    plan = plan_of(cluster)
    latest = plan.revisions.order_by("-number").first()
    if latest is not None:
        state = latest.sync_status()
        if state != Endorsable.State.ENDORSED:
            raise ValidationError(
                _(
                    "Revision %(n)s is not endorsed yet: change it, rather than starting another "
                    "revision."
                )
                % {"n": latest.number}
            )
    if vision is not None and vision.cluster_id != cluster.pk:
        raise ValidationError({"vision": _("Choose a vision of this cluster.")})
    if vision is None:
        vision = latest_vision(cluster)
    revision = PlanRevision.objects.create(plan=plan, vision=vision, note=note, created_by=by)
    if latest is not None:
        for old in latest.actions.prefetch_related("findings", "participants", "milestones"):
            findings = list(old.findings.all())
            participants = list(old.participants.all())
            milestones = list(old.milestones.all())
            old._prefetched_objects_cache = {}  # type: ignore[attr-defined]
            old.pk = None
            old.id = None
            old._state.adding = True
            old.revision = revision
            old.save()
            old.findings.set(findings)
            old.participants.set(participants)
            for milestone in milestones:
                Milestone.objects.create(action=old, title=milestone.title, date=milestone.date)
    return revision


# --- Joint actions -----------------------------------------------------------------------------


@dataclass
class ActionData:
    """What a joint action form gives. ``lead`` is an actor, or :data:`CDA_LEAD`."""

    title: str
    type: str
    nature: str
    lead: Actor | str | None
    start: date | None
    end: date | None
    type_other: str = ""
    objective: Objective | None = None
    findings: Sequence[Finding] = ()
    participants: Sequence[Actor] = ()
    milestones: Sequence[tuple[str, date | None]] = ()
    currency: str = "USD"
    budget: dict[str, Decimal] = field(default_factory=dict)
    budget_total: Decimal | None = None
    expected_outputs: str = ""
    indicators: str = ""
    means_of_verification: str = ""
    assumptions_risks: str = ""


def _network_actor_ids(cluster: Cluster) -> set[int]:
    """Organisations of the register that are a governance mechanism (an association, a network
    or consortium, a platform) of the cluster or the programme."""
    return set(
        Body.objects.filter(programme_id=cluster.programme_id, actor__isnull=False)
        .filter(Q(cluster__isnull=True) | Q(cluster=cluster))
        .exclude(kind__in=[Body.Kind.CLUSTER_COMMISSION, Body.Kind.STEERING_COMMITTEE])
        .values_list("actor_id", flat=True)
    )


def lead_candidates(cluster: Cluster) -> QuerySet[Actor]:
    """Organisations that may lead a joint action of ``cluster``: support institutions of the
    programme, and enterprise networks or associations recorded as governance bodies."""
    return (
        Actor.objects.filter(programme_id=cluster.programme_id)
        .filter(Q(kind=Actor.Kind.INSTITUTION) | Q(pk__in=_network_actor_ids(cluster)))
        .order_by("name", "id")
    )


def lead_problem(cluster: Cluster, lead: Actor | str | None) -> str | None:
    """Why ``lead`` cannot lead a joint action of ``cluster`` (None when it can).

    The UNIDO approach has existing organisations lead joint actions while the CDA facilitates:
    the CDA (the choice :data:`CDA_LEAD`, or an organisation that is the CDA in disguise — one
    whose name is the CDA's, or one of whose people is the CDA's user account) and the
    programme itself are refused; so is a single enterprise, which leads for itself rather than
    for a group.
    """
    if lead is None or lead == "":
        return _("Choose the organisation that leads the action.")
    if isinstance(lead, str):
        return cda_lead_message() if lead == CDA_LEAD else _("Unknown lead actor.")
    if lead.programme_id != cluster.programme_id:
        return _("The lead actor must be in the programme's actor register.")
    name = lead.name.strip().casefold()
    cda_users = [c.user for c in cluster_cdas(cluster)]
    cda_names = {
        text.strip().casefold()
        for user in cda_users
        for text in (user.get_full_name(), user.get_username())
        if text.strip()
    }
    programme_names = {cluster.programme.name.strip().casefold(), cluster.programme.slug}
    if (
        name in cda_names
        or name in programme_names
        or lead.people.filter(user__in=[u.pk for u in cda_users]).exists()
    ):
        return cda_lead_message()
    if lead.kind == Actor.Kind.ENTERPRISE and lead.pk not in _network_actor_ids(cluster):
        return _(
            "%(name)s is a single enterprise. A joint action is led by a group: an enterprise "
            "network or association (record it as a governance body of the cluster) or a "
            "support institution."
        ) % {"name": lead.name}
    return None


def _check_action(revision: PlanRevision, data: ActionData) -> dict[str, list[str]]:
    cluster = revision.plan.cluster
    errors: dict[str, list[str]] = defaultdict(list)
    if not data.title.strip():
        errors["title"].append(_("Give the action a title."))
    if data.type not in ActionType.values:
        errors["type"].append(_("Choose the type of joint action."))
    elif data.type == ActionType.OTHER and not data.type_other.strip():
        errors["type_other"].append(_("Name the type of this joint action."))
    if data.nature not in ("soft", "hard"):
        errors["nature"].append(_("Say whether the action is soft or hard."))
    problem = lead_problem(cluster, data.lead)
    if problem:
        errors["lead"].append(problem)
    if data.start is None:
        errors["start"].append(_("Give the start date."))
    if data.end is None:
        errors["end"].append(_("Give the end date."))
    if data.start and data.end and data.end < data.start:
        errors["end"].append(
            _("The end (%(end)s) comes before the start (%(start)s).")
            % {"end": data.end.isoformat(), "start": data.start.isoformat()}
        )
    if data.objective is not None and data.objective.vision.cluster_id != cluster.pk:
        errors["objective"].append(_("Choose an objective of this cluster's vision."))
    foreign = [f for f in data.findings if f.cluster_id != cluster.pk]
    if foreign:
        errors["findings"].append(
            _("These findings belong to another cluster's diagnostic: %(findings)s.")
            % {"findings": "; ".join(f.text[:60] for f in foreign)}
        )
    outsiders = [a for a in data.participants if a.programme_id != cluster.programme_id]
    if outsiders:
        errors["participants"].append(
            _("Not in the programme's actor register: %(names)s.")
            % {"names": ", ".join(a.name for a in outsiders)}
        )
    for title, when in data.milestones:
        if not title.strip() or when is None:
            errors["milestones"].append(_("Give each milestone a title and a date."))
        elif data.start and data.end and not data.start <= when <= data.end:
            errors["milestones"].append(
                _(
                    "Milestone “%(title)s” (%(date)s) falls outside the action's dates "
                    "(%(start)s to %(end)s)."
                )
                % {
                    "title": title.strip(),
                    "date": when.isoformat(),
                    "start": data.start.isoformat(),
                    "end": data.end.isoformat(),
                }
            )
    currency = data.currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"].append(_("Give the currency as a three-letter code (USD, EUR…)."))
    amounts = {source: data.budget.get(source) or Decimal(0) for source in SOURCES}
    for source, amount in amounts.items():
        if amount < 0:
            errors[f"budget_{source}"].append(_("An amount cannot be negative."))
    total = sum(amounts.values(), Decimal(0))
    if data.budget_total is not None and total != data.budget_total:
        errors["budget_total"].append(
            _(
                "The amounts by source add up to %(sum)s, not the total budget of %(total)s "
                "(a difference of %(diff)s): the shares must add up to the whole budget."
            )
            % {
                "sum": _money(total),
                "total": _money(data.budget_total),
                "diff": _money(data.budget_total - total),
            }
        )
    return errors


@transaction.atomic
def save_action(
    revision: PlanRevision, data: ActionData, *, action: JointAction | None = None
) -> JointAction:
    """Add a joint action to ``revision`` (or change ``action``, one of its rows) with its
    findings, participants and milestones; refused as a whole when a rule is broken."""
    revision = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    revision.check_unlocked()
    if action is not None and action.revision_id != revision.pk:
        raise ValueError("the action belongs to another revision")
    errors = _check_action(revision, data)
    if errors:
        raise ValidationError(dict(errors))
    if action is None:
        last = revision.actions.order_by("-position").values_list("position", flat=True).first()
        action = JointAction(revision=revision, position=(last or 0) + 1)
    assert isinstance(data.lead, Actor) and data.start and data.end
    action.title = data.title.strip()
    action.type = data.type
    action.type_other = data.type_other.strip() if data.type == ActionType.OTHER else ""
    action.nature = data.nature
    action.objective = data.objective
    action.lead_actor = data.lead
    action.start, action.end = data.start, data.end
    action.currency = data.currency.strip().upper()
    for source in SOURCES:
        setattr(action, f"budget_{source}", data.budget.get(source) or Decimal(0))
    action.expected_outputs = data.expected_outputs.strip()
    action.indicators = data.indicators.strip()
    action.means_of_verification = data.means_of_verification.strip()
    action.assumptions_risks = data.assumptions_risks.strip()
    action.full_clean(exclude=["revision", "key"])
    action.save()
    action.findings.set(data.findings)
    action.participants.set(data.participants)
    wanted = sorted((title.strip(), when) for title, when in data.milestones if when)
    current = sorted((m.title, m.date) for m in action.milestones.all())
    if wanted != current:
        for milestone in action.milestones.all():
            milestone.delete()
        for title, when in wanted:
            Milestone.objects.create(action=action, title=title, date=when)
    return action


@transaction.atomic
def delete_action(action: JointAction, *, reason: str = "") -> None:
    """Take ``action`` out of its (draft) revision. An action the previous revision had is
    *dropped*: say why, so that the comparison shows it."""
    revision = PlanRevision.objects.select_for_update().get(pk=action.revision_id)
    revision.check_unlocked()
    if action.updates.exists():
        raise ValidationError(
            _(
                "%(title)s already has progress updates: record it as dropped in its "
                "implementation instead."
            )
            % {"title": action.title}
        )
    previous = revision.previous()
    if previous is not None and previous.actions.filter(key=action.key).exists():
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Say why the action is dropped from this revision.")}
            )
        DroppedAction.objects.create(
            revision=revision, key=action.key, title=action.title, reason=reason.strip()
        )
    for milestone in action.milestones.all():
        milestone.delete()
    action.delete()


@transaction.atomic
def set_editors(action: JointAction, users: Iterable[User]) -> None:
    """Designate who may record the implementation of ``action``'s joint action (in every
    revision). The users must see the cluster and not be donor viewers."""
    from clusterdev.web.plans.access import designatable_users

    plan = action.revision.plan
    allowed = set(designatable_users(plan.cluster).values_list("pk", flat=True))
    users = list(users)
    refused = [u for u in users if u.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "editors": _("%(names)s may not update this cluster's joint actions.")
                % {"names": ", ".join(u.get_username() for u in refused)}
            }
        )
    ActionEditor.objects.filter(plan=plan, key=action.key).exclude(user__in=users).delete()
    for user in users:
        ActionEditor.objects.get_or_create(plan=plan, key=action.key, user=user)


def editors_of(action: JointAction) -> QuerySet[User]:
    return User.objects.filter(
        joint_actions_edited__plan_id=action.revision.plan_id,
        joint_actions_edited__key=action.key,
    ).order_by("username")


# --- Implementation ----------------------------------------------------------------------------


def updates_of(action: JointAction) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(plan_id=action.revision.plan_id, key=action.key)
        .select_related("by", "action__revision")
        .prefetch_related("evidence", "participants")
        .order_by("-date", "-id")
    )


def current_status(plan: ActionPlan) -> dict[str, ProgressUpdate]:
    """The latest progress update of each action key of ``plan`` (keys without one are
    *planned*)."""
    latest: dict[str, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(plan=plan).order_by("key", "-date", "-id"):
        latest.setdefault(update.key, update)
    return latest


@transaction.atomic
def record_progress(
    action: JointAction,
    *,
    on: date,
    status: str,
    text: str,
    by: User | None,
    progress: int | None = None,
    reason: str = "",
    issues: str = "",
    resolution: str = "",
    participants: Sequence[Actor] = (),
    cofinancing: dict[str, Decimal] | None = None,
    files: Sequence[UploadedFile] = (),
) -> ProgressUpdate:
    """A dated progress update of ``action``'s joint action: its status from then on, what
    happened, the actual participants and the co-financing contributed since the previous
    update, and evidence files. Recorded against the action's key, so it follows the action
    through later revisions."""
    errors: dict[str, list[str]] = defaultdict(list)
    plan = action.revision.plan
    if status not in Status.values:
        errors["status"].append(_("Choose the status."))
    if on > today():
        errors["date"].append(_("A progress update cannot be dated in the future."))
    if not text.strip():
        errors["text"].append(_("Write what happened."))
    if status in (Status.DROPPED, Status.DELAYED) and not reason.strip():
        errors["reason"].append(
            _("Say why the action is dropped.")
            if status == Status.DROPPED
            else _("Say why the action is delayed.")
        )
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"].append(_("Progress is a percentage from 0 to 100."))
    if issues.strip() == "" and resolution.strip():
        errors["issues"].append(_("Describe the issue that was resolved."))
    outsiders = [a for a in participants if a.programme_id != plan.cluster.programme_id]
    if outsiders:
        errors["participants"].append(
            _("Not in the programme's actor register: %(names)s.")
            % {"names": ", ".join(a.name for a in outsiders)}
        )
    amounts = {source: (cofinancing or {}).get(source) or Decimal(0) for source in SOURCES}
    for source, amount in amounts.items():
        if amount < 0:
            errors[f"actual_{source}"].append(_("An amount cannot be negative."))
    if errors:
        raise ValidationError(dict(errors))
    if status == Status.COMPLETED and progress is None:
        progress = 100
    update = ProgressUpdate(
        plan=plan,
        key=action.key,
        action=action,
        date=on,
        status=status,
        progress=progress,
        text=text.strip(),
        reason=reason.strip(),
        issues=issues.strip(),
        resolution=resolution.strip(),
        by=by,
        **{f"actual_{source}": amount for source, amount in amounts.items()},
    )
    update.full_clean(exclude=["plan", "action", "by"])
    update.save()
    update.participants.set(participants)
    for upload in files:
        Evidence.objects.create(update=update, file=upload, name=Path(upload.name or "").name)
    return update


# --- Comparing revisions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    key: str
    title: str
    old: JointAction | None
    new: JointAction | None
    what: str
    before: str = ""
    after: str = ""


def _shares_text(action: JointAction) -> str:
    shares = action.shares()
    parts = [
        f"{label} {shares[value] * 100:.0f}%"
        for value, label in Source.choices
        if shares.get(value)
    ]
    return f"{action.currency} {_money(action.budget_total)}" + (
        f" ({', '.join(parts)})" if parts else ""
    )


@dataclass
class Comparison:
    """Revision ``new`` against ``old``: what was added, dropped, rescheduled, re-budgeted, and
    which actions got a new lead."""

    old: PlanRevision
    new: PlanRevision
    added: list[Change] = field(default_factory=list)
    dropped: list[Change] = field(default_factory=list)
    rescheduled: list[Change] = field(default_factory=list)
    rebudgeted: list[Change] = field(default_factory=list)
    new_lead: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return any([self.added, self.dropped, self.rescheduled, self.rebudgeted, self.new_lead])


def compare(old: PlanRevision, new: PlanRevision) -> Comparison:
    result = Comparison(old, new)
    before = {a.key: a for a in old.actions.select_related("lead_actor")}
    after = {a.key: a for a in new.actions.select_related("lead_actor")}
    reasons = dict(new.dropped.values_list("key", "reason"))
    for key, action in after.items():
        if key not in before:
            result.added.append(Change(key, action.title, None, action, "added"))
    for key, action in before.items():
        if key not in after:
            result.dropped.append(
                Change(key, action.title, action, None, "dropped", after=reasons.get(key, ""))
            )
    for key in [k for k in after if k in before]:
        a, b = before[key], after[key]
        changed = False
        if (a.start, a.end) != (b.start, b.end):
            changed = True
            result.rescheduled.append(
                Change(
                    key,
                    b.title,
                    a,
                    b,
                    "rescheduled",
                    f"{a.start.isoformat()} – {a.end.isoformat()}",
                    f"{b.start.isoformat()} – {b.end.isoformat()}",
                )
            )
        if a.budget() != b.budget() or a.currency != b.currency:
            changed = True
            result.rebudgeted.append(
                Change(key, b.title, a, b, "rebudgeted", _shares_text(a), _shares_text(b))
            )
        if a.lead_actor_id != b.lead_actor_id:
            changed = True
            result.new_lead.append(
                Change(key, b.title, a, b, "lead", a.lead_actor.name, b.lead_actor.name)
            )
        result.unchanged += not changed
    return result


# --- The text the Commission endorses ----------------------------------------------------------


def revision_text(revision: PlanRevision) -> str:
    """Every row of the revision in a stable order and wording (same revision, same text), for
    the governance document version that the Commission endorses."""
    lines = [str(revision)]
    if revision.vision_id:
        vision = revision.vision
        assert vision is not None
        lines += ["", _("Vision (version %(n)s):") % {"n": vision.number}, vision.statement]
    if revision.note:
        lines += ["", revision.note]
    actions = revision.actions.select_related("lead_actor", "objective").prefetch_related(
        "findings", "participants", "milestones"
    )
    for number, a in enumerate(actions, start=1):
        lines += [
            "",
            f"{number}. {a.title}",
            _("Type: %(type)s (%(nature)s)")
            % {"type": a.type_label, "nature": a.get_nature_display()},
            _("Objective: %(objective)s") % {"objective": a.objective.text if a.objective else "—"},
            _("Lead: %(lead)s") % {"lead": a.lead_actor.name},
            _("Participants: %(names)s")
            % {"names": ", ".join(p.name for p in a.participants.all()) or "—"},
            _("Dates: %(start)s to %(end)s")
            % {"start": a.start.isoformat(), "end": a.end.isoformat()},
            _("Budget: %(budget)s") % {"budget": _shares_text(a)},
        ]
        for finding in a.findings.all():
            lines.append(_("Answers: %(finding)s") % {"finding": str(finding)})
        for milestone in a.milestones.all():
            lines.append(
                _("Milestone: %(date)s %(title)s")
                % {"date": milestone.date.isoformat(), "title": milestone.title}
            )
        for label, value in (
            (_("Expected outputs"), a.expected_outputs),
            (_("Indicators"), a.indicators),
            (_("Means of verification"), a.means_of_verification),
            (_("Assumptions and risks"), a.assumptions_risks),
        ):
            if value:
                lines.append(f"{label}: {value}")
    return "\n".join(lines)


# --- Views of the plan and M&E figures ---------------------------------------------------------


@dataclass
class Row:
    """A joint action as the plan table shows it: as planned in the revision in force, with
    its implementation so far."""

    action: JointAction
    cluster: Cluster
    status: str
    status_label: str
    latest: ProgressUpdate | None
    actual: dict[str, Decimal]

    @property
    def actual_total(self) -> Decimal:
        return sum(self.actual.values(), Decimal(0))


def _actuals(plan: ActionPlan) -> dict[str, dict[str, Decimal]]:
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {source: Decimal(0) for source in SOURCES}
    )
    for update in ProgressUpdate.objects.filter(plan=plan):
        for source, amount in update.cofinancing().items():
            totals[update.key][source] += amount
    return totals


def revision_rows(revision: PlanRevision) -> list[Row]:
    plan = revision.plan
    latest = current_status(plan)
    actuals = _actuals(plan)
    labels = dict(Status.choices)
    rows = []
    for action in revision.actions.select_related("lead_actor", "objective").prefetch_related(
        "findings", "milestones", "participants"
    ):
        update = latest.get(action.key)
        status = update.status if update else Status.PLANNED
        rows.append(
            Row(
                action,
                plan.cluster,
                status,
                str(labels[status]),
                update,
                actuals.get(action.key, {s: Decimal(0) for s in SOURCES}),
            )
        )
    return rows


@dataclass(frozen=True)
class BudgetTotal:
    currency: str
    amounts: dict[str, Decimal]
    total: Decimal

    @property
    def enterprise_share(self) -> float | None:
        return float(self.amounts[Source.ENTERPRISES] / self.total) if self.total else None


def budget_totals(rows: Iterable[Row]) -> list[BudgetTotal]:
    """The planned budget of ``rows`` by source, one line per currency."""
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(SOURCES, Decimal(0)))
    for row in rows:
        for source, amount in row.action.budget().items():
            sums[row.action.currency][source] += amount
    return [
        BudgetTotal(currency, amounts, sum(amounts.values(), Decimal(0)))
        for currency, amounts in sorted(sums.items())
    ]


def _plans(scope: Scope) -> QuerySet[ActionPlan]:
    if isinstance(scope, Cluster):
        return ActionPlan.objects.filter(cluster=scope).select_related("cluster")
    return ActionPlan.objects.filter(cluster__programme=scope).select_related("cluster")


def scope_rows(scope: Scope, clusters: Iterable[Cluster] | None = None) -> list[Row]:
    """The rows of the revision in force of each plan of ``scope`` (limited to ``clusters``)."""
    plans = _plans(scope)
    if clusters is not None:
        plans = plans.filter(cluster__in=list(clusters))
    rows: list[Row] = []
    for plan in plans.order_by("cluster__name"):
        revision = in_force(plan)
        if revision is not None:
            rows += revision_rows(revision)
    return rows


def filter_rows(
    rows: list[Row], *, type: str = "", status: str = "", lead: int | None = None
) -> list[Row]:
    return [
        row
        for row in rows
        if (not type or row.action.type == type)
        and (not status or row.status == status)
        and (lead is None or row.action.lead_actor_id == lead)
    ]


@dataclass(frozen=True)
class Timeline:
    """Bars of a Gantt chart: each row's start and width as a share of the whole span."""

    start: date
    end: date
    months: list[tuple[date, float]]
    bars: list[tuple[Row, float, float, list[tuple[Milestone, float]]]]
    today: float | None


def timeline(rows: list[Row]) -> Timeline | None:
    if not rows:
        return None
    first = min(r.action.start for r in rows).replace(day=1)
    last = max(r.action.end for r in rows)
    span = (last - first).days + 1

    def at(day: date) -> float:
        return round(100 * (day - first).days / span, 3)

    months = []
    month = first
    while month <= last:
        months.append((month, at(month)))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    bars = [
        (
            row,
            at(row.action.start),
            round(100 * ((row.action.end - row.action.start).days + 1) / span, 3),
            [(m, at(m.date)) for m in row.action.milestones.all()],
        )
        for row in rows
    ]
    now = today()
    return Timeline(first, last, months, bars, at(now) if first <= now <= last else None)


@dataclass(frozen=True)
class TypeCount:
    type: str
    label: str
    by_status: dict[str, int]
    total: int
    initiated: int = 0
    implemented: int = 0


@dataclass
class Dashboard:
    """A cluster's (or programme's) joint actions by type and status, and who pays."""

    rows: list[TypeCount]
    statuses: list[tuple[str, str]]
    by_status: dict[str, int]
    total: int
    planned: dict[str, dict[str, Any]]
    actual: dict[str, dict[str, Any]]

    @property
    def currencies(self) -> list[str]:
        return sorted(set(self.planned) | set(self.actual))


def dashboard(scope: Scope, clusters: Iterable[Cluster] | None = None) -> Dashboard:
    rows = scope_rows(scope, clusters)
    counts: Counter[tuple[str, str]] = Counter((r.action.type, r.status) for r in rows)
    types = []
    for value, label in ActionType.choices:
        by_status = {status: counts[(value, status)] for status in Status.values}
        if sum(by_status.values()):
            types.append(TypeCount(value, str(label), by_status, sum(by_status.values())))
    by_status = {status: sum(t.by_status[status] for t in types) for status in Status.values}
    shares = cofinancing_shares(scope, clusters=clusters)
    return Dashboard(
        types,
        [(v, str(label)) for v, label in Status.choices],
        by_status,
        len(rows),
        shares["planned"],
        shares["actual"],
    )


def _in_period(updates: QuerySet[ProgressUpdate], start: date | None, end: date | None) -> Any:
    if start is not None:
        updates = updates.filter(date__gte=start)
    if end is not None:
        updates = updates.filter(date__lte=end)
    return updates


def _type_of_keys(scope: Scope) -> dict[tuple[int, str], str]:
    """The type of each action (plan, key), as its latest revision plans it."""
    types: dict[tuple[int, str], str] = {}
    for plan_id, key, kind in (
        JointAction.objects.filter(revision__plan__in=_plans(scope))
        .order_by("revision__number")
        .values_list("revision__plan_id", "key", "type")
    ):
        types[(plan_id, key)] = kind
    return types


def _first_dates(scope: Scope, statuses: Sequence[str]) -> dict[tuple[int, str], date]:
    first: dict[tuple[int, str], date] = {}
    updates = ProgressUpdate.objects.filter(plan__in=_plans(scope), status__in=statuses)
    for plan_id, key, day in updates.order_by("date", "id").values_list("plan_id", "key", "date"):
        first.setdefault((plan_id, key), day)
    return first


def _count_by_type(
    firsts: dict[tuple[int, str], date], scope: Scope, start: date | None, end: date | None
) -> dict[str, int]:
    types = _type_of_keys(scope)
    counts: Counter[str] = Counter()
    for key, day in firsts.items():
        if (start is None or day >= start) and (end is None or day <= end) and key in types:
            counts[types[key]] += 1
    return {value: counts[value] for value in ActionType.values}


def joint_actions_initiated(
    scope: Scope, *, start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Joint actions *initiated* in the period, by type: those whose first progress update
    reporting them under way (or already completed) is dated from ``start`` to ``end``."""
    firsts = _first_dates(scope, [Status.UNDER_WAY, Status.DELAYED, Status.COMPLETED])
    return _count_by_type(firsts, scope, start, end)


def joint_actions_implemented(
    scope: Scope, *, start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Joint actions *implemented* (completed) in the period, by type: those first reported
    completed from ``start`` to ``end``."""
    return _count_by_type(_first_dates(scope, [Status.COMPLETED]), scope, start, end)


def actions_by_type(
    scope: Scope, *, start: date | None = None, end: date | None = None
) -> list[TypeCount]:
    """Initiated and implemented joint actions by type in the period (types with neither left
    out), for M&E's output and outcome indicators."""
    initiated = joint_actions_initiated(scope, start=start, end=end)
    implemented = joint_actions_implemented(scope, start=start, end=end)
    return [
        TypeCount(value, str(label), {}, 0, initiated[value], implemented[value])
        for value, label in ActionType.choices
        if initiated[value] or implemented[value]
    ]


@dataclass(frozen=True)
class EnterpriseCounts:
    """Distinct enterprises that took part in joint actions: by owner's sex, by size class,
    and crossed (``table[(owner_sex, size_class)]``; an unknown size class is "")."""

    total: int
    by_owner_sex: dict[str, int]
    by_size: dict[str, int]
    table: dict[tuple[str, str], int]


def participating_enterprises(
    scope: Scope, *, start: date | None = None, end: date | None = None
) -> EnterpriseCounts:
    """Enterprises recorded as actual participants in progress updates dated in the period,
    each counted once however many actions they joined."""
    updates = _in_period(ProgressUpdate.objects.filter(plan__in=_plans(scope)), start, end)
    enterprises = Actor.objects.filter(
        kind=Actor.Kind.ENTERPRISE, joint_action_updates__in=updates
    ).distinct()
    table: Counter[tuple[str, str]] = Counter(
        (e.owner_sex, e.size_class) for e in enterprises.only("owner_sex", "size_class")
    )
    by_sex = {sex: sum(n for (s, _size), n in table.items() if s == sex) for sex in OwnerSex.values}
    by_size = {
        size: sum(n for (_s, z), n in table.items() if z == size)
        for size in [*SizeClass.values, ""]
    }
    return EnterpriseCounts(sum(table.values()), by_sex, by_size, dict(table))


def _shares(amounts: dict[str, Decimal]) -> dict[str, Any]:
    total = sum(amounts.values(), Decimal(0))
    return {
        "amounts": amounts,
        "total": total,
        "shares": {s: (float(a / total) if total else None) for s, a in amounts.items()},
    }


def cofinancing_shares(
    scope: Scope,
    *,
    start: date | None = None,
    end: date | None = None,
    clusters: Iterable[Cluster] | None = None,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Who pays, by source, per currency: ``planned`` from the budgets of the revisions in force,
    ``actual`` from the co-financing recorded in progress updates dated in the period.

    Returns ``{"planned": {currency: {"amounts", "total", "shares"}}, "actual": {...}}``; the
    share of a source is its amount over the total (None when the total is 0). The enterprises'
    share is the sign of ownership the UNIDO approach looks for.
    """
    plans = _plans(scope)
    if clusters is not None:
        plans = plans.filter(cluster__in=list(clusters))
    planned: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {source: Decimal(0) for source in SOURCES}
    )
    actual: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {source: Decimal(0) for source in SOURCES}
    )
    for plan in plans:
        revision = in_force(plan)
        if revision is None:
            continue
        currency_of = {}
        for action in revision.actions.all():
            currency_of[action.key] = action.currency
            for source, amount in action.budget().items():
                planned[action.currency][source] += amount
        for update in _in_period(plan.updates.select_related("action"), start, end):
            currency = currency_of.get(update.key, update.action.currency)
            for source, amount in update.cofinancing().items():
                actual[currency][source] += amount
    return {
        "planned": {c: _shares(a) for c, a in sorted(planned.items())},
        "actual": {c: _shares(a) for c, a in sorted(actual.items())},
    }


def error_fields(error: ValidationError) -> dict[str, list[str]]:
    """A ``ValidationError`` as {field: messages} (``__all__`` for the rest)."""
    if hasattr(error, "error_dict"):
        return {name: list(ValidationError(e).messages) for name, e in error.error_dict.items()}
    return {NON_FIELD_ERRORS: list(error.messages)}


def is_locked(record: Model) -> bool:
    return isinstance(record, Endorsable) and record.lock_reason() is not None
