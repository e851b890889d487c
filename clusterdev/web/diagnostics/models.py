"""The participatory diagnostic of a cluster: survey waves, the forms generated for them, the
submissions imported from ODK Central or KoboToolbox and the network ties they name; the study's
sections, its findings (SWOT items and leverage points, records so that the action plan's joint
actions can say which findings they answer) and baseline values."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterdev.web.programmes.models import Cluster


class Finding(models.Model):
    """A SWOT item or a leverage point of a cluster's diagnostic."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")
        THREAT = "threat", _("Threat")
        LEVERAGE_POINT = "leverage_point", _("Leverage point")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("finding"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Where it comes from: survey figures, workshops.")
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "kind", "position", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"


class SectionKey(models.TextChoices):
    """The sections of the diagnostic study, in the order of the outline (../DESIGN.md)."""

    EXECUTIVE_SUMMARY = "executive_summary", _("Executive summary")
    METHODOLOGY = "methodology", _("Methodology")
    DEFINITION_HISTORY = "definition_history", _("Cluster definition and history")
    MAP_SIZE = "map_size", _("Cluster map and size")
    PRODUCTION = "production", _("Production system and technology")
    MARKETS = "markets", _("Markets and value chain")
    LINKAGES = "linkages", _("Linkages and social capital")
    INSTITUTIONS = "institutions", _("Support institutions and services")
    POLICY = "policy", _("Policy and framework conditions")
    PRO_POOR_GENDER = "pro_poor_gender", _("Pro-poor and gender dimension")
    SWOT = "swot", _("SWOT and key strategic issues")
    LEVERAGE_POINTS = "leverage_points", _("Leverage points and proposed intervention areas")
    BASELINE = "baseline", _("Baseline indicators")


class SurveyWave(models.Model):
    """One round of data collection in a cluster: the baseline, then follow-ups for M&E."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        FOLLOW_UP = "follow_up", _("Follow-up")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="survey_waves")
    name = models.CharField(_("name"), max_length=120, help_text=_("For example Baseline 2026."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BASELINE)
    start_date = models.DateField(_("fieldwork starts"))
    end_date = models.DateField(_("fieldwork ends"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "-start_date", "-id"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="unique_wave_name"),
            models.CheckConstraint(
                name="wave_ends_after_start",
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The fieldwork cannot end before it starts.")})


class InstrumentKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise survey")
    INSTITUTION = "institution", _("Support-institution survey")
    NETWORK = "network", _("Network survey (name generator)")


def _instrument_upload(instrument: Instrument, filename: str) -> str:
    wave = instrument.wave
    return f"diagnostics/{wave.cluster.slug}/wave-{wave.pk}/{filename}"


class Instrument(models.Model):
    """A survey form generated for a wave, kept with what rebuilds it: the register's actors and
    the indicators it was made with, and its version. Imports check exports against it."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="instruments")
    kind = models.CharField(_("survey"), max_length=12, choices=InstrumentKind.choices)
    form_id = models.CharField(_("form id"), max_length=120)
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    cluster_name = models.CharField(_("cluster name in the form"), max_length=200)
    actors = models.JSONField(_("actors listed"), default=list, blank=True)
    indicators = models.JSONField(_("indicators asked"), default=list, blank=True)
    xlsform = models.FileField(_("XLSForm"), upload_to=_instrument_upload, max_length=300)
    actors_file = models.FileField(
        _("actors.csv"), upload_to=_instrument_upload, max_length=300, blank=True
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField(_("generated"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["wave", "kind", "-generated_at", "-id"]
        verbose_name = _("survey form")
        verbose_name_plural = _("survey forms")

    def __str__(self) -> str:
        return f"{self.form_id} v{self.version}"


class ImportBatch(models.Model):
    """One import of an export into a wave, with its report. Validate-only runs and refused
    imports are shown to the user but not stored (nothing is written for them)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="survey_imports")
    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("survey"), max_length=12, choices=InstrumentKind.choices)
    file_names = models.JSONField(_("files"), default=list)
    platform = models.CharField(_("platform"), max_length=20, blank=True)
    form_version = models.CharField(_("form version checked against"), max_length=40, blank=True)
    new_count = models.PositiveIntegerField(_("new submissions"), default=0)
    unchanged_count = models.PositiveIntegerField(_("already imported"), default=0)
    tie_count = models.PositiveIntegerField(_("ties"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")

    def __str__(self) -> str:
        return f"{self.wave} · {self.get_kind_display()} · {self.imported_at:%Y-%m-%d %H:%M}"


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def consented(self) -> SubmissionQuerySet:
        """Submissions where the respondent agreed to answer (refusals are kept for the record
        but carry no answers). A submission without a consent answer counts: on SQLite a bare
        ``exclude(answers__consent="no")`` would drop it too (the missing key compares as NULL)."""
        return self.exclude(Q(answers__has_key="consent") & Q(answers__consent="no"))


class Submission(models.Model):
    """One submission of a survey, as imported: answers keyed by question name (JSON: dates as
    ISO text, select_multiple as lists, geopoints as objects) and repeat rows by group name."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="submissions")
    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(_("survey"), max_length=12, choices=InstrumentKind.choices)
    instance_id = models.CharField(_("instance id"), max_length=120)
    content_hash = models.CharField(_("content digest"), max_length=64)
    form_version = models.CharField(_("form version"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    repeats = models.JSONField(_("repeat rows"), default=dict, blank=True)
    meta = models.JSONField(_("platform metadata"), default=dict, blank=True)
    respondent = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_submissions",
        verbose_name=_("respondent"),
    )
    source = models.CharField(_("read from"), max_length=300, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="submissions")
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["wave", "kind", "submitted_at", "id"]
        verbose_name = _("survey submission")
        verbose_name_plural = _("survey submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "instance_id"], name="unique_submission_per_cluster"
            )
        ]

    def __str__(self) -> str:
        return self.instance_id

    @property
    def consented(self) -> bool:
        return bool(self.answers.get("consent") != "no")


class Tie(models.Model):
    """A relationship named in the network survey: one row per respondent, partner and type,
    so that network analysis reads ``type`` directly. A partner outside the register has no
    actor and keeps the name typed (``other_name``)."""

    class Type(models.TextChoices):
        INFORMATION = "information", _("Information or advice")
        BUSINESS = "business", _("Business")
        JOINT_ACTION = "joint_action", _("Joint action")
        TRUST = "trust", _("Trust")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("At least weekly")
        MONTHLY = "monthly", _("At least monthly")
        QUARTERLY = "quarterly", _("A few times a year")
        YEARLY = "yearly", _("Once a year or less")

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="ties")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="ties")
    respondent = models.ForeignKey(
        "actors.Actor", on_delete=models.PROTECT, related_name="ties_named"
    )
    partner = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ties_received",
    )
    other_name = models.CharField(_("partner outside the register"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, blank=True
    )
    formal = models.BooleanField(_("written agreement"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("partner number"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["wave", "submission", "position", "type"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position", "type"], name="unique_tie_per_partner_type"
            ),
            models.CheckConstraint(
                name="tie_has_partner",
                condition=models.Q(partner__isnull=False) | ~models.Q(other_name=""),
            ),
        ]

    def __str__(self) -> str:
        partner = self.partner.name if self.partner else self.other_name
        return f"{self.respondent} → {partner} ({self.type})"


class DiagnosticSection(models.Model):
    """The CDA's text for one section of the diagnostic study (paragraphs separated by a blank
    line); the figures beside it are computed from the survey data."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="diagnostic_sections"
    )
    key = models.CharField(_("section"), max_length=24, choices=SectionKey.choices)
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "key"]
        verbose_name = _("diagnostic section")
        verbose_name_plural = _("diagnostic sections")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key"], name="unique_section_per_cluster")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} · {self.get_key_display()}"


class BaselineValue(models.Model):
    """An indicator's value at the baseline (or a follow-up wave), with date, source and method:
    computed from the imported survey data, or entered by hand from another source."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="baseline_values")
    wave = models.ForeignKey(
        SurveyWave,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="baseline_values",
        verbose_name=_("survey wave"),
    )
    code = models.CharField(_("indicator code"), max_length=40)
    label = models.CharField(_("indicator"), max_length=255)
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    n = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=255)
    method = models.TextField(_("method"))
    computed = models.BooleanField(_("computed from the survey"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "code", "-date", "id"]
        verbose_name = _("baseline value")
        verbose_name_plural = _("baseline values")

    def __str__(self) -> str:
        return f"{self.code} = {self.value:g} {self.unit}".strip()


class Diagnostic(models.Model):
    """The diagnostic study of a cluster as a document: the record its report versions are
    submitted from (to the Cluster Commission for endorsement), and the wave its figures use."""

    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE, related_name="diagnostic")
    title = models.CharField(_("title"), max_length=200)
    wave = models.ForeignKey(
        SurveyWave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey wave of the figures"),
        help_text=_("Empty: the latest wave with submissions."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnostic study")
        verbose_name_plural = _("diagnostic studies")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diagnostic", args=[self.cluster.slug])
