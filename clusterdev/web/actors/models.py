"""The actor register: enterprises and support institutions of a programme, and their people.

Enterprises and support institutions share one table (``Actor``, told apart by ``kind``) because
later records (ties, participants, members) point at either; the proxies ``Enterprise`` and
``SupportInstitution`` give each its own manager and admin. Fields holding personal data are listed
in ``PERSONAL_FIELDS`` and hidden from anyone without the right to see personal data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterdev.web.geo.models import AdminArea, Sector
from clusterdev.web.programmes.models import Cluster, Programme


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class OwnerSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    MIXED = "mixed", _("Women and men jointly")
    UNKNOWN = "unknown", _("Unknown")


class StakeholderGroup(models.TextChoices):
    """The groups that governance bodies, meetings and field activities count people by (the
    seed's stakeholders: firms, their support institutions, the public sector, donors)."""

    ENTERPRISES = "enterprises", _("Enterprises")
    BUSINESS_ASSOCIATIONS = "associations", _("Business associations and networks")
    SUPPORT_INSTITUTIONS = "support", _("Support institutions (services, training, research)")
    FINANCE = "finance", _("Financial institutions")
    PUBLIC_SECTOR = "public", _("Public sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    DONORS_PROJECT = "donors_project", _("Donors and project staff")
    OTHER = "other", _("Other")


class AttendeeSex(models.TextChoices):
    """Sex as recorded for participants and attendees (counted for the gender indicators)."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_STATED = "not_stated", _("Not stated")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro (1–9)")
    SMALL = "small", _("Small (10–49)")
    MEDIUM = "medium", _("Medium (50–199)")
    LARGE = "large", _("Large (200+)")


def size_class_for(employees: int) -> str:
    """Size class by persons employed, using the thresholds common in Latin America (Ecuador's
    INEC/CAN Decision 702: 1–9, 10–49, 50–199, 200+)."""
    if employees < 10:
        return SizeClass.MICRO
    if employees < 50:
        return SizeClass.SMALL
    if employees < 200:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class InstitutionType(models.TextChoices):
    BUSINESS_ASSOCIATION = "business_association", _("Business association")
    BDS_PROVIDER = "bds_provider", _("Business development service provider")
    FINANCIAL = "financial", _("Financial service provider")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    TRAINING_RESEARCH = "training_research", _("Training or research institution")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class ActorQuerySet(models.QuerySet["Actor"]):
    def enterprises(self) -> ActorQuerySet:
        return self.filter(kind=Actor.Kind.ENTERPRISE)

    def institutions(self) -> ActorQuerySet:
        return self.filter(kind=Actor.Kind.INSTITUTION)

    def search(self, text: str) -> ActorQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(town__icontains=text) | Q(tax_id__iexact=text)
        )

    def geocoded(self) -> ActorQuerySet:
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class Actor(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        INSTITUTION = "institution", _("Support institution")

    PERSONAL_FIELDS = ("owner_name", "contact_phone", "contact_email", "address")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="actors")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    tax_id = models.CharField(_("tax or registration number"), max_length=40, blank=True)
    area = models.ForeignKey(
        AdminArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("administrative area"),
    )
    town = models.CharField(_("town"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    isic = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("ISIC class"),
        limit_choices_to={"level": Sector.Level.CLASS},
    )
    formal = models.BooleanField(_("formally registered"), default=True)
    founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    # Enterprises
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, blank=True
    )
    employees_female = models.PositiveIntegerField(_("women employed"), default=0)
    employees_male = models.PositiveIntegerField(_("men employed"), default=0)
    owner_sex = models.CharField(
        _("owner's sex"), max_length=8, choices=OwnerSex.choices, default=OwnerSex.UNKNOWN
    )
    owner_name = models.CharField(_("owner's name"), max_length=200, blank=True)
    # Support institutions
    institution_type = models.CharField(
        _("institution type"), max_length=24, choices=InstitutionType.choices, blank=True
    )
    services = models.TextField(_("services offered"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    clusters = models.ManyToManyField(
        Cluster,
        through="ClusterMembership",
        blank=True,
        related_name="actors",
        verbose_name=_("clusters"),
    )
    history = HistoricalRecords()

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        indexes = [models.Index(fields=["programme", "kind"]), models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                name="actor_latitude_range",
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            ),
            models.CheckConstraint(
                name="actor_longitude_range",
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if self.kind == self.Kind.ENTERPRISE and not self.size_class and self.employees:
            self.size_class = size_class_for(self.employees)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("actor", args=[self.pk])

    @property
    def employees(self) -> int:
        return self.employees_female + self.employees_male

    @property
    def is_enterprise(self) -> bool:
        return self.kind == self.Kind.ENTERPRISE

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == self.Kind.INSTITUTION and not self.institution_type:
            errors["institution_type"] = _("A support institution needs a type.")
        if self.kind == self.Kind.ENTERPRISE and self.institution_type:
            errors["institution_type"] = _("Only support institutions have an institution type.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.area and self.programme_id and self.area.country_id != self.programme.country_id:
            errors["area"] = _("The area must be in the programme's country.")
        if errors:
            raise ValidationError(errors)


class EnterpriseManager(models.Manager["Enterprise"]):
    def get_queryset(self) -> models.QuerySet[Enterprise]:
        return super().get_queryset().filter(kind=Actor.Kind.ENTERPRISE)


class Enterprise(Actor):
    objects = EnterpriseManager()  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def save(self, *args: object, **kwargs: object) -> None:
        self.kind = Actor.Kind.ENTERPRISE
        super().save(*args, **kwargs)


class SupportInstitutionManager(models.Manager["SupportInstitution"]):
    def get_queryset(self) -> models.QuerySet[SupportInstitution]:
        return super().get_queryset().filter(kind=Actor.Kind.INSTITUTION)


class SupportInstitution(Actor):
    objects = SupportInstitutionManager()  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = _("support institution")
        verbose_name_plural = _("support institutions")

    def save(self, *args: object, **kwargs: object) -> None:
        self.kind = Actor.Kind.INSTITUTION
        super().save(*args, **kwargs)


class ClusterMembership(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    since = models.DateField(_("member since"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "actor"], name="unique_cluster_member"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} · {self.cluster}"


class Person(models.Model):
    """Someone working in or for an actor; all of a person's fields are personal data."""

    class Position(models.TextChoices):
        OWNER = "owner", _("Owner")
        MANAGER = "manager", _("Manager")
        STAFF = "staff", _("Staff")
        REPRESENTATIVE = "representative", _("Representative")
        OFFICIAL = "official", _("Official")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("platform user"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name
