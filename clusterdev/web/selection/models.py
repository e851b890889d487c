"""Selection exercises: candidates, criteria, stakeholders' pairwise judgments, values, decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterdev.web.programmes.models import Cluster, Programme


class SelectionExercise(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Decided")

    class Aggregation(models.TextChoices):
        JUDGMENTS = "judgments", _("Aggregate the judgments (AIJ)")
        PRIORITIES = "priorities", _("Aggregate the priorities (AIP)")

    class Method(models.TextChoices):
        TOPSIS = "topsis", _("TOPSIS")
        WSM = "wsm", _("Weighted sum")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="selections")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    aggregation = models.CharField(
        _("group aggregation"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.JUDGMENTS,
    )
    method = models.CharField(
        _("ranking method"), max_length=6, choices=Method.choices, default=Method.TOPSIS
    )
    share_individual = models.BooleanField(
        _("stakeholders may see each other's judgments"), default=False
    )
    candidates = models.ManyToManyField(
        Cluster, blank=True, related_name="selections", verbose_name=_("candidates")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[candidates])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("selection exercise")
        verbose_name_plural = _("selection exercises")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("selection", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Criterion(models.Model):
    class Direction(models.TextChoices):
        BENEFIT = "benefit", _("Benefit (more is better)")
        COST = "cost", _("Cost (less is better)")

    class Source(models.TextChoices):
        MAPPING = "mapping", _("Mapping measure")
        STAKEHOLDER = "stakeholder", _("Score given by stakeholders")

    exercise = models.ForeignKey(
        SelectionExercise, on_delete=models.CASCADE, related_name="criteria"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    measure = models.CharField(_("mapping measure"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "key"], name="unique_criterion_key")
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class Stakeholder(models.Model):
    """A person invited to judge the criteria (Steering Committee member, donor, counterpart…)."""

    exercise = models.ForeignKey(
        SelectionExercise, on_delete=models.CASCADE, related_name="stakeholders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="selection_seats"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    weight = models.FloatField(_("weight in the group"), default=1.0)
    submitted_at = models.DateTimeField(_("judgments submitted"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "user"], name="unique_stakeholder")
        ]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Judgment(models.Model):
    """How much more important ``first`` is than ``second`` for one stakeholder (Saaty 1–9 scale,
    reciprocals for the other way round)."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="judgments")
    first = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(_("judgment"))
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "first", "second"], name="unique_judgment"
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="judgment_positive"),
        ]
        verbose_name = _("judgment")
        verbose_name_plural = _("judgments")

    def __str__(self) -> str:
        return f"{self.first} / {self.second} = {self.value:g}"


class CandidateValue(models.Model):
    """A candidate cluster's value on one criterion (from the mapping, or entered)."""

    exercise = models.ForeignKey(SelectionExercise, on_delete=models.CASCADE, related_name="values")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="values")
    value = models.FloatField(_("value"))
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "criterion"], name="unique_candidate_value")
        ]
        verbose_name = _("candidate value")
        verbose_name_plural = _("candidate values")

    def __str__(self) -> str:
        return f"{self.cluster} · {self.criterion}: {self.value:g}"


class Decision(models.Model):
    exercise = models.OneToOneField(
        SelectionExercise, on_delete=models.CASCADE, related_name="decision"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    body = models.CharField(_("decided by (body)"), max_length=200, default="Steering Committee")
    rationale = models.TextField(_("rationale"))
    selected = models.ManyToManyField(
        Cluster, related_name="selection_decisions", verbose_name=_("selected clusters")
    )
    result = models.JSONField(_("result at the time of the decision"), default=dict)
    history = HistoricalRecords(m2m_fields=[selected])

    class Meta:
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")

    def __str__(self) -> str:
        return f"{self.exercise}: {self.decided_at:%Y-%m-%d}"
