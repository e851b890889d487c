"""A cluster's shared vision and its action plan of joint actions, revised over time, and the
implementation of those actions (phases 4 and 5 of the UNIDO approach).

A **vision** is kept in numbered versions (statement and strategic objectives). The **action
plan** of a cluster is kept in numbered **revisions**; each revision holds its own rows, the
**joint actions**. A joint action keeps the same ``key`` in every revision it appears in, so
that revisions can be compared (added, dropped, rescheduled, re-budgeted, new lead). Vision
versions and plan revisions are endorsed by the Cluster Commission through governance
(:func:`clusterdev.web.governance.services.submit_version`); from its submission a revision can
no longer change (withdraw it to change it), and once endorsed it is immutable for good: the
next round is a new revision, which starts as a copy.

**Implementation** is recorded against the action's key, not a revision's row: dated
**progress updates** (status, text, evidence files, actual participants, actual co-financing by
source, issues and how they were resolved) follow an action through every revision.

Every model keeps its change history (django-simple-history).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics.models import Finding
from clusterdev.web.programmes.models import Cluster


class ActionType(models.TextChoices):
    """The kinds of joint action the UNIDO approach names; "other" takes a free name."""

    JOINT_PURCHASING = "joint_purchasing", _("Joint purchasing")
    JOINT_MARKETING = "joint_marketing", _("Joint marketing and advertising")
    SHARED_FACILITY = "shared_facility", _("Shared equipment or common facility")
    TRAINING = "training", _("Training")
    EXPOSURE_VISIT = "exposure_visit", _("Exposure visit")
    TWINNING = "twinning", _("Cluster twinning")
    BDS_FINANCE = "bds_finance", _("Linkage to business development services and finance")
    POLICY_DIALOGUE = "policy_dialogue", _("Policy dialogue")
    OTHER = "other", _("Other")


class Nature(models.TextChoices):
    SOFT = "soft", _("Soft (trust, information, skills, networks)")
    HARD = "hard", _("Hard (equipment, facilities, investment)")


class Status(models.TextChoices):
    """Where a joint action stands in its implementation."""

    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    DROPPED = "dropped", _("Dropped")


class Source(models.TextChoices):
    """Who pays for a joint action: the enterprises' share is the key sign of ownership."""

    ENTERPRISES = "enterprises", _("Enterprises")
    INSTITUTIONS = "institutions", _("Institutions")
    GOVERNMENT = "government", _("Government")
    DONOR = "donor", _("Donor / project")
    OTHER = "other", _("Other")


SOURCES: tuple[str, ...] = tuple(Source.values)

AMOUNT = {
    "max_digits": 14,
    "decimal_places": 2,
    "default": Decimal(0),
    "validators": [MinValueValidator(Decimal(0))],
}


def new_key() -> str:
    return uuid.uuid4().hex[:12]


def today() -> Any:
    return timezone.localdate()


class Endorsable(models.Model):
    """A record the Cluster Commission endorses through governance (a vision version, a plan
    revision): its stored status follows governance, which holds the truth."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for endorsement")
        ENDORSED = "endorsed", _("Endorsed")

    status = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.DRAFT
    )

    class Meta:
        abstract = True

    def governance_state(self) -> str:
        """The state as governance records it (the stored ``status`` may lag behind it until
        :meth:`sync_status` runs; governance calls it when it records an endorsement)."""
        from clusterdev.web.governance.services import endorsement_of, versions_of

        if self.pk is None:
            return self.State.DRAFT
        if endorsement_of(self) is not None:
            return self.State.ENDORSED
        if versions_of(self).filter(endorsed_at__isnull=True).exists():
            return self.State.SUBMITTED
        return self.State.DRAFT

    def sync_status(self) -> str:
        state = self.governance_state()
        if self.pk is not None:
            # Compare with what is stored: this object may be older than a sync done elsewhere.
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("status", flat=True)
            self.status = stored.first() or self.status
        if state != self.status:
            self.status = state
            # Saved (not updated) so that the change of status enters the record's history.
            self.save(update_fields=["status"])
        return state

    @property
    def is_endorsed(self) -> bool:
        return self.status == self.State.ENDORSED

    def lock_reason(self) -> str | None:
        """Why this record may not change now, or None when it may."""
        state = self.governance_state()
        if state == self.State.ENDORSED:
            return self.endorsed_message()
        if state == self.State.SUBMITTED:
            return self.submitted_message()
        return None

    def endorsed_message(self) -> str:
        raise NotImplementedError

    def submitted_message(self) -> str:
        raise NotImplementedError


class LockedError(ValidationError):
    """A change to an endorsed (or submitted) vision version or plan revision."""


# --- Vision ------------------------------------------------------------------------------------


class Vision(Endorsable):
    """One version of a cluster's shared vision: a statement and strategic objectives."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="visions")
    number = models.PositiveIntegerField(_("version"))
    statement = models.TextField(_("vision statement"))
    proposed_by = models.CharField(
        _("proposed by"),
        max_length=300,
        help_text=_("The organisations, meeting or workshop that proposed this version."),
    )
    date = models.DateField(_("date"), default=today)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "-number"]
        verbose_name = _("vision version")
        verbose_name_plural = _("vision versions")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "number"], name="unique_vision_number")
        ]

    def __str__(self) -> str:
        return gettext("Vision of %(cluster)s, version %(n)s") % {
            "cluster": self.cluster.name,
            "n": self.number,
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only the status, which mirrors governance, may still be written once locked.
        if self.pk is not None and list(kwargs.get("update_fields") or ()) != ["status"]:
            reason = self.lock_reason()
            if reason:
                raise LockedError(reason)
        if self.number is None:
            last = Vision.objects.filter(cluster_id=self.cluster_id).aggregate(
                models.Max("number")
            )["number__max"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans-vision", args=[self.pk])

    def endorsed_message(self) -> str:
        return gettext(
            "Version %(n)s of the vision was endorsed and can no longer be changed; start a new "
            "version."
        ) % {"n": self.number}

    def submitted_message(self) -> str:
        return gettext(
            "Version %(n)s of the vision is awaiting endorsement; withdraw it from endorsement "
            "to change it."
        ) % {"n": self.number}


class Objective(models.Model):
    """A strategic objective of a vision version."""

    vision = models.ForeignKey(Vision, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("strategic objective"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vision", "position", "id"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _vision_guard(self.vision_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _vision_guard(self.vision_id)
        return super().delete(*args, **kwargs)


def _vision_guard(vision_id: int) -> None:
    reason = Vision.objects.get(pk=vision_id).lock_reason()
    if reason:
        raise LockedError(reason)


# --- Action plan -------------------------------------------------------------------------------


class ActionPlan(models.Model):
    """The action plan of a cluster, kept in revisions."""

    cluster = models.OneToOneField(Cluster, on_delete=models.PROTECT, related_name="action_plan")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return gettext("Action plan of %(cluster)s") % {"cluster": self.cluster.name}

    def get_absolute_url(self) -> str:
        return reverse("plans-cluster", args=[self.cluster.slug])


class PlanRevision(Endorsable):
    """One round of the action plan, with its own rows."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    vision = models.ForeignKey(
        Vision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("vision version"),
    )
    note = models.TextField(
        _("what this revision is about"),
        blank=True,
        help_text=_("E.g. the review of the first year's monitoring, the new priorities agreed."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return gettext("Action plan of %(cluster)s, revision %(n)s") % {
            "cluster": self.plan.cluster.name,
            "n": self.number,
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only the status, which mirrors governance, may still be written once locked.
        if self.pk is not None and list(kwargs.get("update_fields") or ()) != ["status"]:
            self.check_unlocked()
        if self.number is None:
            last = PlanRevision.objects.filter(plan_id=self.plan_id).aggregate(
                models.Max("number")
            )["number__max"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans-revision", args=[self.pk])

    @property
    def cluster(self) -> Cluster:
        return self.plan.cluster

    def endorsed_message(self) -> str:
        return gettext(
            "Revision %(n)s was endorsed by the Cluster Commission and can no longer be changed; "
            "start revision %(next)s to change the plan."
        ) % {"n": self.number, "next": self.number + 1}

    def submitted_message(self) -> str:
        return gettext(
            "Revision %(n)s is awaiting the Commission's endorsement; withdraw it from "
            "endorsement to change it."
        ) % {"n": self.number}

    def previous(self) -> PlanRevision | None:
        return (
            PlanRevision.objects.filter(plan_id=self.plan_id, number__lt=self.number)
            .order_by("-number")
            .first()
        )

    def check_unlocked(self) -> None:
        reason = self.lock_reason()
        if reason:
            raise LockedError(reason)


def _guarded(revision: PlanRevision) -> None:
    """Refuse any write to the rows of a revision that is submitted or endorsed."""
    revision.check_unlocked()


class JointAction(models.Model):
    """A row of a plan revision: one joint action, as that revision plans it."""

    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="actions")
    key = models.CharField(
        _("action key"),
        max_length=12,
        default=new_key,
        editable=False,
        help_text=_("The same in every revision, so that revisions can be compared."),
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("strategic objective served"),
    )
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=ActionType.choices)
    type_other = models.CharField(
        _("other type"),
        max_length=100,
        blank=True,
        help_text=_("Name the type when none of the list fits."),
    )
    nature = models.CharField(_("soft or hard"), max_length=4, choices=Nature.choices)
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="joint_actions",
        verbose_name=_("diagnostic findings answered"),
    )
    lead_actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="led_joint_actions",
        verbose_name=_("lead actor"),
    )
    participants = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="joint_actions",
        verbose_name=_("participating enterprises and institutions"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    budget_enterprises = models.DecimalField(_("enterprises"), **AMOUNT)  # type: ignore[arg-type]
    budget_institutions = models.DecimalField(_("institutions"), **AMOUNT)  # type: ignore[arg-type]
    budget_government = models.DecimalField(_("government"), **AMOUNT)  # type: ignore[arg-type]
    budget_donor = models.DecimalField(_("donor / project"), **AMOUNT)  # type: ignore[arg-type]
    budget_other = models.DecimalField(_("other sources"), **AMOUNT)  # type: ignore[arg-type]
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    indicators = models.TextField(
        _("indicators"),
        blank=True,
        help_text=_(
            "How the action's results will be measured (free text for now; the monitoring "
            "module links them to the programme's indicators)."
        ),
    )
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    assumptions_risks = models.TextField(_("assumptions and risks"), blank=True)
    history = HistoricalRecords(m2m_fields=[findings, participants])

    class Meta:
        ordering = ["revision", "position", "id"]
        verbose_name = _("joint action")
        verbose_name_plural = _("joint actions")
        constraints = [
            models.UniqueConstraint(fields=["revision", "key"], name="unique_action_key"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="action_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        _guarded(PlanRevision.objects.get(pk=self.revision_id))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans-action", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _guarded(PlanRevision.objects.get(pk=self.revision_id))
        return super().delete(*args, **kwargs)

    @property
    def type_label(self) -> str:
        if self.type == ActionType.OTHER and self.type_other:
            return self.type_other
        return str(self.get_type_display())

    def budget(self) -> dict[str, Decimal]:
        return {source: getattr(self, f"budget_{source}") for source in SOURCES}

    @property
    def budget_total(self) -> Decimal:
        return sum(self.budget().values(), Decimal(0))

    def shares(self) -> dict[str, float]:
        """Each source's share of the budget (0 to 1); empty when there is no budget."""
        total = self.budget_total
        if not total:
            return {}
        return {source: float(amount / total) for source, amount in self.budget().items()}

    @property
    def enterprise_share(self) -> float | None:
        return self.shares().get(Source.ENTERPRISES)


class Milestone(models.Model):
    action = models.ForeignKey(JointAction, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    date = models.DateField(_("date"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _guarded(PlanRevision.objects.get(pk=self.action.revision_id))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _guarded(PlanRevision.objects.get(pk=self.action.revision_id))
        return super().delete(*args, **kwargs)


class DroppedAction(models.Model):
    """An action of the previous revision left out of this one, and why."""

    revision = models.ForeignKey(PlanRevision, on_delete=models.CASCADE, related_name="dropped")
    key = models.CharField(_("action key"), max_length=12)
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["revision", "id"]
        verbose_name = _("action dropped from a revision")
        verbose_name_plural = _("actions dropped from a revision")
        constraints = [
            models.UniqueConstraint(fields=["revision", "key"], name="dropped_once_per_revision")
        ]

    def __str__(self) -> str:
        return self.title


# --- Implementation ----------------------------------------------------------------------------


class ActionEditor(models.Model):
    """A user designated to record the implementation of one joint action (all its revisions):
    typically someone of the lead organisation. It gives no other right."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="editors")
    key = models.CharField(_("action key"), max_length=12)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="joint_actions_edited",
        verbose_name=_("user"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("designated editor")
        verbose_name_plural = _("designated editors")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key", "user"], name="editor_once_per_action")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.key}"


def _evidence_upload(item: Evidence, filename: str) -> str:
    update = item.update
    return f"plans/{update.plan.cluster.slug}/{update.key}/{Path(filename).name}"


class ProgressUpdate(models.Model):
    """A dated note on a joint action's implementation; the latest one gives its status."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="updates")
    key = models.CharField(_("action key"), max_length=12)
    action = models.ForeignKey(
        JointAction,
        on_delete=models.PROTECT,
        related_name="updates",
        verbose_name=_("joint action (as planned then)"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("How far the action has come, 0 to 100 (optional)."),
    )
    text = models.TextField(_("what happened"))
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the action is delayed or dropped.")
    )
    issues = models.TextField(_("issues"), blank=True)
    resolution = models.TextField(_("how the issues were resolved"), blank=True)
    participants = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="joint_action_updates",
        verbose_name=_("actual participants"),
    )
    actual_enterprises = models.DecimalField(_("enterprises"), **AMOUNT)  # type: ignore[arg-type]
    actual_institutions = models.DecimalField(_("institutions"), **AMOUNT)  # type: ignore[arg-type]
    actual_government = models.DecimalField(_("government"), **AMOUNT)  # type: ignore[arg-type]
    actual_donor = models.DecimalField(_("donor / project"), **AMOUNT)  # type: ignore[arg-type]
    actual_other = models.DecimalField(_("other sources"), **AMOUNT)  # type: ignore[arg-type]
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["plan", "key", "-date", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} · {self.get_status_display()}"

    def cofinancing(self) -> dict[str, Decimal]:
        """Co-financing contributed since the previous update, by source."""
        return {source: getattr(self, f"actual_{source}") for source in SOURCES}

    @property
    def cofinancing_total(self) -> Decimal:
        return sum(self.cofinancing().values(), Decimal(0))


class Evidence(models.Model):
    """A file or photo that shows what a progress update says."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=_evidence_upload, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    history = HistoricalRecords()

    class Meta:
        ordering = ["update", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return Path(self.name).suffix.lower() in {".jpg", ".jpeg", ".png"}
