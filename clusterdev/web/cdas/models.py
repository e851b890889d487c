"""Cluster Development Agents: the roster (profiles, competencies, trainings), appointments to
clusters and hand-overs, the field activity log and the CDA's periodic reports.

Access to a cluster still follows the CDA ``RoleAssignment`` of :mod:`clusterdev.web.programmes`;
an :class:`Appointment` records the terms of that role (dates, terms of reference, reporting
frequency) and :mod:`clusterdev.web.cdas.services` keeps the two in step.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clusterdev.web.actors.models import Actor, AttendeeSex, Person, StakeholderGroup
from clusterdev.web.geo.models import Sector
from clusterdev.web.programmes.models import Cluster, Programme

DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "txt", "rtf"]
CERTIFICATE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]

# The competencies rated on a CDA profile, 1 (beginner) to 5 (expert).
COMPETENCIES = (
    "facilitation",
    "sector_knowledge",
    "networking",
    "project_management",
    "gender_pro_poor",
)
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def _rating(label: Any) -> Any:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=RATING_VALIDATORS,
        help_text=_("1 (beginner) to 5 (expert)"),
    )


class CdaProfile(models.Model):
    """A person who serves, or may serve, as a CDA: contact, background and competencies.

    A profile is on the roster of a programme where it has a roster entry (``programmes``) or an
    appointment to one of the programme's clusters.
    """

    RATINGS = COMPETENCIES

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cda_profile"
    )
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="cda_roster", verbose_name=_("on the roster of")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("e.g. Spanish, Kichwa, English")
    )
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="cda_profiles",
        verbose_name=_("sectors of knowledge"),
        limit_choices_to={"level": Sector.Level.DIVISION},
    )
    facilitation_experience = models.TextField(_("facilitation experience"), blank=True)
    background = models.TextField(_("background"), blank=True)
    facilitation = _rating(_("facilitation"))
    sector_knowledge = _rating(_("sector knowledge"))
    networking = _rating(_("networking and trust building"))
    project_management = _rating(_("project management"))
    gender_pro_poor = _rating(_("gender and pro-poor approaches"))
    competency_note = models.TextField(_("note on competencies"), blank=True)
    certification = models.CharField(
        _("certification"),
        max_length=200,
        blank=True,
        help_text=_("e.g. UNIDO CDA certification"),
    )
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    certified_by = models.CharField(_("certification issued by"), max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=[programmes, sectors])

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("CDA profile")
        verbose_name_plural = _("CDA profiles")
        constraints = [
            models.CheckConstraint(
                name=f"cda_{name}_rating_1_to_5",
                condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__range": (1, 5)}),
            )
            for name in COMPETENCIES
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cda-profile", args=[self.pk])

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def ratings(self) -> list[tuple[str, int | None]]:
        """(competency label, rating or None) in a fixed order, for display."""
        return [
            (str(cast(models.Field, self._meta.get_field(name)).verbose_name), getattr(self, name))
            for name in self.RATINGS
        ]


class Training(models.Model):
    """A training the CDA received (from the coordinator, UNIDO or another provider)."""

    profile = models.ForeignKey(CdaProfile, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    certificate = models.FileField(
        _("certificate"),
        upload_to="cdas/certificates/%Y/",
        blank=True,
        validators=[FileExtensionValidator(CERTIFICATE_EXTENSIONS)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                name="cda_training_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                name="cda_training_hours_non_negative",
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def current(self) -> AppointmentQuerySet:
        return self.filter(end__isnull=True)


class Appointment(models.Model):
    """A CDA's appointment to a cluster; ``end`` stays empty while the appointment is current.

    One lead CDA at a time: appointments of a cluster do not overlap (a hand-over ends one on the
    day the next begins), and at most one is current.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="cda_appointments")
    cda = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cda_appointments",
        verbose_name=_("CDA"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    terms_of_reference = models.TextField(_("terms of reference"), blank=True)
    terms_file = models.FileField(
        _("terms of reference (document)"),
        upload_to="cdas/terms/%Y/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )
    reporting_frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.MONTHLY,
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    handover_note = models.TextField(_("hand-over note"), blank=True)
    history = HistoricalRecords()

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("CDA appointment")
        verbose_name_plural = _("CDA appointments")
        constraints = [
            models.CheckConstraint(
                name="cda_appointment_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                violation_error_message=_("The appointment ends before it starts."),
            ),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(end__isnull=True),
                name="cda_one_current_appointment_per_cluster",
                violation_error_message=_("The cluster already has a current CDA appointment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cda_name} · {self.cluster}"

    @property
    def cda_name(self) -> str:
        return self.cda.get_full_name() or self.cda.get_username()

    @property
    def is_current(self) -> bool:
        return self.end is None


class ActivityKind(models.TextChoices):
    FIELD_VISIT = "field_visit", _("Field visit")
    BILATERAL_MEETING = "bilateral_meeting", _("Bilateral meeting")
    TRUST_BUILDING = "trust_building", _("Trust-building event")
    EXPOSURE_VISIT = "exposure_visit", _("Exposure visit")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """One field activity of a CDA in a cluster, with who took part.

    Participants are counted by stakeholder group and sex in :class:`ActivityParticipants`
    (exact, summable, no personal data); naming people is optional and only shown to those who
    may see personal data.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="cda_activities")
    cda = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cda_activities",
        verbose_name=_("logged by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"))
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    actors = models.ManyToManyField(
        Actor, blank=True, related_name="cda_activities", verbose_name=_("participating actors")
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="cda_activities", verbose_name=_("named participants")
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[actors, people])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("CDA activity")
        verbose_name_plural = _("CDA activities")
        indexes = [models.Index(fields=["cluster", "date"]), models.Index(fields=["cda", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("cda-activity", args=[self.pk])

    @property
    def participant_total(self) -> int:
        return sum(p.count for p in self.participants.all())


class ActivityParticipants(models.Model):
    """How many people of one stakeholder group and sex took part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(
        _("stakeholder group"), max_length=16, choices=StakeholderGroup.choices
    )
    sex = models.CharField(_("sex"), max_length=12, choices=AttendeeSex.choices)
    count = models.PositiveIntegerField(_("number of participants"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "sex"]
        verbose_name = _("activity participants")
        verbose_name_plural = _("activity participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "group", "sex"], name="cda_one_count_per_group_and_sex"
            ),
            models.CheckConstraint(name="cda_participants_non_negative", condition=Q(count__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} · {self.get_sex_display()}: {self.count}"


class CdaReport(models.Model):
    """A CDA's progress report on a cluster for one period, and the coordinator's feedback."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="cda_reports")
    cda = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cda_reports",
        verbose_name=_("CDA"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    summary = models.TextField(_("summary of progress"))
    difficulties = models.TextField(_("difficulties"), blank=True)
    support_needed = models.TextField(_("support needed from the coordinator"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    feedback = models.TextField(_("coordinator's feedback"), blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback by"),
    )
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("CDA report")
        verbose_name_plural = _("CDA reports")
        constraints = [
            models.CheckConstraint(
                name="cda_report_period_in_order",
                condition=Q(period_end__gte=F("period_start")),
                violation_error_message=_("The period ends before it starts."),
            ),
            models.UniqueConstraint(
                fields=["cluster", "cda", "period_start", "period_end"],
                name="cda_one_report_per_period",
                violation_error_message=_("There is already a report for this period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} · {self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("cda-report", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def cda_name(self) -> str:
        return self.cda.get_full_name() or self.cda.get_username()
