"""Governance mechanisms of a programme and its clusters, and what they do.

A **body** is a Steering Committee (programme), a Cluster Commission (cluster) or another
governance mechanism (business association, network or consortium, public–private platform).
Its members are organisations of the actor register and, optionally, the people who represent
them. Bodies hold **meetings** (agenda, attendance counted by stakeholder group and sex, minutes
and files) where they take **resolutions** followed up until done, and **endorse** numbered
**document versions** (a diagnostic, an action plan revision, a progress report, a selection
decision). An endorsed version is immutable: its ``digest`` is what the body saw.

Every model keeps its change history (django-simple-history).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clusterdev.web.actors.models import Actor, AttendeeSex, Person, StakeholderGroup
from clusterdev.web.programmes.models import Cluster, Programme


def _upload_path(folder: str, programme_slug: str, filename: str) -> str:
    return f"governance/{programme_slug}/{folder}/{Path(filename).name}"


def _terms_upload(body: Body, filename: str) -> str:
    return _upload_path("terms", body.programme.slug, filename)


def _evidence_upload(milestone: BodyMilestone, filename: str) -> str:
    return _upload_path("milestones", milestone.body.programme.slug, filename)


def _meeting_upload(item: MeetingFile, filename: str) -> str:
    return _upload_path("meetings", item.meeting.body.programme.slug, filename)


def _version_upload(version: DocumentVersion, filename: str) -> str:
    return _upload_path("documents", version.document.programme.slug, filename)


def today() -> date:
    return timezone.localdate()


class Body(models.Model):
    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "steering_committee", _("Steering Committee")
        CLUSTER_COMMISSION = "cluster_commission", _("Cluster Commission")
        BUSINESS_ASSOCIATION = "business_association", _("Business association")
        ENTERPRISE_NETWORK = "enterprise_network", _("Enterprise network or consortium")
        PUBLIC_PRIVATE_PLATFORM = "public_private_platform", _("Public–private platform")
        OTHER = "other", _("Other governance mechanism")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="governance_bodies"
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_bodies",
        verbose_name=_("cluster"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    terms_of_reference = models.TextField(_("terms of reference"), blank=True)
    terms_file = models.FileField(
        _("terms of reference (file)"), upload_to=_terms_upload, max_length=300, blank=True
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_bodies",
        verbose_name=_("organisation in the actor register"),
        help_text=_("When the body is itself an organisation of the register (an association)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "cluster", "kind", "name"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(kind="steering_committee"),
                name="one_steering_committee_per_programme",
            ),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(kind="cluster_commission"),
                name="one_commission_per_cluster",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance-body", args=[self.pk])

    @property
    def scope(self) -> Programme | Cluster:
        return self.cluster if self.cluster_id else self.programme  # type: ignore[return-value]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == self.Kind.STEERING_COMMITTEE and self.cluster_id:
            errors["kind"] = _(
                "A Steering Committee governs the whole programme; create it on the "
                "programme's governance page."
            )
        if self.kind == self.Kind.CLUSTER_COMMISSION and not self.cluster_id:
            errors["kind"] = _(
                "A Cluster Commission belongs to one cluster; create it on the cluster's "
                "governance page."
            )
        if self.cluster_id and self.cluster.programme_id != self.programme_id:  # type: ignore[union-attr]
            errors[NON_FIELD_ERRORS] = _("The cluster must belong to the body's programme.")
        if self.actor_id and self.actor.programme_id != self.programme_id:  # type: ignore[union-attr]
            errors["actor"] = _("The organisation must be in the programme's actor register.")
        if "kind" not in errors:
            twin = Body.objects.exclude(pk=self.pk).filter(kind=self.kind)
            if (
                self.kind == self.Kind.STEERING_COMMITTEE
                and twin.filter(programme_id=self.programme_id).exists()
            ):
                errors["kind"] = _("This programme already has a Steering Committee.")
            if (
                self.kind == self.Kind.CLUSTER_COMMISSION
                and twin.filter(Q(cluster_id=self.cluster_id)).exists()
            ):
                errors["kind"] = _("This cluster already has a Cluster Commission.")
        if errors:
            raise ValidationError(errors)

    def members_on(self, day: date) -> models.QuerySet[Membership]:
        """The memberships running on ``day``."""
        return (
            self.memberships.filter(start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .select_related("actor", "person")
        )

    def formed_on(self) -> date | None:
        milestone = self.milestones.filter(kind=BodyMilestone.Kind.FORMED).first()
        return milestone.date if milestone else None


class BodyMilestone(models.Model):
    """A step in the body's own history: formed, formalised, registered, self-financing…"""

    class Kind(models.TextChoices):
        FORMED = "formed", _("Formed")
        FORMALISED = "formalised", _("Formalised (statutes or agreement signed)")
        REGISTERED = "registered", _("Legally registered")
        SELF_FINANCING = "self_financing", _("Self-financing")
        DISSOLVED = "dissolved", _("Dissolved")
        NOTE = "note", _("Note")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to=_evidence_upload, max_length=300, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind"], condition=~Q(kind="note"), name="milestone_once_per_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.get_kind_display()} · {self.date}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.date and self.date > today():
            errors["date"] = _("A milestone cannot be dated in the future.")
        if self.kind == self.Kind.NOTE and not self.note.strip():
            errors["note"] = _("Write the note.")
        if self.body_id and self.kind and self.kind != self.Kind.NOTE:
            others = self.body.milestones.exclude(pk=self.pk)
            if others.filter(kind=self.kind).exists():
                errors["kind"] = _("This body already has the milestone “%(kind)s”.") % {
                    "kind": self.get_kind_display()
                }
            formed = others.filter(kind=self.Kind.FORMED).first()
            if self.date and formed and self.kind != self.Kind.FORMED and self.date < formed.date:
                errors["date"] = _(
                    "The body was formed on %(formed)s; this cannot come before."
                ) % {"formed": formed.date.isoformat()}
            earliest = (
                others.exclude(kind__in=[self.Kind.FORMED, self.Kind.NOTE]).order_by("date").first()
            )
            if (
                self.date
                and self.kind == self.Kind.FORMED
                and earliest
                and earliest.date < self.date
            ):
                errors["date"] = _(
                    "The body cannot be formed after its milestone “%(kind)s” (%(date)s)."
                ) % {"kind": earliest.get_kind_display(), "date": earliest.date.isoformat()}
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """An organisation, or a person representing it, sitting in a body over a period."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_memberships",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_memberships",
        verbose_name=_("person"),
    )
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=16, choices=StakeholderGroup.choices
    )
    role = models.CharField(
        _("role in the body"), max_length=12, choices=Role.choices, default=Role.MEMBER
    )
    start = models.DateField(_("member from"))
    end = models.DateField(_("member until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role", "start", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(person__isnull=False),
                name="membership_has_actor_or_person",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.label(personal=False)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person_id and not self.actor_id:
            self.actor_id = self.person.actor_id  # type: ignore[union-attr]
        super().save(*args, **kwargs)

    def label(self, *, personal: bool) -> str:
        """What a reader sees: the person and their organisation, or the organisation only for
        readers who may not see personal data."""
        organisation = self.actor.name if self.actor_id else ""  # type: ignore[union-attr]
        if self.person_id and personal:
            name = self.person.name  # type: ignore[union-attr]
            return f"{name} ({organisation})" if organisation else name
        return organisation or str(_("(name withheld)"))

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.actor_id and not self.person_id:
            errors["actor"] = _("Choose the member organisation, the person, or both.")
        if self.person_id and not self.actor_id:
            self.actor_id = self.person.actor_id  # type: ignore[union-attr]
        if (
            self.person_id and self.actor_id and self.person.actor_id != self.actor_id  # type: ignore[union-attr]
        ):
            errors["person"] = _(
                "%(person)s works for %(actor)s, not for the organisation chosen."
            ) % {
                "person": self.person.name,  # type: ignore[union-attr]
                "actor": self.person.actor.name,  # type: ignore[union-attr]
            }
        if self.actor_id and self.body_id and self.actor.programme_id != self.body.programme_id:  # type: ignore[union-attr]
            errors["actor"] = _("The organisation must be in the programme's actor register.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end of membership cannot come before its start.")
        if not errors and self.body_id and self.start:
            twin = self.overlapping().first()
            if twin is not None:
                errors[NON_FIELD_ERRORS] = _(
                    "%(member)s is already a member of this body (from %(start)s); a member "
                    "cannot sit twice over the same dates."
                ) % {"member": twin.label(personal=True), "start": twin.start.isoformat()}
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> models.QuerySet[Membership]:
        """Other memberships of the same member in the same body over overlapping dates: the same
        person, or the same organisation when no person is named."""
        others = Membership.objects.filter(body_id=self.body_id).exclude(pk=self.pk)
        if self.person_id:
            others = others.filter(person_id=self.person_id)
        else:
            others = others.filter(Q(actor_id=self.actor_id), person__isnull=True)
        others = others.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        if self.end is not None:
            others = others.filter(start__lte=self.end)
        return others.select_related("actor", "person")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body} · {self.date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("governance-meeting", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    def clean(self) -> None:
        if self.status == self.Status.HELD and self.date and self.date > today():
            raise ValidationError(
                {"date": _("A meeting cannot have been held in the future; keep it planned.")}
            )


class MeetingFile(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Signed minutes")
        ATTENDANCE = "attendance", _("Attendance sheet")
        ANNEX = "annex", _("Annex")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ANNEX)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_meeting_upload, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "uploaded_at", "id"]
        verbose_name = _("meeting file")
        verbose_name_plural = _("meeting files")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One person at a meeting: a member of the body, or someone else named in the record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=16, choices=StakeholderGroup.choices
    )
    sex = models.CharField(
        _("sex"), max_length=12, choices=AttendeeSex.choices, default=AttendeeSex.NOT_STATED
    )
    present = models.BooleanField(_("present"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "-present", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="member_attends_once",
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=False) | ~Q(name=""),
                name="attendee_is_member_or_named",
            ),
        ]

    def __str__(self) -> str:
        return self.label(personal=False)

    def label(self, *, personal: bool) -> str:
        if self.membership_id:
            return self.membership.label(personal=personal)  # type: ignore[union-attr]
        if personal:
            return f"{self.name} ({self.organisation})" if self.organisation else self.name
        return self.organisation or str(_("(name withheld)"))


class Resolution(models.Model):
    """A decision a body took at a meeting, with whoever carries it out and by when."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("resolution", "Open")
        DONE = "done", pgettext_lazy("resolution", "Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField(_("decision"))
    owner_membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("owner (member)"),
    )
    owner_actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_resolutions",
        verbose_name=_("owner (organisation)"),
    )
    owner_text = models.CharField(_("owner (other)"), max_length=200, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="resolution_done_on_iff_done",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def owner_label(self, *, personal: bool) -> str:
        if self.owner_membership_id:
            return self.owner_membership.label(personal=personal)  # type: ignore[union-attr]
        if self.owner_actor_id:
            return self.owner_actor.name  # type: ignore[union-attr]
        if self.owner_text:
            return self.owner_text if personal else str(_("(name withheld)"))
        return ""

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due is not None and self.due < today()

    @property
    def on_time(self) -> bool | None:
        """Done by its due date (None while that is not known yet)."""
        if self.status != self.Status.DONE or self.due is None or self.done_on is None:
            return None
        return self.done_on <= self.due

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        owners = [bool(self.owner_membership_id), bool(self.owner_actor_id), bool(self.owner_text)]
        if sum(owners) > 1:
            errors["owner_text"] = _("Give one owner: a member, an organisation or a name.")
        meeting_date = self.meeting.date if self.meeting_id else None
        if self.due and meeting_date and self.due < meeting_date:
            errors["due"] = _("The due date cannot come before the meeting (%(date)s).") % {
                "date": meeting_date.isoformat()
            }
        if self.status == self.Status.DONE and not self.done_on:
            errors["done_on"] = _("Give the date on which it was done.")
        if self.done_on and meeting_date and self.done_on < meeting_date:
            errors["done_on"] = _("It cannot have been done before the meeting (%(date)s).") % {
                "date": meeting_date.isoformat()
            }
        if self.done_on and self.done_on > today():
            errors["done_on"] = _("It cannot have been done in the future.")
        if (
            self.owner_membership_id
            and self.meeting_id
            and self.owner_membership.body_id != self.meeting.body_id  # type: ignore[union-attr]
        ):
            errors["owner_membership"] = _("The owner must be a member of this body.")
        if errors:
            raise ValidationError(errors)


class ResolutionUpdate(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("follow-up"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return f"{self.date.isoformat()}: {self.text[:60]}"


class Document(models.Model):
    """Something a body reviews and endorses, in numbered versions."""

    class Kind(models.TextChoices):
        DIAGNOSTIC = "diagnostic", _("Diagnostic study")
        ACTION_PLAN = "action_plan", _("Action plan")
        PROGRESS_REPORT = "progress_report", _("Progress report")
        SELECTION_DECISION = "selection_decision", _("Selection decision")
        OTHER = "other", _("Other document")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="governance_documents"
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_documents",
        verbose_name=_("cluster"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance-document", args=[self.pk])

    @property
    def scope(self) -> Programme | Cluster:
        return self.cluster if self.cluster_id else self.programme  # type: ignore[return-value]

    def latest_version(self) -> DocumentVersion | None:
        return self.versions.order_by("-number").first()

    def clean(self) -> None:
        if self.cluster_id and self.cluster.programme_id != self.programme_id:  # type: ignore[union-attr]
            raise ValidationError(_("The cluster must belong to the document's programme."))


class EndorsedVersionError(ValidationError):
    """Raised on any attempt to change or delete an endorsed document version."""


def compute_digest(content: str, file: Any) -> str:
    """SHA-256 over the text content and the bytes of the file, each preceded by its length (so
    that moving text between the two cannot keep the digest)."""
    digest = hashlib.sha256()
    text = content.encode("utf-8")
    digest.update(len(text).to_bytes(8, "big"))
    digest.update(text)
    inner = hashlib.sha256()
    size = 0
    for chunk in _file_chunks(file):
        size += len(chunk)
        inner.update(chunk)
    digest.update(size.to_bytes(8, "big"))
    digest.update(inner.digest())
    return digest.hexdigest()


def _file_chunks(file: Any) -> Any:
    """The bytes of a model's file field: the upload not saved yet, or the stored file (opened
    and closed here, so that no handle stays open)."""
    if not file:
        return
    if not isinstance(file, FieldFile):
        yield from file.chunks()
    elif not getattr(file, "_committed", True):
        yield from file.file.chunks()
    else:
        with file.storage.open(file.name or "", "rb") as stored:
            yield from stored.chunks()


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.TextField(_("content"), blank=True)
    file = models.FileField(_("file"), upload_to=_version_upload, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="governance_versions",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    digest = models.CharField(_("digest (SHA-256)"), max_length=64, editable=False)
    endorsed_at = models.DateTimeField(_("endorsed"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number"),
            models.CheckConstraint(
                condition=~Q(content="") | ~Q(file=""), name="version_has_content_or_file"
            ),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return f"{self.document} · v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._stored_endorsement():
            raise EndorsedVersionError(
                _(
                    "Version %(number)s was endorsed and can no longer be changed; start a new version."
                )
                % {"number": self.number}
            )
        if self.number is None:
            last = self.document.versions.aggregate(models.Max("number"))["number__max"]
            self.number = (last or 0) + 1
        self.digest = self.compute_digest()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "digest"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("governance-version", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._stored_endorsement():
            raise EndorsedVersionError(
                _("Version %(number)s was endorsed and cannot be deleted.")
                % {"number": self.number}
            )
        return super().delete(*args, **kwargs)

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_at is not None

    @property
    def short_digest(self) -> str:
        return self.digest[:12]

    def compute_digest(self) -> str:
        return compute_digest(self.content, self.file)

    def _stored_endorsement(self) -> bool:
        if self.pk is None:
            return False
        return DocumentVersion.objects.filter(pk=self.pk, endorsed_at__isnull=False).exists()

    def clean(self) -> None:
        if not self.content.strip() and not self.file:
            raise ValidationError(_("Give the text of the version, a file, or both."))


class Endorsement(models.Model):
    """A body endorsed a document version at one of its meetings, as it read then (``digest``)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="endorsements")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="endorsements")
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="endorsements"
    )
    digest = models.CharField(_("digest endorsed"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="endorsed_once_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.version}"
