"""Programmes (a country project), their clusters with phase history, and who holds which role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterdev.web.geo.models import AdminArea, Country, Sector


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Project coordinator")
    STEERING = "steering", _("Steering Committee member")
    DONOR = "donor", _("Donor viewer")
    CDA = "cda", _("Cluster Development Agent")
    COMMISSION = "commission", _("Cluster Commission member")


PROGRAMME_ROLES = frozenset({Role.COORDINATOR, Role.STEERING, Role.DONOR})
CLUSTER_ROLES = frozenset({Role.CDA, Role.COMMISSION})


class Donor(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, user: User | AnonymousUser) -> ProgrammeQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(role_assignments__user=user) | Q(clusters__role_assignments__user=user)
        ).distinct()


class Programme(models.Model):
    """A cluster development programme in one country, run for years across several clusters."""

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="programmes")
    donors = models.ManyToManyField(
        Donor, blank=True, related_name="programmes", verbose_name=_("donors")
    )
    counterpart = models.CharField(_("national counterpart"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[donors])

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme", args=[self.slug])

    def holders(self, role: Role) -> models.QuerySet[Any]:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(
            role_assignments__programme=self, role_assignments__role=role
        )


class Phase(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    SELECTED = "selected", _("Selected")
    DIAGNOSED = "diagnosed", _("Diagnosed")
    PLANNING = "planning", _("Planning")
    IMPLEMENTING = "implementing", _("Implementing")
    PHASING_OUT = "phasing_out", _("Phasing out")
    CLOSED = "closed", _("Closed")


PHASE_ORDER = list(Phase)


class ClusterQuerySet(models.QuerySet["Cluster"]):
    def visible_to(self, user: User | AnonymousUser) -> ClusterQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(programme__role_assignments__user=user) | Q(role_assignments__user=user)
        ).distinct()


class Cluster(models.Model):
    """A geographical concentration of inter-connected enterprises and institutions."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="clusters")
    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    product = models.CharField(_("main products"), max_length=200)
    place = models.CharField(_("place"), max_length=200, help_text=_("Town or district"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="clusters", verbose_name=_("ISIC sectors")
    )
    areas = models.ManyToManyField(
        AdminArea, blank=True, related_name="clusters", verbose_name=_("administrative areas")
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.CANDIDATE
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[sectors, areas])

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cluster", args=[self.slug])

    @transaction.atomic
    def change_phase(self, phase: str, *, by: User | None, note: str = "") -> PhaseChange:
        """Move the cluster to ``phase`` and record who did it and why."""
        if phase not in Phase.values:
            raise ValueError(f"unknown phase {phase!r}")
        change = PhaseChange.objects.create(
            cluster=self, from_phase=self.phase, to_phase=phase, changed_by=by, note=note
        )
        self.phase = phase
        self.save(update_fields=["phase"])
        return change


class PhaseChange(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("from phase"), max_length=16, choices=Phase.choices)
    to_phase = models.CharField(_("to phase"), max_length=16, choices=Phase.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.cluster}: {self.from_phase} → {self.to_phase}"


class RoleAssignment(models.Model):
    """A user's role in one programme (coordinator, steering, donor) or cluster (CDA, commission)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_has_exactly_its_scope",
                condition=(
                    Q(
                        role__in=sorted(PROGRAMME_ROLES),
                        programme__isnull=False,
                        cluster__isnull=True,
                    )
                    | Q(
                        role__in=sorted(CLUSTER_ROLES),
                        cluster__isnull=False,
                        programme__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "programme"],
                condition=Q(cluster__isnull=True),
                name="unique_programme_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "cluster"],
                condition=Q(programme__isnull=True),
                name="unique_cluster_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.programme or self.cluster}"
